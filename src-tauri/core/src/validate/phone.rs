//! 電話番号: the portal wants half-width digits without hyphens (seed 000). Japanese numbers
//! are `0` + 9 digits (fixed lines, 0120) or `0` + 10 digits (mobile 070/080/090, IP 050, 060,
//! 0800, 020); domain.md §3.3.

use super::normalize::compact;
use super::{Issue, Validation, digits_present};

/// Prefixes that legitimately have 11 digits.
const ELEVEN_DIGIT_PREFIXES: [&str; 7] = ["050", "060", "070", "080", "090", "0800", "020"];

pub fn validate(input: &str) -> Validation {
    // Parentheses appear in written numbers: 03(1234)5678.
    let digits: String = compact(input)
        .chars()
        .filter(|c| !matches!(c, '(' | ')'))
        .collect();
    let mut v = Validation::default();
    if let Err(issue) = digits_present(
        &digits,
        "電話番号",
        "ハイフンなしの数字。例：0312345678",
        ("phone.required", "phone.not-digits"),
    ) {
        return v.error(issue);
    }
    if !digits.starts_with('0') {
        return v.error(Issue::new(
            "phone.leading-zero",
            "電話番号は 0 から始まります。市外局番から入力してください。",
        ));
    }
    match digits.len() {
        10 => {}
        11 if ELEVEN_DIGIT_PREFIXES.iter().any(|p| digits.starts_with(p)) => {}
        11 => v.warnings.push(Issue::new(
            "phone.unusual-11",
            "11桁の電話番号は通常 090・080・070・050・060・0800・020 で始まります。番号をもう一度確認してください。",
        )),
        n => {
            return v.error(Issue::new(
                "phone.length",
                format!("電話番号は市外局番から10桁または11桁です（入力は{n}桁）。"),
            ));
        }
    }
    v.normalized = Some(digits);
    v
}
