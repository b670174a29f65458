//! バックアップ (backups): complete, checked copies of the database.
//!
//! - A copy is written with `VACUUM INTO` into an empty temporary file beside its target,
//!   checked (`integrity_check`, the schema version, the clinics table), then renamed into
//!   place: a crash or a full disk never leaves a half-written backup under a backup's name.
//! - Automatic copies go to `<data dir>/backups/onshi-navi-<UTC time>.sqlite3`, at most one per
//!   [`AUTO_INTERVAL`], and are kept [`KEEP_DAYS`] days (the newest [`KEEP_AT_LEAST`] always).
//! - A restore checks the file first, copies it (through SQLite) beside the database and checks
//!   the copy, copies the current database (its WAL checkpointed) aside under
//!   `…before-restore-<time>`, then renames the copy over it: there is never a moment without a
//!   database, and nothing is half-restored.
//!
//! The caller passes "now"; nothing here reads the clock.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{DB_FILE_NAME, SCHEMA_VERSION, Store};
use crate::{Error, Result};

/// The folder of automatic backups, inside the data folder.
pub const BACKUP_DIR: &str = "backups";
/// How long automatic backups are kept.
pub const KEEP_DAYS: i64 = 14;
/// However old, the newest few are kept (a PC unused for a month still has its last state).
pub const KEEP_AT_LEAST: usize = 3;
/// No automatic backup is written sooner than this after the last one.
pub const AUTO_INTERVAL: jiff::SignedDuration = jiff::SignedDuration::from_hours(1);

const PREFIX: &str = "onshi-navi-";
const SUFFIX: &str = ".sqlite3";

/// A checked backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupInfo {
    pub path: PathBuf,
    pub bytes: u64,
    pub clinics: u64,
    pub schema_version: i64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    pub clinics: u64,
    /// Where the database that was replaced now is (none when there was none).
    pub kept_aside: Option<PathBuf>,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::StorageUnavailable {
        detail: format!("{}: {e}", path.display()),
    }
}

/// Checks that `path` is a complete Onshi Navi database this app can read, without changing it.
pub fn check_backup(path: &Path) -> Result<BackupInfo> {
    let invalid = |why: &str| Error::BackupInvalid {
        file: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        why: why.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(|_| invalid("ファイルが見つかりません"))?;
    if !meta.is_file() {
        return Err(invalid("ファイルではありません"));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| invalid("開けません"))?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| invalid("データベースのファイルではありません"))?;
    if version == 0 {
        return Err(invalid("オン資ナビのデータベースではありません"));
    }
    if version > SCHEMA_VERSION {
        return Err(invalid(
            "新しいバージョンのオン資ナビで作られています。オン資ナビを更新してから復元してください",
        ));
    }
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|_| invalid("壊れています"))?;
    if check != "ok" {
        return Err(invalid("壊れています"));
    }
    let clinics: i64 = conn
        .query_row("SELECT count(*) FROM clinics", [], |r| r.get(0))
        .map_err(|_| invalid("オン資ナビのデータベースではありません"))?;
    let clinics = u64::try_from(clinics).unwrap_or(0);
    Ok(BackupInfo {
        path: path.to_path_buf(),
        bytes: meta.len(),
        clinics,
        schema_version: version,
    })
}

/// The name of an automatic backup written at `now`: sorts by time.
/// Milliseconds are in it: the backup at start and a 「今すぐバックアップ」 in the same second
/// must not want the same name.
pub fn auto_name(now: jiff::Timestamp) -> String {
    format!(
        "{PREFIX}{}.{:03}Z{SUFFIX}",
        now.strftime("%Y%m%dT%H%M%S"),
        now.subsec_millisecond()
    )
}

/// The time in an automatic backup's name, or none for any other file.
fn time_of(name: &str) -> Option<jiff::Timestamp> {
    let stamp = name
        .strip_prefix(PREFIX)?
        .strip_suffix(SUFFIX)?
        .strip_suffix('Z')?;
    let (seconds, millis) = match stamp.split_once('.') {
        Some((s, ms)) if ms.len() == 3 => (s, ms.parse::<i64>().ok()?),
        Some(_) => return None,
        None => (stamp, 0),
    };
    let local = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%S", seconds).ok()?;
    local
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()?
        .timestamp()
        .checked_add(jiff::SignedDuration::from_millis(millis))
        .ok()
}

/// The automatic backups in `dir`, oldest first.
pub fn list_auto(dir: &Path) -> Result<Vec<(jiff::Timestamp, PathBuf)>> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(io(dir)(e)),
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if let Some(t) = name.to_str().and_then(time_of) {
            out.push((t, entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

impl Store {
    /// Writes a complete, checked copy of the database to `target`, which must not exist yet.
    pub fn backup_to(&self, target: &Path) -> Result<BackupInfo> {
        let not_saved = |reason: String| Error::BackupNotWritten {
            path: target.display().to_string(),
            reason,
        };
        if target.exists() {
            return Err(not_saved(
                "同じ名前のファイルがあります。別の名前にしてください".into(),
            ));
        }
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        // An empty file is what VACUUM INTO accepts besides a missing one; made exclusively, so
        // it never follows a link planted under its name.
        let temp = tempfile::Builder::new()
            .prefix(".onshi-backup-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| not_saved(reason_of(&e)))?;
        let temp_path = temp
            .path()
            .to_str()
            .ok_or_else(|| not_saved("保存先のパスに使えない文字があります".into()))?;
        self.conn
            .execute("VACUUM INTO ?1", [temp_path])
            .map_err(|e| not_saved(format!("書き込めませんでした（{e}）")))?;
        temp.as_file()
            .sync_all()
            .map_err(|e| not_saved(reason_of(&e)))?;
        check_backup(temp.path())?;
        // Never replaces a file that appeared meanwhile.
        temp.persist_noclobber(target)
            .map_err(|e| not_saved(reason_of(&e.error)))?;
        check_backup(target)
    }

    /// An automatic backup into `<data dir>/backups` unless the newest is younger than
    /// [`AUTO_INTERVAL`]; then the old ones are pruned. Returns the new backup, if written.
    pub fn auto_backup(&self, data_dir: &Path, now: jiff::Timestamp) -> Result<Option<BackupInfo>> {
        let dir = data_dir.join(BACKUP_DIR);
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let existing = list_auto(&dir)?;
        // A newest one dated in the future (the PC's clock was wrong once) does not stop
        // backups: only one written in the past hour does.
        if let Some((newest, _)) = existing.last()
            && *newest <= now
            && now.duration_since(*newest) < AUTO_INTERVAL
        {
            return Ok(None);
        }
        let info = self.backup_to(&dir.join(auto_name(now)))?;
        prune(&dir, now)?;
        Ok(Some(info))
    }
}

fn reason_of(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "フォルダーがありません".into(),
        std::io::ErrorKind::PermissionDenied => "書き込みが許可されていません".into(),
        std::io::ErrorKind::StorageFull => "ディスクがいっぱいです".into(),
        std::io::ErrorKind::AlreadyExists => {
            "同じ名前のファイルがあります。別の名前にしてください".into()
        }
        _ => format!("詳細: {e}"),
    }
}

/// Removes automatic backups older than [`KEEP_DAYS`], keeping the newest [`KEEP_AT_LEAST`].
pub fn prune(dir: &Path, now: jiff::Timestamp) -> Result<Vec<PathBuf>> {
    let all = list_auto(dir)?;
    let keep_from = all.len().saturating_sub(KEEP_AT_LEAST);
    let limit = jiff::SignedDuration::from_hours(24 * KEEP_DAYS);
    let mut removed = Vec::new();
    for (i, (t, path)) in all.into_iter().enumerate() {
        if i < keep_from && now.duration_since(t) > limit {
            std::fs::remove_file(&path).map_err(io(&path))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// A name beside `db` for the current database kept aside, never an existing file's.
fn aside_name(db: &Path, now: jiff::Timestamp) -> PathBuf {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut n = 0;
    loop {
        let extra = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let candidate = PathBuf::from(format!("{}.before-restore-{stamp}{extra}", db.display()));
        let taken = ["", "-wal", "-shm"]
            .iter()
            .any(|s| PathBuf::from(format!("{}{s}", candidate.display())).exists());
        if !taken {
            return candidate;
        }
        n += 1;
    }
}

/// Replaces the database in `data_dir` with the backup `from` (see the module docs). The
/// database must not be open in this process; another process writing to it makes this fail
/// with [`Error::StorageBusy`] before anything changes.
///
/// There is never a moment without a database file: the current one is *copied* aside (its
/// WAL checkpointed into it first), and the checked copy of the backup then replaces it in one
/// rename. A crash at any point leaves either the old database or the restored one in place,
/// and the copy aside.
pub fn restore(data_dir: &Path, from: &Path, now: jiff::Timestamp) -> Result<Restored> {
    check_backup(from)?;
    let db = data_dir.join(DB_FILE_NAME);
    std::fs::create_dir_all(data_dir).map_err(io(data_dir))?;

    // The copy first, made by SQLite from the backup (so a backup with its own WAL beside it is
    // copied whole), then checked where it will live.
    let temp = tempfile::Builder::new()
        .prefix(".onshi-restore-")
        .suffix(".tmp")
        .tempfile_in(data_dir)
        .map_err(io(data_dir))?;
    {
        let source = Connection::open_with_flags(
            from,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let target = temp
            .path()
            .to_str()
            .ok_or_else(|| Error::StorageUnavailable {
                detail: "restore path is not valid UTF-8".into(),
            })?;
        source.execute("VACUUM INTO ?1", [target])?;
        temp.as_file().sync_all().map_err(io(temp.path()))?;
    }
    let copied = check_backup(temp.path())?;

    let mut aside = None;
    if db.exists() {
        // Nobody may be writing (the app, another CLI), and everything committed goes into the
        // main file before it is copied. A foreign or damaged file is copied as it is.
        if let Ok(conn) = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_WRITE) {
            conn.busy_timeout(std::time::Duration::from_millis(500))?;
            if conn
                .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
                .is_ok()
            {
                conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;")
                    .map_err(|_| Error::StorageBusy)?;
                let busy: i64 = conn
                    .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
                    .map_err(|_| Error::StorageBusy)?;
                if busy != 0 {
                    return Err(Error::StorageBusy);
                }
            }
        }
        let keep = aside_name(&db, now);
        for suffix in ["", "-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", db.display()));
            if file.exists() {
                let to = PathBuf::from(format!("{}{suffix}", keep.display()));
                std::fs::copy(&file, &to).map_err(io(&to))?;
                std::fs::File::open(&to)
                    .and_then(|f| f.sync_all())
                    .map_err(io(&to))?;
            }
        }
        // The old WAL and shared memory belong to the old file: never let the restored file
        // meet them (they are in the copy aside).
        for suffix in ["-wal", "-shm"] {
            let file = PathBuf::from(format!("{}{suffix}", db.display()));
            if file.exists() {
                std::fs::remove_file(&file).map_err(io(&file))?;
            }
        }
        aside = Some(keep);
    } else {
        // No database, but a journal left behind (a quarantine cut short): it belongs to
        // another file and must never meet the restored one. It is kept, renamed.
        let keep = aside_name(&db, now);
        for suffix in ["-wal", "-shm", "-journal"] {
            let file = PathBuf::from(format!("{}{suffix}", db.display()));
            if file.exists() {
                let to = PathBuf::from(format!("{}{suffix}", keep.display()));
                std::fs::rename(&file, &to).map_err(io(&file))?;
            }
        }
    }
    temp.persist(&db).map_err(|e| io(&db)(e.error))?;
    // The database is back: the quarantine (if any) is over. A crash before this line leaves
    // the note beside a database, where it is ignored.
    super::quarantine::start_empty(data_dir)?;
    Ok(Restored {
        clinics: copied.clinics,
        kept_aside: aside,
    })
}
