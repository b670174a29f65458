//! The error shape every command returns: `{kind, message, issues}`.
//! `kind` is the core's closed [`ErrorKind`] (camelCase), `message` its Japanese text, `issues`
//! the per-field findings of a validation failure (empty otherwise). No paths, no secrets.

use onshi_core::validate::FormIssue;
use onshi_core::{Error, ErrorKind};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
    pub issues: Vec<FormIssue>,
}

impl From<Error> for IpcError {
    fn from(err: Error) -> Self {
        match err.kind() {
            ErrorKind::InvalidInput | ErrorKind::Duplicate | ErrorKind::NotFound => {
                log::info!("rejected: {err}")
            }
            _ => log::warn!("storage error: {err:?}"),
        }
        IpcError {
            kind: err.kind(),
            message: err.to_string(),
            issues: err.report().map(|r| r.issues.clone()).unwrap_or_default(),
        }
    }
}
