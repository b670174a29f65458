//! Errors (エラー) of the core, with a closed set of kinds that the UI and CLI map to their own
//! presentation. `Display` is Japanese, says what went wrong and how to fix it, and never
//! includes a secret or a raw path (paths may reach logs through `Debug` only).

use serde::Serialize;
use ts_rs::TS;

use crate::validate::FormReport;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The stable error kinds: the contract with `ui/` (serialized in camelCase).
/// Only kinds the UI actually distinguishes are added here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
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
    /// Occurs when an event comes before the step it follows ([`ErrorData::must_come_first`]),
    /// or its date is before the previous step's ([`ErrorData::earliest_date`]).
    OutOfOrder,
    /// Occurs when a procedure is started before the one it depends on.
    Blocked,
    /// Occurs when a 医科歯科併設 clinic records or opens a per-code step without saying which
    /// code: [`ErrorData::codes`] lists the clinic's codes to choose from.
    CodeRequired,
    /// Occurs when the code given is not one of the clinic's ([`ErrorData::codes`]).
    UnknownCode,
    /// Occurs when a terminal is not in the procedure's list ([`ErrorData::terminals`]).
    UnknownTerminal,
    /// Occurs when an event does not belong to the procedure (or to any that is given).
    NotInProcedure,
    /// Occurs when a step's milestone is recorded before its dangerous choices are confirmed
    /// ([`ErrorData::confirmations`] lists what to confirm).
    ConfirmationRequired,
    /// Occurs when a step that types answers into the portal is recorded before they are given
    /// ([`ErrorData::answers`] lists the questions).
    AnswersRequired,
    /// Occurs when a 承継's new code must be switched to first (after mail 2, before the new
    /// certificates), or the switch is asked for too early.
    CodeSwitchRequired,
    /// Occurs when the default browser could not be opened (the portal's address is shown).
    BrowserUnavailable,
    /// Occurs when the time-zone data for Asia/Tokyo is missing, so "today" is unknown.
    TimeZoneUnavailable,
    /// Occurs when the OS keychain (Windows 資格情報マネージャー, Secret Service) cannot be
    /// used: nothing secret was stored, and the app keeps working without secrets.
    KeychainUnavailable,
    /// Occurs when a file the user chose (a PDF) could not be written there; nothing was
    /// written, and an existing file of that name is as it was.
    FileNotSaved,
    /// Occurs when the app itself failed (a worker thread panicked): a bug, not the user's input.
    Internal,
}

/// A 医療機関コード to choose from (a 医科歯科併設 clinic has two).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CodeChoice {
    /// The 7 digits.
    pub code: String,
    /// 点数表 name, e.g. 医科.
    pub score_table: String,
}

/// An event that must be recorded first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct EventRef {
    pub event_id: String,
    pub title: String,
}

/// A dangerous choice to confirm before a step can be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DangerRef {
    pub procedure_id: String,
    pub danger_id: String,
    /// The sentence the user confirms.
    pub confirm: String,
}

/// A question to answer before a step can be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AnswerRef {
    pub procedure_id: String,
    pub key: String,
    pub label: String,
}

/// What the UI can act on beside the message: the choices to offer, what must come first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ErrorData {
    /// [`ErrorKind::CodeRequired`], [`ErrorKind::UnknownCode`]: the clinic's codes.
    pub codes: Vec<CodeChoice>,
    /// [`ErrorKind::UnknownTerminal`]: the terminals of the procedure.
    pub terminals: Vec<String>,
    /// [`ErrorKind::OutOfOrder`], [`ErrorKind::Blocked`]: the event to record first.
    pub must_come_first: Option<EventRef>,
    /// [`ErrorKind::OutOfOrder`]: the earliest date the event may have (YYYY-MM-DD).
    pub earliest_date: Option<String>,
    /// [`ErrorKind::ConfirmationRequired`]: the choices to confirm.
    pub confirmations: Vec<DangerRef>,
    /// [`ErrorKind::AnswersRequired`]: the questions to answer.
    pub answers: Vec<AnswerRef>,
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

    #[error(
        "{date} は今日（{today}）より後の日付のため記録できません。実際に起きた日（送信した日・届いた日）を入力してください。何も記録していません。"
    )]
    FutureDate { date: String, today: String },

    #[error("{date} は扱える範囲（{first}年〜{last}年）の外です。範囲内の日付を指定してください。")]
    DateOutOfRange { date: String, first: i16, last: i16 },

    #[error(
        "データベースが他のプログラムで使用中です。オン資ナビを複数起動していないか確認し、少し待ってからもう一度お試しください。"
    )]
    StorageBusy,

    #[error(
        "オン資ナビのアプリ（または別の onshi restore）がデータフォルダーを使っているため、データベースを入れ替えられません。アプリを閉じてから、もう一度実行してください（アプリの中では「バックアップ・移行」から戻せます）。何も変更していません。"
    )]
    AppOpen,

    #[error(
        "データベースファイルが壊れているか、オン資ナビのファイルではありません。ファイルは変更していません。画面上の「バックアップ・移行」（コマンドでは onshi restore）で最新のバックアップに戻してください（壊れたファイルは消さずに残します）。戻せないときはサポートにご連絡ください。"
    )]
    StorageCorrupt { detail: String },

    /// The database was damaged and has been renamed (quarantined); nothing is opened until a
    /// backup is restored or empty data is chosen.
    #[error(
        "{}",
        quarantined_text(kept_as, latest_backup.as_deref(), latest_backup_at.as_deref())
    )]
    StorageQuarantined {
        kept_as: String,
        /// The newest automatic backup's file name (what `onshi restore` takes, in `backups/`).
        latest_backup: Option<String>,
        /// When it was written, in Japan time (「2026/12/7 08:00」).
        latest_backup_at: Option<String>,
    },

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

    #[error("{message}何も記録していません。")]
    OutOfOrder {
        message: String,
        must_come_first: Option<EventRef>,
        earliest_date: Option<String>,
    },

    #[error("「{procedure}」はまだ始められません。{reason}")]
    Blocked {
        procedure: String,
        reason: String,
        must_come_first: Option<EventRef>,
    },

    #[error(
        "医科歯科併設のため、どちらの医療機関コードの記録かを選んでください（{}）。何も記録していません。",
        list_codes(codes)
    )]
    CodeRequired {
        procedure: String,
        codes: Vec<CodeChoice>,
    },

    #[error(
        "医療機関コード {code} はこの医療機関の「{procedure}」のコードではありません（{}）。一覧のコードを選んでください。何も記録していません。",
        list_codes(codes)
    )]
    UnknownCode {
        code: String,
        procedure: String,
        codes: Vec<CodeChoice>,
    },

    #[error(
        "端末「{terminal}」は「{procedure}」の端末一覧（{}）にありません。一覧の端末を選ぶか、手続きの回答で端末を追加してください。何も記録していません。",
        terminals.join("、")
    )]
    UnknownTerminal {
        terminal: String,
        procedure: String,
        terminals: Vec<String>,
    },

    #[error(
        "「{procedure}」の対象の端末がありません（すべて撤去されています）。「端末と電子証明書」で端末を追加してから記録してください。何も記録していません。"
    )]
    NoTerminals { procedure: String },

    #[error(
        "端末「{terminal}」はこの医療機関の端末一覧（{}）にありません。一覧にある名前を指定してください。何も変更していません。",
        if terminals.is_empty() { "端末なし".to_string() } else { terminals.join("、") }
    )]
    TerminalNotRegistered {
        terminal: String,
        terminals: Vec<String>,
    },

    #[error("{}何も記録していません。", not_in_procedure(event, procedure.as_deref()))]
    NotInProcedure {
        event: String,
        procedure: Option<String>,
    },

    #[error(
        "{event}を記録する前に、次の注意を画面で確かめて、確認欄にチェックを入れてください（{}）。何も記録していません。",
        dangers.iter().map(|d| d.confirm.as_str()).collect::<Vec<_>>().join("／")
    )]
    ConfirmationRequired {
        event: String,
        dangers: Vec<DangerRef>,
    },

    #[error(
        "{event}を記録する前に、ポータルに入力する次の項目を入力してください：{}。何も記録していません。",
        answers.iter().map(|a| format!("「{}」", a.label)).collect::<Vec<_>>().join("、")
    )]
    AnswersRequired {
        event: String,
        answers: Vec<AnswerRef>,
    },

    /// The message says what was not done (nothing recorded, or nothing changed).
    #[error("{message}")]
    CodeSwitch { message: String },

    #[error("既定のブラウザーを開けませんでした。ブラウザーで {url} を開いてください。")]
    Browser { url: &'static str, detail: String },

    #[error(
        "日本時間（Asia/Tokyo）の時刻データがないため、今日の日付が分かりません。オン資ナビを入れ直すか、サポートにご連絡ください。"
    )]
    TimeZone { detail: String },

    #[error(
        "オン資ナビの内部で問題が起きました。何も保存していません。もう一度お試しください。続くときはサポートにご連絡ください。"
    )]
    Internal { detail: String },

    #[error(
        "このパソコンの資格情報の保管場所（Windows の資格情報マネージャー）を使えないため、秘密情報は保存も表示もできません。秘密情報はほかの場所（ファイルなど）には保存しません。オン資ナビのほかの機能はそのまま使えます。パソコンにサインインし直すか再起動してから、もう一度お試しください。"
    )]
    KeychainUnavailable { detail: String },

    #[error("「{given}」という種類の秘密情報はありません。次のどれかを指定してください：{}。", kinds.join("、"))]
    UnknownSecretKind {
        given: String,
        kinds: Vec<&'static str>,
    },

    #[error("{kind}が{why}。何も保存していません。")]
    SecretInvalid { kind: &'static str, why: String },

    #[error("{kind}は保存されていません。先に保存してください。")]
    SecretMissing { kind: &'static str },

    #[error(
        "バックアップを「{path}」に書き込めませんでした（{reason}）。今のデータはそのままです。"
    )]
    BackupNotWritten { path: String, reason: String },

    #[error(
        "「{file}」はオン資ナビのバックアップとして使えません（{why}）。今のデータはそのままです。別のバックアップを選んでください。"
    )]
    BackupInvalid { file: String, why: String },

    #[error(
        "このファイルは取り込めません（{why}）。何も取り込んでいません。書き出したパソコンで、もう一度書き出してください。"
    )]
    TransferInvalid { why: String },

    #[error(
        "このファイルは新しいバージョンのオン資ナビで書き出されています（形式 {found}、このアプリが読めるのは {supported} まで）。オン資ナビを更新してから取り込んでください。何も取り込んでいません。"
    )]
    TransferTooNew { found: u64, supported: u64 },
}

fn list_codes(codes: &[CodeChoice]) -> String {
    codes
        .iter()
        .map(|c| format!("{} {}", c.score_table, c.code))
        .collect::<Vec<_>>()
        .join("／")
}

fn not_in_procedure(event: &str, procedure: Option<&str>) -> String {
    match procedure {
        Some(p) => format!("「{event}」は「{p}」の手順にない出来事です。"),
        None => format!("「{event}」は指定の手続きにはない出来事です。"),
    }
}

impl Error {
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid(_) => ErrorKind::InvalidInput,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Duplicate { .. } => ErrorKind::Duplicate,
            Error::InvalidDate { .. } | Error::FutureDate { .. } => ErrorKind::InvalidDate,
            Error::DateOutOfRange { .. } => ErrorKind::DateOutOfRange,
            Error::StorageBusy | Error::AppOpen => ErrorKind::StorageBusy,
            Error::StorageCorrupt { .. } | Error::StorageQuarantined { .. } => {
                ErrorKind::StorageCorrupt
            }
            Error::StorageTooNew { .. } => ErrorKind::StorageTooNew,
            Error::StorageUnavailable { .. } => ErrorKind::StorageUnavailable,
            Error::Content { .. } => ErrorKind::ContentInvalid,
            Error::OutOfOrder { .. } => ErrorKind::OutOfOrder,
            Error::Blocked { .. } => ErrorKind::Blocked,
            Error::CodeRequired { .. } => ErrorKind::CodeRequired,
            Error::UnknownCode { .. } => ErrorKind::UnknownCode,
            Error::UnknownTerminal { .. }
            | Error::TerminalNotRegistered { .. }
            | Error::NoTerminals { .. } => ErrorKind::UnknownTerminal,
            Error::NotInProcedure { .. } => ErrorKind::NotInProcedure,
            Error::ConfirmationRequired { .. } => ErrorKind::ConfirmationRequired,
            Error::AnswersRequired { .. } => ErrorKind::AnswersRequired,
            Error::CodeSwitch { .. } => ErrorKind::CodeSwitchRequired,
            Error::Browser { .. } => ErrorKind::BrowserUnavailable,
            Error::TimeZone { .. } => ErrorKind::TimeZoneUnavailable,
            Error::Internal { .. } => ErrorKind::Internal,
            Error::KeychainUnavailable { .. } => ErrorKind::KeychainUnavailable,
            Error::UnknownSecretKind { .. } | Error::SecretInvalid { .. } => {
                ErrorKind::InvalidInput
            }
            Error::SecretMissing { .. } => ErrorKind::NotFound,
            Error::BackupNotWritten { .. } => ErrorKind::FileNotSaved,
            Error::BackupInvalid { .. } | Error::TransferInvalid { .. } => ErrorKind::InvalidInput,
            Error::TransferTooNew { .. } => ErrorKind::StorageTooNew,
        }
    }

    /// The structured data beside the message (empty for kinds that have none).
    pub fn data(&self) -> ErrorData {
        match self {
            Error::CodeRequired { codes, .. } | Error::UnknownCode { codes, .. } => ErrorData {
                codes: codes.clone(),
                ..ErrorData::default()
            },
            Error::UnknownTerminal { terminals, .. }
            | Error::TerminalNotRegistered { terminals, .. } => ErrorData {
                terminals: terminals.clone(),
                ..ErrorData::default()
            },
            Error::OutOfOrder {
                must_come_first,
                earliest_date,
                ..
            } => ErrorData {
                must_come_first: must_come_first.clone(),
                earliest_date: earliest_date.clone(),
                ..ErrorData::default()
            },
            Error::Blocked {
                must_come_first, ..
            } => ErrorData {
                must_come_first: must_come_first.clone(),
                ..ErrorData::default()
            },
            Error::ConfirmationRequired { dangers, .. } => ErrorData {
                confirmations: dangers.clone(),
                ..ErrorData::default()
            },
            Error::AnswersRequired { answers, .. } => ErrorData {
                answers: answers.clone(),
                ..ErrorData::default()
            },
            _ => ErrorData::default(),
        }
    }

    /// Is this the user's input or the order of events (shown and logged as a refusal), rather
    /// than a failure of storage, content or the app?
    pub fn is_refusal(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::InvalidInput
                | ErrorKind::NotFound
                | ErrorKind::Duplicate
                | ErrorKind::InvalidDate
                | ErrorKind::DateOutOfRange
                | ErrorKind::OutOfOrder
                | ErrorKind::Blocked
                | ErrorKind::CodeRequired
                | ErrorKind::UnknownCode
                | ErrorKind::UnknownTerminal
                | ErrorKind::NotInProcedure
                | ErrorKind::ConfirmationRequired
                | ErrorKind::AnswersRequired
                | ErrorKind::CodeSwitchRequired
        )
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

/// The quarantine's message: what happened to the file, and the backup to go back to.
fn quarantined_text(kept_as: &str, latest_backup: Option<&str>, at: Option<&str>) -> String {
    let what = format!(
        "データベースファイルが壊れているか、オン資ナビのファイルではなかったため、使わずに「{kept_as}」という名前に変えて、データフォルダーに残しました（隔離）。"
    );
    match latest_backup {
        Some(b) => format!(
            "{what}最新のバックアップ（{}に作成、ファイル名「{b}」）に戻してください（画面では「バックアップ・移行」、コマンドでは onshi restore）。戻せないときはサポートにご連絡ください。",
            at.unwrap_or("")
        ),
        None => format!(
            "{what}このパソコンには自動バックアップがありません。バックアップのファイルがあれば、「バックアップ・移行」の「ファイルから戻す」（コマンドでは onshi restore）で戻してください。ないときは「空のデータで始める」を選び、別のパソコンからの書き出しファイルがあれば、そのあと「ファイルから取り込む」で読み込んでください。"
        ),
    }
}
