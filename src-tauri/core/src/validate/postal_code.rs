//! 郵便番号: 7 half-width digits without a hyphen (「ハイフン無し半角数字7桁」, seed 000).
//! `〒`, hyphens and full-width digits are normalised away. Whether the code exists in Japan Post
//! data is checked by the postal lookup (a warning when it does not).

use super::normalize::{compact, non_digits};
use super::{Issue, Validation};

pub fn validate(input: &str) -> Validation {
    let digits: String = compact(input).chars().filter(|c| *c != '〒').collect();
    let mut v = Validation::default();
    if digits.is_empty() {
        return v.error(Issue::new(
            "postal-code.required",
            "郵便番号を入力してください（ハイフンなしの数字7桁。例：1000001）。",
        ));
    }
    let bad = non_digits(&digits);
    if !bad.is_empty() {
        return v.error(Issue::new(
            "postal-code.not-digits",
            format!(
                "郵便番号は数字だけで入力してください。数字以外の文字「{bad}」が含まれています。"
            ),
        ));
    }
    if digits.len() != 7 {
        return v.error(Issue::new(
            "postal-code.length",
            format!("郵便番号は数字7桁です（入力は{}桁）。", digits.len()),
        ));
    }
    v.normalized = Some(digits);
    v
}
