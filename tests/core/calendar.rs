//! Holidays and business days (domain.md §7). Business day = not Sat/Sun, not a 祝日・休日,
//! not 12/29–1/3.

use std::collections::BTreeMap;

use jiff::civil::{Date, date};
use onshi_core::ErrorKind;
use onshi_core::calendar::{Calendar, DayOff, FIRST_DAY, LAST_DAY, parse_date, rules};
use proptest::prelude::*;

fn cal() -> &'static Calendar {
    Calendar::embedded()
}

fn business(d: Date) -> bool {
    cal().is_business_day(d).unwrap()
}

/// The special-law years the rules cannot derive: 2019 (即位: 5/1, 10/22 and the 国民の休日 around
/// them; no 天皇誕生日), 2020 and 2021 (Olympics moved 海の日, スポーツの日, 山の日).
const SPECIAL_LAW_YEARS: [i16; 3] = [2019, 2020, 2021];

#[test]
fn the_rules_reproduce_every_official_holiday_from_2000() {
    let mut mismatches = Vec::new();
    for year in 2000..=cal().official_until() {
        if SPECIAL_LAW_YEARS.contains(&year) {
            continue;
        }
        let official: BTreeMap<Date, String> = cal()
            .holidays_in(year)
            .unwrap()
            .into_iter()
            .map(|h| (h.date, h.name))
            .collect();
        let by_rule: BTreeMap<Date, String> = rules::holidays(year)
            .unwrap()
            .into_iter()
            .map(|(d, n)| (d, n.to_string()))
            .collect();
        if official != by_rule {
            mismatches.push(format!(
                "{year}: official {official:?}\n      rules {by_rule:?}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn the_special_law_years_really_differ_from_the_rules() {
    // If these ever matched, the exception list above would be hiding nothing and should shrink.
    for year in SPECIAL_LAW_YEARS {
        let official: Vec<Date> = cal()
            .holidays_in(year)
            .unwrap()
            .iter()
            .map(|h| h.date)
            .collect();
        let by_rule: Vec<Date> = rules::holidays(year)
            .unwrap()
            .iter()
            .map(|(d, _)| *d)
            .collect();
        assert_ne!(official, by_rule, "{year}");
    }
}

#[test]
fn official_years_are_not_provisional_later_years_are() {
    assert_eq!(cal().official_until(), 2027);
    assert!(
        cal()
            .holidays_in(2027)
            .unwrap()
            .iter()
            .all(|h| !h.provisional)
    );
    let y2028 = cal().holidays_in(2028).unwrap();
    assert!(y2028.iter().all(|h| h.provisional));
    assert_eq!(y2028.len(), 16);
}

#[test]
fn golden_week_2026() {
    // 4/29 昭和の日 (Wed); 5/3 憲法記念日 is a Sunday → 5/6 振替休日.
    for (d, off) in [
        (date(2026, 4, 28), false),
        (date(2026, 4, 29), true),
        (date(2026, 4, 30), false),
        (date(2026, 5, 1), false),
        (date(2026, 5, 2), true),
        (date(2026, 5, 4), true),
        (date(2026, 5, 5), true),
        (date(2026, 5, 6), true),
        (date(2026, 5, 7), false),
    ] {
        assert_eq!(business(d), !off, "{d}");
    }
    assert_eq!(cal().holiday(date(2026, 5, 6)).unwrap().name, "振替休日");
}

#[test]
fn kokumin_no_kyujitsu_2026_09_22() {
    // 敬老の日 9/21 (Mon) and 秋分の日 9/23 (Wed) sandwich 9/22.
    let h = cal().holiday(date(2026, 9, 22)).unwrap();
    assert_eq!(h.name, "国民の休日");
    assert!(!business(date(2026, 9, 22)));
    assert_eq!(
        cal().add_business_days(date(2026, 9, 18), 1).unwrap(),
        date(2026, 9, 24)
    );
}

#[test]
fn year_end_holidays_are_not_business_days() {
    for d in [
        date(2026, 12, 29),
        date(2026, 12, 30),
        date(2026, 12, 31),
        date(2027, 1, 2),
        date(2027, 1, 3),
    ] {
        assert!(!business(d), "{d}");
    }
    assert!(matches!(
        cal().day_off(date(2026, 12, 30)).unwrap(),
        Some(DayOff::YearEnd)
    ));
    assert!(business(date(2026, 12, 28)));
    assert!(business(date(2027, 1, 4)));
    // The worked example: 12/25 申請 → 5営業日 → 1/7.
    assert_eq!(
        cal().add_business_days(date(2026, 12, 25), 5).unwrap(),
        date(2027, 1, 7)
    );
}

#[test]
fn zero_days_is_the_day_itself_or_the_next_business_day() {
    assert_eq!(
        cal().add_business_days(date(2026, 11, 24), 0).unwrap(),
        date(2026, 11, 24)
    );
    // Saturday 11/21 → Monday 11/23 is 勤労感謝の日 → Tuesday 11/24.
    assert_eq!(
        cal().add_business_days(date(2026, 11, 21), 0).unwrap(),
        date(2026, 11, 24)
    );
    // A Saturday application counts from the next business day.
    assert_eq!(
        cal().add_business_days(date(2026, 11, 21), 1).unwrap(),
        date(2026, 11, 25)
    );
}

#[test]
fn leap_years() {
    assert!(business(date(2028, 2, 29)));
    assert_eq!(parse_date("2028-02-29").unwrap(), date(2028, 2, 29));
    assert_eq!(
        parse_date("2027-02-29").unwrap_err().kind(),
        ErrorKind::InvalidDate
    );
    assert_eq!(
        cal().add_business_days(date(2028, 2, 28), 1).unwrap(),
        date(2028, 2, 29)
    );
}

/// Dates are typed the way people write them, year first; nothing is guessed.
#[test]
fn dates_are_read_as_people_type_them_and_never_guessed() {
    for (typed, y, m, d) in [
        ("２０２６－１２－２５", 2026, 12, 25),
        ("2026-12-01", 2026, 12, 1),
        ("2026/12/1", 2026, 12, 1),
        ("2026/1/1", 2026, 1, 1),
        ("2026-1-1", 2026, 1, 1),
        ("2026年12月1日", 2026, 12, 1),
        ("２０２６年１２月２５日", 2026, 12, 25),
        (" 2026/12/25 ", 2026, 12, 25),
    ] {
        assert_eq!(parse_date(typed).unwrap(), date(y, m, d), "{typed}");
    }
    for bad in [
        "2026-02-30",
        "12/1",
        "26/12/1",
        "20261225",
        "2026/13/1",
        "2026年12月",
        "",
        "昨日",
    ] {
        let err = parse_date(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidDate, "{bad}");
        assert!(err.to_string().contains(bad), "names the input: {err}");
    }
    // Without a year it says which shapes work.
    assert!(
        parse_date("12/1")
            .unwrap_err()
            .to_string()
            .contains("2026年12月25日")
    );
    assert!(
        parse_date("2026-02-30")
            .unwrap_err()
            .to_string()
            .contains("存在しません")
    );
}

#[test]
fn outside_the_known_years_is_an_error_not_a_guess() {
    let before = FIRST_DAY.yesterday().unwrap();
    let after = LAST_DAY.tomorrow().unwrap();
    assert_eq!(
        cal().is_business_day(before).unwrap_err().kind(),
        ErrorKind::DateOutOfRange
    );
    assert_eq!(
        cal().is_business_day(after).unwrap_err().kind(),
        ErrorKind::DateOutOfRange
    );
    assert_eq!(
        cal().holidays_in(2100).unwrap_err().kind(),
        ErrorKind::DateOutOfRange
    );
    assert_eq!(
        cal()
            .add_business_days(date(2099, 12, 30), 5)
            .unwrap_err()
            .kind(),
        ErrorKind::DateOutOfRange
    );
}

#[test]
fn every_table_year_has_new_year_and_no_duplicates() {
    for year in 1955..=2027 {
        let days = cal().holidays_in(year).unwrap();
        assert_eq!(days[0].name, "元日", "{year}");
        let mut dates: Vec<Date> = days.iter().map(|h| h.date).collect();
        dates.dedup();
        assert_eq!(dates.len(), days.len(), "{year}");
    }
}

fn any_date() -> impl Strategy<Value = Date> {
    (0i64..(LAST_DAY - FIRST_DAY).get_days() as i64 - 800)
        .prop_map(|n| FIRST_DAY.checked_add(jiff::Span::new().days(n)).unwrap())
}

proptest! {
    #[test]
    fn adding_business_days_lands_on_a_business_day(d in any_date(), n in 0u32..400) {
        let end = cal().add_business_days(d, n).unwrap();
        prop_assert!(business(end), "{d} + {n} = {end}");
        prop_assert!(end >= d);
    }

    #[test]
    fn counting_back_agrees(d in any_date(), n in 0u32..400) {
        let start = cal().add_business_days(d, 0).unwrap();
        let end = cal().add_business_days(d, n).unwrap();
        prop_assert_eq!(cal().business_days_between(start, end).unwrap(), n);
    }
}
