//! 書き出し・読み込み commands: clinics written to a transfer file through the save dialog (or
//! `--save-dir`), and a transfer file read through the open dialog (or `--open-file`). Both
//! dialogs are opened from Rust; the page never names a path.

use std::path::PathBuf;

use onshi_core::{ClinicId, Error, ErrorKind};
use onshi_print::write_atomically;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::dialogs::{Ask, choose};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// A written transfer file.
#[derive(Debug, Serialize, TS)]
pub struct ExportedFile {
    pub path: String,
    pub clinics: u32,
}

/// What reading a file did, in lines the panel shows.
#[derive(Debug, Serialize, TS)]
pub struct ImportView {
    pub added: Vec<String>,
    pub merged: Vec<String>,
    pub rows_added: u32,
    pub already_here: u32,
    /// 「みどり内科：oqs-submitted　このパソコン 2026-12-03／取り込んだファイル 2026-12-02」
    pub conflicts: Vec<String>,
    pub skipped: Vec<String>,
}

fn internal(e: impl std::fmt::Display) -> IpcError {
    IpcError::from(Error::Internal {
        detail: e.to_string(),
    })
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Writes the clinics `clinic_ids` (all when empty) to a file the user chooses. `null` when
/// the dialog was cancelled.
#[tauri::command]
pub async fn export_clinics_json<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    clinic_ids: Vec<String>,
) -> Result<Option<ExportedFile>, IpcError> {
    let ids = clinic_ids
        .iter()
        .map(|id| ClinicId::from_input(id))
        .collect::<onshi_core::Result<Vec<_>>>()?;
    let now = jiff::Timestamp::now();
    let file = state.with_store(|store| store.export_clinics(&ids, now))?;
    let clinics = count(file["clinics"].as_array().map_or(0, Vec::len));
    let mut bytes = serde_json::to_vec_pretty(&file).map_err(internal)?;
    bytes.push(b'\n');
    let name = format!(
        "オン資ナビ_医療機関{clinics}件_{}.json",
        state.today().map(|d| d.to_string()).unwrap_or_default()
    );
    let path = match state.save_dir() {
        Some(dir) => dir.join(name),
        None => {
            let filter = ("オン資ナビの書き出し（JSON）", &["json"][..]);
            match choose(&app, "医療機関を書き出す", filter, Ask::Save(name)).await? {
                Some(p) => p,
                None => return Ok(None),
            }
        }
    };
    let target = path.clone();
    tauri::async_runtime::spawn_blocking(move || write_atomically(&target, &bytes))
        .await
        .map_err(internal)?
        .map_err(|e| IpcError::plain(ErrorKind::FileNotSaved, e.to_string()))?;
    log::info!("{clinics} clinics exported");
    Ok(Some(ExportedFile {
        path: path.display().to_string(),
        clinics,
    }))
}

/// Reads a transfer file the user chooses (or `--open-file`). `null` when cancelled.
#[tauri::command]
pub async fn import_clinics_json<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ImportView>, IpcError> {
    let path: PathBuf = match state.open_file() {
        Some(p) => p.clone(),
        None => {
            let filter = ("オン資ナビの書き出し（JSON）", &["json"][..]);
            match choose(&app, "取り込むファイルを選ぶ", filter, Ask::Open).await? {
                Some(p) => p,
                None => return Ok(None),
            }
        }
    };
    let bytes = std::fs::read(&path).map_err(|e| {
        IpcError::plain(
            ErrorKind::InvalidInput,
            format!("ファイルを読めませんでした（{e}）。別のファイルを選んでください。何も取り込んでいません。"),
        )
    })?;
    let now = jiff::Timestamp::now();
    let report = state.with_store(|store| store.import_clinics(&bytes, now))?;
    let catalog = onshi_core::procedure::Catalog::embedded()?;
    log::info!(
        "import: {} added, {} merged, {} conflicts",
        report.added.len(),
        report.merged.len(),
        report.conflicts.len()
    );
    Ok(Some(ImportView {
        rows_added: count(report.rows_added),
        already_here: count(report.already_here),
        conflicts: report
            .conflicts
            .iter()
            .map(|c| {
                format!(
                    "{}：「{}」{}　このパソコン {}／取り込んだファイル {}",
                    c.clinic,
                    c.step_title(catalog),
                    c.terminal
                        .as_deref()
                        .map_or_else(String::new, |t| format!("（端末：{t}）")),
                    c.local_date,
                    c.imported_date
                )
            })
            .collect(),
        added: report.added,
        merged: report.merged,
        skipped: report.skipped,
    }))
}
