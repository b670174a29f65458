//! Errors (エラー) of the core, with a closed set of kinds that the UI and CLI map to their own
//! presentation. `Display` is Japanese, says what went wrong and how to fix it, and never
//! includes a secret or a raw path (paths may reach logs through `Debug` only).

use serde::Serialize;

use crate::validate::FormReport;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The stable error kinds: the contract with `ui/` (serialized in camelCase).
/// Only kinds the UI actually distinguishes are added here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// Occurs when submitted input breaks a hard rule; details are in the form report.
    InvalidInput,
    /// Occurs when an id (clinic, procedure, event) does not exist.
    NotFound,
    /// Occurs when the same 医療機関コード is registered twice.
    Duplicate,
    /// Occurs when a typed date is malformed or does not exist (2026-02-30).
    InvalidDate,
    /// Occurs when a date is outside the years the calendar knows (1955–2099).
    DateOutOfRange,
    /// Occurs when another process holds the database lock for too long.
    StorageBusy,
    /// Occurs when the database file is damaged or is not an Onshi Navi database.
    StorageCorrupt,
    /// Occurs when the database was written by a newer Onshi Navi (schema too new).
    StorageTooNew,
    /// Occurs for any other I/O or database failure (disk full, permission denied, …).
    StorageUnavailable,
    /// Occurs when embedded or downloaded content (manuals, rules) cannot be read.
    ContentInvalid,
    /// Occurs when an event comes before the step it follows, or dates go backwards.
    OutOfOrder,
    /// Occurs when a procedure is started before the one it depends on.
    Blocked,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("入力内容に誤りがあります。指摘された項目を直してから、もう一度お試しください。")]
    Invalid(FormReport),

    #[error("{what}（{id}）が見つかりません。一覧を開き直して、もう一度選んでください。")]
    NotFound { what: &'static str, id: String },

    #[error(
        "医療機関コード {code} の医療機関はすでに登録されています（{name}）。一覧から既存の医療機関を開いてください。"
    )]
    Duplicate { code: String, name: String },

    #[error("日付「{input}」を読み取れません。{why}。")]
    InvalidDate { input: String, why: String },

    #[error("{date} は扱える範囲（{first}年〜{last}年）の外です。範囲内の日付を指定してください。")]
    DateOutOfRange { date: String, first: i16, last: i16 },

    #[error(
        "データベースが他のプログラムで使用中です。オン資ナビを複数起動していないか確認し、少し待ってからもう一度お試しください。"
    )]
    StorageBusy,

    #[error(
        "データベースファイルが壊れているか、オン資ナビのファイルではありません。ファイルは変更していません。バックアップから戻すか、サポートにご連絡ください。"
    )]
    StorageCorrupt { detail: String },

    #[error(
        "このデータベースは新しいバージョンのオン資ナビで作成されています（形式 {found}、このアプリが扱えるのは {supported} まで）。オン資ナビを更新してください。ファイルは変更していません。"
    )]
    StorageTooNew { found: i64, supported: i64 },

    #[error(
        "データを保存または読み込みできませんでした。ディスクの空き容量とフォルダーの権限を確認してください。入力内容は失われていません。"
    )]
    StorageUnavailable { detail: String },

    #[error(
        "手順書・ルールのデータを読み込めませんでした。オン資ナビを入れ直すか、サポートにご連絡ください。"
    )]
    Content { detail: String },

    #[error("{message} 何も記録していません。")]
    OutOfOrder { message: String },

    #[error("「{procedure}」はまだ始められません。{reason}")]
    Blocked { procedure: String, reason: String },
}

/// Embedded content (手順書, timeline rules, the postal table), loaded and checked once per
/// process by [`load_once`].
pub(crate) type Loaded<T> = std::sync::OnceLock<std::result::Result<T, String>>;

/// The value in `cell`, loading it on the first call. A failure is kept and returned as
/// [`Error::Content`] on every later call: embedded content cannot change while the process runs.
pub(crate) fn load_once<T>(
    cell: &'static Loaded<T>,
    load: impl FnOnce() -> Result<T>,
) -> Result<&'static T> {
    cell.get_or_init(|| load().map_err(|e| format!("{e:?}")))
        .as_ref()
        .map_err(|detail| Error::Content {
            detail: detail.clone(),
        })
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid(_) => ErrorKind::InvalidInput,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Duplicate { .. } => ErrorKind::Duplicate,
            Error::InvalidDate { .. } => ErrorKind::InvalidDate,
            Error::DateOutOfRange { .. } => ErrorKind::DateOutOfRange,
            Error::StorageBusy => ErrorKind::StorageBusy,
            Error::StorageCorrupt { .. } => ErrorKind::StorageCorrupt,
            Error::StorageTooNew { .. } => ErrorKind::StorageTooNew,
            Error::StorageUnavailable { .. } => ErrorKind::StorageUnavailable,
            Error::Content { .. } => ErrorKind::ContentInvalid,
            Error::OutOfOrder { .. } => ErrorKind::OutOfOrder,
            Error::Blocked { .. } => ErrorKind::Blocked,
        }
    }

    /// The form report when this is a validation failure.
    pub fn report(&self) -> Option<&FormReport> {
        match self {
            Error::Invalid(report) => Some(report),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match err.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::StorageBusy,
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => Error::StorageCorrupt {
                detail: err.to_string(),
            },
            _ => Error::StorageUnavailable {
                detail: err.to_string(),
            },
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::StorageUnavailable {
            detail: err.to_string(),
        }
    }
}
