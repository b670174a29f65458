//! The system's file dialogs, opened from Rust for the commands that save or read a file (the
//! page is granted none of the dialog plugin's commands). `None`: the user cancelled.

use std::path::PathBuf;

use onshi_core::{Error, ErrorKind};
use tauri::{AppHandle, Manager, Runtime};

use crate::ipc_error::IpcError;

/// Save under a suggested name, or open an existing file.
pub enum Ask {
    Save(String),
    Open,
}

pub async fn choose<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    filter: (&str, &[&str]),
    ask: Ask,
) -> Result<Option<PathBuf>, IpcError> {
    let internal = |detail: String| IpcError::from(Error::Internal { detail });
    let Some(dialog) = app.try_state::<tauri_plugin_dialog::Dialog<R>>() else {
        return Err(internal("dialog plugin missing".into()));
    };
    let builder = dialog
        .file()
        .set_title(title)
        .add_filter(filter.0, filter.1);
    let saving = matches!(ask, Ask::Save(_));
    let chosen = tauri::async_runtime::spawn_blocking(move || match ask {
        Ask::Save(name) => builder.set_file_name(name).blocking_save_file(),
        Ask::Open => builder.blocking_pick_file(),
    })
    .await
    .map_err(|e| internal(e.to_string()))?;
    let Some(chosen) = chosen else {
        return Ok(None);
    };
    chosen.into_path().map(Some).map_err(|e| {
        if saving {
            IpcError::plain(
                ErrorKind::FileNotSaved,
                format!("選んだ保存先を使えませんでした（{e}）。別の場所を選んでください。"),
            )
        } else {
            IpcError::plain(
                ErrorKind::InvalidInput,
                format!("選んだファイルを使えませんでした（{e}）。別のファイルを選んでください。"),
            )
        }
    })
}
