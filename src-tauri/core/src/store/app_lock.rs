//! アプリ使用中の印 (the app's lock): the window holds an exclusive lock on a file in the data
//! folder for as long as it runs, so that a command that replaces the whole database — the
//! CLI's `onshi restore` — can tell that the app has it open and refuse, instead of swapping
//! the file under a running window.
//!
//! The lock is the operating system's (`LockFileEx` on Windows, `flock` on Linux): it goes
//! away with the process, even after a crash or `kill -9`, so a stale lock file never blocks
//! anything. Ordinary commands do not need it; SQLite already serialises their writes.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

use crate::{Error, Result};

/// The lock file's name, in the data folder. Its content is irrelevant.
pub const LOCK_FILE: &str = "onshi-navi.lock";

/// Held while the app runs (dropping it releases the lock).
#[derive(Debug)]
pub struct AppLock {
    _file: File,
}

fn open(data_dir: &Path) -> Result<File> {
    std::fs::create_dir_all(data_dir)?;
    let path = data_dir.join(LOCK_FILE);
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::StorageUnavailable {
            detail: format!("{}: {e}", path.display()),
        })
}

impl AppLock {
    /// Takes the lock for the app, or returns [`Error::AppOpen`] when another process has it.
    pub fn hold(data_dir: &Path) -> Result<AppLock> {
        let file = open(data_dir)?;
        match file.try_lock() {
            Ok(()) => Ok(AppLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::AppOpen),
            Err(TryLockError::Error(e)) => Err(Error::StorageUnavailable {
                detail: format!("lock: {e}"),
            }),
        }
    }
}

/// Runs `f` while holding the lock, so that the app cannot start in the middle of it; refused
/// with [`Error::AppOpen`] (and `f` not run) while the app is open on `data_dir`.
pub fn while_app_closed<T>(data_dir: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let held = AppLock::hold(data_dir)?;
    let out = f();
    drop(held);
    out
}
