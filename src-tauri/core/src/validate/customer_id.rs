//! お客さまID (NTT フレッツ / 光コラボ), domain.md §2: `CAF` + 10 digits (13 characters) or
//! `COP` + digits. `COP` + 8 digits is what one public source says (UNCERTAIN) and `COP` + 10
//! matches the CAF shape: both are accepted, with a warning to compare against 「開通のご案内」.
//! The 確認用 field must equal the first after normalising.

use unicode_normalization::UnicodeNormalization;

use super::normalize::compact;
use super::{Issue, Validation};

/// Normalised form: NFKC, no spaces or hyphens, upper case.
pub fn normalize(input: &str) -> String {
    compact(input).nfkc().collect::<String>().to_uppercase()
}

/// Validates the ID and, when given, its 確認用 copy.
pub fn validate(input: &str, confirm: Option<&str>) -> Validation {
    let id = normalize(input);
    let mut v = Validation::default();
    if id.is_empty() {
        return v.error(Issue::new(
            "customer-id.required",
            "お客さまIDを入力してください。NTT または光コラボ事業者の「開通のご案内」に記載の、CAF または COP で始まるIDです。",
        ));
    }
    let (prefix, digits) = id.split_at(id.len().min(3));
    let all_digits = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    match (prefix, all_digits, digits.len()) {
        ("CAF", true, 10) => {}
        ("COP", true, 8) => v.warnings.push(Issue::new(
            "customer-id.cop-length",
            "COP で始まるお客さまIDの桁数は公式に確認できていません（数字8桁とする資料があります）。「開通のご案内」の表記と1文字ずつ見比べてください。",
        )),
        ("COP", true, 10) => v.warnings.push(Issue::new(
            "customer-id.cop-length",
            "COP で始まるお客さまIDの桁数は公式に確認できていません。「開通のご案内」の表記と1文字ずつ見比べてください。",
        )),
        ("CAF", true, n) => {
            return v.error(Issue::new(
                "customer-id.length",
                format!(
                    "CAF のお客さまIDは CAF＋数字10桁（全13文字）です。数字が{n}桁になっています。「開通のご案内」を確認してください。"
                ),
            ));
        }
        ("CAF" | "COP", false, _) => {
            return v.error(Issue::new(
                "customer-id.not-digits",
                format!(
                    "お客さまIDの CAF/COP の後ろは数字だけです。「{digits}」に数字以外が含まれています（O と 0、I と 1 の取り違えに注意）。"
                ),
            ));
        }
        ("COP", true, n) => {
            return v.error(Issue::new(
                "customer-id.length",
                format!(
                    "COP のお客さまIDの数字が{n}桁になっています。「開通のご案内」を確認してください。"
                ),
            ));
        }
        _ => {
            return v.error(Issue::new(
                "customer-id.prefix",
                "お客さまIDは CAF または COP で始まります。「開通のご案内」に記載のIDを入力してください（回線IDや電話番号ではありません）。",
            ));
        }
    }
    if let Some(confirm) = confirm
        && normalize(confirm) != id
    {
        v.errors.push(Issue::new(
            "customer-id.confirm-mismatch",
            "確認用のお客さまIDが一致しません。2つの欄に同じIDを入力してください（貼り付けではなく、もう一度手で入力すると誤りに気づけます）。",
        ));
    }
    v.normalized = Some(id);
    v
}
