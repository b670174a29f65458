//! 端末名称 (terminal name): one 電子証明書 per terminal, so each needs a name staff will
//! recognise later (seed 000/001 use 「オンライン資格確認パソコン」).

use super::normalize::text;
use super::{Issue, Validation};

pub const SUGGESTED: &str = "オンライン資格確認パソコン";

pub fn validate(input: &str) -> Validation {
    let name = text(input);
    if name.is_empty() {
        return Validation::default().error(Issue::new(
            "terminal-name.required",
            format!("端末名称を入力してください（例：{SUGGESTED}、受付パソコン2）。"),
        ));
    }
    Validation {
        normalized: Some(name),
        ..Validation::default()
    }
}
