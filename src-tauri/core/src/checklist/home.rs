//! 受付の画面 (the receptionist's views): the home of one clinic — 今やること (the one next
//! step), 待っているもの (each mail or letter with its expected date), 期限 — and the wizard of
//! one procedure run, one step per screen, with what each step needs before it can be recorded.
//! Both are derived from the checklist; the window only shows them.

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;
use ts_rs::TS;

use super::guide::{GuideStep, guide};
use super::runs::Target;
use super::wizard::{missing_answers, pending_switch};
use super::{Deadline, Env, Status, Text, Track, answers_of, status};
use crate::Result;
use crate::calendar::{long_date, ser_opt_date};
use crate::case::Case;
use crate::error::AnswerRef;
use crate::procedure::{Answer, Fact, Prerequisite, Procedure};

/// A situation the clinic started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StartedSituation<'a> {
    pub id: &'a str,
    pub title: &'a str,
}

/// 今やること: the one next step of the clinic's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct NextStep<'a> {
    pub procedure_id: &'a str,
    pub procedure_title: &'a str,
    pub terminal: Option<String>,
    /// 医科歯科併設 only: the code of the run.
    pub code: Option<String>,
    pub step_id: Option<&'a str>,
    pub step_title: Option<&'a str>,
    /// 1-based, of `step_count` (「ステップ 3 / 8」).
    pub step_number: usize,
    pub step_count: usize,
    /// Not started yet (the button says 「始める」 rather than 「続ける」).
    pub fresh: bool,
    #[ts(type = "string | null")]
    pub reason: Option<Text<'a>>,
}

/// 待っているもの: a mail or letter the clinic waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Awaited<'a> {
    pub procedure_id: &'a str,
    pub procedure_title: &'a str,
    pub terminal: Option<String>,
    pub code: Option<String>,
    pub what: &'a str,
    /// `email`, `letter` or `portal`, and how it comes in Japanese (メール, 郵便, ポータルのお知らせ).
    pub channel: &'a str,
    pub channel_label: &'static str,
    pub sender: Option<&'a str>,
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub due: Option<Date>,
    /// 「2027年1月7日(木)ごろ」, or that no date is published.
    pub due_text: String,
    pub overdue: bool,
    /// Well past due: call the コールセンター (the text says so).
    pub problem: bool,
    #[ts(type = "string | null")]
    pub next_action: Option<Text<'a>>,
    pub event_id: &'a str,
    pub event_title: &'a str,
}

/// After a 承継: the clinic can now switch to its new code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SwitchOffer {
    pub old_code: String,
    pub new_code: String,
}

/// A line of the plan with where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PlanLine<'a> {
    pub procedure_id: &'a str,
    pub title: &'a str,
    pub status: Status,
    pub status_label: &'static str,
}

/// The receptionist's home for one clinic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Home<'a> {
    pub clinic_id: String,
    pub clinic_name: String,
    /// The 7 digits.
    pub medical_code: String,
    pub situations: Vec<StartedSituation<'a>>,
    pub plan: Vec<PlanLine<'a>>,
    /// The next step, unless only waiting is left (or the code switch comes first).
    pub next: Option<NextStep<'a>>,
    pub waiting: Vec<Awaited<'a>>,
    pub deadlines: Vec<Deadline>,
    pub switch_code: Option<SwitchOffer>,
    /// Every procedure of the plan is done.
    pub all_done: bool,
}

/// 「2027年1月7日(木)ごろ」 or that there is no official estimate.
fn due_text(due: Option<Date>) -> String {
    due.map_or_else(
        || "公式の目安はありません".to_string(),
        |d| format!("{}ごろ", long_date(d)),
    )
}

/// The step count and 1-based number of `step` among the steps that apply.
fn step_number(
    p: &Procedure,
    answers: &BTreeMap<String, String>,
    step: Option<&str>,
) -> (usize, usize) {
    let steps = p.applicable(answers);
    let number = step
        .and_then(|id| steps.iter().position(|s| s.id == id))
        .map_or(1, |i| i + 1);
    (number, steps.len())
}

/// The runs of a checklist line as (terminal, code, track): one per terminal (and code) once
/// started; before, one per terminal the answers name, each at the start; else the line.
pub(crate) fn runs_of<'a>(
    line: &super::ProcedureStatus<'a>,
    p: &Procedure,
    answers: &std::collections::BTreeMap<String, String>,
) -> Vec<(Option<String>, Option<String>, Track<'a>)> {
    if line.terminals.is_empty() && p.per_terminal {
        super::runs::terminals_of(p, answers)
            .into_iter()
            .map(|t| (Some(t), None, line.track()))
            .collect()
    } else if line.terminals.is_empty() {
        vec![(None, None, line.track())]
    } else {
        line.terminals
            .iter()
            .map(|t| (Some(t.terminal.clone()), t.code.clone(), t.track.clone()))
            .collect()
    }
}

/// How a wait comes, in Japanese.
pub(crate) fn channel_label(channel: &str) -> &'static str {
    match channel {
        "email" => "メール",
        "letter" => "郵便",
        _ => "ポータルのお知らせ",
    }
}

/// What a run waits for (a mail, a letter, the portal), when it is waiting (or late).
pub(crate) fn awaited<'a>(
    line: &super::ProcedureStatus<'a>,
    p: &'a Procedure,
    terminal: Option<String>,
    code: Option<String>,
    track: &Track<'a>,
) -> Option<Awaited<'a>> {
    if !matches!(track.status, Status::Waiting | Status::Problem) {
        return None;
    }
    let w = track
        .step
        .and_then(|s| p.steps.iter().find(|st| st.id == s))
        .and_then(|st| st.wait.as_ref())?;
    Some(Awaited {
        procedure_id: line.id,
        procedure_title: line.title,
        terminal,
        code,
        what: track.waiting_for?,
        channel: &w.channel,
        channel_label: channel_label(&w.channel),
        sender: w.sender.as_deref(),
        due: track.due,
        due_text: due_text(track.due),
        overdue: track.overdue,
        problem: track.status == Status::Problem,
        next_action: track.next_action.clone(),
        event_id: &w.event,
        event_title: track.next_event_title.unwrap_or(""),
    })
}

/// The receptionist's home for one clinic on `env.today`.
pub fn home<'a>(env: &Env<'a>, case: &Case) -> Result<Home<'a>> {
    let checklist = status(env, case)?;
    let switch = pending_switch(env, case);
    let mut next = None;
    let mut waiting = Vec::new();
    let mut plan = Vec::new();
    for id in &checklist.plan {
        let Some(line) = checklist.procedures.iter().find(|l| l.id == *id) else {
            continue;
        };
        let p = env.catalog.procedure(id)?;
        plan.push(PlanLine {
            procedure_id: line.id,
            title: line.title,
            status: line.status,
            status_label: line.status_label,
        });
        let answers = answers_of(env, case, p);
        for (terminal, code, track) in runs_of(line, p, &answers) {
            if let Some(w) = awaited(line, p, terminal.clone(), code.clone(), &track) {
                waiting.push(w);
                continue;
            }
            match track.status {
                Status::InProgress | Status::NotStarted | Status::Problem
                    if next.is_none() && switch.is_none() =>
                {
                    let (step_number, step_count) = step_number(p, &answers, track.step);
                    next = Some(NextStep {
                        procedure_id: line.id,
                        procedure_title: line.title,
                        terminal,
                        code,
                        step_id: track.step,
                        step_title: track
                            .step
                            .and_then(|s| p.steps.iter().find(|st| st.id == s))
                            .map(|st| st.title.as_str()),
                        step_number,
                        step_count,
                        fresh: case.instance(&p.id).is_none(),
                        reason: track.reason,
                    });
                }
                _ => {}
            }
        }
    }
    let all_done = !plan.is_empty() && plan.iter().all(|l| l.status == Status::Done);
    Ok(Home {
        clinic_id: case.clinic.id.to_string(),
        clinic_name: case.clinic.name.clone(),
        medical_code: case.clinic.medical_code.to_string(),
        situations: case
            .situations
            .iter()
            .filter_map(|r| env.catalog.situation(&r.situation_id).ok())
            .map(|s| StartedSituation {
                id: &s.id,
                title: &s.title,
            })
            .collect(),
        plan,
        next,
        waiting,
        deadlines: checklist.deadlines,
        switch_code: switch.map(|new| SwitchOffer {
            old_code: case.clinic.medical_code.to_string(),
            new_code: new.digits().to_string(),
        }),
        all_done,
    })
}

/// The event a step's 「送信しました」/「届きました」 records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StepEvent<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub fact: Fact,
}

/// One screen of the wizard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WizardStep<'p> {
    #[serde(flatten)]
    pub guide: GuideStep<'p>,
    /// The milestone this step records, if any.
    pub event: Option<StepEvent<'p>>,
    /// Recorded already (in this run).
    pub done: bool,
    /// The dangerous choices of this step confirmed already (their ids).
    pub confirmed: Vec<String>,
    /// Every dangerous choice of the step is confirmed: 「次へ」 and the record may be used.
    pub all_confirmed: bool,
    /// The answers this step types that are still missing.
    pub missing_answers: Vec<AnswerRef>,
}

/// A question of the procedure with its current answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QuestionValue<'p> {
    #[serde(flatten)]
    pub question: &'p Answer,
    pub value: Option<String>,
}

/// The wizard of one procedure run (one terminal, one code): every step, and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WizardView<'p> {
    pub procedure_id: &'p str,
    pub title: &'p str,
    pub summary: &'p str,
    pub prerequisites: &'p [Prerequisite],
    pub terminal: Option<String>,
    pub code: Option<String>,
    pub started: bool,
    pub steps: Vec<WizardStep<'p>>,
    /// The index of the step to do (or wait on) now; `steps.len()` when all are done.
    pub current: usize,
    pub status: Status,
    pub status_label: &'static str,
    /// While waiting: when it is expected (「2027年1月7日(木)ごろ」) and what to do if late.
    pub due_text: Option<String>,
    #[ts(type = "string | null")]
    pub next_action: Option<Text<'p>>,
    pub questions: Vec<QuestionValue<'p>>,
}

/// The wizard of procedure `p` for this clinic (one terminal and code, as the target says).
pub fn wizard_view<'p>(
    env: &Env<'p>,
    case: &Case,
    p: &'p Procedure,
    target: &Target<'_>,
) -> Result<WizardView<'p>> {
    let checklist = status(env, case)?;
    wizard_view_in(env, case, &checklist, p, target)
}

/// [`wizard_view`] over the clinic's checklist derived already (a sheet lists every run of
/// every procedure from one derivation).
pub(crate) fn wizard_view_in<'p>(
    env: &Env<'p>,
    case: &Case,
    checklist: &super::ClinicStatus<'p>,
    p: &'p Procedure,
    target: &Target<'_>,
) -> Result<WizardView<'p>> {
    let answers = answers_of(env, case, p);
    let line = checklist.procedures.iter().find(|l| l.id == p.id);
    let terminal = target
        .terminal
        .map(str::to_string)
        .or_else(|| super::runs::terminals_of(p, &answers).into_iter().next());
    let track: Option<Track<'p>> = line.map(|l| {
        l.terminals
            .iter()
            .find(|t| {
                Some(&t.terminal) == terminal.as_ref()
                    && (target.code.is_none() || t.code.as_deref() == target.code)
            })
            .map(|t| t.track.clone())
            .unwrap_or_else(|| l.track())
    });
    let guided = guide(env, case, p, target)?;
    let applicable = p.applicable(&answers);
    let current = match &track {
        Some(t) if t.status == Status::Done => guided.len(),
        Some(t) => t
            .step
            .and_then(|id| guided.iter().position(|g| g.step.id == id))
            .unwrap_or(0),
        None => 0,
    };
    let run_terminal = if p.per_terminal {
        terminal.as_deref()
    } else {
        None
    };
    let steps = guided
        .into_iter()
        .enumerate()
        .map(|(i, g)| {
            let event = g.step.completing_event().and_then(|e| {
                env.catalog.event(e).ok().map(|d| StepEvent {
                    id: &d.id,
                    title: &d.title,
                    fact: d.fact,
                })
            });
            let own = applicable
                .get(i)
                .map(std::slice::from_ref)
                .unwrap_or_default();
            let confirmed: Vec<String> = g
                .guards
                .iter()
                .filter(|d| case.confirmed(&p.id, &d.id, run_terminal))
                .map(|d| d.id.clone())
                .collect();
            WizardStep {
                missing_answers: missing_answers(p, &answers, own),
                done: i < current,
                event,
                all_confirmed: confirmed.len() == g.guards.len(),
                confirmed,
                guide: g,
            }
        })
        .collect();
    let (status_value, status_label, due_text_value, next_action) = match track {
        Some(t) => (
            t.status,
            t.status_label,
            t.waiting_for.map(|_| due_text(t.due)),
            t.next_action,
        ),
        None => (Status::NotStarted, Status::NotStarted.label(), None, None),
    };
    Ok(WizardView {
        procedure_id: &p.id,
        title: &p.title,
        summary: &p.summary,
        prerequisites: &p.prerequisites,
        terminal: if p.per_terminal { terminal } else { None },
        code: target.code.map(str::to_string),
        started: case.instance(&p.id).is_some(),
        steps,
        current,
        status: status_value,
        status_label,
        due_text: due_text_value,
        next_action: next_action.map(|a| Cow::Owned(a.into_owned())),
        questions: p
            .answers
            .iter()
            .map(|q| QuestionValue {
                question: q,
                value: answers.get(&q.key).cloned(),
            })
            .collect(),
    })
}
