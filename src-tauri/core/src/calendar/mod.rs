//! Calendar (暦): 祝日, 振替休日, 国民の休日, 年末年始 and business days (営業日).
//!
//! A business day is not a Saturday or Sunday, not a 祝日・休日, and not 12/29–1/3 — the portal's
//! own wording: 「土・日・祝日・年末年始を除きます」 (domain.md §7.1).
//!
//! Holidays come from the Cabinet Office table embedded at build time
//! (`assets/holidays/syukujitsu.tsv`, made by `scripts/gen-holidays.py`); years after the table are
//! computed by the holiday law's rules ([`rules`]) and marked provisional. The calendar never reads
//! the clock: "today" is always an argument.

pub mod rules;

use std::sync::OnceLock;

use jiff::civil::{Date, Weekday};
use serde::Serialize;

use crate::{Error, Result};

/// The generated Cabinet Office table (UTF-8 `YYYY-MM-DD<TAB>名称`).
const TABLE: &str = include_str!("../../../../assets/holidays/syukujitsu.tsv");

/// First day the calendar knows (the table starts in 1955).
pub const FIRST_DAY: Date = jiff::civil::date(1955, 1, 1);
/// Last day the calendar knows (the equinox approximation ends in 2099).
pub const LAST_DAY: Date = jiff::civil::date(2099, 12, 31);

/// One 祝日 or 休日.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holiday {
    /// `YYYY-MM-DD`.
    #[serde(serialize_with = "serialize_date")]
    pub date: Date,
    pub name: String,
    /// True when computed by rule for a year the Cabinet Office has not published yet.
    pub provisional: bool,
}

fn serialize_date<S: serde::Serializer>(d: &Date, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// Why a day is not a business day (for explanations).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOff<'a> {
    Weekend(Weekday),
    Holiday(&'a Holiday),
    /// 年末年始 (12/29–1/3), when not also a 祝日.
    YearEnd,
}

/// The business-day calendar for 1955–2099, built once from the embedded table and the rules.
#[derive(Debug)]
pub struct Calendar {
    /// Sorted by date.
    holidays: Vec<Holiday>,
    /// Last year of the official table; later years are provisional.
    table_last_year: i16,
    /// One bit per day since [`FIRST_DAY`]: set when the day is not a business day.
    off: Vec<u64>,
}

impl Calendar {
    /// The calendar of the embedded table (parsed once per process).
    pub fn embedded() -> &'static Calendar {
        static CALENDAR: OnceLock<Calendar> = OnceLock::new();
        CALENDAR.get_or_init(|| {
            // A downloaded table (checked before it was applied) wins; the embedded table is
            // checked by tests, and a broken build must not start.
            crate::manuals::data(crate::bundle::HOLIDAY_TABLE)
                .and_then(|b| std::str::from_utf8(b).ok())
                .and_then(|t| Calendar::from_table(t).ok())
                .unwrap_or_else(|| {
                    Calendar::from_table(TABLE)
                        .unwrap_or_else(|e| panic!("embedded holiday table: {e}"))
                })
        })
    }

    /// Builds a calendar from a table in the generated format (so a newer table can replace the
    /// embedded one without a rebuild).
    pub fn from_table(text: &str) -> std::result::Result<Calendar, String> {
        let mut holidays = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (d, name) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {}: no tab", n + 1))?;
            let date: Date = d.parse().map_err(|e| format!("line {}: {e}", n + 1))?;
            holidays.push(Holiday {
                date,
                name: name.to_string(),
                provisional: false,
            });
        }
        holidays.sort_by_key(|h| h.date);
        let table_last_year = holidays
            .last()
            .map(|h| h.date.year())
            .ok_or("empty table")?;
        for year in (table_last_year + 1)..=LAST_DAY.year() {
            for (date, name) in rules::holidays(year).unwrap_or_default() {
                holidays.push(Holiday {
                    date,
                    name: name.to_string(),
                    provisional: true,
                });
            }
        }

        let days = day_index(LAST_DAY) + 1;
        let mut off = vec![0u64; days.div_ceil(64)];
        let mut set = |i: usize| off[i / 64] |= 1 << (i % 64);
        let mut day = FIRST_DAY;
        for i in 0..days {
            let (m, d) = (day.month(), day.day());
            if matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
                || (m == 12 && d >= 29)
                || (m == 1 && d <= 3)
            {
                set(i);
            }
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        for h in &holidays {
            if (FIRST_DAY..=LAST_DAY).contains(&h.date) {
                set(day_index(h.date));
            }
        }
        Ok(Calendar {
            holidays,
            table_last_year,
            off,
        })
    }

    /// The last year of the official (non-provisional) data.
    pub fn official_until(&self) -> i16 {
        self.table_last_year
    }

    /// Every 祝日・休日 of `year`.
    pub fn holidays_in(&self, year: i16) -> Result<Vec<Holiday>> {
        check_year(year)?;
        Ok(self
            .holidays
            .iter()
            .filter(|h| h.date.year() == year)
            .cloned()
            .collect())
    }

    /// The 祝日・休日 on `date`, if any.
    pub fn holiday(&self, date: Date) -> Option<&Holiday> {
        self.holidays
            .binary_search_by_key(&date, |h| h.date)
            .ok()
            .map(|i| &self.holidays[i])
    }

    /// Whether `date` is a business day (営業日).
    pub fn is_business_day(&self, date: Date) -> Result<bool> {
        check(date)?;
        Ok(!self.is_off(day_index(date)))
    }

    /// Why `date` is not a business day, or `None` when it is one.
    pub fn day_off(&self, date: Date) -> Result<Option<DayOff<'_>>> {
        check(date)?;
        if !self.is_off(day_index(date)) {
            return Ok(None);
        }
        Ok(Some(match self.holiday(date) {
            Some(h) => DayOff::Holiday(h),
            None if matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) => {
                DayOff::Weekend(date.weekday())
            }
            None => DayOff::YearEnd,
        }))
    }

    /// The date `n` business days after `date`. A `date` that is not a business day counts from
    /// the next business day (an application made on a Saturday is received on Monday), so
    /// `n = 0` gives `date` itself when it is a business day, else the next business day.
    pub fn add_business_days(&self, date: Date, n: u32) -> Result<Date> {
        check(date)?;
        let last = day_index(LAST_DAY);
        let mut i = day_index(date);
        while self.is_off(i) {
            i += 1;
            if i > last {
                return Err(out_of_range(LAST_DAY));
            }
        }
        let mut remaining = n;
        while remaining > 0 {
            i += 1;
            if i > last {
                return Err(out_of_range(LAST_DAY));
            }
            if !self.is_off(i) {
                remaining -= 1;
            }
        }
        Ok(date_at(i))
    }

    /// The number of business days in `(from, to]` (0 when `to <= from`).
    pub fn business_days_between(&self, from: Date, to: Date) -> Result<u32> {
        check(from)?;
        check(to)?;
        if to <= from {
            return Ok(0);
        }
        let count = ((day_index(from) + 1)..=day_index(to))
            .filter(|i| !self.is_off(*i))
            .count();
        Ok(u32::try_from(count).unwrap_or(u32::MAX))
    }

    fn is_off(&self, i: usize) -> bool {
        self.off[i / 64] & (1 << (i % 64)) != 0
    }
}

/// Days since [`FIRST_DAY`]; callers check the range first.
fn day_index(date: Date) -> usize {
    let days = (date - FIRST_DAY).get_days();
    usize::try_from(days).unwrap_or(0)
}

fn date_at(i: usize) -> Date {
    let days = i64::try_from(i).unwrap_or(0);
    FIRST_DAY
        .checked_add(jiff::Span::new().days(days))
        .unwrap_or(LAST_DAY)
}

fn out_of_range(date: Date) -> Error {
    Error::DateOutOfRange {
        date: date.to_string(),
        first: FIRST_DAY.year(),
        last: LAST_DAY.year(),
    }
}

fn check(date: Date) -> Result<()> {
    if (FIRST_DAY..=LAST_DAY).contains(&date) {
        Ok(())
    } else {
        Err(out_of_range(date))
    }
}

fn check_year(year: i16) -> Result<()> {
    if (FIRST_DAY.year()..=LAST_DAY.year()).contains(&year) {
        Ok(())
    } else {
        Err(Error::DateOutOfRange {
            date: format!("{year}年"),
            first: FIRST_DAY.year(),
            last: LAST_DAY.year(),
        })
    }
}

/// Serialises a date as `YYYY-MM-DD` (every date of the JSON contracts).
pub fn ser_date<S: serde::Serializer>(d: &Date, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(d)
}

pub fn ser_opt_date<S: serde::Serializer>(
    d: &Option<Date>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// 「2026年12月25日(金)」: the one format of a date in a sentence (tables use `2026/12/25`).
pub fn long_date(d: Date) -> String {
    let weekday = match d.weekday() {
        jiff::civil::Weekday::Monday => "月",
        jiff::civil::Weekday::Tuesday => "火",
        jiff::civil::Weekday::Wednesday => "水",
        jiff::civil::Weekday::Thursday => "木",
        jiff::civil::Weekday::Friday => "金",
        jiff::civil::Weekday::Saturday => "土",
        jiff::civil::Weekday::Sunday => "日",
    };
    format!("{}年{}月{}日({weekday})", d.year(), d.month(), d.day())
}

/// 「2026/12/25」: a date in a table or a list row (sentences use [`long_date`]).
pub fn month_day(d: Date) -> String {
    format!("{}/{}/{}", d.year(), d.month(), d.day())
}

/// When something was written (an RFC 3339 timestamp as stored), in Japan's time as a list
/// shows it: 「2026/12/1 09:30」. A value that is not a timestamp is shown as it is.
pub fn tokyo_time_text(stored: &str) -> String {
    let Ok(at) = stored.parse::<jiff::Timestamp>() else {
        return stored.to_string();
    };
    match jiff::tz::TimeZone::get("Asia/Tokyo") {
        Ok(tz) => {
            let z = at.to_zoned(tz);
            format!(
                "{}/{}/{} {:02}:{:02}",
                z.year(),
                z.month(),
                z.day(),
                z.hour(),
                z.minute()
            )
        }
        Err(_) => stored.to_string(),
    }
}

/// The calendar date in Japan (Asia/Tokyo) at `now`, whatever the PC's own time zone: deadlines
/// must not move because a clinic PC is set to UTC. The caller reads the clock; this only converts.
pub fn tokyo_date(now: jiff::Timestamp) -> Result<Date> {
    let tz = jiff::tz::TimeZone::get("Asia/Tokyo").map_err(|e| Error::TimeZone {
        detail: format!("Asia/Tokyo: {e}"),
    })?;
    Ok(now.to_zoned(tz).date())
}

/// Parses a date as people type it, always with the year first: `2026-12-01`, `2026/12/1` or
/// `2026年12月1日` (full-width digits accepted, month and day with one or two digits). Anything
/// else — no year, a two-digit year, `20261201`, words — is refused with a message that says
/// which shapes work, so a date is never guessed.
pub fn parse_date(input: &str) -> Result<Date> {
    let text = crate::validate::normalize::text(input);
    let bad = |why: &str| Error::InvalidDate {
        input: input.to_string(),
        why: why.to_string(),
    };
    let shapes = "2026-12-25、2026/12/25 または 2026年12月25日 の形（年から）で入力してください";
    let parts: Vec<&str> = if let Some(rest) = text.strip_suffix('日') {
        rest.split(['年', '月']).collect()
    } else if text.contains('/') {
        text.split('/').collect()
    } else {
        text.split('-').collect()
    };
    let digits = |p: &&str, max: usize| {
        !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit())
    };
    let shaped = parts.len() == 3
        && parts[0].len() == 4
        && digits(&parts[0], 4)
        && digits(&parts[1], 2)
        && digits(&parts[2], 2);
    if !shaped {
        return Err(bad(shapes));
    }
    let number = |p: &str| p.parse::<i8>().ok();
    let (Ok(year), Some(month), Some(day)) =
        (parts[0].parse::<i16>(), number(parts[1]), number(parts[2]))
    else {
        return Err(bad(shapes));
    };
    jiff::civil::Date::new(year, month, day)
        .map_err(|_| bad("その日付は存在しません。月と日を確かめてください"))
}
