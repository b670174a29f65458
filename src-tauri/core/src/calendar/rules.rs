//! 祝日法 rules (国民の祝日に関する法律), for years after the Cabinet Office table.
//!
//! Fixed days, Happy Monday days, 春分の日/秋分の日 by the standard approximation (valid
//! 1980–2099), 国民の休日 (a day between two 祝日) and 振替休日. The law's history since 2000 is
//! followed so that a test can prove these rules reproduce the official table from 2000 on; the
//! special-law years 2019 (即位), 2020 and 2021 (Olympics) cannot be derived and are exceptions.
//! Dates from these rules are *provisional*: the official 春分/秋分 are fixed each February.

use jiff::civil::{Date, Weekday};

/// First and last year the equinox approximation is valid for.
pub const RULE_YEARS: std::ops::RangeInclusive<i16> = 1980..=2099;

fn date(y: i16, m: i8, d: i8) -> Option<Date> {
    Date::new(y, m, d).ok()
}

/// The `n`-th Monday of a month (Happy Monday).
fn nth_monday(y: i16, m: i8, n: i8) -> Option<Date> {
    date(y, m, 1)?.nth_weekday_of_month(n, Weekday::Monday).ok()
}

/// 春分日 (day of March), standard approximation for 1980–2099.
fn vernal_equinox_day(y: i16) -> i8 {
    let t = f64::from(y - 1980);
    (20.8431 + 0.242194 * t - (t / 4.0).floor()).floor() as i8
}

/// 秋分日 (day of September), standard approximation for 1980–2099.
fn autumnal_equinox_day(y: i16) -> i8 {
    let t = f64::from(y - 1980);
    (23.2488 + 0.242194 * t - (t / 4.0).floor()).floor() as i8
}

/// The 国民の祝日 themselves (no substitutes yet), for `year` in [`RULE_YEARS`].
fn national_holidays(y: i16) -> Vec<(Date, &'static str)> {
    let fixed = |m, d, name| date(y, m, d).map(|dt| (dt, name));
    let mut out: Vec<Option<(Date, &'static str)>> = vec![
        fixed(1, 1, "元日"),
        if y >= 2000 {
            nth_monday(y, 1, 2).map(|d| (d, "成人の日"))
        } else {
            fixed(1, 15, "成人の日")
        },
        fixed(2, 11, "建国記念の日"),
        fixed(3, vernal_equinox_day(y), "春分の日"),
        fixed(
            4,
            29,
            match y {
                ..=1988 => "天皇誕生日",
                1989..=2006 => "みどりの日",
                _ => "昭和の日",
            },
        ),
        fixed(5, 3, "憲法記念日"),
        fixed(5, 5, "こどもの日"),
        fixed(9, autumnal_equinox_day(y), "秋分の日"),
        fixed(11, 3, "文化の日"),
        fixed(11, 23, "勤労感謝の日"),
    ];
    match y {
        1989..=2018 => out.push(fixed(12, 23, "天皇誕生日")),
        2020.. => out.push(fixed(2, 23, "天皇誕生日")),
        _ => {}
    }
    if y >= 2007 {
        out.push(fixed(5, 4, "みどりの日"));
    }
    match y {
        2003.. => out.push(nth_monday(y, 7, 3).map(|d| (d, "海の日"))),
        1996..=2002 => out.push(fixed(7, 20, "海の日")),
        _ => {}
    }
    if y >= 2016 {
        out.push(fixed(8, 11, "山の日"));
    }
    out.push(if y >= 2003 {
        nth_monday(y, 9, 3).map(|d| (d, "敬老の日"))
    } else {
        fixed(9, 15, "敬老の日")
    });
    out.push(match y {
        2020.. => nth_monday(y, 10, 2).map(|d| (d, "スポーツの日")),
        2000..=2019 => nth_monday(y, 10, 2).map(|d| (d, "体育の日")),
        _ => fixed(10, 10, "体育の日"),
    });
    let mut days: Vec<(Date, &'static str)> = out.into_iter().flatten().collect();
    days.sort();
    days
}

/// Every 祝日・休日 of `year` by rule (sorted), or `None` outside [`RULE_YEARS`].
pub fn holidays(y: i16) -> Option<Vec<(Date, &'static str)>> {
    if !RULE_YEARS.contains(&y) {
        return None;
    }
    let mut days = national_holidays(y);
    let is_holiday = |days: &[(Date, &str)], d: Date| days.iter().any(|(h, _)| *h == d);

    // 国民の休日: a day that is not a 祝日 but whose day before and day after are.
    // Before 2007 the law excluded Sundays (and days already off as 振替休日).
    let mut sandwiched = Vec::new();
    for pair in days.windows(2) {
        let (a, b) = (pair[0].0, pair[1].0);
        if let Ok(mid) = a.tomorrow()
            && mid.tomorrow().ok() == Some(b)
            && (y >= 2007 || mid.weekday() != Weekday::Sunday)
        {
            sandwiched.push((mid, "国民の休日"));
        }
    }

    // 振替休日: a 祝日 on a Sunday moves the day off to the next day that is not a holiday
    // (since 2007; before, only to the Monday right after).
    let mut substitutes = Vec::new();
    for (day, _) in days.iter().filter(|(d, _)| d.weekday() == Weekday::Sunday) {
        let mut next = day.tomorrow().ok();
        while let Some(n) = next {
            let taken = is_holiday(&days, n) || is_holiday(&sandwiched, n);
            if !taken {
                substitutes.push((n, "振替休日"));
                break;
            }
            if y < 2007 {
                break;
            }
            next = n.tomorrow().ok();
        }
    }
    days.extend(sandwiched);
    days.extend(substitutes);
    days.sort();
    days.dedup_by_key(|(d, _)| *d);
    Some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equinoxes_match_known_years() {
        // 2026: 3/20 and 9/23 (官報); 2027: 3/21 and 9/23.
        assert_eq!(vernal_equinox_day(2026), 20);
        assert_eq!(autumnal_equinox_day(2026), 23);
        assert_eq!(vernal_equinox_day(2027), 21);
        assert_eq!(autumnal_equinox_day(2027), 23);
    }

    #[test]
    fn outside_the_formula_range_there_are_no_rules() {
        assert!(holidays(1979).is_none());
        assert!(holidays(2100).is_none());
    }
}
