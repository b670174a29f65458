//! 秘密情報 commands: which of a clinic's secrets are kept in the OS keychain, storing and
//! deleting one, and copying one to the clipboard — from Rust, so the value never reaches the
//! page, kept out of clipboard history ([`crate::clipboard`]) — cleared again after a while if
//! it is still there. No command returns a secret.

use std::sync::Arc;
use std::time::Duration;

use onshi_core::secret::{Secret, SecretKind, SecretStore};
use onshi_core::{ClinicId, Error, ErrorKind};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// One kind of secret, and whether it is stored.
#[derive(Debug, Serialize, TS)]
pub struct SecretSlot {
    pub kind: SecretKind,
    pub label: &'static str,
    pub stored: bool,
}

/// The 秘密情報 tab: every kind, or why the keychain cannot be used (the rest of the app keeps
/// working without it).
#[derive(Debug, Serialize, TS)]
pub struct SecretsPage {
    pub available: bool,
    pub message: Option<String>,
    pub slots: Vec<SecretSlot>,
    /// How long a copied secret stays on the clipboard.
    pub clear_after_seconds: u32,
}

/// Runs a keychain call off the async worker (Secret Service is D-Bus, the Credential Manager
/// a system call: both may block).
async fn keychain<T: Send + 'static>(
    store: Arc<dyn SecretStore>,
    f: impl FnOnce(&dyn SecretStore) -> onshi_core::Result<T> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(move || f(store.as_ref()))
        .await
        .map_err(|e| {
            IpcError::from(Error::Internal {
                detail: e.to_string(),
            })
        })?
        .map_err(IpcError::from)
}

/// The clinic must exist: a secret filed under a wrong id would never be found again.
fn existing(state: &AppState, clinic_id: &str) -> Result<ClinicId, IpcError> {
    let id = ClinicId::from_input(clinic_id)?;
    state.with_store(|store| store.clinic(&id))?;
    Ok(id)
}

#[tauri::command]
pub async fn clinic_secrets(
    state: State<'_, AppState>,
    clinic_id: String,
) -> Result<SecretsPage, IpcError> {
    let id = existing(&state, &clinic_id)?;
    let stored = tauri::async_runtime::spawn_blocking({
        let store = state.secrets();
        move || store.kinds(&id)
    })
    .await
    .map_err(|e| {
        IpcError::from(Error::Internal {
            detail: e.to_string(),
        })
    })?;
    let (available, message, stored) = match stored {
        Ok(kinds) => (true, None, kinds),
        Err(e @ Error::KeychainUnavailable { .. }) => {
            log::warn!("keychain unavailable: {e:?}");
            (false, Some(e.to_string()), Vec::new())
        }
        Err(e) => return Err(e.into()),
    };
    Ok(SecretsPage {
        available,
        message,
        slots: SecretKind::ALL
            .into_iter()
            .map(|kind| SecretSlot {
                kind,
                label: kind.label(),
                stored: stored.contains(&kind),
            })
            .collect(),
        clear_after_seconds: state.clipboard_seconds(),
    })
}

/// Stores a value typed in the 秘密情報 tab (checked first; the message never repeats it).
#[tauri::command]
pub async fn set_secret(
    state: State<'_, AppState>,
    clinic_id: String,
    kind: SecretKind,
    value: String,
) -> Result<(), IpcError> {
    let id = existing(&state, &clinic_id)?;
    let secret = Secret::new(kind, &value)?;
    keychain(state.secrets(), move |s| s.set(&id, kind, &secret)).await?;
    log::info!("secret stored ({})", kind.id());
    Ok(())
}

#[tauri::command]
pub async fn delete_secret(
    state: State<'_, AppState>,
    clinic_id: String,
    kind: SecretKind,
) -> Result<bool, IpcError> {
    let id = existing(&state, &clinic_id)?;
    let deleted = keychain(state.secrets(), move |s| s.delete(&id, kind)).await?;
    log::info!("secret deleted ({}): {deleted}", kind.id());
    Ok(deleted)
}

/// Copies a stored secret to the clipboard and, after `clear_after_seconds`, clears the
/// clipboard if it still holds that secret (something copied since is left alone).
#[tauri::command]
pub async fn copy_secret(
    state: State<'_, AppState>,
    clinic_id: String,
    kind: SecretKind,
) -> Result<u32, IpcError> {
    let id = existing(&state, &clinic_id)?;
    let secret = keychain(state.secrets(), move |s| s.get(&id, kind))
        .await?
        .ok_or(Error::SecretMissing { kind: kind.label() })?;
    let copy_failed = |e: crate::clipboard::ClipboardError| {
        log::warn!("clipboard: {e}");
        IpcError::plain(
            ErrorKind::Internal,
            "クリップボードにコピーできませんでした。もう一度お試しください。続くときは、オン資ナビを起動し直してください。",
        )
    };
    let clipboard = state.clipboard();
    clipboard.put(secret.expose()).map_err(copy_failed)?;
    let seconds = state.clipboard_seconds();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(u64::from(seconds)));
        if let Err(e) = clipboard.clear_if(secret.expose()) {
            log::warn!("clipboard not cleared: {e}");
        }
        // `secret` is dropped (and overwritten) here.
    });
    log::info!("secret copied ({}), cleared after {seconds} s", kind.id());
    Ok(seconds)
}
