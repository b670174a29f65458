//! 開設年月日 (date the 承継先 opened): shown on the portal as `YYYY-MM-DD`. A date far in the
//! future is a warning (the form is filed after the new code is issued).

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Issue, Validation};
use crate::calendar::parse_date;

pub fn validate(input: &str, today: Date) -> Validation {
    let date = match parse_date(input) {
        Ok(d) => d,
        Err(e) => {
            return Validation::default().error(Issue::new("opening-date.format", e.to_string()));
        }
    };
    let mut v = Validation {
        normalized: Some(date.to_string()),
        ..Validation::default()
    };
    if today.checked_add(1.year()).is_ok_and(|limit| date > limit) {
        v.warnings.push(Issue::new(
            "opening-date.far-future",
            "開設年月日が1年以上先になっています。年を確かめてください（承継の届出は新しいコードが発行されてから行います）。",
        ));
    }
    v
}
