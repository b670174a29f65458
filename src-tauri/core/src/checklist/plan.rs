//! 記録の確認 (plans): checks a change before it is stored — the answers of a procedure, a new
//! event's place in its procedure (order, date, terminal, code) — and says where it goes.
//! Storage runs these inside the transaction that writes the change.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::Env;
use super::runs::{Log, Target, Under, choose_run, code_runs, terminals_of, walk};
use super::track::missing_requirement;
use crate::case::{Case, EventRecord, Instance, PlannedEvent};
use crate::content_ids;
use crate::error::EventRef;
use crate::procedure::{EventDef, Procedure};
use crate::validate::field::{self, Context};
use crate::validate::{FormReport, Issue};
use crate::{Error, Result};

/// The validator context for this clinic (都道府県, 点数表, postal data, today), no choices.
pub(crate) fn clinic_context<'e>(env: &Env<'e>, case: &Case) -> Context<'e> {
    Context {
        today: env.today,
        prefecture: Some(case.clinic.prefecture),
        score_table: Some(case.clinic.score_table),
        rules: env.rules,
        postal: crate::postal::PostalTable::embedded().ok(),
        choices: &[],
        confirm: None,
        answers: None,
    }
}

fn event_ref(env: &Env<'_>, event: &str) -> EventRef {
    EventRef {
        event_id: event.to_string(),
        title: env
            .catalog
            .event(event)
            .map_or_else(|_| event.to_string(), |e| e.title.clone()),
    }
}

/// Checks `key=value` answers against the procedure's questions. Returns the answers in portal
/// format (defaults filled in) or [`Error::Invalid`] naming every bad one.
pub fn check_answers(
    env: &Env<'_>,
    case: &Case,
    p: &Procedure,
    given: &[(String, String)],
    previous: Option<&BTreeMap<String, String>>,
) -> Result<BTreeMap<String, String>> {
    let mut report = FormReport::default();
    let mut answers = previous.cloned().unwrap_or_default();
    // Checks that span answers see every answer as it will be (the stored ones, then the given).
    let mut all = p.with_defaults(&answers);
    all.extend(given.iter().cloned());
    let base = Context {
        answers: Some(&all),
        ..clinic_context(env, case)
    };
    for (key, value) in given {
        let Some(q) = p.answers.iter().find(|a| &a.key == key) else {
            let keys: Vec<&str> = p.answers.iter().map(|a| a.key.as_str()).collect();
            report.push_error(
                "answer",
                Issue::new(
                    "answer.unknown",
                    format!(
                        "「{key}」はこの手続きの質問にありません。使えるのは {} です。",
                        keys.join("、")
                    ),
                ),
            );
            continue;
        };
        if value.trim().is_empty() && !q.required {
            answers.remove(key);
            continue;
        }
        let choices: Vec<&str> = q.choices.iter().map(|c| c.value.as_str()).collect();
        let cx = Context {
            choices: &choices,
            ..base
        };
        let v = field::check(&q.validator, value, &cx);
        for e in &v.errors {
            report.push_error(
                "answer",
                Issue::new(e.code, format!("{}: {}", q.label, e.message)),
            );
        }
        // Terminal names are checked against the clinic's register (撤去済み, 名前の変更).
        if key == crate::content_ids::TERMINALS
            && v.errors.is_empty()
            && let Some(issue) = crate::terminal_register::Register::replay_of(case).check_answer(
                &crate::validate::field::split_terminals(v.normalized.as_deref().unwrap_or("")),
            )
        {
            report.push_error(
                "answer",
                Issue::new(issue.code, format!("{}: {}", q.label, issue.message)),
            );
        }
        if let Some(n) = v.normalized.filter(|_| v.errors.is_empty()) {
            answers.insert(key.clone(), n);
        }
    }
    for q in p.answers.iter().filter(|q| q.required) {
        if !answers.contains_key(&q.key) && q.default.is_none() {
            report.push_error(
                "answer",
                Issue::new(
                    "answer.required",
                    format!("「{}」を指定してください。", q.label),
                ),
            );
        }
    }
    if report.has_errors() {
        return Err(Error::Invalid(report));
    }
    Ok(p.with_defaults(&answers))
}

/// Starting (or re-answering) a procedure: refused when it is blocked.
pub fn plan_start(
    env: &Env<'_>,
    case: &Case,
    procedure_id: &str,
    given: &[(String, String)],
) -> Result<Instance> {
    let p = env.catalog.procedure(procedure_id)?;
    let previous = case.instance(procedure_id);
    if previous.is_none()
        && let Some(requirement) = missing_requirement(p, case)
    {
        let index = env
            .catalog
            .procedures
            .iter()
            .position(|q| q.id == p.id)
            .unwrap_or(usize::MAX);
        return Err(Error::Blocked {
            procedure: p.title.clone(),
            reason: env.catalog.blocked_reason(index, requirement).to_string(),
            must_come_first: p.requires.get(requirement).map(|e| event_ref(env, e)),
        });
    }
    // A procedure the clinic's situation asked questions for starts with those answers.
    let from_situations = crate::situation::answers_for(env.catalog, &case.situations, &p.id);
    let base = previous.map_or(&from_situations, |i| &i.answers);
    let answers = check_answers(env, case, p, given, Some(base))?;
    Ok(Instance {
        procedure_id: p.id.clone(),
        content_version: previous.map_or(p.version, |i| i.content_version),
        answers,
    })
}

pub fn plan_event(
    env: &Env<'_>,
    case: &Case,
    event_id: &str,
    date: Date,
    target: &Target<'_>,
) -> Result<PlannedEvent> {
    let procedure_hint = target.procedure;
    let def = env.catalog.event(event_id)?;
    let candidates: Vec<&Procedure> = env
        .catalog
        .procedures
        .iter()
        .filter(|p| procedure_hint.is_none_or(|h| p.id == h))
        .filter(|p| {
            p.steps
                .iter()
                .any(|s| s.completing_event() == Some(event_id))
        })
        .collect();
    if let Some(h) = procedure_hint {
        env.catalog.procedure(h)?;
    }
    let Some(&first_candidate) = candidates.first() else {
        return Err(Error::NotInProcedure {
            event: def.title.clone(),
            procedure: None,
        });
    };
    let mut first_error = None;
    // Started procedures that are waiting for this event come first.
    for p in &candidates {
        let Some(instance) = case.instance(&p.id) else {
            continue;
        };
        match fit(env, case, p, instance, def, date, target) {
            Ok(planned) => return Ok(planned),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error {
        return Err(e);
    }
    // Not started anywhere: the event may start a procedure whose first milestone it is.
    for p in &candidates {
        if p.first_event() != Some(event_id) {
            continue;
        }
        let instance = plan_start(env, case, &p.id, &[])?;
        let mut planned = fit(env, case, p, &instance, def, date, target)?;
        planned.start = Some(instance);
        return Ok(planned);
    }
    // None of them starts with this event: say what has to come first.
    let p = first_candidate;
    let before = p.first_event().map(|e| event_ref(env, e));
    Err(Error::OutOfOrder {
        message: format!(
            "「{}」より前に「{}」を記録してください（「{}」の手順はまだ始まっていません）。",
            def.title,
            before.as_ref().map_or("", |b| b.title.as_str()),
            p.title
        ),
        must_come_first: before,
        earliest_date: None,
    })
}

/// The terminal a per-terminal event is for: the one given (it must be in the list), else the
/// first whose next milestone is this event, else the first.
fn choose_terminal(
    p: &Procedure,
    instance: &Instance,
    target: &Target<'_>,
    waits_for_this: impl Fn(&str) -> bool,
) -> Result<String> {
    let names = terminals_of(p, &instance.answers);
    if names.is_empty() {
        return Err(Error::NoTerminals {
            procedure: p.title.clone(),
        });
    }
    match target.terminal {
        Some(t) => {
            let t = crate::validate::normalize::text(t);
            if names.contains(&t) {
                Ok(t)
            } else {
                Err(Error::UnknownTerminal {
                    terminal: t,
                    procedure: p.title.clone(),
                    terminals: names,
                })
            }
        }
        None => Ok(names
            .iter()
            .find(|n| waits_for_this(n))
            .or(names.first())
            .cloned()
            .unwrap_or_default()),
    }
}

/// Checks that `def` on `date` is the next (or a redone) milestone of this instance.
fn fit(
    env: &Env<'_>,
    case: &Case,
    p: &Procedure,
    instance: &Instance,
    def: &EventDef,
    date: Date,
    target: &Target<'_>,
) -> Result<PlannedEvent> {
    let steps = p.applicable(&instance.answers);
    let runs = code_runs(p, &instance.answers, case);
    let run = choose_run(&runs, target.code, &p.title)?;
    let code = &run.code;
    let under = Under::new(p, code);
    // With two codes each 点数表 has its own run of the steps (and its own records).
    let table = (runs.len() > 1).then(|| run.table());
    let terminal = if p.per_terminal && def.terminal {
        let waits_for_this = |name: &str| {
            let log = Log::new(case, &p.id, Some(name), table);
            walk(&steps, &log, under)
                .pending
                .and_then(|i| steps[i].completing_event())
                == Some(def.id.as_str())
        };
        Some(choose_terminal(p, instance, target, waits_for_this)?)
    } else {
        None
    };
    let log = Log::new(case, &p.id, terminal.as_deref(), table);
    let pending = walk(&steps, &log, under).pending;
    let position = steps
        .iter()
        .position(|s| s.completing_event() == Some(def.id.as_str()))
        .ok_or_else(|| Error::NotInProcedure {
            event: def.title.clone(),
            procedure: Some(p.title.clone()),
        })?;
    // Every milestone before this one must be done (in this run); redoing a done one is fine.
    let limit = pending.unwrap_or(steps.len());
    if position > limit {
        let missing = steps[limit].completing_event().map(|e| event_ref(env, e));
        return Err(Error::OutOfOrder {
            message: format!(
                "順番が違います。「{}」の前に「{}」を記録してください（{}）。",
                def.title,
                missing.as_ref().map_or("", |m| m.title.as_str()),
                p.title
            ),
            must_come_first: missing,
            earliest_date: None,
        });
    }
    // The date may not be before the previous milestone's.
    let mut floor = i64::MIN;
    let mut previous: Option<&EventRecord> = None;
    for s in steps.iter().take(position) {
        if let Some(e) = s.completing_event()
            && let Some(r) = log.after(e, floor)
        {
            floor = r.seq;
            previous = Some(r);
        }
    }
    if let Some(prev) = previous
        && date < prev.date
    {
        let title = event_ref(env, &prev.event_id).title;
        return Err(Error::OutOfOrder {
            message: format!(
                "日付が前の出来事より前です。「{title}」は {} に記録されています。{} 以降の日付を指定してください。",
                crate::calendar::long_date(prev.date),
                crate::calendar::long_date(prev.date)
            ),
            must_come_first: None,
            earliest_date: Some(prev.date.to_string()),
        });
    }
    // What the steps up to this milestone need: no pending 承継 code switch for an event
    // that sends the code, every dangerous choice confirmed, every answer it types given.
    let snapshots = def
        .snapshot
        .iter()
        .any(|s| s == content_ids::SNAPSHOT_MEDICAL_CODE);
    if snapshots
        && p.id != content_ids::SHOKEI
        && let Some(switch) = super::wizard::pending_switch(env, case)
    {
        return Err(Error::CodeSwitch {
            message: format!(
                "承継の手続きが終わり、新しい医療機関コード（{}）に切り替える番です。「{}」は新しいコードで行うため、先に「医療機関コードを切り替える」を済ませてください。何も記録していません。",
                switch.digits(),
                def.title
            ),
        });
    }
    super::wizard::check_gates(
        p,
        case,
        instance,
        &steps,
        position,
        def,
        terminal.as_deref(),
    )?;
    Ok(PlannedEvent {
        procedure_id: p.id.clone(),
        start: None,
        terminal,
        // A 併設 clinic's per-code runs are told apart by the code, so it is always kept there.
        code: (snapshots || table.is_some()).then(|| code.to_string()),
    })
}
