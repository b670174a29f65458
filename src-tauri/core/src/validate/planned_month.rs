//! 利用開始予定年月 (オンライン資格確認): a month, not in the past (`today` is passed in).

use jiff::civil::Date;

use super::normalize::text;
use super::{Issue, Validation};

/// Parses 「2027-01」「2027/1」「2027年1月」 (full-width accepted) into (year, month).
pub fn parse_month(input: &str) -> Option<(i16, i8)> {
    let value: String = text(input)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '月')
        .map(|c| match c {
            '/' | '年' | 'ー' | '－' | '‐' | '−' => '-',
            c => c,
        })
        .collect();
    let (y, m) = value.split_once('-')?;
    let (y, m): (i16, i8) = (y.parse().ok()?, m.parse().ok()?);
    Date::new(y, m, 1).ok().map(|_| (y, m))
}

pub fn validate(input: &str, today: Date) -> Validation {
    let Some((year, month)) = parse_month(input) else {
        return Validation::default().error(Issue::new(
            "planned-month.format",
            "利用開始予定年月は「2027-01」のように年と月で入力してください。",
        ));
    };
    let mut v = Validation {
        normalized: Some(format!("{year:04}-{month:02}")),
        ..Validation::default()
    };
    if (year, month) < (today.year(), today.month()) {
        v.errors.push(Issue::new(
            "planned-month.past",
            format!(
                "{year}年{month}月は過ぎています。{}年{}月以降を入力してください。",
                today.year(),
                today.month()
            ),
        ));
    }
    v
}
