//! App state (アプリの状態): the data directory and the lazily opened store.

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use onshi_core::{Error, Repository, Result, Store};

/// How long a copied secret stays on the clipboard by default: long enough to switch to the
/// browser and paste, short enough not to be pasted somewhere else by mistake later.
const DEFAULT_CLIPBOARD_SECONDS: u32 = 30;

/// Board rows with the database's revision they were derived at.
struct DerivedBoard {
    revision: onshi_core::store::Revision,
    rows: Vec<onshi_core::checklist::BoardRow<'static>>,
}

/// Managed by Tauri. The store opens on first use, so a damaged database does not stop the
/// window from opening: the UI shows the error, and the next command tries again.
pub struct AppState {
    /// Set from `--data-dir` at build time, or from Tauri's path API in `setup`.
    data_dir: OnceLock<PathBuf>,
    store: Mutex<Option<Store>>,
    /// `--today`: a fixed "today" for training and tests.
    today: Option<jiff::civil::Date>,
    /// `--save-dir`: where 「PDFで保存」 writes without asking.
    save_dir: Option<PathBuf>,
    /// `--open-file`: what 「取り込む」 reads without asking.
    open_file: Option<PathBuf>,
    /// The OS keychain (or, in the IPC tests, secrets in memory).
    secrets: std::sync::Arc<dyn onshi_core::secret::SecretStore>,
    /// How long a copied secret stays on the clipboard (`--clipboard-seconds`).
    clipboard_seconds: u32,
    /// The clipboard secrets are copied to (opened on first use).
    clipboard: std::sync::Arc<crate::clipboard::SecretClipboard>,
    /// The technician's board rows as last derived, with the database's revision then, so that
    /// a filter, a sort or a search keystroke only filters and sorts them — and never shows
    /// rows older than a write (this window's or another process's).
    board: Mutex<Option<DerivedBoard>>,
    /// The board's rows derived while the window starts (技術者モード), for the first refresh
    /// only. The lock is held while they are derived, so that refresh waits for them instead
    /// of deriving the same rows beside them on a two-core PC.
    warm_board: Mutex<Option<DerivedBoard>>,
    /// Set by the first refresh: later ones always derive afresh, and a late warm-up gives up.
    warm_board_taken: std::sync::atomic::AtomicBool,
    /// The revision the last automatic backup saw: nothing written since, no new backup.
    backed_up: Mutex<Option<onshi_core::store::Revision>>,
    /// The content in use and the checks with the publisher (内容の更新).
    content: crate::content::ContentState,
    /// Held while the window runs: `onshi restore` refuses to swap the database under it.
    app_lock: Mutex<Option<onshi_core::store::app_lock::AppLock>>,
}

impl AppState {
    pub fn new(data_dir: Option<PathBuf>) -> Self {
        Self::with_today(data_dir, None)
    }

    /// With a fixed "today" (`--today`).
    pub fn with_today(data_dir: Option<PathBuf>, today: Option<jiff::civil::Date>) -> Self {
        let cell = OnceLock::new();
        if let Some(dir) = data_dir {
            let _ = cell.set(dir);
        }
        AppState {
            data_dir: cell,
            store: Mutex::new(None),
            today,
            save_dir: None,
            open_file: None,
            secrets: std::sync::Arc::new(onshi_keychain::Keychain::new()),
            clipboard_seconds: DEFAULT_CLIPBOARD_SECONDS,
            clipboard: std::sync::Arc::default(),
            board: Mutex::new(None),
            warm_board: Mutex::new(None),
            warm_board_taken: std::sync::atomic::AtomicBool::new(false),
            backed_up: Mutex::new(None),
            content: crate::content::ContentState::new(None),
            app_lock: Mutex::new(None),
        }
    }

    /// Checks content updates with `content` (its keys and the publisher's address).
    pub fn with_content(mut self, content: crate::content::ContentState) -> Self {
        self.content = content;
        self
    }

    pub fn content(&self) -> &crate::content::ContentState {
        &self.content
    }

    /// 「PDFで保存」 writes into `dir` without a dialog (`--save-dir`).
    pub fn with_save_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.save_dir = dir;
        self
    }

    pub fn save_dir(&self) -> Option<&PathBuf> {
        self.save_dir.as_ref()
    }

    /// 「取り込む」 reads `file` without a dialog (`--open-file`).
    pub fn with_open_file(mut self, file: Option<PathBuf>) -> Self {
        self.open_file = file;
        self
    }

    pub fn open_file(&self) -> Option<&PathBuf> {
        self.open_file.as_ref()
    }

    /// Keeps secrets in `store` instead of the OS keychain (the IPC tests).
    pub fn with_secrets(
        mut self,
        store: std::sync::Arc<dyn onshi_core::secret::SecretStore>,
    ) -> Self {
        self.secrets = store;
        self
    }

    pub fn secrets(&self) -> std::sync::Arc<dyn onshi_core::secret::SecretStore> {
        self.secrets.clone()
    }

    /// A copied secret is cleared from the clipboard after `seconds` (`--clipboard-seconds`).
    pub fn with_clipboard_seconds(mut self, seconds: Option<u32>) -> Self {
        if let Some(s) = seconds {
            self.clipboard_seconds = s.clamp(1, 600);
        }
        self
    }

    pub fn clipboard_seconds(&self) -> u32 {
        self.clipboard_seconds
    }

    pub fn clipboard(&self) -> std::sync::Arc<crate::clipboard::SecretClipboard> {
        self.clipboard.clone()
    }

    /// Uses `dir` unless a data directory was already given (`--data-dir` wins).
    pub fn set_default_data_dir(&self, dir: PathBuf) {
        let _ = self.data_dir.set(dir);
    }

    /// Today in Japan (Asia/Tokyo), or the `--today` the app was started with.
    pub fn today(&self) -> Result<jiff::civil::Date> {
        match self.today {
            Some(d) => Ok(d),
            None => onshi_core::calendar::tokyo_date(jiff::Timestamp::now()),
        }
    }

    /// Takes the app's lock on the data folder for as long as the app runs, before anything
    /// opens the database. Another holder (a CLI restore under way, the previous process of a
    /// restart still ending) is waited for, up to ten seconds; after that the app runs without
    /// it (logged): SQLite still orders every write, only `onshi restore` would no longer see
    /// the window.
    pub fn hold_app_lock(&self) {
        let Some(dir) = self.data_dir() else { return };
        let mut waited = 0;
        loop {
            match onshi_core::store::app_lock::AppLock::hold(dir) {
                Ok(lock) => {
                    *self.app_lock.lock().unwrap_or_else(|p| p.into_inner()) = Some(lock);
                    return;
                }
                Err(Error::AppOpen) if waited < 50 => {
                    waited += 1;
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                Err(e) => {
                    log::warn!("the data folder's lock is not held: {e:?}");
                    return;
                }
            }
        }
    }

    /// The data folder, or the error every command gives before it is resolved.
    pub fn resolved_data_dir(&self) -> Result<PathBuf> {
        self.data_dir
            .get()
            .cloned()
            .ok_or_else(|| Error::StorageUnavailable {
                detail: "data directory not resolved".into(),
            })
    }

    pub fn data_dir(&self) -> Option<&PathBuf> {
        self.data_dir.get()
    }

    /// Runs `f` with the open store (the single writer of this process), seen only through
    /// the [`Repository`] interface.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut dyn Repository) -> Result<T>) -> Result<T> {
        // A panic while holding the lock leaves SQLite consistent (transactions roll back), so a
        // poisoned lock is safe to reuse.
        let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            let dir = &self.resolved_data_dir()?;
            // A damaged file is renamed and kept (quarantined), and every call says so until a
            // backup is restored or empty data is chosen: the window keeps running.
            let held = self.app_lock.lock().unwrap_or_else(|p| p.into_inner());
            let store = onshi_core::store::quarantine::open_or_quarantine(
                dir,
                jiff::Timestamp::now(),
                held.as_ref(),
            )
            .inspect_err(|err| {
                log::error!("cannot open the database in {}: {err:?}", dir.display());
            })?;
            drop(held);
            *guard = Some(store);
        }
        match guard.as_mut() {
            Some(store) => f(store),
            None => Err(Error::StorageUnavailable {
                detail: "store not open".into(),
            }),
        }
    }

    /// An automatic backup into `<data dir>/backups` if anything was written since the last one
    /// this process made (and the newest is an hour old: see `Store::auto_backup`).
    pub fn auto_backup(
        &self,
        now: jiff::Timestamp,
    ) -> Result<Option<onshi_core::store::backup::BackupInfo>> {
        let dir = self.resolved_data_dir()?;
        // Never hold this lock while taking the store's (a restore takes them the other way).
        let seen = *self.backed_up.lock().unwrap_or_else(|p| p.into_inner());
        let (revision, written) = self.with_store(|store| {
            let revision = store.revision()?;
            if seen == Some(revision) {
                return Ok((revision, None));
            }
            Ok((revision, store.auto_backup(&dir, now)?))
        })?;
        if written.is_some() {
            *self.backed_up.lock().unwrap_or_else(|p| p.into_inner()) = Some(revision);
        }
        Ok(written)
    }

    /// Replaces the database with the backup `from` (checked first; the current one is kept
    /// aside). The store is closed for it and opens again on the next command; the board's
    /// kept rows are dropped.
    pub fn restore(
        &self,
        from: &std::path::Path,
        now: jiff::Timestamp,
    ) -> Result<onshi_core::store::backup::Restored> {
        let dir = self.resolved_data_dir()?;
        // One lock at a time (the board's and the backup's locks are taken before the store's
        // elsewhere): the kept rows are forgotten before and after, the store is closed — which
        // checkpoints its WAL — for the restore only.
        let forget = || {
            *self.board.lock().unwrap_or_else(|p| p.into_inner()) = None;
            *self.warm_board.lock().unwrap_or_else(|p| p.into_inner()) = None;
            *self.backed_up.lock().unwrap_or_else(|p| p.into_inner()) = None;
        };
        self.warm_board_taken
            .store(true, std::sync::atomic::Ordering::SeqCst);
        forget();
        let restored = {
            let mut guard = self.store.lock().unwrap_or_else(|p| p.into_inner());
            *guard = None;
            onshi_core::store::backup::restore(&dir, from, now)
        };
        forget();
        restored
    }

    /// Every clinic's board row, derived now, with the revision read before (a write while
    /// they are derived makes them stale at once, never the other way round).
    fn derive_board(&self) -> Result<DerivedBoard> {
        let revision = self.with_store(|store| store.revision())?;
        let env = onshi_core::checklist::Env::embedded(self.today()?)?;
        let cases = self.with_store(|store| store.cases())?;
        Ok(DerivedBoard {
            revision,
            rows: onshi_core::checklist::board_rows(&env, &cases, 2)?,
        })
    }

    /// Derives the board while the window starts, unless the first refresh came first.
    pub fn warm_up_board(&self) {
        use std::sync::atomic::Ordering;
        let mut slot = self.warm_board.lock().unwrap_or_else(|p| p.into_inner());
        if self.warm_board_taken.load(Ordering::SeqCst) {
            return;
        }
        // A failure is the first refresh's to report: it derives again and shows the error.
        *slot = self.derive_board().ok();
    }

    /// Derives the board afresh (`board_refresh`) — for the first refresh, the rows derived at
    /// start-up if nothing was written since — keeps it, and runs `f` on its rows.
    pub fn refresh_board<T>(
        &self,
        f: impl FnOnce(&[onshi_core::checklist::BoardRow<'static>]) -> T,
    ) -> Result<T> {
        use std::sync::atomic::Ordering;
        let warm = {
            let mut slot = self.warm_board.lock().unwrap_or_else(|p| p.into_inner());
            self.warm_board_taken.store(true, Ordering::SeqCst);
            slot.take()
        };
        let now = self.with_store(|store| store.revision())?;
        let board = match warm {
            Some(w) if w.revision == now => w,
            _ => self.derive_board()?,
        };
        let out = f(&board.rows);
        *self.board.lock().unwrap_or_else(|p| p.into_inner()) = Some(board);
        Ok(out)
    }

    /// Runs `f` on the kept board rows, derived again first if anything was written since.
    pub fn with_board<T>(
        &self,
        f: impl FnOnce(&[onshi_core::checklist::BoardRow<'static>]) -> T,
    ) -> Result<T> {
        let now = self.with_store(|store| store.revision())?;
        let mut kept = self.board.lock().unwrap_or_else(|p| p.into_inner());
        let fresh = match kept.take() {
            Some(b) if b.revision == now => b,
            _ => self.derive_board()?,
        };
        let out = f(&fresh.rows);
        *kept = Some(fresh);
        Ok(out)
    }
}
