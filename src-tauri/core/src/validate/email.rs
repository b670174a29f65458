//! ポータルのログインID (an e-mail address). Provisional accounts created before the 2024-03-25
//! renewal end in 「@01」–「@48」 and cannot reset their password: they must register anew
//! (domain.md §9).

use super::normalize::text;
use super::{Issue, Validation};

pub fn validate(input: &str) -> Validation {
    let email: String = text(input).chars().filter(|c| !c.is_whitespace()).collect();
    let mut v = Validation::default();
    if email.is_empty() {
        return v.error(Issue::new(
            "email.required",
            "ログインID（メールアドレス）を入力してください。",
        ));
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return v.error(Issue::new(
            "email.format",
            "ログインIDはメールアドレスです。「@」が含まれていません。",
        ));
    };
    if let Ok(n) = domain.parse::<u8>()
        && domain.len() == 2
        && (1..=48).contains(&n)
    {
        return v.error(Issue::new(
            "email.provisional-account",
            format!(
                "「@{domain}」で終わるIDは、旧ポータルの仮アカウントです。2024年3月25日のリニューアル後はパスワードを再設定できないため、「新規ユーザー登録はこちら」から新しくアカウントを登録してください。"
            ),
        ));
    }
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if local.is_empty() || !domain_ok || !local.is_ascii() {
        return v.error(Issue::new(
            "email.format",
            "メールアドレスの形が正しくありません（例：uketsuke@example.jp）。全角文字や余分な記号がないか確認してください。",
        ));
    }
    v.normalized = Some(email);
    v
}
