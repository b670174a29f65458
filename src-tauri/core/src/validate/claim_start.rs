//! 請求開始年月 (オンライン請求): the earliest month follows the 20日締め rule from
//! `manuals/timelines.toml` (rule `online-claim-first-month`); an earlier month is an error that
//! names the earliest possible month. The value is `YYYY-MM`; `today` is passed in.

use jiff::civil::Date;

use super::{Issue, Validation};
use crate::timeline::Rules;

pub fn validate(input: &str, today: Date, rules: &Rules) -> Validation {
    let parsed = super::planned_month::parse_month(input);
    let v = Validation::default();
    let Some((year, month)) = parsed else {
        return v.error(Issue::new(
            "claim-start.format",
            "請求開始年月は「2027-01」のように年と月で入力してください。",
        ));
    };
    let earliest = match rules.first_claim_month(today) {
        Ok(m) => m,
        Err(e) => return v.error(Issue::new("claim-start.rules", e.to_string())),
    };
    let mut v = v;
    if (year, month) < (earliest.year, earliest.month) {
        v.errors.push(Issue::new(
            "claim-start.too-early",
            format!(
                "{year}年{month}月からは始められません。{}。{}年{}月以降を選んでください。",
                earliest.explanation, earliest.year, earliest.month
            ),
        ));
    }
    v.normalized = Some(format!("{year:04}-{month:02}"));
    v
}
