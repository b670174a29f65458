//! The error shape every command returns: `{kind, message, issues, data}`.
//! `kind` is the core's closed [`ErrorKind`] (camelCase values), `message` its Japanese text,
//! `issues` the per-field findings of a validation failure (empty otherwise) and `data` what
//! the UI can act on (the codes or terminals to choose from, what must come first). No paths,
//! no secrets.

use onshi_core::error::ErrorData;
use onshi_core::validate::FormIssue;
use onshi_core::{Error, ErrorKind};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    pub issues: Vec<FormIssue>,
    /// Boxed: the error stays small on the `Result` path of every command.
    pub data: Box<ErrorData>,
}

impl IpcError {
    /// An error the shell itself finds (a file not saved, a sheet asked for wrongly), with its
    /// Japanese message and no data to act on.
    pub fn plain(kind: ErrorKind, message: impl Into<String>) -> Self {
        let message = message.into();
        log::info!("rejected ({kind:?}): {message}");
        IpcError {
            kind,
            message,
            issues: Vec::new(),
            data: Box::default(),
        }
    }
}

impl From<Error> for IpcError {
    fn from(err: Error) -> Self {
        // A refusal is the user's input or the order of events; anything else is a failure of
        // storage, content or the app, and its detail (never shown) goes to the log.
        if err.is_refusal() {
            log::info!("rejected ({:?}): {err}", err.kind());
        } else {
            log::warn!("failed ({:?}): {err:?}", err.kind());
        }
        IpcError {
            kind: err.kind(),
            message: err.to_string(),
            issues: err.report().map(|r| r.issues.clone()).unwrap_or_default(),
            data: Box::new(err.data()),
        }
    }
}
