//! 医療機関等コード (7 digits: 郡市区番号2 + 医療機関番号4 + 検証番号1) and its check digit
//! (検証番号), domain.md §1.
//!
//! The check digit is computed over the 9-digit body 都道府県(2) + 点数表(1) + the first six
//! digits, modulus 10 with weights 2,1 from the right, adding the digits of two-digit products —
//! which is Luhn on the 10-digit code. A mismatch is only a warning: legacy codes in 埼玉・千葉・
//! 東京・神奈川 are said to use another body (UNCERTAIN).

use super::normalize::compact;
use super::{Issue, Validation, digits_present};
use crate::{Prefecture, ScoreTable};

/// 検証番号 for the 9-digit body (`pref` two digits, `table` one digit, `first6` six digits).
/// Returns `None` when the body is not nine ASCII digits.
pub fn check_digit(body: &str) -> Option<u8> {
    if body.len() != 9 || !body.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let product = u32::from(b - b'0') * if i % 2 == 0 { 2 } else { 1 };
            product / 10 + product % 10
        })
        .sum();
    u8::try_from((10 - sum % 10) % 10).ok()
}

/// Validates a 医療機関等コード as typed or pasted (7 digits, or the 10-digit form from a
/// prescription), against the clinic's 都道府県 and 点数表 when they are known.
pub fn validate(input: &str, pref: Option<Prefecture>, table: Option<ScoreTable>) -> Validation {
    let digits = compact(input);
    if let Err(issue) = digits_present(
        &digits,
        "医療機関コード",
        "数字7桁。例：0712362",
        ("medical-code.required", "medical-code.not-digits"),
    ) {
        return Validation::default().error(issue);
    }
    let none = Validation::default();

    let mut v = Validation::default();
    let (pref, table, code7) = match digits.len() {
        7 => (pref, table, digits),
        10 => {
            // A pasted 10-digit code: 都道府県(2) + 点数表(1) + the 7 digits the portal wants.
            let Some((pp, tt, code7)) = crate::code::split_full(&digits) else {
                return none;
            };
            let in_pref = Prefecture::from_code(pp);
            let in_table = ScoreTable::from_code(tt);
            if let (Some(chosen), Some(found)) = (pref, in_pref)
                && chosen != found
            {
                v.errors.push(Issue::new(
                    "medical-code.pref-mismatch",
                    format!(
                        "10桁のコードの都道府県番号 {} は {} ですが、選んだ都道府県は {} です。コードか都道府県のどちらかを直してください。",
                        found.code(),
                        found.name(),
                        chosen.name()
                    ),
                ));
            }
            if let (Some(chosen), Some(found)) = (table, in_table)
                && chosen != found
            {
                v.errors.push(Issue::new(
                    "medical-code.table-mismatch",
                    format!(
                        "10桁のコードの点数表番号 {}（{}）が、選んだ点数表（{}）と一致しません。コードか点数表のどちらかを直してください。",
                        found.code(),
                        found.name(),
                        chosen.name()
                    ),
                ));
            }
            if in_pref.is_none() || in_table.is_none() {
                v.errors.push(Issue::new(
                    "medical-code.bad-10-digit",
                    "10桁のコードの先頭3桁（都道府県番号2桁＋点数表番号1桁）が正しくありません。ポータルには医療機関コード7桁を入力します。",
                ));
            }
            // The check digit belongs to the pasted code: check it against its own prefix.
            (in_pref.or(pref), in_table.or(table), code7.to_string())
        }
        n => {
            return none.error(Issue::new(
                "medical-code.length",
                format!(
                    "医療機関コードは数字7桁です（入力は{n}桁）。郡市区番号2桁＋医療機関番号4桁＋検証番号1桁を確認してください。"
                ),
            ));
        }
    };

    if let (Some(p), Some(t)) = (pref, table)
        && let Some((body, given)) = crate::code::check_digit_parts(p, t, &code7)
        && let Some(expected) = check_digit(&body)
        && given != expected
    {
        v.warnings.push(Issue::new(
            "medical-code.check-digit",
            format!(
                "検証番号（最後の1桁）が計算と合いません。{}・{}のコードなら最後の桁は {expected} になるはずです（入力は {given}）。通知書や処方箋でコードをもう一度確認してください。古い番号体系のコード（埼玉・千葉・東京・神奈川）の場合はこのまま進めて構いません。",
                p.name(),
                t.name()
            ),
        ));
    }
    v.normalized = Some(code7);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mhlw_worked_examples() {
        // domain.md §1.2: 341071236 → 2 (MHLW 別添２), 011011371 → 9 (Wikipedia).
        assert_eq!(check_digit("341071236"), Some(2));
        assert_eq!(check_digit("011011371"), Some(9));
        assert_eq!(check_digit("34107123"), None);
        assert_eq!(check_digit("34107123a"), None);
    }
}
