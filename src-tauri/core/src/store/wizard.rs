//! What the wizard stores besides procedures and events (状況・確認・旧コード・設定): the
//! situations a clinic started, the dangerous choices confirmed, the codes it had before a 承継,
//! and the window's settings. Each change is one IMMEDIATE transaction whose check runs on the
//! case as stored at that moment.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::log::{corrupt, load_case, save_instance, to_json};
use super::{SituationStart, Store, ensure_code_free, not_found, read_clinic};
use crate::case::{Case, CodeSwitch, Confirmation, PastCode, Role};
use crate::clinic::{Clinic, ClinicId};
use crate::settings::Settings;
use crate::situation::SituationRecord;
use crate::{Error, Result};

pub(super) fn role_of(text: &str) -> Result<Role> {
    Role::parse(text).ok_or_else(|| corrupt("role", text))
}

fn record_of(situation_id: String, answers: &str, started_at: String) -> Result<SituationRecord> {
    let answers: BTreeMap<String, String> =
        serde_json::from_str(answers).map_err(|e| corrupt("situation answers", e))?;
    Ok(SituationRecord {
        situation_id,
        answers,
        started_at,
    })
}

/// Every clinic's situations (for the dashboard), as (clinic id, record).
pub(super) fn all_situations(conn: &Connection) -> Result<Vec<(String, SituationRecord)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT clinic_id, situation_id, answers, started_at FROM situations ORDER BY started_at, rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (clinic, sid, answers, at) = row?;
        out.push((clinic, record_of(sid, &answers, at)?));
    }
    Ok(out)
}

/// A clinic's situations and confirmations in one statement (every recorded event reads both,
/// for the plan and the guard gates, so they share one query).
pub(super) fn situations_and_confirmations(
    conn: &Connection,
    id: &ClinicId,
) -> Result<(Vec<SituationRecord>, Vec<Confirmation>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT 0, situation_id, answers, NULL, role, started_at, rowid FROM situations WHERE clinic_id = ?1
         UNION ALL
         SELECT 1, procedure_id, danger_id, terminal, role, confirmed_at, seq FROM confirmations WHERE clinic_id = ?1
         ORDER BY 1, 6, 7",
    )?;
    let rows = stmt.query_map([id.as_str()], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let (mut situations, mut confirmations) = (Vec::new(), Vec::new());
    for row in rows {
        let (kind, a, b, terminal, role, at) = row?;
        if kind == 0 {
            situations.push(record_of(a, &b, at)?);
        } else {
            confirmations.push(Confirmation {
                procedure_id: a,
                danger_id: b,
                terminal,
                role: role_of(&role)?,
                confirmed_at: at,
            });
        }
    }
    Ok((situations, confirmations))
}

pub(super) fn code_history_of(conn: &Connection, id: &ClinicId) -> Result<Vec<PastCode>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, full_code, until, role, recorded_at FROM code_history WHERE clinic_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt.query_map([id.as_str()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (name, code, until, role, recorded_at) = row?;
        out.push(PastCode {
            name,
            code,
            until,
            role: role_of(&role)?,
            recorded_at,
        });
    }
    Ok(out)
}

const SETTINGS_KEY: &str = "window";
/// The highest content-bundle version applied (see [`Store::note_content_applied`]).
const CONTENT_KEY: &str = "content.highest_version";

impl Store {
    pub(super) fn start_situation_with(
        &mut self,
        id: &ClinicId,
        role: Role,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
        plan: impl FnOnce(&Case) -> Result<SituationStart>,
    ) -> Result<SituationStart> {
        let tx = self.write()?;
        let case = load_case(&tx, id)?;
        let start = plan(&case)?;
        tx.prepare_cached(
            "INSERT INTO situations (clinic_id, situation_id, answers, role, started_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (clinic_id, situation_id) DO UPDATE SET answers = excluded.answers",
        )?
        .execute(params![
            id.as_str(),
            start.record.situation_id,
            to_json(&start.record.answers)?,
            role.as_str(),
            start.record.started_at
        ])?;
        for instance in &start.instances {
            let kind = if case.instance(&instance.procedure_id).is_some() {
                "answers"
            } else {
                "start"
            };
            save_instance(&tx, id, instance, kind, today, role, now)?;
        }
        tx.commit()?;
        Ok(start)
    }

    pub(super) fn confirm_with(
        &mut self,
        id: &ClinicId,
        now: jiff::Timestamp,
        check: impl FnOnce(&Case) -> Result<Confirmation>,
    ) -> Result<Confirmation> {
        let tx = self.write()?;
        let case = load_case(&tx, id)?;
        let c = check(&case)?;
        if !case.confirmed(&c.procedure_id, &c.danger_id, c.terminal.as_deref()) {
            tx.prepare_cached(
                "INSERT INTO confirmations (clinic_id, procedure_id, danger_id, terminal, role, confirmed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                id.as_str(),
                c.procedure_id,
                c.danger_id,
                c.terminal,
                c.role.as_str(),
                now.to_string()
            ])?;
        }
        tx.commit()?;
        Ok(c)
    }

    pub(super) fn switch_code_with(
        &mut self,
        id: &ClinicId,
        role: Role,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
        plan: impl FnOnce(&Case) -> Result<CodeSwitch>,
    ) -> Result<Clinic> {
        let tx = self.write()?;
        let case = load_case(&tx, id)?;
        let switch = plan(&case)?;
        let old = &case.clinic;
        let new = &switch.clinic;
        ensure_code_free(&tx, new, Some(id))?;
        tx.execute(
            "INSERT INTO code_history (clinic_id, name, full_code, until, role, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id.as_str(),
                old.name,
                old.full_code().to_string(),
                today.to_string(),
                role.as_str(),
                now.to_string()
            ],
        )?;
        let changed = tx.execute(
            "UPDATE clinics SET name = ?2, pref_code = ?3, tensu = ?4, medical_code = ?5, updated_at = ?6 WHERE id = ?1",
            params![id.as_str(), new.name, new.prefecture.code(), new.score_table.code(), new.medical_code.as_str(), now.to_string()],
        )?;
        if changed == 0 {
            return Err(not_found(id));
        }
        let clinic = read_clinic(&tx, id)?;
        tx.commit()?;
        Ok(clinic)
    }

    /// The settings (the defaults until some are saved).
    pub fn settings(&self) -> Result<Settings> {
        match read_setting(&self.conn, SETTINGS_KEY)? {
            None => Ok(Settings::default()),
            Some(j) => serde_json::from_str(&j).map_err(|e| Error::StorageCorrupt {
                detail: format!("settings: {e}"),
            }),
        }
    }

    pub fn save_settings(&mut self, settings: &Settings) -> Result<()> {
        let tx = self.write()?;
        write_setting(&tx, SETTINGS_KEY, &to_json(settings)?)?;
        tx.commit()?;
        Ok(())
    }

    /// The highest content-bundle version ever applied on this PC (rollback protection lives in
    /// the database, not in the bundle folder a bundle could overwrite).
    pub fn content_highest_seen(&self) -> Result<Option<u64>> {
        read_setting(&self.conn, CONTENT_KEY)?
            .map(|v| {
                v.parse::<u64>().map_err(|e| Error::StorageCorrupt {
                    detail: format!("{CONTENT_KEY}: {e}"),
                })
            })
            .transpose()
    }

    /// Records that content `version` was applied; the stored number only ever grows.
    pub fn note_content_applied(&mut self, version: u64) -> Result<()> {
        let tx = self.write()?;
        let current = read_setting(&tx, CONTENT_KEY)?
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0);
        if version > current {
            write_setting(&tx, CONTENT_KEY, &version.to_string())?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// One value of the `settings` table.
fn read_setting(conn: &rusqlite::Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

fn write_setting(conn: &rusqlite::Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
