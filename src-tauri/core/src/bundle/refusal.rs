//! Why a content update was not applied (更新を適用しなかった理由). Each text is Japanese, says
//! what happened and what to do, and never contains a file-system path. In every case the content
//! in use stays exactly as it was.

use serde::Serialize;
use ts_rs::TS;

/// The closed set of reasons; [`Refusal::kind`] tells the window whether trying again later can help.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(
        "更新の配信元に接続できませんでした（{detail}）。インターネットにつながっているかを確かめ、しばらくしてからもう一度お試しください。"
    )]
    Offline { detail: String },
    #[error(
        "更新の配信元のURL「{url}」が正しくありません。http:// か https:// で始まるURLを指定してください。"
    )]
    BadUrl { url: String },
    #[error(
        "更新の配信元が「{name}」を返しませんでした（HTTP {status}）。しばらくしてからもう一度お試しください。続くときは配信元（販売店）にお知らせください。"
    )]
    Server { name: String, status: u16 },
    #[error(
        "更新の署名が正しくありません。途中で書き換えられたか壊れた更新です。適用しませんでした。"
    )]
    BadSignature,
    #[error(
        "更新が、このアプリの信頼する鍵で署名されていません（鍵ID {key_id}）。配信元が正しいかを確かめてください。"
    )]
    UnknownKey { key_id: String },
    #[error(
        "更新の目録（manifest.json）の形が正しくありません（{detail}）。配信元にお知らせください。"
    )]
    MalformedManifest { detail: String },
    #[error(
        "この更新は新しい形式（{format}）で、このアプリでは読めません。アプリを新しい版にしてから更新してください。"
    )]
    FormatTooNew { format: u32 },
    #[error("この更新は「{channel}」向けで、このアプリの配信チャンネルではありません。")]
    WrongChannel { channel: String },
    #[error(
        "この更新は有効期限（{expires}）が過ぎています。古い更新の使い回しを防ぐため適用しません。配信元に新しい更新を出してもらってください。"
    )]
    Expired { expires: String },
    #[error(
        "この更新（版{version}）は、すでに適用した版{highest}より古いものです。古い内容に戻さないよう、適用しません。"
    )]
    Rollback { version: u64, highest: u64 },
    #[error(
        "この更新の版の番号（{version}）が、今の版（{floor}）から飛びすぎています。番号の誤りか不正な更新のおそれがあるため、適用しません。配信元にお知らせください。"
    )]
    VersionJump { version: u64, floor: u64 },
    #[error(
        "別の画面かコマンドが、いま内容を更新しています。終わってから、もう一度お試しください。"
    )]
    Busy,
    #[error(
        "ダウンロード済みの内容が読めないか、壊れています（{detail}）。「更新を確認」でもう一度取り込めます。"
    )]
    Damaged { detail: String },
    #[error("更新に、置けない場所のファイル（{path}）が含まれています。適用しませんでした。")]
    UnsafePath { path: String },
    #[error("更新のファイル「{path}」が大きすぎます（上限 {limit} バイト）。適用しませんでした。")]
    TooLarge { path: String, limit: u64 },
    #[error(
        "更新のファイル「{path}」の大きさが目録と違います（目録 {expected} バイト、届いたのは {got} バイト）。途中で切れたか、書き換えられています。適用しませんでした。"
    )]
    SizeMismatch {
        path: String,
        expected: u64,
        got: u64,
    },
    #[error(
        "更新のファイル「{path}」の中身が目録と違います（SHA-256が一致しません）。書き換えられたか、別の版のファイルです。適用しませんでした。"
    )]
    HashMismatch { path: String },
    #[error(
        "更新の内容に誤りがあり、使えません（{detail}）。適用しませんでした。配信元にお知らせください。"
    )]
    ContentInvalid { detail: String },
    #[error(
        "更新をこのパソコンに保存できませんでした（{detail}）。ディスクの空きと、データフォルダーに書き込めるかを確かめてください。"
    )]
    Io { detail: String },
}

/// What the window does with a refusal: offer to try again (the network), or show it as final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RefusalKind {
    /// Offline or the server failed: trying again later can help.
    Unreachable,
    /// The bundle itself is refused: the same bundle will be refused again.
    Refused,
    /// This PC could not store the bundle (disk, permissions).
    Storage,
    /// Another update is running on this data folder.
    Busy,
}

impl Refusal {
    pub fn kind(&self) -> RefusalKind {
        match self {
            Refusal::Offline { .. } | Refusal::Server { .. } => RefusalKind::Unreachable,
            Refusal::Io { .. } | Refusal::Damaged { .. } => RefusalKind::Storage,
            Refusal::Busy => RefusalKind::Busy,
            _ => RefusalKind::Refused,
        }
    }

    /// An I/O failure while staging or swapping, described without its path.
    pub fn io(e: &std::io::Error) -> Refusal {
        let detail = match e.kind() {
            std::io::ErrorKind::StorageFull => "ディスクがいっぱいです".to_string(),
            std::io::ErrorKind::PermissionDenied => "書き込みが許可されていません".to_string(),
            std::io::ErrorKind::ReadOnlyFilesystem => "読み取り専用です".to_string(),
            other => format!("{other}"),
        };
        Refusal::Io { detail }
    }
}
