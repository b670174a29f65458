//! 時系列 (the timeline strip): a clinic's procedures on one date axis — what was worked on,
//! what is awaited until when, what is done, the 承継 grace period and today — so that what is
//! late shows at a glance. The PDF and the window draw the same strip from this; they place
//! the spans by the fractions given here and never work out a date themselves.

use jiff::civil::Date;
use serde::Serialize;
use ts_rs::TS;

use super::home::runs_of;
use super::{ClinicStatus, Env, Status, Track, answers_of};
use crate::Result;
use crate::calendar::month_day;
use crate::case::{Case, EventRecord};
use crate::content_ids as ids;
use crate::timeline::{add_days_signed as shift, add_months};

/// What a span of a row means (and so how it is drawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum SpanKind {
    /// From the first step recorded to the last one, the procedure being done.
    Done,
    /// Steps recorded, more to do.
    Working,
    /// Sent, and waiting until the expected date.
    Waiting,
    /// Past the expected date, until today.
    Late,
    /// The 承継 grace period (旧コードの証明書が使える期間).
    Grace,
}

/// One span of a row, from `from` to `to` as fractions of the axis (0 = its first day).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StripSpan {
    pub kind: SpanKind,
    pub from: f64,
    pub to: f64,
    /// 「12/25 申請 → 2027/1/7ごろ」: said beside or under the span.
    pub text: String,
}

/// A day marked on a row: a deadline.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StripMark {
    pub at: f64,
    pub text: String,
}

/// One procedure (or one terminal's run of it) on the axis.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StripRow {
    /// 「電子証明書 発行申請 端末：受付PC」
    pub label: String,
    pub status_label: String,
    pub late: bool,
    pub spans: Vec<StripSpan>,
    pub marks: Vec<StripMark>,
}

/// A labelled day on the axis (the first of each month shown).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StripTick {
    pub at: f64,
    pub label: String,
}

/// The whole strip.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct TimelineStrip {
    /// The axis's first and last day, 「2026/12/1」.
    pub from: String,
    pub to: String,
    pub today_at: f64,
    pub today_label: String,
    pub ticks: Vec<StripTick>,
    pub rows: Vec<StripRow>,
    /// 「予定を過ぎているもの：1件」 or that nothing is late.
    pub summary: String,
    /// How many rows are late (the summary is shown as a warning when any is).
    pub late: u32,
}

/// The last place on the axis a month's label starts (its text runs to the right).
const LAST_TICK_AT: f64 = 0.94;
/// Days shown before the first date and after the last one, so no span starts on the edge.
const MARGIN_DAYS: i64 = 3;
/// The shortest axis: a strip of a few days would make one day look like a month.
const MIN_SPAN_DAYS: i64 = 28;
/// How far back the axis reaches at most (an old, finished procedure would squeeze the rest).
const MAX_PAST_DAYS: i64 = 365;
/// Deadlines further ahead than this are left to the deadline list (a certificate's expiry in
/// five years would squeeze the strip to nothing).
const HORIZON_DAYS: i64 = 150;

/// The events of one run of a procedure: its terminal's (if it has one) and its code's (a
/// 医科歯科併設 clinic's run per code), in the order they were recorded.
pub(crate) fn run_events<'c>(
    case: &'c Case,
    procedure_id: &str,
    terminal: Option<&str>,
    code: Option<&str>,
) -> impl Iterator<Item = &'c EventRecord> {
    case.events.iter().filter(move |e| {
        e.procedure_id == procedure_id
            && (terminal.is_none() || e.terminal.as_deref() == terminal)
            && code.is_none_or(|c| e.code.as_ref().is_some_and(|ec| ec.digits() == c))
    })
}

/// A span in days before it is placed on the axis.
struct DaySpan {
    kind: SpanKind,
    from: Date,
    to: Date,
    text: String,
}

struct DayRow {
    label: String,
    status_label: String,
    late: bool,
    spans: Vec<DaySpan>,
    marks: Vec<(Date, String)>,
}

fn spans_of(track: &Track<'_>, events: &[&EventRecord], today: Date) -> Vec<DaySpan> {
    let (Some(first), Some(last)) = (events.first(), events.last()) else {
        return Vec::new();
    };
    let (first, last) = (first.date, last.date);
    let mut out = Vec::new();
    let worked = |kind, to: Date, text: String| DaySpan {
        kind,
        from: first,
        to,
        text,
    };
    let waiting = matches!(
        (track.status, track.due),
        (Status::Waiting | Status::Problem, Some(_)) | (Status::Waiting, None)
    );
    // Steps recorded over several days before the wait: the work, then the wait.
    if waiting && last > first {
        out.push(worked(
            SpanKind::Working,
            last,
            format!("{}–{}", month_day(first), month_day(last)),
        ));
    }
    match (track.status, track.due) {
        (Status::Done, _) => out.push(worked(
            SpanKind::Done,
            last,
            format!("{}–{} 完了", month_day(first), month_day(last)),
        )),
        (Status::Waiting | Status::Problem, Some(due)) => {
            out.push(DaySpan {
                kind: SpanKind::Waiting,
                from: last,
                to: due,
                text: format!(
                    "{} → {}ごろ",
                    month_day(last),
                    track
                        .waiting_for
                        .map_or_else(|| month_day(due), |w| format!("{w} {}", month_day(due)))
                ),
            });
            if today > due {
                out.push(DaySpan {
                    kind: SpanKind::Late,
                    from: due,
                    to: today,
                    text: "予定を過ぎています".into(),
                });
            }
        }
        // Waiting with no expected day (the sources give none): waiting since the last step.
        (Status::Waiting, None) => out.push(DaySpan {
            kind: SpanKind::Waiting,
            from: last,
            to: today.max(last),
            text: format!(
                "{}から{}を待っています（予定日なし）",
                month_day(last),
                track.waiting_for.unwrap_or("次の知らせ")
            ),
        }),
        _ => out.push(worked(
            SpanKind::Working,
            today.max(last),
            format!("{}から", month_day(first)),
        )),
    }
    out
}

fn run_label(title: &str, terminal: Option<&str>, code: Option<&str>) -> String {
    match (terminal, code) {
        (Some(t), Some(c)) => format!("{title}　端末：{t}（{c}）"),
        (Some(t), None) => format!("{title}　端末：{t}"),
        (None, Some(c)) => format!("{title}　{c}"),
        (None, None) => title.to_string(),
    }
}

fn day_rows(env: &Env<'_>, case: &Case, status: &ClinicStatus<'_>) -> Result<Vec<DayRow>> {
    let mut rows = Vec::new();
    for line in status.procedures.iter().filter(|l| l.applies) {
        let p = env.catalog.procedure(line.id)?;
        let answers = answers_of(env, case, p);
        for (terminal, code, track) in runs_of(line, p, &answers) {
            let events: Vec<&EventRecord> =
                run_events(case, &p.id, terminal.as_deref(), code.as_deref()).collect();
            rows.push(DayRow {
                label: run_label(line.title, terminal.as_deref(), code.as_deref()),
                status_label: track.status_label.to_string(),
                // Late is past an expected day; another problem (a conflict between two PCs)
                // shows in the status, not as lateness.
                late: track.overdue,
                spans: spans_of(&track, &events, env.today),
                marks: Vec::new(),
            });
        }
    }
    // The 承継 grace period, from the 承継届出 to its last day, with the last safe day to
    // apply for the new certificates marked on it.
    let grace = status.deadlines.iter().find(|d| d.id == "shokei-grace");
    let sent = case
        .events
        .iter()
        .rev()
        .find(|e| e.procedure_id == ids::SHOKEI && e.event_id == ids::SHOKEI_SUBMITTED);
    if let (Some(grace), Some(sent)) = (grace, sent) {
        let mut marks = vec![(grace.date, format!("{} 猶予の期限", month_day(grace.date)))];
        if let Some(apply_by) = status
            .deadlines
            .iter()
            .find(|d| d.id == "shokei-grace-apply-by")
        {
            marks.push((
                apply_by.date,
                format!("{} 証明書を申請する目安", month_day(apply_by.date)),
            ));
        }
        rows.push(DayRow {
            label: "承継の猶予期間（120日）".into(),
            status_label: String::new(),
            // Past its last day with a certificate still to renew: the old one no longer works.
            late: env.today > grace.date
                && status
                    .procedures
                    .iter()
                    .any(|l| l.id == ids::CERTIFICATE && l.applies && l.status != Status::Done),
            spans: vec![DaySpan {
                kind: SpanKind::Grace,
                from: sent.date,
                to: grace.date,
                text: format!("{}–{}", month_day(sent.date), month_day(grace.date)),
            }],
            marks,
        });
    }
    // Other deadlines close enough to see (a certificate expiring soon, the お客さまID
    // change's last day), on a row of their own.
    let horizon = shift(env.today, HORIZON_DAYS)?;
    let near: Vec<(Date, String)> = status
        .deadlines
        .iter()
        .filter(|d| !d.id.starts_with("shokei-grace") && d.date <= horizon)
        .map(|d| {
            let what = match d.id.as_str() {
                super::deadlines::CERTIFICATE_EXPIRY => match &d.terminal {
                    Some(t) => format!("証明書の有効期限（{t}）"),
                    None => "証明書の有効期限".into(),
                },
                _ => "申請の期限".into(),
            };
            (d.date, format!("{} {what}", month_day(d.date)))
        })
        .collect();
    if !near.is_empty() {
        rows.push(DayRow {
            label: "期限".into(),
            status_label: String::new(),
            late: near.iter().any(|(d, _)| *d < env.today),
            spans: Vec::new(),
            marks: near,
        });
    }
    Ok(rows)
}

/// The strip of a clinic on `env.today`, or none when nothing has a date yet (no procedure
/// started, no deadline).
pub fn timeline_strip(
    env: &Env<'_>,
    case: &Case,
    status: &ClinicStatus<'_>,
) -> Result<Option<TimelineStrip>> {
    let rows = day_rows(env, case, status)?;
    let days: Vec<Date> = rows
        .iter()
        .flat_map(|r| {
            r.spans
                .iter()
                .flat_map(|s| [s.from, s.to])
                .chain(r.marks.iter().map(|(d, _)| *d))
        })
        .collect();
    if days.is_empty() {
        return Ok(None);
    }
    let today = env.today;
    let earliest = shift(today, -MAX_PAST_DAYS)?;
    let first = days.iter().copied().chain([today]).min().unwrap_or(today);
    let last = days.iter().copied().chain([today]).max().unwrap_or(today);
    let from = shift(first.max(earliest), -MARGIN_DAYS)?;
    let mut to = shift(last, MARGIN_DAYS)?;
    let min_end = shift(from, MIN_SPAN_DAYS)?;
    if to < min_end {
        to = min_end;
    }
    let length = f64::from((to - from).get_days());
    let at =
        |d: Date| (f64::from((d.max(from).min(to) - from).get_days()) / length).clamp(0.0, 1.0);

    // The first of each month on the axis; a long axis labels every third month only.
    let mut firsts = Vec::new();
    let mut month = from.first_of_month();
    while month <= to {
        if month >= from {
            firsts.push(month);
        }
        month = add_months(month, 1)?;
    }
    let every = if firsts.len() > 12 { 3 } else { 1 };
    let ticks = firsts
        .iter()
        .enumerate()
        // A month starting at the very end of the axis has no room for its label.
        .filter(|(i, d)| i % every == 0 && at(**d) <= LAST_TICK_AT)
        .map(|(i, d)| StripTick {
            at: at(*d),
            label: if i == 0 || d.month() == 1 {
                format!("{}年{}月", d.year(), d.month())
            } else {
                format!("{}月", d.month())
            },
        })
        .collect();

    let late = u32::try_from(rows.iter().filter(|r| r.late).count()).unwrap_or(u32::MAX);
    let rows = rows
        .into_iter()
        .map(|r| StripRow {
            label: r.label,
            status_label: r.status_label,
            late: r.late,
            spans: r
                .spans
                .into_iter()
                .map(|s| StripSpan {
                    kind: s.kind,
                    from: at(s.from),
                    to: at(s.to),
                    text: s.text,
                })
                .collect(),
            marks: r
                .marks
                .into_iter()
                .map(|(d, text)| StripMark { at: at(d), text })
                .collect(),
        })
        .collect();
    Ok(Some(TimelineStrip {
        from: month_day(from),
        to: month_day(to),
        today_at: at(today),
        today_label: format!("今日 {}", month_day(today)),
        ticks,
        rows,
        late,
        summary: if late == 0 {
            "予定を過ぎているものはありません。".into()
        } else {
            format!("予定を過ぎているもの：{late}件（赤で示しています）")
        },
    }))
}
