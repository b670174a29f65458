//! 隔離 (quarantine): a database file that cannot be used is renamed, never changed or deleted.
//!
//! When the database in the data folder is damaged, truncated or not Onshi Navi's (another
//! program's file under its name), [`open_or_quarantine`] renames it — with its `-wal` and
//! `-shm` — to `<file>.damaged-<UTC time>`, and writes a note beside it naming the kept file.
//! While that note is there and no database is, opening the folder is refused with
//! [`Error::StorageQuarantined`] instead of creating an empty database: an empty list would
//! invite typing a clinic's weeks of history again, when a backup probably has them. The note
//! goes away when a backup is restored ([`super::backup::restore`]) or when a person chooses
//! to start with empty data ([`start_empty`]).
//!
//! The caller passes "now"; nothing here reads the clock.

use std::path::{Path, PathBuf};

use super::backup::{BACKUP_DIR, list_auto};
use super::{DB_FILE_NAME, Store};
use crate::{Error, Result};

/// The note left in the data folder while the database is quarantined: one line, the name of
/// the kept file.
pub const QUARANTINE_NOTE: &str = "onshi-navi.quarantined.txt";

/// The quarantine in force in a data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarantine {
    /// The kept file's name, in the data folder.
    pub kept_as: String,
    /// The newest automatic backup, to offer first (none when there is none).
    pub latest_backup: Option<PathBuf>,
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
        latest_backup: list_auto(&data_dir.join(BACKUP_DIR))?.pop().map(|(_, p)| p),
    }))
}

fn refusal(q: Quarantine) -> Error {
    Error::StorageQuarantined {
        kept_as: q.kept_as,
        latest_backup: q
            .latest_backup
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())),
    }
}

/// Opens the database in `data_dir` (creating it in an empty folder). A file that is damaged
/// or not Onshi Navi's is quarantined first and [`Error::StorageQuarantined`] returned; so is
/// every later call until a backup is restored or [`start_empty`] is chosen.
///
/// Only a file SQLite or the store's checks call damaged is moved: a busy, unreadable or newer
/// database is reported and left where it is.
pub fn open_or_quarantine(data_dir: &Path, now: jiff::Timestamp) -> Result<Store> {
    if let Some(q) = quarantined(data_dir)? {
        return Err(refusal(q));
    }
    match Store::open_dir(data_dir) {
        Err(Error::StorageCorrupt { detail }) => {
            quarantine(data_dir, now)?;
            match quarantined(data_dir)? {
                Some(q) => Err(refusal(q)),
                None => Err(Error::StorageCorrupt { detail }),
            }
        }
        other => other,
    }
}

/// Renames the database in `data_dir` (and its `-wal`, `-shm`) to `<file>.damaged-<time>`
/// and leaves the note. Returns the kept file's path.
///
/// The note is written before the rename: a crash between the two leaves the database in
/// place (used, the note ignored), never a missing database without a note.
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
        if ["", "-wal", "-shm"]
            .iter()
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
    // The companions first: the main file going last means a crash leaves it, with whatever
    // of its journal had not moved yet, where it was. A rename that fails (on Windows, another
    // program holding the file open) puts the ones already moved back: the set stays together.
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    for suffix in ["-wal", "-shm", ""] {
        let from = with_suffix(&db, suffix);
        if !from.exists() {
            continue;
        }
        let to = with_suffix(&kept, suffix);
        if let Err(e) = std::fs::rename(&from, &to) {
            for (back_from, back_to) in moved.iter().rev() {
                let _ = std::fs::rename(back_to, back_from);
            }
            let _ = start_empty(data_dir);
            return Err(io(&from)(e));
        }
        moved.push((from, to));
    }
    crate::files::sync_dir(data_dir);
    Ok(kept)
}

/// A person chose to start with empty data instead of restoring: the note goes, the kept file
/// stays. The next open creates an empty database.
pub fn start_empty(data_dir: &Path) -> Result<()> {
    let note = data_dir.join(QUARANTINE_NOTE);
    match std::fs::remove_file(&note) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io(&note)(e)),
    }
}
