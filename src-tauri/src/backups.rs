//! バックアップ commands: the automatic backups there are, one more now, and putting one back
//! (a listed backup by its name, or a file chosen in the system's open dialog — opened from
//! Rust, never by the page). The core checks every file before anything changes.

use std::path::PathBuf;

use onshi_core::calendar::tokyo_time_text;
use onshi_core::store::backup::{self, BACKUP_DIR, KEEP_AT_LEAST, KEEP_DAYS};
use onshi_core::{Error, ErrorKind};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::dialogs::{Ask, choose};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// One automatic backup.
#[derive(Debug, Serialize, TS)]
pub struct BackupLine {
    /// The file's name (what `restore_backup` takes).
    pub name: String,
    /// 「2026/12/7 11:48」 (Japan time)
    pub written: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// The バックアップ panel.
#[derive(Debug, Serialize, TS)]
pub struct BackupsPage {
    /// Newest first.
    pub backups: Vec<BackupLine>,
    /// 「作ってから14日間残します（…）。」
    pub kept: String,
}

/// What a restore did, in words.
#[derive(Debug, Serialize, TS)]
pub struct RestoredView {
    #[ts(type = "number")]
    pub clinics: u64,
    pub message: String,
}

fn backup_dir(state: &AppState) -> Result<PathBuf, IpcError> {
    Ok(state.resolved_data_dir()?.join(BACKUP_DIR))
}

/// 「2026/12/7 11:55:02」 in Japan time: two backups a few seconds apart must differ.
fn written_text(time: jiff::Timestamp) -> String {
    match jiff::tz::TimeZone::get("Asia/Tokyo") {
        Ok(tz) => {
            let z = time.to_zoned(tz);
            format!(
                "{}/{}/{} {:02}:{:02}:{:02}",
                z.year(),
                z.month(),
                z.day(),
                z.hour(),
                z.minute(),
                z.second()
            )
        }
        Err(_) => tokyo_time_text(&time.to_string()),
    }
}

fn line_of(time: jiff::Timestamp, path: &std::path::Path) -> BackupLine {
    BackupLine {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        written: written_text(time),
        bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    }
}

#[tauri::command]
pub async fn backups_page(state: State<'_, AppState>) -> Result<BackupsPage, IpcError> {
    let dir = backup_dir(&state)?;
    let mut list = backup::list_auto(&dir)?;
    list.reverse();
    Ok(BackupsPage {
        backups: list.iter().map(|(t, p)| line_of(*t, p)).collect(),
        kept: format!(
            "作ってから{KEEP_DAYS}日間残します（最新の{KEEP_AT_LEAST}件は、それより古くても残します）。"
        ),
    })
}

/// 「今すぐバックアップ」: one more automatic backup, whatever the time since the last.
#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupLine, IpcError> {
    let dir = backup_dir(&state)?;
    std::fs::create_dir_all(&dir).map_err(|e| {
        IpcError::from(Error::StorageUnavailable {
            detail: e.to_string(),
        })
    })?;
    let now = jiff::Timestamp::now();
    let target = dir.join(backup::auto_name(now));
    state.with_store(|store| store.backup_to(&target))?;
    backup::prune(&dir, now)?;
    log::info!("backup written on request");
    Ok(line_of(now, &target))
}

fn restored_view(done: backup::Restored) -> RestoredView {
    let message = match done.kept_aside.as_ref().and_then(|p| p.file_name()) {
        Some(name) => format!(
            "バックアップから戻しました（医療機関 {} 件）。戻す前のデータは、データフォルダーに「{}」として残しています。",
            done.clinics,
            name.to_string_lossy()
        ),
        // After a quarantine there was no database to keep (the damaged one is kept already).
        None => format!(
            "バックアップから戻しました（医療機関 {} 件）。",
            done.clinics
        ),
    };
    RestoredView {
        clinics: done.clinics,
        message,
    }
}

/// Puts back the automatic backup named `name` (one of `backups_page`'s).
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    name: String,
) -> Result<RestoredView, IpcError> {
    let dir = backup_dir(&state)?;
    // Only a listed backup: the page never names an arbitrary path.
    let Some((_, path)) = backup::list_auto(&dir)?
        .into_iter()
        .find(|(_, p)| p.file_name().is_some_and(|n| n.to_string_lossy() == name))
    else {
        return Err(IpcError::plain(
            ErrorKind::NotFound,
            "そのバックアップは見つかりません。一覧を開き直して、もう一度選んでください。",
        ));
    };
    let done = state.restore(&path, jiff::Timestamp::now())?;
    log::info!("restored from an automatic backup");
    Ok(restored_view(done))
}

/// Puts back a backup file chosen in the system's open dialog (a copy brought on a USB stick).
/// `null` when the dialog was cancelled.
#[tauri::command]
pub async fn restore_backup_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<RestoredView>, IpcError> {
    let filter = ("オン資ナビのバックアップ", &["sqlite3", "db", "bak"][..]);
    let Some(path) = choose(&app, "戻すバックアップを選ぶ", filter, Ask::Open).await?
    else {
        return Ok(None);
    };
    let done = state.restore(&path, jiff::Timestamp::now())?;
    log::info!("restored from a chosen file");
    Ok(Some(restored_view(done)))
}

/// The database set aside because it was damaged (隔離), and the backup to offer first.
#[derive(Debug, Serialize, TS)]
pub struct QuarantineView {
    /// What happened and what to do, in words.
    pub message: String,
    /// The kept file's name in the data folder.
    pub kept_as: String,
    /// The newest automatic backup (what 「最新のバックアップに戻す」 restores).
    pub latest_backup: Option<BackupLine>,
}

/// Opens the database if it is not open yet and says whether it was quarantined (`null`
/// when the database is usable — or unusable for another reason, which the next command
/// reports as usual).
#[tauri::command]
pub async fn database_state(
    state: State<'_, AppState>,
) -> Result<Option<QuarantineView>, IpcError> {
    // Opening is what finds (and quarantines) a damaged file.
    let opened = state.with_store(|_| Ok(()));
    if !matches!(opened, Err(Error::StorageQuarantined { .. })) {
        return Ok(None);
    }
    let dir = state.resolved_data_dir()?;
    let Some(q) = onshi_core::store::quarantine::quarantined(&dir)? else {
        return Ok(None);
    };
    let message = opened.err().map(|e| e.to_string()).unwrap_or_default();
    let latest_backup = q.latest_backup.as_ref().map(|(t, p)| line_of(*t, p));
    Ok(Some(QuarantineView {
        message,
        kept_as: q.kept_as,
        latest_backup,
    }))
}

/// 「空のデータで始める」: after a quarantine, a person chose not to restore. The kept file
/// stays in the data folder; the next command creates an empty database.
#[tauri::command]
pub async fn start_empty_data(state: State<'_, AppState>) -> Result<(), IpcError> {
    let dir = state.resolved_data_dir()?;
    onshi_core::store::quarantine::start_empty(&dir)?;
    log::warn!("the user chose empty data after a quarantine");
    Ok(())
}
