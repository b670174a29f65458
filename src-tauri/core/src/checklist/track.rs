//! 進み具合 (tracks): the status of each line of the checklist — 開始不可, 未着手, 進行中,
//! 待機中 with its due date, 問題あり once a wait is well past due, 完了.

use std::borrow::Cow;

use super::deadlines::{deadlines, shokei_grace};
use super::runs::{CodeRun, Log, Under, code_runs, terminals_of, walk};
use super::{
    CALL_CENTER, CALL_CENTER_HOURS, ClinicStatus, ContentUpdate, Env, ProcedureStatus, Status,
    TerminalTrack, Track,
};
use crate::Result;
use crate::case::{Case, Instance};
use crate::content_ids;
use crate::procedure::{Fact, Procedure, Step};
use crate::timeline::Grace;

/// The checklist of one clinic on `env.today`.
pub fn status<'a>(env: &Env<'a>, case: &Case) -> Result<ClinicStatus<'a>> {
    // The 承継 grace period feeds both the 承継 line and the deadlines: compute it once.
    let grace = shokei_grace(env, case)?;
    let plan = crate::situation::clinic_plan(env.catalog, &case.situations);
    let mut procedures = Vec::with_capacity(env.catalog.procedures.len());
    for (index, p) in env.catalog.procedures.iter().enumerate() {
        let planned = plan.contains(&p.id.as_str());
        // 新設 and 廃止 are not steps every clinic takes: listed once planned or started.
        if p.on_request && !planned && case.instance(&p.id).is_none() {
            continue;
        }
        let mut line = procedure_status(env, case, index, p, grace.as_ref())?;
        line.applies = planned || case.instance(&p.id).is_some();
        flag_conflict(env, case, &mut line);
        procedures.push(line);
    }
    Ok(ClinicStatus {
        plan,
        clinic_id: case.clinic.id.to_string(),
        procedures,
        deadlines: deadlines(env, case, grace.as_ref())?,
    })
}

/// A step recorded differently on another PC (食い違い, found by an import) makes the
/// procedure 問題あり until someone records the step again here.
fn flag_conflict<'a>(env: &Env<'a>, case: &Case, line: &mut super::ProcedureStatus<'a>) {
    let Some(c) = case
        .conflicts
        .iter()
        .rev()
        .find(|c| c.procedure_id == line.id && c.is_open(case))
    else {
        return;
    };
    let title = env
        .catalog
        .event(&c.event_id)
        .map_or(c.event_id.as_str(), |e| e.title.as_str());
    let which = c
        .terminal
        .as_deref()
        .map_or_else(String::new, |t| format!("（端末：{t}）"));
    line.status = super::Status::Problem;
    line.status_label = super::Status::Problem.label();
    line.reason = Some(std::borrow::Cow::Owned(format!(
        "別のパソコンから取り込んだ記録と食い違っています：「{title}」{which}が、このパソコンでは{}、取り込んだファイルでは{}です。",
        crate::calendar::long_date(c.local_date),
        crate::calendar::long_date(c.imported_date),
    )));
    line.next_action = Some(std::borrow::Cow::Owned(format!(
        "どちらの日付が正しいか確かめて、正しい日付で「{title}」をもう一度記録してください（記録すると、この表示は消えます）。"
    )));
}

/// Is every event `requires` names recorded somewhere? Returns the index of the first missing.
pub(crate) fn missing_requirement(p: &Procedure, case: &Case) -> Option<usize> {
    let recorded = |id: &String| case.events.iter().any(|e| &e.event_id == id);
    if p.unblocked_by.iter().any(recorded) {
        return None;
    }
    p.requires.iter().position(|r| !recorded(r))
}

/// The line of procedure `p`, which is `env.catalog.procedures[index]`.
fn procedure_status<'a>(
    env: &Env<'a>,
    case: &Case,
    index: usize,
    p: &'a Procedure,
    grace: Option<&Grace>,
) -> Result<ProcedureStatus<'a>> {
    let base = |track: Track<'a>| ProcedureStatus {
        id: &p.id,
        title: &p.title,
        applies: false,
        status: track.status,
        status_label: track.status_label,
        waiting_for: track.waiting_for,
        due: track.due,
        overdue: track.overdue,
        next_action: track.next_action,
        reason: track.reason,
        step: track.step,
        next_event: track.next_event,
        next_event_title: track.next_event_title,
        terminals: Vec::new(),
        content_update: None,
    };
    let Some(instance) = case.instance(&p.id) else {
        let mut track = match missing_requirement(p, case) {
            Some(requirement) => Track::at(
                Status::Blocked,
                None,
                None,
                Some(Cow::Borrowed(
                    env.catalog.blocked_reason(index, requirement),
                )),
            ),
            None => Track::at(
                Status::NotStarted,
                p.steps.first().map(|s| s.id.as_str()),
                Some(Cow::Borrowed(env.catalog.start_action(index))),
                None,
            )
            .then_record(env, env.catalog.first_event(index)),
        };
        past_grace(env, p, grace, &mut track);
        return Ok(base(track));
    };
    let steps = p.applicable(&instance.answers);
    let runs = code_runs(p, &instance.answers, case);
    let (mut track, terminals) = if p.per_terminal {
        let runs = run_tracks(env, case, p, instance, &steps, &runs)?;
        (lead_track(&runs), runs)
    } else {
        let log = Log::new(case, &p.id, None, None);
        let under = Under::new(p, &runs[0].code);
        (track(env, &steps, &log, under)?, Vec::new())
    };
    past_grace(env, p, grace, &mut track);
    let mut out = base(track);
    out.terminals = terminals;
    if instance.content_version < p.version {
        out.content_update = Some(ContentUpdate {
            from: instance.content_version,
            to: p.version,
            changes: p
                .changes
                .iter()
                .filter(|c| c.version > instance.content_version)
                .map(|c| format!("第{}版：{}（{}）", c.version, c.summary, c.steps.join("・")))
                .collect(),
        });
    }
    Ok(out)
}

/// 承継: past the 120-day grace, the 承継 (until mail 2) and the new certificates (until every
/// terminal has one) are a problem whatever their step.
fn past_grace(env: &Env<'_>, p: &Procedure, grace: Option<&Grace>, track: &mut Track<'_>) {
    if (p.id == content_ids::SHOKEI || p.id == content_ids::CERTIFICATE)
        && track.status != Status::Done
        && let Some(grace) = grace
        && env.today > grace.deadline.date
    {
        track.set_status(Status::Problem);
        track.reason = Some(Cow::Owned(format!(
            "旧電子証明書が使える期限（{}）を過ぎました。新しい証明書の導入を急ぎ、コールセンター（{CALL_CENTER}、{CALL_CENTER_HOURS}）に相談してください。",
            crate::calendar::long_date(grace.deadline.date)
        )));
    }
}

/// Where one run of `steps` stands, from its records.
pub(crate) fn track<'a>(
    env: &Env<'a>,
    steps: &[&'a Step],
    log: &Log<'_>,
    under: Under<'_>,
) -> Result<Track<'a>> {
    let walked = walk(steps, log, under);
    let Some(index) = walked.pending else {
        return Ok(Track::at(Status::Done, None, None, None));
    };
    let (last, reopened) = (walked.last, walked.reopened);
    let step = steps[index];
    if reopened.is_none()
        && let Some(wait) = &step.wait
        && let Some(from) = last.filter(|r| r.event_id == wait.from_event)
    {
        let event = env.catalog.event(&wait.event)?;
        let (due, why) = match &wait.rule {
            Some(rule) => {
                let verb = env
                    .catalog
                    .event(&wait.from_event)
                    .map_or("開始", |e| fact_verb(e.fact));
                let est = env.rules.estimate(env.calendar, rule, from.date, verb)?;
                (Some(est.date), Some(est.explanation))
            }
            None => (
                None,
                Some(format!(
                    "{}から待っています（公式の目安日数はありません）",
                    crate::calendar::long_date(from.date)
                )),
            ),
        };
        let overdue = due.is_some_and(|d| env.today > d);
        let escalate_on = env.calendar.add_business_days(
            due.unwrap_or(from.date),
            wait.call_center_after_business_days,
        )?;
        let late_hint = wait.if_late.concat();
        let (status, next_action) = if env.today > escalate_on {
            (
                Status::Problem,
                format!(
                    "{}がまだ届いていません。{late_hint}それでも見つからない場合は、オンライン資格確認等コールセンター（{CALL_CENTER}、{CALL_CENTER_HOURS}）に問い合わせてください（予定日から{}営業日で問い合わせる目安は、手順書にないオン資ナビの補足です）。",
                    wait.what, wait.call_center_after_business_days
                ),
            )
        } else if overdue {
            (
                Status::Waiting,
                format!(
                    "予定日を過ぎています。{late_hint}届いたら「{}」を記録してください。",
                    event.title
                ),
            )
        } else {
            (
                Status::Waiting,
                format!("届いたら「{}」を記録してください。", event.title),
            )
        };
        return Ok(Track {
            status,
            status_label: status.label(),
            step: Some(&step.id),
            waiting_for: Some(&wait.what),
            due,
            overdue,
            next_action: Some(Cow::Owned(next_action)),
            reason: why.map(Cow::Owned),
            next_event: Some(&wait.event),
            next_event_title: Some(&event.title),
        });
    }
    // The next thing to do is the first step after the last completed milestone.
    let next_index = last
        .and_then(|r| {
            steps
                .iter()
                .position(|s| s.completing_event() == Some(r.event_id.as_str()))
        })
        .map_or(0, |i| i + 1)
        .min(index);
    let next = if reopened.is_some() {
        step
    } else {
        steps[next_index]
    };
    Ok(Track::at(
        Status::InProgress,
        Some(&next.id),
        Some(Cow::Borrowed(&next.title)),
        reopened.map(Cow::Owned),
    )
    .then_record(env, step.completing_event()))
}

/// The verb of a wait's explanation (「12/25 申請 → …」).
fn fact_verb(fact: Fact) -> &'static str {
    match fact {
        Fact::Sent => "申請",
        Fact::Confirmed => "受信",
        Fact::Received => "到着",
        Fact::Done => "完了",
    }
}

/// One track per terminal, and per code for a 医科歯科併設 clinic.
fn run_tracks<'a>(
    env: &Env<'a>,
    case: &Case,
    p: &'a Procedure,
    instance: &Instance,
    steps: &[&'a Step],
    runs: &[CodeRun],
) -> Result<Vec<TerminalTrack<'a>>> {
    let dual = runs.len() > 1;
    let mut tracks = Vec::new();
    for run in runs {
        let table = dual.then(|| run.table());
        for t in terminals_of(p, &instance.answers) {
            let log = Log::new(case, &p.id, Some(&t), table);
            let track = track(env, steps, &log, Under::new(p, &run.code))?;
            tracks.push(TerminalTrack {
                terminal: t,
                code: dual.then(|| run.code.digits().to_string()),
                score_table: table.map(crate::ScoreTable::name),
                track,
            });
        }
    }
    Ok(tracks)
}

/// The procedure is where its least advanced run is (a problem shows first); with several
/// runs, the next action says which one.
fn lead_track<'a>(runs: &[TerminalTrack<'a>]) -> Track<'a> {
    let Some(lead) = runs.iter().min_by_key(|t| match t.track.status {
        Status::Problem => 0,
        Status::InProgress => 1,
        Status::Waiting => 2,
        _ => 3,
    }) else {
        // Every terminal was retired (端末台帳): no certificate is needed any more.
        return Track::at(Status::Done, None, None, None);
    };
    let mut track = lead.track.clone();
    if runs.len() > 1 && track.status != Status::Done {
        let run = match lead.score_table {
            Some(table) => format!("{}・{table}", lead.terminal),
            None => lead.terminal.clone(),
        };
        track.next_action = track
            .next_action
            .map(|a| Cow::Owned(format!("【{run}】{a}")));
    }
    track
}
