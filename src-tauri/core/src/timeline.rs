//! Timelines (待ち時間と期限): expected dates and deadlines, each with a Japanese explanation of
//! how it was computed and whether it is provisional (it crosses a year whose holidays are not
//! published yet) or uncertain (the source is a vendor's estimate).
//!
//! The rules are content (`manuals/timelines.toml`); this module only applies them.

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use serde::{Deserialize, Serialize};

use crate::calendar::{Calendar, DayOff};
use crate::calendar::{long_date, ser_date, ser_opt_date};
use crate::content_ids::rule;
use crate::manuals::{Loaded, load_once};
use crate::{Error, Result};

/// How sure the source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    Verified,
    Uncertain,
}

/// What a rule computes (see the header of `manuals/timelines.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RuleKind {
    BusinessDays {
        days: u32,
        late_business_days: Option<u32>,
    },
    CalendarDays {
        days: u32,
    },
    Months {
        months: u32,
    },
    ClaimMonth {
        cutoff_day: i8,
        months_if_on_or_before: u32,
        months_if_after: u32,
    },
    Grace {
        days: u32,
        notice_business_days: u32,
        mail_calendar_days: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Rule {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub kind: RuleKind,
    pub certainty: Certainty,
    pub source: String,
}

/// The rule set with its content version.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Rules {
    pub version: u32,
    #[serde(rename = "rule")]
    pub rules: Vec<Rule>,
}

/// A computed date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Estimate {
    pub rule_id: String,
    #[serde(serialize_with = "ser_date")]
    pub date: Date,
    /// Late end of the expected range, when the sources give one.
    #[serde(serialize_with = "ser_opt_date")]
    pub late: Option<Date>,
    /// Depends on holidays computed by rule (not yet published).
    pub provisional: bool,
    pub certainty: Certainty,
    /// 「12/25 申請 → 5営業日（12/29–1/3 は年末年始）→ 1/7 頃」
    pub explanation: String,
    pub source: String,
}

/// The 120-day grace deadline after 承継 and the last safe day to apply for the new certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grace {
    pub deadline: Estimate,
    pub latest_safe_application: Estimate,
}

/// The first month オンライン請求 can start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimMonth {
    pub year: i16,
    pub month: i8,
    pub explanation: String,
    pub source: String,
}

impl Rules {
    /// The rules embedded from `manuals/timelines.toml`.
    pub fn embedded() -> Result<Rules> {
        let text = crate::manuals::text("timelines.toml").ok_or_else(|| Error::Content {
            detail: "manuals/timelines.toml is missing".into(),
        })?;
        Rules::parse(&text)
    }

    /// The embedded rules, parsed once per process (what the app and the CLI use).
    pub fn shared() -> Result<&'static Rules> {
        static RULES: Loaded<Rules> = Loaded::new();
        load_once(&RULES, Rules::embedded)
    }

    pub fn parse(text: &str) -> Result<Rules> {
        toml::from_str(text).map_err(|e| Error::Content {
            detail: format!("timelines.toml: {e}"),
        })
    }

    /// The number of months of a `months` rule (the certificate's validity, its renewal).
    pub fn months_of(&self, id: &str) -> Result<u32> {
        match self.get(id)?.kind {
            RuleKind::Months { months } => Ok(months),
            _ => Err(Error::Content {
                detail: format!("rule {id} is not counted in months"),
            }),
        }
    }

    pub fn get(&self, id: &str) -> Result<&Rule> {
        self.rules
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| Error::NotFound {
                what: "期限のルール",
                id: id.to_string(),
            })
    }

    /// The expected date of a wait that starts on `from` (`business-days`, `calendar-days` and
    /// `months` rules). `verb` names the start, e.g. 「申請」.
    pub fn estimate(&self, cal: &Calendar, id: &str, from: Date, verb: &str) -> Result<Estimate> {
        let rule = self.get(id)?;
        let (date, late, what) = match rule.kind {
            RuleKind::BusinessDays {
                days,
                late_business_days,
            } => {
                let date = cal.add_business_days(from, days)?;
                let late = match late_business_days {
                    Some(n) => Some(cal.add_business_days(from, n)?).filter(|l| *l > date),
                    None => None,
                };
                let skipped = describe_days_off(cal, from, date)?;
                (date, late, format!("{days}営業日{skipped}"))
            }
            RuleKind::CalendarDays { days } => (add_days(from, days)?, None, format!("約{days}日")),
            RuleKind::Months { months } => (add_months(from, months)?, None, months_label(months)),
            RuleKind::ClaimMonth { .. } | RuleKind::Grace { .. } => {
                return Err(Error::Content {
                    detail: format!("rule {id} is not a waiting time"),
                });
            }
        };
        // A wait is always an estimate: 「頃」.
        let mut explanation = format!(
            "{} {verb} → {what} → {} 頃",
            long_date(from),
            long_date(date)
        );
        if let Some(l) = late {
            explanation.push_str(&format!("（遅くとも {} 頃）", long_date(l)));
        }
        if rule.certainty == Certainty::Uncertain {
            explanation.push_str("。公式の日数は公表されていないため目安です");
        }
        let provisional = touches_provisional(cal, from, late.unwrap_or(date));
        if provisional {
            explanation.push_str("。祝日が未発表の年を含むため、日付は暫定です");
        }
        Ok(Estimate {
            rule_id: rule.id.clone(),
            date,
            late,
            provisional,
            certainty: rule.certainty,
            explanation,
            source: rule.source.clone(),
        })
    }

    /// The latest day to start a `business-days` wait so that it ends on or before `deadline`,
    /// e.g. the お客さまID change before the old line is cancelled.
    pub fn latest_start(
        &self,
        cal: &Calendar,
        id: &str,
        deadline: Date,
        event: &str,
    ) -> Result<Estimate> {
        let rule = self.get(id)?;
        let RuleKind::BusinessDays { days, .. } = rule.kind else {
            return Err(Error::Content {
                detail: format!("rule {id} is not a business-days rule"),
            });
        };
        let date = sub_business_days(cal, deadline, days)?;
        let mut explanation = format!(
            "{} {event} → {days}営業日前 → {} までに申請",
            long_date(deadline),
            long_date(date)
        );
        if rule.certainty == Certainty::Uncertain {
            explanation.push_str("（日数は目安です。余裕を持って申請してください）");
        }
        let provisional = touches_provisional(cal, date, deadline);
        if provisional {
            explanation.push_str("。祝日が未発表の年を含むため、日付は暫定です");
        }
        Ok(Estimate {
            rule_id: rule.id.clone(),
            date,
            late: None,
            provisional,
            certainty: rule.certainty,
            explanation,
            source: rule.source.clone(),
        })
    }

    /// 承継: the old certificate works until min(start + 120 days, its own expiry), where the
    /// start is the earlier of the old institution's 廃止 and the 承継 notification (003 A1-1:
    /// 「廃止又は実施機関に対して届け出た承継から120日間」); the new certificate must be applied
    /// for early enough that the 通知書 arrives and is installed.
    pub fn shokei_grace(
        &self,
        cal: &Calendar,
        notified: Date,
        abolished: Option<Date>,
        old_certificate_expiry: Option<Date>,
    ) -> Result<Grace> {
        let rule = self.get(rule::SHOKEI_GRACE)?;
        let RuleKind::Grace {
            days,
            notice_business_days,
            mail_calendar_days,
        } = rule.kind
        else {
            return Err(Error::Content {
                detail: "rule shokei-grace is not a grace rule".into(),
            });
        };
        // Counted from whichever came first, and the explanation says which.
        let (shokei_date, start) = match abolished {
            Some(a) if a < notified => (a, "旧医療機関等の廃止"),
            _ => (notified, "承継"),
        };
        let by_days = add_days(shokei_date, days)?;
        let (deadline, why) = match old_certificate_expiry {
            Some(expiry) if expiry < by_days => (
                expiry,
                format!(
                    "{} {start} → {days}日後は {} ですが、旧証明書の有効期限 {} が先に来るため {} まで",
                    long_date(shokei_date),
                    long_date(by_days),
                    long_date(expiry),
                    long_date(expiry)
                ),
            ),
            _ => (
                by_days,
                format!(
                    "{} {start} → {days}日後 → {} まで",
                    long_date(shokei_date),
                    long_date(by_days)
                ),
            ),
        };
        let why = if start == "承継" {
            why
        } else {
            format!(
                "{why}（承継届出の送信 {} より廃止が先のため、廃止の日から数えています）",
                long_date(notified)
            )
        };
        // Count back: installation and post take `mail_calendar_days`, the 通知書 is issued
        // `notice_business_days` business days after the application.
        let before_post = add_days_signed(deadline, -i64::from(mail_calendar_days))?;
        let latest = sub_business_days(cal, before_post, notice_business_days)?;
        let provisional = touches_provisional(cal, shokei_date, deadline);
        let mut safe_why = format!(
            "{} の期限から、郵送と導入の{mail_calendar_days}日、通知書発行までの{notice_business_days}営業日を差し引くと {} までに申請",
            long_date(deadline),
            long_date(latest)
        );
        let mut deadline_why = why;
        if provisional {
            deadline_why.push_str("。祝日が未発表の年を含むため暫定です");
            safe_why.push_str("。祝日が未発表の年を含むため暫定です");
        }
        Ok(Grace {
            deadline: Estimate {
                rule_id: rule.id.clone(),
                date: deadline,
                late: None,
                provisional,
                certainty: rule.certainty,
                explanation: deadline_why,
                source: rule.source.clone(),
            },
            latest_safe_application: Estimate {
                rule_id: format!("{}-apply-by", rule.id),
                date: latest,
                late: None,
                provisional,
                certainty: rule.certainty,
                explanation: safe_why,
                source: rule.source.clone(),
            },
        })
    }

    /// オンライン請求: the first month claims can be sent online when the 届出 is made on
    /// `applied_on` (20日締め).
    pub fn first_claim_month(&self, applied_on: Date) -> Result<ClaimMonth> {
        let rule = self.get(rule::ONLINE_CLAIM_FIRST_MONTH)?;
        let RuleKind::ClaimMonth {
            cutoff_day,
            months_if_on_or_before,
            months_if_after,
        } = rule.kind
        else {
            return Err(Error::Content {
                detail: "rule online-claim-first-month is not a claim-month rule".into(),
            });
        };
        let on_time = applied_on.day() <= cutoff_day;
        let add = if on_time {
            months_if_on_or_before
        } else {
            months_if_after
        };
        let first = add_months(applied_on.first_of_month(), add)?;
        let explanation = format!(
            "{}月{}日の申請は{}日{}のため、{}の{}月分から（{}年{}月）",
            applied_on.month(),
            applied_on.day(),
            cutoff_day,
            if on_time { "まで" } else { "より後" },
            if add == 2 { "翌々月" } else { "3か月後" },
            first.month(),
            first.year(),
            first.month()
        );
        Ok(ClaimMonth {
            year: first.year(),
            month: first.month(),
            explanation,
            source: rule.source.clone(),
        })
    }
}

fn add_days(d: Date, n: u32) -> Result<Date> {
    add_days_signed(d, i64::from(n))
}

pub(crate) fn add_days_signed(d: Date, n: i64) -> Result<Date> {
    d.checked_add(Span::new().days(n))
        .map_err(|_| range_error(d))
}

pub(crate) fn add_months(d: Date, n: u32) -> Result<Date> {
    d.checked_add(i64::from(n).months())
        .map_err(|_| range_error(d))
}

fn range_error(d: Date) -> Error {
    Error::DateOutOfRange {
        date: d.to_string(),
        first: crate::calendar::FIRST_DAY.year(),
        last: crate::calendar::LAST_DAY.year(),
    }
}

/// The latest business day from which `n` business days later is on or before `limit`.
fn sub_business_days(cal: &Calendar, limit: Date, n: u32) -> Result<Date> {
    let mut d = limit;
    loop {
        if cal.is_business_day(d)? && cal.add_business_days(d, n)? <= limit {
            return Ok(d);
        }
        d = d.yesterday().map_err(|_| range_error(limit))?;
    }
}

pub(crate) fn months_label(months: u32) -> String {
    match (months / 12, months % 12) {
        (0, m) => format!("{m}か月"),
        (y, 0) => format!("{y}年"),
        (y, m) => format!("{y}年{m}か月"),
    }
}

/// 「（12/29–1/3 は年末年始、1/12 成人の日 を除く）」 for the days off in `(from, to)` other than
/// weekends, or an empty string.
fn describe_days_off(cal: &Calendar, from: Date, to: Date) -> Result<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut year_end: Option<(Date, Date)> = None;
    let mut d = from;
    while d < to {
        d = d.tomorrow().map_err(|_| range_error(from))?;
        let in_year_end = (d.month() == 12 && d.day() >= 29) || (d.month() == 1 && d.day() <= 3);
        if in_year_end {
            year_end = Some(match year_end {
                Some((start, _)) => (start, d),
                None => (d, d),
            });
            continue;
        }
        if let Some(DayOff::Holiday(h)) = cal.day_off(d)? {
            parts.push(format!("{} {}", long_date(d), h.name));
        }
    }
    if let Some((start, end)) = year_end {
        parts.insert(
            0,
            format!("{}–{} は年末年始", long_date(start), long_date(end)),
        );
    }
    Ok(if parts.is_empty() {
        String::new()
    } else {
        format!("（{}）", parts.join("、"))
    })
}

/// Whether any day in `[from, to]` lies in a year whose holidays are computed, not published.
fn touches_provisional(cal: &Calendar, from: Date, to: Date) -> bool {
    to.year() > cal.official_until() || from.year() > cal.official_until()
}
