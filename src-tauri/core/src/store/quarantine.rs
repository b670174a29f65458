//! 隔離 (quarantine): a database file that cannot be used is renamed, never changed or deleted.
//!
//! When the database in the data folder is damaged, truncated (down to nothing, too) or not
//! Onshi Navi's (another program's file under its name), [`open_or_quarantine`] renames it —
//! with its `-wal`, `-shm` and `-journal` — to `<file>.damaged-<UTC time>`, and writes a note
//! beside it naming the kept file. While that note is there and no database is, opening the
//! folder is refused with [`Error::StorageQuarantined`] instead of creating an empty database:
//! an empty list would invite typing a clinic's weeks of history again, when a backup probably
//! has them. The note goes away when a backup is restored ([`super::backup::restore`]) or when
//! a person chooses to start with empty data ([`start_empty`]).
//!
//! Only one process moves the file: the window, which holds the data folder's lock
//! ([`AppLock`]), or a command while the window is closed. A command that finds a damaged
//! file while the window is open only reports it.
//!
//! The caller passes "now"; nothing here reads the clock.

use std::path::{Path, PathBuf};

use super::app_lock::AppLock;
use super::backup::{BACKUP_DIR, list_auto};
use super::{DB_FILE_NAME, Store};
use crate::{Error, Result};

/// The note left in the data folder while the database is quarantined: one line, the name of
/// the kept file.
pub const QUARANTINE_NOTE: &str = "onshi-navi.quarantined.txt";

/// The files that belong to a database besides itself (WAL mode's, and a rollback journal a
/// foreign file may have): they move with it and must never meet another database.
const COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// The quarantine in force in a data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarantine {
    /// The kept file's name, in the data folder.
    pub kept_as: String,
    /// The newest automatic backup, to offer first (none when there is none), and when it was
    /// written.
    pub latest_backup: Option<(jiff::Timestamp, PathBuf)>,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::StorageUnavailable {
        detail: format!("{}: {e}", path.display()),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The quarantine in force in `data_dir`: its note is there and no database is.
pub fn quarantined(data_dir: &Path) -> Result<Option<Quarantine>> {
    if data_dir.join(DB_FILE_NAME).exists() {
        // A database put back by hand (or by a restore that did not get to remove the note)
        // is used: the note only stops an empty one from being created.
        return Ok(None);
    }
    let note = data_dir.join(QUARANTINE_NOTE);
    let kept_as = match std::fs::read_to_string(&note) {
        Ok(text) => text.trim().to_string(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(&note)(e)),
    };
    Ok(Some(Quarantine {
        kept_as,
        latest_backup: list_auto(&data_dir.join(BACKUP_DIR))?.pop(),
    }))
}

fn refusal(q: Quarantine) -> Error {
    let (at, name) = match q.latest_backup {
        Some((t, p)) => (
            Some(crate::calendar::tokyo_time_text(&t.to_string())),
            p.file_name().map(|n| n.to_string_lossy().into_owned()),
        ),
        None => (None, None),
    };
    Error::StorageQuarantined {
        kept_as: q.kept_as,
        latest_backup: name,
        latest_backup_at: at,
    }
}

/// A database file cut to nothing where there was data: its journal still has some, or backups
/// were made of it. (An empty file alone is what a crash right after creating the database
/// leaves; that one is simply used.)
fn emptied(data_dir: &Path) -> Result<bool> {
    let db = data_dir.join(DB_FILE_NAME);
    match std::fs::metadata(&db) {
        Ok(m) if m.len() == 0 => {}
        _ => return Ok(false),
    }
    let journal = std::fs::metadata(with_suffix(&db, "-wal")).is_ok_and(|m| m.len() > 0);
    Ok(journal || !list_auto(&data_dir.join(BACKUP_DIR))?.is_empty())
}

/// Opens the database in `data_dir` (creating it in an empty folder). A file that is damaged
/// or not Onshi Navi's is quarantined first and [`Error::StorageQuarantined`] returned; so is
/// every later call until a backup is restored or [`start_empty`] is chosen.
///
/// `held` is the window's own lock on the folder; without it the lock is taken for the move,
/// and when the window has it, the damage is only reported ([`Error::StorageCorrupt`]).
/// Only a file SQLite or the store's checks call damaged is moved: a busy, unreadable or newer
/// database is reported and left where it is.
pub fn open_or_quarantine(
    data_dir: &Path,
    now: jiff::Timestamp,
    held: Option<&AppLock>,
) -> Result<Store> {
    if let Some(q) = quarantined(data_dir)? {
        finish_move(data_dir, &q.kept_as);
        return Err(refusal(q));
    }
    let detail = if emptied(data_dir)? {
        "the database file is empty, but its journal or backups are not".to_string()
    } else {
        match Store::open_dir(data_dir) {
            Err(Error::StorageCorrupt { detail }) => detail,
            other => return other,
        }
    };
    let _taken = match held {
        Some(_) => None,
        None => match AppLock::hold(data_dir) {
            Ok(lock) => Some(lock),
            // The window has the folder: it moves the file when it next opens it.
            Err(Error::AppOpen) => return Err(Error::StorageCorrupt { detail }),
            Err(e) => return Err(e),
        },
    };
    quarantine(data_dir, now)?;
    match quarantined(data_dir)? {
        Some(q) => Err(refusal(q)),
        None => Err(Error::StorageCorrupt { detail }),
    }
}

/// Renames the database in `data_dir` (and its companions) to `<file>.damaged-<time>` and
/// leaves the note. Returns the kept file's path.
///
/// The note is written first, then the main file moves, then its companions: a crash in
/// between leaves either the database in place (used, the note ignored) or the note with the
/// database gone, whose companions the next open moves after it ([`finish_move`]) — never a
/// database without its journal.
pub fn quarantine(data_dir: &Path, now: jiff::Timestamp) -> Result<PathBuf> {
    let db = data_dir.join(DB_FILE_NAME);
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut n = 0;
    let kept = loop {
        let extra = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let candidate = with_suffix(&db, &format!(".damaged-{stamp}{extra}"));
        if std::iter::once("")
            .chain(COMPANIONS)
            .all(|s| !with_suffix(&candidate, s).exists())
        {
            break candidate;
        }
        n += 1;
    };
    let kept_name = kept
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    crate::files::write_atomically(
        &data_dir.join(QUARANTINE_NOTE),
        format!("{kept_name}\n").as_bytes(),
    )
    .map_err(|e| Error::StorageUnavailable {
        detail: format!("quarantine note: {e}"),
    })?;
    // A rename that fails (on Windows, another program holding the file open) puts back what
    // already moved, and the note goes: the set stays together, in place.
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    for suffix in std::iter::once("").chain(COMPANIONS) {
        let from = with_suffix(&db, suffix);
        if !from.exists() {
            continue;
        }
        let to = with_suffix(&kept, suffix);
        if let Err(e) = std::fs::rename(&from, &to) {
            for (back_from, back_to) in moved.iter().rev() {
                let _ = std::fs::rename(back_to, back_from);
            }
            let _ = std::fs::remove_file(data_dir.join(QUARANTINE_NOTE));
            return Err(io(&from)(e));
        }
        moved.push((from, to));
    }
    crate::files::sync_dir(data_dir);
    Ok(kept)
}

/// Companions left at the database's name after a quarantine cut short (the main file had
/// moved): they follow it, so that no later database meets them. Best effort: what cannot
/// move now is moved by the next open, or set aside by a restore.
fn finish_move(data_dir: &Path, kept_as: &str) {
    if kept_as.is_empty() || kept_as.contains(['/', '\\']) {
        return;
    }
    let db = data_dir.join(DB_FILE_NAME);
    let kept = data_dir.join(kept_as);
    for suffix in COMPANIONS {
        let (from, to) = (with_suffix(&db, suffix), with_suffix(&kept, suffix));
        if from.exists() && !to.exists() {
            let _ = std::fs::rename(&from, &to);
        }
    }
}

/// A person chose to start with empty data instead of restoring: the note goes, the kept file
/// stays. The next open creates an empty database.
pub fn start_empty(data_dir: &Path) -> Result<()> {
    if let Some(q) = quarantined(data_dir)? {
        finish_move(data_dir, &q.kept_as);
    }
    let note = data_dir.join(QUARANTINE_NOTE);
    match std::fs::remove_file(&note) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(&note)(e)),
    }
}
