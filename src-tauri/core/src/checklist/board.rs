//! 担当一覧 (the technician's board): one row per clinic — its situation, the most urgent thing,
//! what it waits for and until when, the nearest deadline — sorted by urgency, filtered and
//! searched the same way for the window and `onshi dashboard`.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use ts_rs::TS;

use super::{ClinicStatus, Status};
use crate::calendar::ser_opt_date;
use crate::case::Case;
use crate::procedure::Catalog;
use crate::validate::normalize;

/// How urgent a clinic is, most urgent first (the board's default order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    /// A procedure is 問題あり (a wait far past due, the 承継 grace passed).
    Problem,
    /// A wait is past its expected date.
    Overdue,
    /// Something is expected or due within the next 7 days.
    Week,
    Waiting,
    InProgress,
    /// Every procedure of the plan (or every one started) is done.
    Done,
    /// Nothing under way.
    Idle,
}

impl Urgency {
    pub fn label(self) -> &'static str {
        match self {
            Urgency::Problem => "問題あり",
            Urgency::Overdue => "期限超過",
            Urgency::Week => "今週",
            Urgency::Waiting => "待機中",
            Urgency::InProgress => "進行中",
            Urgency::Done => "完了",
            Urgency::Idle => "手続きなし",
        }
    }
}

/// The board's filters (`onshi dashboard --filter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Filter {
    Problem,
    Overdue,
    Week,
    Waiting,
    InProgress,
    Done,
    /// A certificate expires within [`EXPIRING_MONTHS`] months.
    Expiring,
}

/// 「期限が近い証明書」: a certificate expiring within this many months.
pub const EXPIRING_MONTHS: i8 = 3;

impl Filter {
    pub const ALL: [Filter; 7] = [
        Filter::Problem,
        Filter::Overdue,
        Filter::Week,
        Filter::Waiting,
        Filter::InProgress,
        Filter::Done,
        Filter::Expiring,
    ];

    pub fn parse(s: &str) -> Option<Filter> {
        Filter::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Filter::Problem => "problem",
            Filter::Overdue => "overdue",
            Filter::Week => "week",
            Filter::Waiting => "waiting",
            Filter::InProgress => "in-progress",
            Filter::Done => "done",
            Filter::Expiring => "expiring",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Filter::Expiring => "期限が近い証明書",
            other => other.urgency().map_or("", Urgency::label),
        }
    }

    fn urgency(self) -> Option<Urgency> {
        Some(match self {
            Filter::Problem => Urgency::Problem,
            Filter::Overdue => Urgency::Overdue,
            Filter::Week => Urgency::Week,
            Filter::Waiting => Urgency::Waiting,
            Filter::InProgress => Urgency::InProgress,
            Filter::Done => Urgency::Done,
            Filter::Expiring => return None,
        })
    }

    fn keeps(self, row: &BoardRow<'_>) -> bool {
        match self.urgency() {
            Some(u) => row.urgency == u,
            None => row.expiring,
        }
    }
}

/// One clinic on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BoardRow<'a> {
    pub clinic_id: String,
    pub name: String,
    pub prefecture: &'static str,
    /// The 7 digits, and the 10-digit 都道府県+点数表+コード.
    pub medical_code: String,
    pub full_code: String,
    /// The latest situation started (何がありましたか), if any.
    pub situation: Option<&'a str>,
    pub urgency: Urgency,
    pub urgency_label: &'static str,
    /// The most urgent procedure, what to do there, what it waits for and until when.
    pub procedure: Option<&'a str>,
    #[ts(type = "string | null")]
    pub next_action: Option<super::Text<'a>>,
    pub waiting_for: Option<&'a str>,
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub due: Option<Date>,
    /// The nearest deadline (承継 grace, certificate expiry, …) and its id.
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub deadline: Option<Date>,
    pub deadline_id: Option<String>,
    /// A certificate expires within [`EXPIRING_MONTHS`] months.
    pub expiring: bool,
}

/// A filter with the number of clinics it keeps (before the search narrows them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FilterCount {
    pub filter: Filter,
    pub label: &'static str,
    pub count: usize,
}

/// The board: the rows the filter and search keep, most urgent first, with every filter's count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Board<'a> {
    pub total: usize,
    pub counts: Vec<FilterCount>,
    /// How many rows the filter and search keep, and where `rows` starts among them: a window
    /// asks for the rows it shows, not for 10,000 at once.
    pub matched: usize,
    pub offset: usize,
    pub rows: Vec<BoardRow<'a>>,
}

/// The row of one clinic, from its derived checklist.
pub fn board_row<'a>(
    catalog: &'a Catalog,
    case: &Case,
    status: &ClinicStatus<'a>,
    today: Date,
) -> BoardRow<'a> {
    let week_end = today.saturating_add(6.days());
    let expiring_by = today.saturating_add(i64::from(EXPIRING_MONTHS).months());
    // The lines that count: the plan's when there is one, else every line.
    let counted: Vec<&super::ProcedureStatus<'a>> = status
        .procedures
        .iter()
        .filter(|p| status.plan.is_empty() || p.applies)
        .collect();
    let has = |s: Status| counted.iter().any(|p| p.status == s);
    let deadline = status.deadlines.iter().min_by_key(|d| d.date);
    let soon = |d: Option<Date>| d.is_some_and(|d| d <= week_end);
    // With a plan, done means every planned line is; without, that something was done.
    let nothing_left = if status.plan.is_empty() {
        has(Status::Done)
    } else {
        counted.iter().all(|p| p.status == Status::Done)
    };
    let urgency = if has(Status::Problem) {
        Urgency::Problem
    } else if counted.iter().any(|p| p.overdue) {
        Urgency::Overdue
    } else if counted.iter().any(|p| soon(p.due)) || soon(deadline.map(|d| d.date)) {
        Urgency::Week
    } else if has(Status::Waiting) {
        Urgency::Waiting
    } else if has(Status::InProgress) {
        Urgency::InProgress
    } else if nothing_left {
        // Nothing is under way any more: with a plan, all of it is done.
        Urgency::Done
    } else {
        Urgency::Idle
    };
    // The line that makes the row urgent: a problem first, then the earliest due wait, then
    // the first under way.
    let lead = counted
        .iter()
        .filter(|p| {
            !matches!(
                p.status,
                Status::Done | Status::NotStarted | Status::Blocked
            )
        })
        .min_by_key(|p| {
            (
                p.status != Status::Problem,
                !p.overdue,
                p.due.unwrap_or(Date::MAX),
            )
        });
    let clinic = &case.clinic;
    BoardRow {
        clinic_id: clinic.id.to_string(),
        name: clinic.name.clone(),
        prefecture: clinic.prefecture.name(),
        medical_code: clinic.medical_code.to_string(),
        full_code: clinic.full_code().to_string(),
        situation: case
            .situations
            .last()
            .and_then(|r| catalog.situation(&r.situation_id).ok())
            .map(|s| s.title.as_str()),
        urgency,
        urgency_label: urgency.label(),
        procedure: lead.map(|p| p.title),
        next_action: lead.and_then(|p| p.next_action.clone()),
        waiting_for: lead.and_then(|p| p.waiting_for),
        due: lead.and_then(|p| p.due),
        deadline: deadline.map(|d| d.date),
        deadline_id: deadline.map(|d| d.id.clone()),
        expiring: status
            .deadlines
            .iter()
            .any(|d| d.id == super::deadlines::CERTIFICATE_EXPIRY && d.date <= expiring_by),
    }
}

/// Does the row match the search: part of the name or the prefecture, or of the 7- or
/// 10-digit code (full-width digits, spaces and hyphens are ignored)?
fn matches(row: &BoardRow<'_>, search: &str) -> bool {
    let text = normalize::text(search);
    if text.is_empty() {
        return true;
    }
    let digits = normalize::compact(search);
    row.name.contains(&text)
        || row.prefecture.contains(&text)
        || (!digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (row.medical_code.contains(&digits) || row.full_code.contains(&digits)))
}

/// A column the board can be sorted by (列の並べ替え).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum SortKey {
    /// 緊急度, then the nearest date, then the name (the default order).
    #[default]
    Urgency,
    Name,
    /// 医療機関コード (the 10 digits: 都道府県 first).
    Code,
    /// 都道府県, in the JIS X 0401 order (北海道 … 沖縄県).
    Prefecture,
    Situation,
    /// The date the most urgent wait is expected.
    Due,
    /// The nearest deadline.
    Deadline,
}

/// How the board is sorted: a column and its direction. Rows without a date always come
/// last, whichever the direction; ties keep the default order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    fn compare(self, a: &BoardRow<'_>, b: &BoardRow<'_>) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        let nearest = |r: &BoardRow<'_>| match (r.due, r.deadline) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        };
        let default = || {
            (a.urgency, nearest(a).unwrap_or(Date::MAX), &a.name).cmp(&(
                b.urgency,
                nearest(b).unwrap_or(Date::MAX),
                &b.name,
            ))
        };
        let directed = |o: Ordering| if self.descending { o.reverse() } else { o };
        // Missing values last in either direction.
        let dates = |x: Option<Date>, y: Option<Date>| match (x, y) {
            (Some(x), Some(y)) => directed(x.cmp(&y)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let primary = match self.key {
            SortKey::Urgency => directed(default()),
            SortKey::Name => directed(a.name.cmp(&b.name)),
            SortKey::Code => directed(a.full_code.cmp(&b.full_code)),
            SortKey::Prefecture => directed(a.full_code[..2].cmp(&b.full_code[..2])),
            SortKey::Situation => match (a.situation, b.situation) {
                (Some(x), Some(y)) => directed(x.cmp(y)),
                (x, y) => x.is_none().cmp(&y.is_none()),
            },
            SortKey::Due => dates(a.due, b.due),
            SortKey::Deadline => dates(a.deadline, b.deadline),
        };
        primary.then_with(default)
    }
}

/// The board over every clinic's row: filter, search, most urgent first (then the nearest
/// date, then the name).
pub fn board<'a>(
    rows: Vec<BoardRow<'a>>,
    filter: Option<Filter>,
    search: Option<&str>,
) -> Board<'a> {
    board_of(&rows, filter, search)
}

/// [`board`] over borrowed rows: only the rows kept are copied (a keystroke over 10,000 cached
/// rows copies the few it shows, not all of them).
pub fn board_of<'a>(
    rows: &[BoardRow<'a>],
    filter: Option<Filter>,
    search: Option<&str>,
) -> Board<'a> {
    board_sorted(rows, filter, search, Sort::default())
}

/// [`board_of`] sorted by a column (the window's sortable columns).
pub fn board_sorted<'a>(
    rows: &[BoardRow<'a>],
    filter: Option<Filter>,
    search: Option<&str>,
    sort: Sort,
) -> Board<'a> {
    board_page(rows, filter, search, sort, 0, None)
}

/// [`board_sorted`], only the `limit` rows from `offset` on (all of them without a limit).
pub fn board_page<'a>(
    rows: &[BoardRow<'a>],
    filter: Option<Filter>,
    search: Option<&str>,
    sort: Sort,
    offset: usize,
    limit: Option<usize>,
) -> Board<'a> {
    let counts = Filter::ALL
        .into_iter()
        .map(|f| FilterCount {
            filter: f,
            label: f.label(),
            count: rows.iter().filter(|r| f.keeps(r)).count(),
        })
        .collect();
    let mut kept: Vec<&BoardRow<'a>> = rows
        .iter()
        .filter(|r| filter.is_none_or(|f| f.keeps(r)))
        .filter(|r| search.is_none_or(|s| matches(r, s)))
        .collect();
    kept.sort_by(|a, b| sort.compare(a, b));
    let matched = kept.len();
    let offset = offset.min(matched);
    Board {
        total: rows.len(),
        counts,
        matched,
        offset,
        rows: kept
            .into_iter()
            .skip(offset)
            .take(limit.unwrap_or(usize::MAX))
            .cloned()
            .collect(),
    }
}

/// Every clinic's row (the costly part: load and derive); [`board`] then filters and sorts them,
/// cheaply, as often as the user types.
pub fn board_rows<'a>(
    env: &super::Env<'a>,
    cases: &[Case],
    workers: usize,
) -> crate::Result<Vec<BoardRow<'a>>> {
    let statuses = super::status_many(env, cases, workers)?;
    Ok(cases
        .iter()
        .zip(&statuses)
        .map(|(case, status)| board_row(env.catalog, case, status, env.today))
        .collect())
}
