//! Procedures and the event log of each clinic (手続きと記録). Every change is one IMMEDIATE
//! transaction that reads the case, lets the checklist engine check the change against it and
//! writes it, so two writers (the app and the CLI) can never both pass a check on stale data.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OptionalExtension, params};

use super::{
    CASE_COLUMNS, ClinicRow, Repository, Store, ensure_code_free, not_found, parse_profile,
    read_clinic, write_profile,
};
use crate::case::{Case, EventRecord, Instance, PlannedEvent, Role};
use crate::clinic::{Clinic, ClinicId, NewClinic};
use crate::code::FullCode;
use crate::profile::ClinicProfile;
use crate::{Error, Result};

pub(super) fn corrupt(what: &str, detail: impl std::fmt::Display) -> Error {
    Error::StorageCorrupt {
        detail: format!("{what}: {detail}"),
    }
}

pub(super) fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::StorageUnavailable {
        detail: format!("to JSON: {e}"),
    })
}

fn read_instance(r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, i64, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn into_instance(
    (_, procedure_id, version, answers): (String, String, i64, String),
) -> Result<Instance> {
    let answers: BTreeMap<String, String> =
        serde_json::from_str(&answers).map_err(|e| corrupt("procedure answers", e))?;
    Ok(Instance {
        procedure_id,
        content_version: u32::try_from(version).map_err(|e| corrupt("content version", e))?,
        answers,
    })
}

/// An event from a row of [`EVENT_COLUMNS`] (column 0, the clinic, is read by the caller).
fn read_event(r: &rusqlite::Row<'_>) -> Result<EventRecord> {
    let text = |i: usize| -> Result<&str> {
        r.get_ref(i)?
            .as_str()
            .map_err(|e| corrupt("event", format!("column {i}: {e}")))
    };
    let role = text(7)?;
    Ok(EventRecord {
        seq: r.get(1)?,
        procedure_id: r.get(2)?,
        event_id: r.get(3)?,
        date: text(4)?.parse().map_err(|e| corrupt("event date", e))?,
        terminal: r.get(5)?,
        recorded_as: None,
        code: match r.get_ref(6)?.as_str_or_null() {
            Ok(Some(code)) => {
                Some(FullCode::parse(code).ok_or_else(|| corrupt("event code", code))?)
            }
            Ok(None) => None,
            Err(e) => return Err(corrupt("event code", e)),
        },
        role: Role::parse(role).ok_or_else(|| corrupt("event role", role))?,
        content_version: u32::try_from(r.get::<_, i64>(8)?)
            .map_err(|e| corrupt("content version", e))?,
        recorded_at: r.get(9)?,
    })
}

const INSTANCE_COLUMNS: &str =
    "SELECT clinic_id, procedure_id, content_version, answers FROM procedures";
const EVENT_COLUMNS: &str = "SELECT clinic_id, seq, procedure_id, event_id, date, terminal, code, role, content_version, recorded_at FROM events WHERE kind = 'event'";

fn read_clinic_and_profile(r: &rusqlite::Row<'_>) -> rusqlite::Result<(ClinicRow, String)> {
    Ok((ClinicRow::read(r)?, r.get(6)?))
}

fn into_clinic_and_profile((row, profile): (ClinicRow, String)) -> Result<(Clinic, ClinicProfile)> {
    let clinic = row.into_clinic()?;
    let profile = parse_profile(clinic.id.as_str(), &profile)?;
    Ok((clinic, profile))
}

/// The case a change is checked against: everything but the code history, which no check
/// reads (one query less on every recorded event).
pub(super) fn load_case(conn: &Connection, id: &ClinicId) -> Result<Case> {
    // Cached statements: an event is recorded in one short transaction, and parsing its SQL
    // again each time was a visible part of it.
    let row = conn
        .prepare_cached(&format!("{CASE_COLUMNS} WHERE id = ?1"))?
        .query_row([id.as_str()], read_clinic_and_profile)
        .optional()?;
    let (clinic, profile) = into_clinic_and_profile(row.ok_or_else(|| not_found(id))?)?;
    let mut stmt = conn.prepare_cached(&format!("{INSTANCE_COLUMNS} WHERE clinic_id = ?1"))?;
    let mut instances = Vec::new();
    for row in stmt.query_map([id.as_str()], read_instance)? {
        instances.push(into_instance(row?)?);
    }
    let mut stmt =
        conn.prepare_cached(&format!("{EVENT_COLUMNS} AND clinic_id = ?1 ORDER BY seq"))?;
    let mut events = Vec::new();
    let mut rows = stmt.query([id.as_str()])?;
    while let Some(row) = rows.next()? {
        events.push(read_event(row)?);
    }
    let (situations, confirmations) = super::wizard::situations_and_confirmations(conn, id)?;
    let mut case = Case {
        situations,
        confirmations,
        code_history: Vec::new(),
        terminal_changes: super::terminals::changes_of(conn, id)?,
        conflicts: super::transfer::conflicts_of(conn, id)?,
        clinic,
        profile,
        instances,
        events,
    };
    crate::terminal_register::settle(&mut case);
    Ok(case)
}

/// A log line that is not a portal event: a start, changed answers, accepted content.
struct LogLine<'a> {
    procedure_id: &'a str,
    /// `start`, `answers` or `accept` (also used as the line's event id).
    kind: &'static str,
    date: jiff::civil::Date,
    data: String,
    version: u32,
}

fn insert_log(
    conn: &Connection,
    clinic: &ClinicId,
    line: &LogLine<'_>,
    role: Role,
    now: jiff::Timestamp,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO events (clinic_id, procedure_id, kind, event_id, date, data, role, content_version, recorded_at)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
            clinic.as_str(),
            line.procedure_id,
            line.kind,
            line.date.to_string(),
            line.data,
            role.as_str(),
            line.version,
            now.to_string()
    ])?;
    Ok(())
}

fn upsert_instance(
    conn: &Connection,
    clinic: &ClinicId,
    instance: &Instance,
    now: jiff::Timestamp,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO procedures (clinic_id, procedure_id, content_version, answers, started_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT (clinic_id, procedure_id) DO UPDATE SET
           content_version = excluded.content_version, answers = excluded.answers, updated_at = excluded.updated_at",
    )?
    .execute(params![clinic.as_str(), instance.procedure_id, instance.content_version, to_json(&instance.answers)?, now.to_string()])?;
    Ok(())
}

/// Writes a started or re-answered procedure and its log line (`start` or `answers`).
pub(super) fn save_instance(
    conn: &Connection,
    clinic: &ClinicId,
    instance: &Instance,
    kind: &'static str,
    date: jiff::civil::Date,
    role: Role,
    now: jiff::Timestamp,
) -> Result<()> {
    upsert_instance(conn, clinic, instance, now)?;
    let line = LogLine {
        procedure_id: &instance.procedure_id,
        kind,
        date,
        data: to_json(&instance.answers)?,
        version: instance.content_version,
    };
    insert_log(conn, clinic, &line, role, now)?;
    Ok(())
}

/// A recorded event as the CLI reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct Recorded {
    #[ts(type = "number")]
    pub seq: i64,
    pub procedure_id: String,
    pub started: bool,
    pub terminal: Option<String>,
    /// The event's date as a sentence shows it (「2026年12月25日(金)」).
    pub date_text: String,
}

impl Store {
    /// Everything the checklist of one clinic is derived from.
    pub fn case(&self, id: &ClinicId) -> Result<Case> {
        let mut case = load_case(&self.conn, id)?;
        case.code_history = super::wizard::code_history_of(&self.conn, id)?;
        Ok(case)
    }

    /// Every clinic's case (for the dashboard): four queries, whatever the number of clinics.
    pub fn cases(&self) -> Result<Vec<Case>> {
        // Instances and events find their clinic by id without copying it (`get_ref`).
        let mut by_id: HashMap<String, usize> = HashMap::new();
        let mut cases = Vec::new();
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{CASE_COLUMNS} ORDER BY created_at, rowid"))?;
        let rows: Vec<(ClinicRow, String)> = stmt
            .query_map([], read_clinic_and_profile)?
            .collect::<rusqlite::Result<_>>()?;
        for row in rows {
            let (clinic, profile) = into_clinic_and_profile(row)?;
            by_id.insert(clinic.id.as_str().to_owned(), cases.len());
            cases.push(Case {
                clinic,
                profile,
                instances: Vec::new(),
                events: Vec::new(),
                situations: Vec::new(),
                confirmations: Vec::new(),
                code_history: Vec::new(),
                terminal_changes: Vec::new(),
                conflicts: Vec::new(),
            });
        }
        // The plan (which procedures apply) comes from the situations.
        for (clinic, record) in super::wizard::all_situations(&self.conn)? {
            if let Some(&i) = by_id.get(&clinic) {
                cases[i].situations.push(record);
            }
        }
        let mut stmt = self.conn.prepare_cached(INSTANCE_COLUMNS)?;
        for row in stmt.query_map([], read_instance)? {
            let row = row?;
            if let Some(&i) = by_id.get(&row.0) {
                cases[i].instances.push(into_instance(row)?);
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{EVENT_COLUMNS} ORDER BY seq"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let clinic = row
                .get_ref(0)?
                .as_str()
                .map_err(|e| corrupt("event clinic", e))?;
            if let Some(&i) = by_id.get(clinic) {
                cases[i].events.push(read_event(row)?);
            }
        }
        for (clinic, change) in super::terminals::all_changes(&self.conn)? {
            if let Some(&i) = by_id.get(&clinic) {
                cases[i].terminal_changes.push(change);
            }
        }
        for (clinic, conflict) in super::transfer::all_conflicts(&self.conn)? {
            if let Some(&i) = by_id.get(&clinic) {
                cases[i].conflicts.push(conflict);
            }
        }
        for case in &mut cases {
            crate::terminal_register::settle(case);
        }
        Ok(cases)
    }

    /// Starts a procedure (or changes its answers): `plan` checks the change against the
    /// current case inside the transaction.
    pub fn start_procedure(
        &mut self,
        id: &ClinicId,
        role: Role,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
        plan: impl FnOnce(&Case) -> Result<Instance>,
    ) -> Result<Instance> {
        let tx = self.write()?;
        let case = load_case(&tx, id)?;
        let instance = plan(&case)?;
        let kind = if case.instance(&instance.procedure_id).is_some() {
            "answers"
        } else {
            "start"
        };
        save_instance(&tx, id, &instance, kind, today, role, now)?;
        tx.commit()?;
        Ok(instance)
    }

    /// Appends an event after `plan` placed it (and maybe started its procedure).
    pub fn record_event(
        &mut self,
        id: &ClinicId,
        role: Role,
        now: jiff::Timestamp,
        event_id: &str,
        date: jiff::civil::Date,
        plan: impl FnOnce(&Case) -> Result<PlannedEvent>,
    ) -> Result<Recorded> {
        let tx = self.write()?;
        let case = load_case(&tx, id)?;
        let planned = plan(&case)?;
        let version = match &planned.start {
            Some(instance) => {
                save_instance(&tx, id, instance, "start", date, role, now)?;
                instance.content_version
            }
            None => case
                .instance(&planned.procedure_id)
                .map_or(0, |i| i.content_version),
        };
        tx.prepare_cached(
            "INSERT INTO events (clinic_id, procedure_id, kind, event_id, date, terminal, code, role, content_version, recorded_at)
             VALUES (?1, ?2, 'event', ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![id.as_str(), planned.procedure_id, event_id, date.to_string(), planned.terminal, planned.code, role.as_str(), version, now.to_string()])?;
        let seq = tx.last_insert_rowid();
        tx.commit()?;
        Ok(Recorded {
            seq,
            procedure_id: planned.procedure_id,
            started: planned.start.is_some(),
            terminal: planned.terminal,
            date_text: crate::calendar::long_date(date),
        })
    }

    /// Moves a started procedure to the embedded content version (the user accepted the change).
    pub fn accept_content(
        &mut self,
        id: &ClinicId,
        procedure_id: &str,
        version: u32,
        role: Role,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
    ) -> Result<()> {
        let tx = self.write()?;
        let changed = tx.execute(
            "UPDATE procedures SET content_version = ?3, updated_at = ?4 WHERE clinic_id = ?1 AND procedure_id = ?2",
            params![id.as_str(), procedure_id, version, now.to_string()],
        )?;
        if changed == 0 {
            return Err(Error::NotFound {
                what: "開始済みの手続き",
                id: procedure_id.to_string(),
            });
        }
        let line = LogLine {
            procedure_id,
            kind: "accept",
            date: today,
            data: "{}".into(),
            version,
        };
        insert_log(&tx, id, &line, role, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Changes a clinic's name, 都道府県, 点数表 or 医療機関コード (e.g. after 承継) to what
    /// `change` makes of the stored clinic, read in the same IMMEDIATE transaction (so a change
    /// made meanwhile by another writer is not undone). Steps done under the old code reopen in
    /// the checklist; nothing in the log is changed.
    pub fn update_clinic_with(
        &mut self,
        id: &ClinicId,
        now: jiff::Timestamp,
        change: impl FnOnce(&Clinic) -> Result<NewClinic>,
    ) -> Result<Clinic> {
        let tx = self.write()?;
        let clinic = &change(&read_clinic(&tx, id)?)?;
        ensure_code_free(&tx, clinic, Some(id))?;
        let changed = tx.execute(
            "UPDATE clinics SET name = ?2, pref_code = ?3, tensu = ?4, medical_code = ?5, updated_at = ?6 WHERE id = ?1",
            params![id.as_str(), clinic.name, clinic.prefecture.code(), clinic.score_table.code(), clinic.medical_code.as_str(), now.to_string()],
        )?;
        if changed == 0 {
            return Err(not_found(id));
        }
        let updated = read_clinic(&tx, id)?;
        tx.commit()?;
        Ok(updated)
    }

    /// Replaces the profile with what `change` makes of the stored clinic and profile, both
    /// read in the same IMMEDIATE transaction.
    pub fn update_profile_with(
        &mut self,
        id: &ClinicId,
        now: jiff::Timestamp,
        change: impl FnOnce(&Clinic, &ClinicProfile) -> Result<ClinicProfile>,
    ) -> Result<ClinicProfile> {
        let tx = self.write()?;
        let clinic = read_clinic(&tx, id)?;
        let stored = read_profile(&tx, id)?;
        let profile = change(&clinic, &stored)?;
        write_profile(&tx, id, &profile, now)?;
        tx.commit()?;
        Ok(profile)
    }
}

fn read_profile(conn: &Connection, id: &ClinicId) -> Result<ClinicProfile> {
    let json: Option<String> = conn
        .query_row(
            "SELECT profile FROM clinics WHERE id = ?1",
            [id.as_str()],
            |r| r.get(0),
        )
        .optional()?;
    parse_profile(id.as_str(), &json.ok_or_else(|| not_found(id))?)
}

/// The SQLite store behind the [`Repository`] interface (the callbacks run inside the
/// transactions of the inherent methods).
impl Repository for Store {
    fn list_clinics(&self) -> Result<Vec<Clinic>> {
        Store::list_clinics(self)
    }
    fn clinic(&self, id: &ClinicId) -> Result<Clinic> {
        Store::clinic(self, id)
    }
    fn profile(&self, id: &ClinicId) -> Result<ClinicProfile> {
        read_profile(&self.conn, id)
    }
    fn case(&self, id: &ClinicId) -> Result<Case> {
        Store::case(self, id)
    }
    fn cases(&self) -> Result<Vec<Case>> {
        Store::cases(self)
    }
    fn add_clinic(&mut self, clinic: &NewClinic, now: jiff::Timestamp) -> Result<Clinic> {
        Store::add_clinic(self, clinic, now)
    }
    fn update_clinic(
        &mut self,
        id: &ClinicId,
        now: jiff::Timestamp,
        change: &dyn Fn(&Clinic) -> Result<NewClinic>,
    ) -> Result<Clinic> {
        self.update_clinic_with(id, now, change)
    }
    fn update_profile(
        &mut self,
        id: &ClinicId,
        now: jiff::Timestamp,
        change: &dyn Fn(&Clinic, &ClinicProfile) -> Result<ClinicProfile>,
    ) -> Result<ClinicProfile> {
        self.update_profile_with(id, now, change)
    }
    fn start_procedure(
        &mut self,
        id: &ClinicId,
        role: Role,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
        plan: &dyn Fn(&Case) -> Result<Instance>,
    ) -> Result<Instance> {
        Store::start_procedure(self, id, role, now, today, plan)
    }
    fn record_event(
        &mut self,
        id: &ClinicId,
        role: Role,
        now: jiff::Timestamp,
        event_id: &str,
        date: jiff::civil::Date,
        plan: &dyn Fn(&Case) -> Result<PlannedEvent>,
    ) -> Result<Recorded> {
        Store::record_event(self, id, role, now, event_id, date, plan)
    }
    fn accept_content(
        &mut self,
        id: &ClinicId,
        procedure_id: &str,
        version: u32,
        role: Role,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
    ) -> Result<()> {
        Store::accept_content(self, id, procedure_id, version, role, now, today)
    }
    fn start_situation(
        &mut self,
        id: &ClinicId,
        role: Role,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
        plan: &dyn Fn(&Case) -> Result<super::SituationStart>,
    ) -> Result<super::SituationStart> {
        self.start_situation_with(id, role, now, today, plan)
    }
    fn confirm(
        &mut self,
        id: &ClinicId,
        now: jiff::Timestamp,
        check: &dyn Fn(&Case) -> Result<crate::case::Confirmation>,
    ) -> Result<crate::case::Confirmation> {
        self.confirm_with(id, now, check)
    }
    fn switch_code(
        &mut self,
        id: &ClinicId,
        role: Role,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
        plan: &dyn Fn(&Case) -> Result<crate::case::CodeSwitch>,
    ) -> Result<Clinic> {
        self.switch_code_with(id, role, now, today, plan)
    }
    fn change_terminal(
        &mut self,
        id: &ClinicId,
        plan: &dyn Fn(&Case) -> Result<crate::terminal_register::TerminalChange>,
    ) -> Result<crate::terminal_register::TerminalChange> {
        self.change_terminal_with(id, plan)
    }
    fn settings(&self) -> Result<crate::settings::Settings> {
        Store::settings(self)
    }
    fn revision(&self) -> Result<super::Revision> {
        Store::revision(self)
    }
    fn export_clinics(&self, ids: &[ClinicId], now: jiff::Timestamp) -> Result<serde_json::Value> {
        Store::export_clinics(self, ids, now)
    }
    fn import_clinics(
        &mut self,
        bytes: &[u8],
        now: jiff::Timestamp,
    ) -> Result<super::transfer::ImportReport> {
        Store::import_clinics(self, bytes, now)
    }
    fn backup_to(&self, target: &std::path::Path) -> Result<super::backup::BackupInfo> {
        Store::backup_to(self, target)
    }
    fn auto_backup(
        &self,
        data_dir: &std::path::Path,
        now: jiff::Timestamp,
    ) -> Result<Option<super::backup::BackupInfo>> {
        Store::auto_backup(self, data_dir, now)
    }
    fn save_settings(&mut self, settings: &crate::settings::Settings) -> Result<()> {
        Store::save_settings(self, settings)
    }
    fn content_highest_seen(&self) -> Result<Option<u64>> {
        Store::content_highest_seen(self)
    }
    fn note_content_applied(&mut self, version: u64) -> Result<()> {
        Store::note_content_applied(self, version)
    }
}
