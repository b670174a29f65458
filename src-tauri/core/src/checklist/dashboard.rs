//! ダッシュボード (dashboard): one row per clinic — what needs attention, most urgent first —
//! and the checklists of many clinics derived on several threads.

use jiff::civil::Date;
use serde::Serialize;
use ts_rs::TS;

use super::{ClinicStatus, Env, ProcedureStatus, Status, status};
use crate::calendar::{month_day, ser_opt_date};
use crate::case::Case;
use crate::{Error, Result};

/// One clinic's row on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Overview {
    pub clinic_id: String,
    /// 0 問題あり, 1 予定日超過, 2 待機中, 3 進行中, 4 nothing under way: sort by it.
    pub rank: u8,
    pub problem: usize,
    pub overdue: usize,
    pub waiting: usize,
    pub in_progress: usize,
    pub done: usize,
    /// The earliest due date of a wait.
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub next_due: Option<Date>,
    /// The earliest deadline (承継 grace, certificate expiry, …) and its id.
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub next_deadline: Option<Date>,
    pub next_deadline_id: Option<String>,
    /// One line for the list, e.g. 「問題あり：電子証明書 発行申請」.
    pub headline: String,
}

/// The dashboard row of a derived checklist.
pub fn overview(status: &ClinicStatus<'_>) -> Overview {
    let titles = |keep: &dyn Fn(&ProcedureStatus<'_>) -> bool| {
        status
            .procedures
            .iter()
            .filter(|p| keep(p))
            .map(|p| p.title)
            .collect::<Vec<_>>()
            .join("、")
    };
    let count = |s: Status| status.procedures.iter().filter(|p| p.status == s).count();
    let (problem, waiting, in_progress, done) = (
        count(Status::Problem),
        count(Status::Waiting),
        count(Status::InProgress),
        count(Status::Done),
    );
    let overdue = status.procedures.iter().filter(|p| p.overdue).count();
    let next_due = status.procedures.iter().filter_map(|p| p.due).min();
    let deadline = status.deadlines.iter().min_by_key(|d| d.date);
    let (rank, headline) = if problem > 0 {
        (
            0,
            format!("問題あり：{}", titles(&|p| p.status == Status::Problem)),
        )
    } else if overdue > 0 {
        (
            1,
            format!("予定日を過ぎています：{}", titles(&|p| p.overdue)),
        )
    } else if waiting > 0 {
        let when = next_due.map_or(String::new(), |d| format!("（次の予定 {}）", month_day(d)));
        (2, format!("待機中 {waiting}件{when}"))
    } else if in_progress > 0 {
        (3, format!("進行中 {in_progress}件"))
    } else {
        (4, "進行中の手続きはありません".to_string())
    };
    Overview {
        clinic_id: status.clinic_id.clone(),
        rank,
        problem,
        overdue,
        waiting,
        in_progress,
        done,
        next_due,
        next_deadline: deadline.map(|d| d.date),
        next_deadline_id: deadline.map(|d| d.id.clone()),
        headline,
    }
}

/// The checklists of many clinics (the dashboard), derived on `workers` threads. The caller
/// chooses the number (e.g. the machine's cores): the core does not look at the machine.
pub fn status_many<'a>(
    env: &Env<'a>,
    cases: &[Case],
    workers: usize,
) -> Result<Vec<ClinicStatus<'a>>> {
    let workers = workers.clamp(1, 16);
    let chunk = cases.len().div_ceil(workers).max(1);
    let parts: Vec<Result<Vec<ClinicStatus<'a>>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|c| status(env, c)).collect()))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::Internal {
                        detail: "a checklist worker panicked".into(),
                    })
                })
            })
            .collect()
    });
    let mut all = Vec::with_capacity(cases.len());
    for part in parts {
        all.extend(part?);
    }
    Ok(all)
}
