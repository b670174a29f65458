//! Store (保存先): the clinic database, one SQLite file in the data directory.
//!
//! Invariants:
//! - Every write is one transaction; `journal_mode=WAL` and `synchronous=FULL`, so a completed save
//!   survives a crash or power loss and a crash mid-save leaves the previous state.
//! - A file that is damaged, not ours, or written by a newer version is reported and left exactly
//!   as it is: never recreated, migrated or overwritten.
//! - Before a migration of an existing database, a full copy is written beside it.
//! - Schema versions live in `PRAGMA user_version`; migrations run in order, in one transaction.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use crate::case::{Case, CodeSwitch, Confirmation, Instance, PlannedEvent, Role};
use crate::clinic::{Clinic, ClinicId, NewClinic};
use crate::code::MedicalCode;
use crate::profile::ClinicProfile;
use crate::settings::Settings;
use crate::situation::SituationRecord;
use crate::terminal_register::TerminalChange;
use crate::{Error, Prefecture, Result, ScoreTable};

pub mod app_lock;
pub mod backup;
mod log;
pub mod quarantine;
mod terminals;
pub mod transfer;
mod wizard;
pub use log::Recorded;

/// The one interface the rest of the app reaches storage through (保存先の窓口). The embedded
/// SQLite [`Store`] implements it; a vendor's shared server database can implement it later.
///
/// Every method that changes something is one transaction. The `change`/`plan` callbacks run
/// inside it on what is stored *now*, so two writers never both pass a check on stale data.
pub trait Repository {
    fn list_clinics(&self) -> Result<Vec<Clinic>>;
    fn clinic(&self, id: &ClinicId) -> Result<Clinic>;
    fn profile(&self, id: &ClinicId) -> Result<ClinicProfile>;
    /// Everything the checklist of one clinic is derived from.
    fn case(&self, id: &ClinicId) -> Result<Case>;
    /// Every clinic's case (for the dashboard).
    fn cases(&self) -> Result<Vec<Case>>;
    fn add_clinic(&mut self, clinic: &NewClinic, now: jiff::Timestamp) -> Result<Clinic>;
    /// Replaces a clinic's name or code with what `change` makes of the stored clinic.
    fn update_clinic(
        &mut self,
        id: &ClinicId,
        now: jiff::Timestamp,
        change: &dyn Fn(&Clinic) -> Result<NewClinic>,
    ) -> Result<Clinic>;
    /// Replaces a clinic's profile with what `change` makes of the stored clinic and profile.
    fn update_profile(
        &mut self,
        id: &ClinicId,
        now: jiff::Timestamp,
        change: &dyn Fn(&Clinic, &ClinicProfile) -> Result<ClinicProfile>,
    ) -> Result<ClinicProfile>;
    fn start_procedure(
        &mut self,
        id: &ClinicId,
        role: Role,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
        plan: &dyn Fn(&Case) -> Result<Instance>,
    ) -> Result<Instance>;
    fn record_event(
        &mut self,
        id: &ClinicId,
        role: Role,
        now: jiff::Timestamp,
        event_id: &str,
        date: jiff::civil::Date,
        plan: &dyn Fn(&Case) -> Result<PlannedEvent>,
    ) -> Result<Recorded>;
    fn accept_content(
        &mut self,
        id: &ClinicId,
        procedure_id: &str,
        version: u32,
        role: Role,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
    ) -> Result<()>;
    /// Starts a situation (or changes its answers) and the procedures `plan` starts with it.
    fn start_situation(
        &mut self,
        id: &ClinicId,
        role: Role,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
        plan: &dyn Fn(&Case) -> Result<SituationStart>,
    ) -> Result<SituationStart>;
    /// Stores a confirmed dangerous choice once `check` accepts it.
    fn confirm(
        &mut self,
        id: &ClinicId,
        now: jiff::Timestamp,
        check: &dyn Fn(&Case) -> Result<Confirmation>,
    ) -> Result<Confirmation>;
    /// Switches the clinic to the code `plan` gives, keeping the old one in its history.
    fn switch_code(
        &mut self,
        id: &ClinicId,
        role: Role,
        now: jiff::Timestamp,
        today: jiff::civil::Date,
        plan: &dyn Fn(&Case) -> Result<CodeSwitch>,
    ) -> Result<Clinic>;
    /// Stores a change of the terminal register (端末台帳) once `plan` accepts it.
    fn change_terminal(
        &mut self,
        id: &ClinicId,
        plan: &dyn Fn(&Case) -> Result<TerminalChange>,
    ) -> Result<TerminalChange>;
    fn settings(&self) -> Result<Settings>;
    fn save_settings(&mut self, settings: &Settings) -> Result<()>;
    /// The highest content-bundle version applied here (see [`crate::bundle`]).
    fn content_highest_seen(&self) -> Result<Option<u64>>;
    /// Records an applied content bundle; the stored number only grows.
    fn note_content_applied(&mut self, version: u64) -> Result<()>;
    /// A mark that changes whenever the stored data changes — a write through this repository
    /// or a commit by another process — so a cache of derived views knows it is stale.
    fn revision(&self) -> Result<Revision>;
    /// A complete, checked copy of the data at `target` (see [`backup`]).
    fn backup_to(&self, target: &Path) -> Result<backup::BackupInfo>;
    /// An automatic backup into `<data dir>/backups`, at most hourly, old ones pruned.
    fn auto_backup(
        &self,
        data_dir: &Path,
        now: jiff::Timestamp,
    ) -> Result<Option<backup::BackupInfo>>;
    /// The clinics `ids` (all when empty) as a transfer file (see [`transfer`]).
    fn export_clinics(&self, ids: &[ClinicId], now: jiff::Timestamp) -> Result<serde_json::Value>;
    /// Reads a transfer file: all of it, or nothing (see [`transfer`]).
    fn import_clinics(
        &mut self,
        bytes: &[u8],
        now: jiff::Timestamp,
    ) -> Result<transfer::ImportReport>;
}

/// See [`Repository::revision`]: two marks are equal only if nothing was written in between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision {
    /// Rows this connection changed since it opened.
    own: u64,
    /// SQLite's `data_version`: changes when another connection commits.
    others: i64,
}

/// A situation to store and the procedures it starts now (those not blocked yet start later,
/// with the situation's answers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SituationStart {
    pub record: SituationRecord,
    pub instances: Vec<Instance>,
}

/// File name of the database inside the data directory.
pub const DB_FILE_NAME: &str = "onshi-navi.sqlite3";

/// How long a write waits for another process (e.g. the CLI while the app runs) before giving
/// up with [`Error::StorageBusy`].
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Ordered migrations; entry `i` upgrades the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // v1: clinics.
    "CREATE TABLE clinics (
        id            TEXT PRIMARY KEY NOT NULL,
        name          TEXT NOT NULL,
        pref_code     TEXT NOT NULL CHECK (length(pref_code) = 2),
        tensu         TEXT NOT NULL CHECK (tensu IN ('1', '3', '4', '6')),
        medical_code  TEXT NOT NULL CHECK (length(medical_code) = 7),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX clinics_full_code ON clinics (pref_code, tensu, medical_code);",
    // v2: the clinic profile (郵便番号, 所在地, …) as a JSON document with its own version.
    "ALTER TABLE clinics ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';",
    // v3: procedures a clinic has started, and the append-only log of what happened.
    "CREATE TABLE procedures (
        clinic_id        TEXT NOT NULL REFERENCES clinics (id),
        procedure_id     TEXT NOT NULL,
        content_version  INTEGER NOT NULL,
        answers          TEXT NOT NULL,
        started_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        PRIMARY KEY (clinic_id, procedure_id)
    ) STRICT;
    CREATE TABLE events (
        seq              INTEGER PRIMARY KEY,
        clinic_id        TEXT NOT NULL REFERENCES clinics (id),
        procedure_id     TEXT NOT NULL,
        kind             TEXT NOT NULL CHECK (kind IN ('event', 'start', 'answers', 'accept')),
        event_id         TEXT NOT NULL,
        date             TEXT NOT NULL,
        terminal         TEXT,
        code             TEXT,
        data             TEXT NOT NULL DEFAULT '{}',
        role             TEXT NOT NULL CHECK (role IN ('receptionist', 'technician')),
        content_version  INTEGER NOT NULL,
        recorded_at      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX events_by_clinic ON events (clinic_id, seq);
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;",
    // v4: situations started (何がありましたか), confirmed dangerous choices (append-only), the
    // codes a clinic had before a 承継 (append-only), and the window's settings.
    "CREATE TABLE situations (
        clinic_id     TEXT NOT NULL REFERENCES clinics (id),
        situation_id  TEXT NOT NULL,
        answers       TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('receptionist', 'technician')),
        started_at    TEXT NOT NULL,
        PRIMARY KEY (clinic_id, situation_id)
    ) STRICT;
    CREATE TABLE confirmations (
        seq           INTEGER PRIMARY KEY,
        clinic_id     TEXT NOT NULL REFERENCES clinics (id),
        procedure_id  TEXT NOT NULL,
        danger_id     TEXT NOT NULL,
        terminal      TEXT,
        role          TEXT NOT NULL CHECK (role IN ('receptionist', 'technician')),
        confirmed_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX confirmations_by_clinic ON confirmations (clinic_id, seq);
    CREATE TRIGGER confirmations_no_update BEFORE UPDATE ON confirmations
        BEGIN SELECT RAISE(ABORT, 'confirmations are append-only'); END;
    CREATE TRIGGER confirmations_no_delete BEFORE DELETE ON confirmations
        BEGIN SELECT RAISE(ABORT, 'confirmations are append-only'); END;
    CREATE TABLE code_history (
        seq           INTEGER PRIMARY KEY,
        clinic_id     TEXT NOT NULL REFERENCES clinics (id),
        name          TEXT NOT NULL,
        full_code     TEXT NOT NULL CHECK (length(full_code) = 10),
        until         TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('receptionist', 'technician')),
        recorded_at   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX code_history_by_clinic ON code_history (clinic_id, seq);
    CREATE TRIGGER code_history_no_update BEFORE UPDATE ON code_history
        BEGIN SELECT RAISE(ABORT, 'the code history is append-only'); END;
    CREATE TRIGGER code_history_no_delete BEFORE DELETE ON code_history
        BEGIN SELECT RAISE(ABORT, 'the code history is append-only'); END;
    CREATE TABLE settings (
        key    TEXT PRIMARY KEY NOT NULL,
        value  TEXT NOT NULL
    ) STRICT;",
    // v5: the terminal register's changes (端末台帳: added, renamed, retired), append-only.
    "CREATE TABLE terminal_changes (
        seq           INTEGER PRIMARY KEY,
        clinic_id     TEXT NOT NULL REFERENCES clinics (id),
        kind          TEXT NOT NULL CHECK (kind IN ('add', 'rename', 'retire')),
        name          TEXT NOT NULL CHECK (length(name) > 0),
        new_name      TEXT CHECK ((kind = 'rename') = (new_name IS NOT NULL)),
        date          TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('receptionist', 'technician')),
        recorded_at   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX terminal_changes_by_clinic ON terminal_changes (clinic_id, seq);
    CREATE TRIGGER terminal_changes_no_update BEFORE UPDATE ON terminal_changes
        BEGIN SELECT RAISE(ABORT, 'the terminal register is append-only'); END;
    CREATE TRIGGER terminal_changes_no_delete BEFORE DELETE ON terminal_changes
        BEGIN SELECT RAISE(ABORT, 'the terminal register is append-only'); END;",
    // v6: steps recorded differently on two PCs, found by an import (食い違い), append-only.
    "CREATE TABLE event_conflicts (
        seq            INTEGER PRIMARY KEY,
        clinic_id      TEXT NOT NULL REFERENCES clinics (id),
        procedure_id   TEXT NOT NULL,
        event_id       TEXT NOT NULL,
        terminal       TEXT,
        code           TEXT,
        local_date     TEXT NOT NULL,
        imported_date  TEXT NOT NULL,
        found_at       TEXT NOT NULL,
        after_seq      INTEGER NOT NULL,
        imported_row   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX event_conflicts_by_clinic ON event_conflicts (clinic_id, seq);
    CREATE TRIGGER event_conflicts_no_update BEFORE UPDATE ON event_conflicts
        BEGIN SELECT RAISE(ABORT, 'conflicts are append-only'); END;
    CREATE TRIGGER event_conflicts_no_delete BEFORE DELETE ON event_conflicts
        BEGIN SELECT RAISE(ABORT, 'conflicts are append-only'); END;",
];

/// The newest schema version this build understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open clinic database. One `Store` is the single writer of its file within a process.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if absent) the database in `dir`, creating `dir` as needed.
    pub fn open_dir(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir)?;
        Store::open(&dir.join(DB_FILE_NAME))
    }

    /// Opens (creating if absent) the database file at `path`, checks it and migrates it.
    pub fn open(path: &Path) -> Result<Store> {
        let existed = path.exists();
        if existed {
            check_existing(path)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Error::StorageTooNew {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }

        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::StorageUnavailable {
                detail: format!("journal_mode is {mode}, not wal"),
            });
        }
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;

        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate(version)?;
        Ok(store)
    }

    /// A write transaction that takes the write lock at once (IMMEDIATE): what it reads to check
    /// a change cannot be changed by another writer before it commits.
    fn write(&mut self) -> Result<rusqlite::Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    /// See [`Repository::revision`].
    pub fn revision(&self) -> Result<Revision> {
        Ok(Revision {
            own: self.conn.total_changes(),
            others: self
                .conn
                .query_row("PRAGMA data_version", [], |r| r.get(0))?,
        })
    }

    /// The database file's path (for logs and the CLI; never shown in UI errors).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
        if from == SCHEMA_VERSION {
            return Ok(());
        }
        if from > 0 {
            self.backup_before_migration(from)?;
        }
        let tx = self.conn.transaction()?;
        for (index, sql) in MIGRATIONS
            .iter()
            .enumerate()
            .skip(usize::try_from(from).unwrap_or(0))
        {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Writes a complete copy next to the database before migrating it: `<file>.v<N>.bak`.
    fn backup_before_migration(&self, version: i64) -> Result<()> {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".v{version}.bak"));
        let target = PathBuf::from(name);
        if target.exists() {
            // An earlier attempt already saved this version; keep the oldest copy.
            return Ok(());
        }
        let target = target.to_str().ok_or_else(|| Error::StorageUnavailable {
            detail: "backup path is not valid UTF-8".into(),
        })?;
        self.conn.execute("VACUUM INTO ?1", [target])?;
        Ok(())
    }

    /// Adds a validated clinic. `now` comes from the caller's clock.
    pub fn add_clinic(&mut self, clinic: &NewClinic, now: jiff::Timestamp) -> Result<Clinic> {
        // The duplicate check and the insert see the same database, so a second writer gets
        // `Duplicate`, not a busy snapshot.
        let tx = self.write()?;
        ensure_code_free(&tx, clinic, None)?;
        let id = ClinicId::random();
        let created_at = now.to_string();
        tx.execute(
            "INSERT INTO clinics (id, name, pref_code, tensu, medical_code, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![
                id.as_str(),
                clinic.name,
                clinic.prefecture.code(),
                clinic.score_table.code(),
                clinic.medical_code.as_str(),
                created_at
            ],
        )?;
        tx.commit()?;
        Ok(Clinic {
            id,
            name: clinic.name.clone(),
            prefecture: clinic.prefecture,
            score_table: clinic.score_table,
            medical_code: clinic.medical_code.clone(),
            created_at,
        })
    }

    /// The clinic's profile (empty fields when nothing was entered yet).
    pub fn profile(&self, id: &ClinicId) -> Result<ClinicProfile> {
        Repository::profile(self, id)
    }

    /// Every clinic, oldest first.
    pub fn list_clinics(&self) -> Result<Vec<Clinic>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{CLINIC_COLUMNS} ORDER BY created_at, rowid"))?;
        let rows = stmt.query_map([], ClinicRow::read)?;
        let mut clinics = Vec::new();
        for row in rows {
            clinics.push(row?.into_clinic()?);
        }
        Ok(clinics)
    }

    /// One clinic by id.
    pub fn clinic(&self, id: &ClinicId) -> Result<Clinic> {
        read_clinic(&self.conn, id)
    }
}

/// Writes a profile document (in its stored form, [`StoredProfile`]).
fn write_profile(
    conn: &Connection,
    id: &ClinicId,
    profile: &ClinicProfile,
    now: jiff::Timestamp,
) -> Result<()> {
    let json = serde_json::to_string(&StoredProfile::from(profile)).map_err(|e| {
        Error::StorageUnavailable {
            detail: format!("profile to JSON: {e}"),
        }
    })?;
    let changed = conn.execute(
        "UPDATE clinics SET profile = ?2, updated_at = ?3 WHERE id = ?1",
        params![id.as_str(), json, now.to_string()],
    )?;
    if changed == 0 {
        return Err(not_found(id));
    }
    Ok(())
}

/// The profile document as the database holds it (its keys were camelCase from the start and
/// stay so: files written by earlier versions read back unchanged, and they can read ours).
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[derive(Default)]
struct StoredProfile {
    postal_code: String,
    address: String,
    address_kana: String,
    phone: String,
    contact_person: String,
    paired_code: String,
}

impl From<&ClinicProfile> for StoredProfile {
    fn from(p: &ClinicProfile) -> Self {
        StoredProfile {
            postal_code: p.postal_code.clone(),
            address: p.address.clone(),
            address_kana: p.address_kana.clone(),
            phone: p.phone.clone(),
            contact_person: p.contact_person.clone(),
            paired_code: p.paired_code.clone(),
        }
    }
}

impl From<StoredProfile> for ClinicProfile {
    fn from(p: StoredProfile) -> Self {
        ClinicProfile {
            postal_code: p.postal_code,
            address: p.address,
            address_kana: p.address_kana,
            phone: p.phone,
            contact_person: p.contact_person,
            paired_code: p.paired_code,
        }
    }
}

/// One clinic by id, on any connection (the store's or an open transaction).
fn read_clinic(conn: &Connection, id: &ClinicId) -> Result<Clinic> {
    let row = conn
        .query_row(
            &format!("{CLINIC_COLUMNS} WHERE id = ?1"),
            [id.as_str()],
            ClinicRow::read,
        )
        .optional()?;
    row.ok_or_else(|| not_found(id))?.into_clinic()
}

/// Refuses a 都道府県+点数表+医療機関コード that another clinic (other than `except`) already has.
fn ensure_code_free(
    conn: &Connection,
    clinic: &NewClinic,
    except: Option<&ClinicId>,
) -> Result<()> {
    let existing: Option<String> = conn
        .query_row(
            "SELECT name FROM clinics
             WHERE pref_code = ?1 AND tensu = ?2 AND medical_code = ?3 AND id <> ?4",
            params![
                clinic.prefecture.code(),
                clinic.score_table.code(),
                clinic.medical_code.as_str(),
                except.map_or("", ClinicId::as_str)
            ],
            |r| r.get(0),
        )
        .optional()?;
    match existing {
        Some(name) => Err(Error::Duplicate {
            code: clinic.medical_code.to_string(),
            name,
        }),
        None => Ok(()),
    }
}

/// A stored profile document; a damaged one is reported, never replaced by an empty profile.
fn parse_profile(clinic_id: &str, json: &str) -> Result<ClinicProfile> {
    if json == "{}" {
        // Most clinics have not filled in their profile yet: skip the parser on the dashboard.
        return Ok(ClinicProfile::default());
    }
    serde_json::from_str::<StoredProfile>(json)
        .map(ClinicProfile::from)
        .map_err(|e| Error::StorageCorrupt {
            detail: format!("clinic {clinic_id}: profile: {e}"),
        })
}

/// Checks an existing file through a read-only connection before the store opens it for
/// writing: a read-write connection that meets a damaged file can still checkpoint or delete
/// the journal beside it when it closes, and a quarantined file must be kept as it was found.
fn check_existing(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // The first access to the file: a foreign or truncated file fails here with SQLITE_NOTADB.
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // Another program's SQLite file under our name: never add our tables to it, nor call it
    // "newer". Every version of ours has the clinics table; an empty file has no table at all.
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    let clinics: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'clinics'",
        [],
        |r| r.get(0),
    )?;
    if (version == 0 && tables > 0) || (version > 0 && clinics == 0) {
        return Err(Error::StorageCorrupt {
            detail: format!("a SQLite database that is not Onshi Navi's (user_version {version})"),
        });
    }
    if version > SCHEMA_VERSION {
        return Err(Error::StorageTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    let check: String = conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(Error::StorageCorrupt { detail: check });
    }
    Ok(())
}

fn not_found(id: &ClinicId) -> Error {
    Error::NotFound {
        what: "医療機関",
        id: id.to_string(),
    }
}

/// The columns every clinic query reads, in [`ClinicRow::read`]'s order.
const CLINIC_COLUMNS: &str =
    "SELECT id, name, pref_code, tensu, medical_code, created_at FROM clinics";

/// The clinic columns plus the profile document (column 6), for reading whole cases.
const CASE_COLUMNS: &str =
    "SELECT id, name, pref_code, tensu, medical_code, created_at, profile FROM clinics";

/// A clinic row as stored (strings), before its values are checked.
struct ClinicRow {
    id: String,
    name: String,
    pref: String,
    /// The column is named `tensu` (点数表) in the schema; renaming it needs a migration.
    score_table: String,
    code: String,
    created_at: String,
}

impl ClinicRow {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<ClinicRow> {
        Ok(ClinicRow {
            id: r.get(0)?,
            name: r.get(1)?,
            pref: r.get(2)?,
            score_table: r.get(3)?,
            code: r.get(4)?,
            created_at: r.get(5)?,
        })
    }

    /// Refuses values the schema should have prevented (a hand-edited file) instead of panicking.
    fn into_clinic(self) -> Result<Clinic> {
        let corrupt = |what: &str| Error::StorageCorrupt {
            detail: format!("clinic {}: bad {what}", self.id),
        };
        let prefecture = Prefecture::from_code(&self.pref).ok_or_else(|| corrupt("pref_code"))?;
        let score_table =
            ScoreTable::from_code(&self.score_table).ok_or_else(|| corrupt("score table"))?;
        let medical_code = MedicalCode::parse(&self.code).ok_or_else(|| corrupt("medical_code"))?;
        let id = ClinicId::from_stored(self.id.clone()).ok_or_else(|| corrupt("id"))?;
        Ok(Clinic {
            id,
            name: self.name,
            prefecture,
            score_table,
            medical_code,
            created_at: self.created_at,
        })
    }
}
