//! 郵便番号: 7 half-width digits without a hyphen (「ハイフン無し半角数字7桁」, seed 000).
//! `〒`, hyphens and full-width digits are normalised away. Whether the code exists in Japan Post
//! data is checked by the postal lookup (a warning when it does not).

use super::normalize::compact;
use super::{Issue, Validation, digits_present};
use crate::Prefecture;
use crate::postal::{Address, PostalTable};

pub fn validate(input: &str) -> Validation {
    let digits: String = compact(input).chars().filter(|c| *c != '〒').collect();
    let mut v = Validation::default();
    if let Err(issue) = digits_present(
        &digits,
        "郵便番号",
        "ハイフンなしの数字7桁。例：1000001",
        ("postal-code.required", "postal-code.not-digits"),
    ) {
        return v.error(issue);
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

/// Format check, then the Japan Post data: an unknown code and a code outside the clinic's
/// 都道府県 are warnings (the data may be older than a new code). Returns the address candidates
/// so the form can fill 所在地 and 所在地カナ.
pub fn check(
    input: &str,
    table: &PostalTable,
    clinic_pref: Option<Prefecture>,
) -> (Validation, Vec<Address<'static>>) {
    let mut v = validate(input);
    // Some only for exactly seven ASCII digits.
    let Some(digits) = v.normalized.clone() else {
        return (v, Vec::new());
    };
    let found: Vec<_> = table.addresses_of(&digits).collect();
    if found.is_empty() {
        v.warnings.push(Issue::new(
            "postal-code.unknown",
            format!(
                "この郵便番号は日本郵便のデータ（{}時点）にありません。番号を確かめてください。最近できた番号なら、このまま進めて構いません。",
                table.data_date_label()
            ),
        ));
    } else if let Some(pref) = clinic_pref
        && !found.iter().any(|a| a.prefecture == pref)
    {
        let there = found[0].prefecture.name();
        v.warnings.push(Issue::new(
            "postal-code.pref-mismatch",
            format!(
                "郵便番号 {} は{}の番号ですが、医療機関の都道府県は{}です。郵便番号か都道府県を確かめてください。",
                format_args!("{}-{}", &digits[..3], &digits[3..]),
                there,
                pref.name()
            ),
        ));
    }
    (v, found)
}
