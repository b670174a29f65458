//! 内容の更新 commands: what content the window uses, and a check with the publisher — at
//! start-up in the background and on request — that downloads, verifies and applies a newer
//! signed bundle (every rule is the core's `bundle` module; the bytes move through
//! `onshi-update`). The window never waits for it: progress arrives as events.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use onshi_core::bundle::{
    self, ContentFolder, ContentOrigin, ContentStatus, Installed, RefusalKind, TrustedKeys,
};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use ts_rs::TS;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Where the publisher serves the stable channel (`--content-url` replaces it).
pub const DEFAULT_CONTENT_URL: &str = "https://content.onshinavi.jp/stable/";
/// The event carrying download progress ([`ContentProgress`]).
pub const PROGRESS_EVENT: &str = "content-progress";
/// The event carrying the result of the start-up check ([`CheckResult`]).
pub const CHECKED_EVENT: &str = "content-checked";

/// What the content panel shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ContentPanel {
    pub status: ContentStatus,
    /// 「組み込み（版1）」 or 「ダウンロード（版3、2026-12-07 発行、2027-06-01 まで）」.
    pub summary: String,
    /// The publisher's address the check uses.
    pub url: String,
    /// A version applied in this session, used from the next start.
    #[ts(type = "number | null")]
    pub pending: Option<u64>,
    /// The last check's result, if one ran in this session.
    pub last: Option<CheckResult>,
}

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CheckOutcome {
    /// A newer bundle was verified and applied: restart to use it.
    Applied,
    /// The publisher's bundle is the one in use.
    Current,
    /// Offline or the publisher failed: try again later.
    Unreachable,
    /// The bundle was refused (signature, version, expiry, a file): the content is kept.
    Refused,
    /// This PC could not store it (disk, permissions).
    Storage,
    /// Another check is running.
    Busy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CheckResult {
    pub outcome: CheckOutcome,
    /// Japanese, for the panel.
    pub message: String,
    /// 「2026/12/7 14:03」 (Japan time).
    pub checked_at: String,
}

/// Download progress (bytes of the whole bundle).
#[derive(Debug, Clone, Serialize, TS)]
pub struct ContentProgress {
    #[ts(type = "number")]
    pub done_bytes: u64,
    #[ts(type = "number")]
    pub total_bytes: u64,
    pub file: String,
}

/// The content part of the app's state.
pub struct ContentState {
    keys: TrustedKeys,
    url: String,
    status: Mutex<Option<ContentStatus>>,
    pending: Mutex<Option<u64>>,
    last: Mutex<Option<CheckResult>>,
    checking: AtomicBool,
}

impl ContentState {
    /// The publisher's embedded keys, and `url` or the default address.
    pub fn new(url: Option<String>) -> ContentState {
        let keys = TrustedKeys::embedded().unwrap_or_else(|e| {
            // The embedded keys are checked by the core's tests; without them nothing verifies.
            log::error!("embedded content keys: {e}");
            TrustedKeys::none()
        });
        ContentState::with_keys(keys, url)
    }

    /// With other keys (the IPC tests sign bundles with a key of their own).
    pub fn with_keys(keys: TrustedKeys, url: Option<String>) -> ContentState {
        ContentState {
            keys,
            url: url.unwrap_or_else(|| DEFAULT_CONTENT_URL.to_string()),
            status: Mutex::new(None),
            pending: Mutex::new(None),
            last: Mutex::new(None),
            checking: AtomicBool::new(false),
        }
    }

    pub fn keys(&self) -> &TrustedKeys {
        &self.keys
    }

    /// Remembers what start-up activation put in use.
    pub fn set_status(&self, status: ContentStatus) {
        *self.status.lock().unwrap_or_else(|p| p.into_inner()) = Some(status);
    }

    fn status(&self) -> ContentStatus {
        self.status
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .unwrap_or_else(|| {
                let embedded = bundle::embedded_version();
                ContentStatus {
                    version: embedded,
                    source: ContentOrigin::Embedded,
                    issued: None,
                    expires: None,
                    highest_seen: None,
                    embedded_version: embedded,
                    warning: None,
                }
            })
    }
}

fn summary(status: &ContentStatus) -> String {
    match status.source {
        ContentOrigin::Embedded => format!("アプリに組み込みの内容（版{}）", status.version),
        ContentOrigin::Downloaded => format!(
            "ダウンロードした内容（版{}、{} 発行、{} まで有効）",
            status.version,
            status.issued.as_deref().unwrap_or("?"),
            status.expires.as_deref().unwrap_or("?")
        ),
    }
}

fn now_text() -> String {
    onshi_core::calendar::tokyo_time_text(&jiff::Timestamp::now().to_string())
}

#[tauri::command]
pub async fn content_panel(state: State<'_, AppState>) -> Result<ContentPanel, IpcError> {
    let content = state.content();
    let status = content.status();
    Ok(ContentPanel {
        summary: summary(&status),
        status,
        url: content.url.clone(),
        pending: *content.pending.lock().unwrap_or_else(|p| p.into_inner()),
        last: content
            .last
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone(),
    })
}

/// 「更新を確認」: fetches, verifies and applies a newer bundle; the result is always a
/// [`CheckResult`] (a refusal is an answer, not an error of the command).
#[tauri::command]
pub async fn check_content_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<CheckResult, IpcError> {
    Ok(check(&app, &state).await)
}

/// 「再起動して新しい内容を使う」.
#[tauri::command]
pub fn restart_app<R: Runtime>(app: AppHandle<R>) {
    log::info!("restarting to use the new content");
    app.restart();
}

/// The check behind the button and the start-up: one at a time.
pub async fn check<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> CheckResult {
    let content = state.content();
    if content.checking.swap(true, Ordering::SeqCst) {
        return CheckResult {
            outcome: CheckOutcome::Busy,
            message: "いま更新を確認しています。終わるまでお待ちください。".into(),
            checked_at: now_text(),
        };
    }
    let result = check_once(app, state, content).await;
    content.checking.store(false, Ordering::SeqCst);
    *content.last.lock().unwrap_or_else(|p| p.into_inner()) = Some(result.clone());
    result
}

async fn check_once<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    content: &ContentState,
) -> CheckResult {
    let done = |outcome, message: String| CheckResult {
        outcome,
        message,
        checked_at: now_text(),
    };
    let (Some(dir), Ok(today)) = (state.data_dir().cloned(), state.today()) else {
        return done(
            CheckOutcome::Storage,
            "データフォルダーか今日の日付が分からないため、更新を確認できません。".into(),
        );
    };
    let highest = match state.with_store(|s| s.content_highest_seen()) {
        Ok(h) => h,
        Err(e) => return done(CheckOutcome::Storage, e.to_string()),
    };
    let status = content.status();
    let pending = *content.pending.lock().unwrap_or_else(|p| p.into_inner());
    let installed = Installed {
        // A bundle applied in this session counts as in use: the same version again is current.
        active: pending.unwrap_or(status.version),
        highest_seen: highest,
        embedded: status.embedded_version,
    };
    let folder = ContentFolder::in_data_dir(&dir);
    let request = onshi_update::Request {
        url: &content.url,
        keys: &content.keys,
        folder: &folder,
        installed,
        today,
    };
    let progress = |p: onshi_update::Progress| {
        let _ = app.emit(
            PROGRESS_EVENT,
            ContentProgress {
                done_bytes: p.done_bytes,
                total_bytes: p.total_bytes,
                file: p.file,
            },
        );
    };
    match onshi_update::update(request, &progress).await {
        Ok(onshi_update::Outcome::Applied { version, .. }) => {
            if let Err(e) = state.with_store(|s| s.note_content_applied(version)) {
                log::warn!("content v{version} applied, but its version was not recorded: {e:?}");
            }
            *content.pending.lock().unwrap_or_else(|p| p.into_inner()) = Some(version);
            log::info!("content v{version} applied; used from the next start");
            done(
                CheckOutcome::Applied,
                format!(
                    "新しい手順の内容（版{version}）を取り込みました。署名とすべてのファイルを確かめ済みです。オン資ナビを再起動すると使えます。"
                ),
            )
        }
        Ok(onshi_update::Outcome::AlreadyCurrent { version }) => done(
            CheckOutcome::Current,
            format!("最新の内容（版{version}）です。更新はありません。"),
        ),
        Err(refusal) => {
            log::info!("content update not applied: {refusal}");
            let outcome = match refusal.kind() {
                RefusalKind::Unreachable => CheckOutcome::Unreachable,
                RefusalKind::Refused => CheckOutcome::Refused,
                RefusalKind::Storage => CheckOutcome::Storage,
                RefusalKind::Busy => CheckOutcome::Busy,
            };
            done(
                outcome,
                format!("{refusal} 今の内容（版{}）のまま使います。", status.version),
            )
        }
    }
}

/// Start-up: puts the data folder's verified bundle in use (before anything reads content), then
/// checks the publisher in the background and tells the window when it is done.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    activate(&state);
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = handle.state::<AppState>();
        let result = check(&handle, &state).await;
        let _ = handle.emit(CHECKED_EVENT, result);
    });
}

fn activate(state: &AppState) {
    let content = state.content();
    let (Some(dir), Ok(today)) = (state.data_dir().cloned(), state.today()) else {
        return;
    };
    let highest = state
        .with_store(|s| s.content_highest_seen())
        .ok()
        .flatten();
    let folder = ContentFolder::in_data_dir(&dir);
    let status = bundle::activate(&folder, content.keys(), highest, today);
    log::info!("content version {} ({:?})", status.version, status.source);
    // The bundle in use is the rollback floor; record it when the database lacks it (restored
    // from a backup, or an update interrupted between the swap and the record).
    if status.source == ContentOrigin::Downloaded
        && highest < Some(status.version)
        && let Err(e) = state.with_store(|s| s.note_content_applied(status.version))
    {
        log::warn!("content v{}: version not recorded: {e:?}", status.version);
    }
    if let Some(w) = &status.warning {
        log::warn!("content: {w}");
    }
    content.set_status(status);
}
