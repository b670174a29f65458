//! お客さまID (NTT フレッツ / 光コラボ): 13 characters, `CAF` or `COP` followed by 10 digits
//! (seed 004: 「13桁のお客様ID」). `COP` + 8 digits appears in one old source only, so it is
//! accepted with a warning to compare against 「開通のご案内」; anything else is an error.
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
        ("CAF" | "COP", true, 10) => {}
        ("COP", true, 8) => v.warnings.push(Issue::new(
            "customer-id.cop-length",
            "お客さまIDは COP＋数字10桁（全13文字）がふつうです。数字8桁のIDは古い資料にしか見当たりません。「開通のご案内」の表記と1文字ずつ見比べてください。",
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
                    "COP のお客さまIDは COP＋数字10桁（全13文字）です。数字が{n}桁になっています。「開通のご案内」を確認してください。"
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
