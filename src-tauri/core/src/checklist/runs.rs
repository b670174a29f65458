//! 実行単位 (runs): which 医療機関コード and which terminal a run of a procedure's steps is
//! for, and walking the records of one run to find the first step still pending.

use std::collections::BTreeMap;

use crate::case::{Case, EventRecord};
use crate::code::{FullCode, MedicalCode};
use crate::content_ids;
use crate::error::CodeChoice;
use crate::procedure::{Procedure, Step};
use crate::validate::field::split_terminals;
use crate::{Error, Result, ScoreTable};

/// The code a procedure is about: the code its answers name (a 承継's new code), else the
/// clinic's own.
fn target_code(p: &Procedure, answers: &BTreeMap<String, String>, case: &Case) -> FullCode {
    let clinic = &case.clinic;
    match p
        .code_answer
        .as_ref()
        .and_then(|k| answers.get(k))
        .and_then(|c| MedicalCode::parse(c))
    {
        Some(code) => FullCode::new(clinic.prefecture, clinic.score_table, code),
        None => clinic.full_code(),
    }
}

/// One 医療機関コード a procedure runs under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeRun {
    pub code: FullCode,
}

impl CodeRun {
    pub fn table(&self) -> ScoreTable {
        self.code.score_table
    }

    fn choice(&self) -> CodeChoice {
        CodeChoice {
            code: self.code.digits().to_string(),
            score_table: self.table().name().to_string(),
        }
    }
}

/// The codes a procedure runs under: the one it is about, and for a `per_code` procedure of a
/// 医科歯科併設 clinic also the paired code under the other 点数表.
pub(crate) fn code_runs(
    p: &Procedure,
    answers: &BTreeMap<String, String>,
    case: &Case,
) -> Vec<CodeRun> {
    let clinic = &case.clinic;
    let mut runs = vec![CodeRun {
        code: target_code(p, answers, case),
    }];
    if p.per_code
        && let Some(paired) = MedicalCode::parse(&case.profile.paired_code)
        && let Some(partner) = clinic.score_table.dual_partner()
    {
        runs.push(CodeRun {
            code: FullCode::new(clinic.prefecture, partner, paired),
        });
    }
    runs
}

/// Which run an event or a guide is for: the terminal (端末名称), the procedure when an event
/// belongs to several, and for a 医科歯科併設 clinic the 医療機関コード (7 or 10 digits, as typed).
#[derive(Debug, Clone, Copy, Default)]
pub struct Target<'a> {
    pub terminal: Option<&'a str>,
    pub procedure: Option<&'a str>,
    pub code: Option<&'a str>,
}

impl<'a> Target<'a> {
    /// As a form or the command line gives it: an empty value means "not given" (an empty
    /// 端末名称 must not become a terminal of its own).
    pub fn new(
        terminal: Option<&'a str>,
        procedure: Option<&'a str>,
        code: Option<&'a str>,
    ) -> Self {
        let given = |value: Option<&'a str>| value.filter(|v| !v.is_empty());
        Target {
            terminal: given(terminal),
            procedure: given(procedure),
            code: given(code),
        }
    }
}

/// The run `given` names. With two codes and none given, the user must say which: recording a
/// certificate under the wrong code is exactly the mistake to prevent.
pub(crate) fn choose_run<'r>(
    runs: &'r [CodeRun],
    given: Option<&str>,
    title: &str,
) -> Result<&'r CodeRun> {
    let codes = || runs.iter().map(CodeRun::choice).collect();
    match given.map(crate::validate::normalize::compact) {
        Some(code) => {
            runs.iter()
                .find(|r| r.code.matches(&code))
                .ok_or_else(|| Error::UnknownCode {
                    code,
                    procedure: title.to_string(),
                    codes: codes(),
                })
        }
        None if runs.len() > 1 => Err(Error::CodeRequired {
            procedure: title.to_string(),
            codes: codes(),
        }),
        None => runs.first().ok_or_else(|| Error::Internal {
            detail: format!("{title}: a procedure without a code run"),
        }),
    }
}

/// The 端末名称 of a per-terminal procedure (the suggested name until the user gives some).
pub(crate) fn terminals_of(p: &Procedure, answers: &BTreeMap<String, String>) -> Vec<String> {
    if !p.per_terminal {
        return Vec::new();
    }
    match answers.get(content_ids::TERMINALS) {
        // The `terminal-names` validator never lets a blank list be stored: an empty one is
        // the register's (端末台帳) doing, every terminal retired, so none needs a certificate.
        Some(t) => split_terminals(t),
        None => vec![crate::validate::terminal_name::SUGGESTED.to_string()],
    }
}

/// The records of one instance (and terminal), by event id, in log order.
pub(crate) struct Log<'c> {
    records: Vec<&'c EventRecord>,
}

impl<'c> Log<'c> {
    /// The records of `procedure_id`, of one terminal (or all), and of one 点数表 (or all: a
    /// clinic with one code keeps every record, so a changed code reopens its steps).
    pub fn new(
        case: &'c Case,
        procedure_id: &str,
        terminal: Option<&str>,
        table: Option<ScoreTable>,
    ) -> Self {
        Log {
            records: case
                .events
                .iter()
                .filter(|e| e.procedure_id == procedure_id)
                .filter(|e| {
                    terminal.is_none() || e.terminal.is_none() || e.terminal.as_deref() == terminal
                })
                .filter(|e| {
                    table.is_none() || e.code.as_ref().is_none_or(|c| Some(c.score_table) == table)
                })
                .collect(),
        }
    }

    /// The latest record of `event` after `seq`.
    pub fn after(&self, event: &str, seq: i64) -> Option<&'c EventRecord> {
        self.records
            .iter()
            .rev()
            .find(|r| r.event_id == event && r.seq > seq)
            .copied()
    }
}

/// Where a walk over the milestones stopped.
pub(crate) struct Walk<'c> {
    /// The index of the first pending milestone (`None` when all are done).
    pub pending: Option<usize>,
    /// The last counted record.
    pub last: Option<&'c EventRecord>,
    /// Why the pending step reopened (recorded under another code).
    pub reopened: Option<String>,
}

/// Which records of a run count: those made under `code`, or — for a procedure that a code
/// change does not undo — those made under any code.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Under<'a> {
    pub code: &'a FullCode,
    pub any_code: bool,
}

impl<'a> Under<'a> {
    pub fn new(p: &Procedure, code: &'a FullCode) -> Self {
        Under {
            code,
            any_code: !p.reopens_on_code_change,
        }
    }
}

/// Walks the milestones in order, counting only records made under the code (see [`Under`]).
pub(crate) fn walk<'c>(steps: &[&Step], log: &Log<'c>, under: Under<'_>) -> Walk<'c> {
    let code = under.code;
    let mut last: Option<&EventRecord> = None;
    for (i, s) in steps.iter().enumerate() {
        let Some(event) = s.completing_event() else {
            continue;
        };
        let floor = last.map_or(i64::MIN, |r| r.seq);
        let Some(record) = log.after(event, floor) else {
            return Walk {
                pending: Some(i),
                last,
                reopened: None,
            };
        };
        if let Some(recorded) = record
            .code
            .as_ref()
            .filter(|c| *c != code && !under.any_code)
        {
            return Walk {
                pending: Some(i),
                last,
                reopened: Some(format!(
                    "医療機関コードが {} から {} に変わったため、「{}」をやり直してください（前回の記録は旧コードでのものです）。",
                    recorded.digits(),
                    code.digits(),
                    s.title
                )),
            };
        }
        last = Some(record);
    }
    Walk {
        pending: None,
        last,
        reopened: None,
    }
}
