//! 受付の流れ (the wizard's rules): what must hold before a step is recorded — its dangerous
//! choices confirmed, the answers it types given, a 承継's new code switched to — and the
//! planning of the wizard's own changes: starting a situation, confirming a choice, switching
//! the clinic to its new code. Storage runs these inside the transaction that writes the change.

use std::collections::BTreeMap;

use super::Env;
use super::plan::check_answers;
use super::runs::{Log, Under, code_runs, terminals_of, walk};
use crate::case::{Case, CodeSwitch, Confirmation, Instance, Role};
use crate::clinic::NewClinic;
use crate::code::{FullCode, MedicalCode};
use crate::content_ids;
use crate::error::{AnswerRef, DangerRef};
use crate::procedure::{EventDef, Fact, Procedure, Source, Step};
use crate::situation::SituationRecord;
use crate::store::SituationStart;
use crate::{Error, Result};

/// The steps that lead to the milestone at `position`: those after the previous milestone.
pub(crate) fn segment<'s, 'p>(steps: &'s [&'p Step], position: usize) -> &'s [&'p Step] {
    let start = steps[..position]
        .iter()
        .rposition(|s| s.completing_event().is_some())
        .map_or(0, |i| i + 1);
    &steps[start..=position]
}

/// The dangerous choices of these steps that apply and are not confirmed yet.
pub(crate) fn unconfirmed(
    p: &Procedure,
    case: &Case,
    answers: &BTreeMap<String, String>,
    steps: &[&Step],
    terminal: Option<&str>,
) -> Vec<DangerRef> {
    steps
        .iter()
        .flat_map(|s| &s.dangers)
        .filter(|d| d.only_if.as_ref().is_none_or(|c| c.holds(answers)))
        .filter(|d| !case.confirmed(&p.id, &d.id, terminal))
        .map(|d| DangerRef {
            procedure_id: p.id.clone(),
            danger_id: d.id.clone(),
            confirm: d.confirm.clone(),
        })
        .collect()
}

/// The answers these steps type into the portal that are not given yet (a field with a
/// fallback, such as the current name, is never missing).
pub(crate) fn missing_answers(
    p: &Procedure,
    answers: &BTreeMap<String, String>,
    steps: &[&Step],
) -> Vec<AnswerRef> {
    let mut out: Vec<AnswerRef> = Vec::new();
    for f in steps.iter().flat_map(|s| &s.fields) {
        if f.otherwise.is_some() || f.only_if.as_ref().is_some_and(|c| !c.holds(answers)) {
            continue;
        }
        let Some(Source::Answer(key)) = Source::parse(&f.from) else {
            continue;
        };
        let given = answers.get(key).is_some_and(|v| !v.trim().is_empty());
        if given || out.iter().any(|a| a.key == key) {
            continue;
        }
        let label = p
            .answers
            .iter()
            .find(|a| a.key == key)
            .map_or_else(|| f.label.clone(), |a| a.label.clone());
        out.push(AnswerRef {
            procedure_id: p.id.clone(),
            key: key.to_string(),
            label,
        });
    }
    out
}

/// Refuses the milestone at `position` while an answer it types is missing (for a form that is
/// sent) or a dangerous choice on the way to it is not confirmed.
pub(crate) fn check_gates(
    p: &Procedure,
    case: &Case,
    instance: &Instance,
    steps: &[&Step],
    position: usize,
    def: &EventDef,
    terminal: Option<&str>,
) -> Result<()> {
    let leading = segment(steps, position);
    if def.fact == Fact::Sent {
        let answers = missing_answers(p, &instance.answers, leading);
        if !answers.is_empty() {
            return Err(Error::AnswersRequired {
                event: quoted(&def.title),
                answers,
            });
        }
    }
    let dangers = unconfirmed(p, case, &instance.answers, leading, terminal);
    if !dangers.is_empty() {
        return Err(Error::ConfirmationRequired {
            event: quoted(&def.title),
            dangers,
        });
    }
    Ok(())
}

/// An event's title as it stands in a sentence: in 「」 unless it has its own brackets.
fn quoted(title: &str) -> String {
    if title.contains('「') {
        title.to_string()
    } else {
        format!("「{title}」")
    }
}

/// The 承継's new code, once the 承継 is complete (every mail it waits for has come) and the
/// clinic still has its old code: the time to switch.
pub fn pending_switch(env: &Env<'_>, case: &Case) -> Option<FullCode> {
    let p = env.catalog.procedure(content_ids::SHOKEI).ok()?;
    let instance = case.instance(&p.id)?;
    let key = p.code_answer.as_deref()?;
    let new = MedicalCode::parse(instance.answers.get(key)?)?;
    if new == case.clinic.medical_code {
        return None;
    }
    let steps = p.applicable(&instance.answers);
    let log = Log::new(case, &p.id, None, None);
    let runs = code_runs(p, &instance.answers, case);
    let done = walk(&steps, &log, Under::new(p, &runs.first()?.code))
        .pending
        .is_none();
    done.then(|| FullCode::new(case.clinic.prefecture, case.clinic.score_table, new))
}

/// Switching the clinic to its 承継 code (the old one goes to its history): only once the
/// 承継 is complete.
pub fn plan_switch(env: &Env<'_>, case: &Case) -> Result<CodeSwitch> {
    let Some(new) = pending_switch(env, case) else {
        let message = if case.instance(content_ids::SHOKEI).is_none() {
            "承継の手続きが始まっていないため、医療機関コードを切り替えられません。何も変更していません。".to_string()
        } else if shokei_code(env, case).as_ref() == Some(&case.clinic.medical_code) {
            format!(
                "医療機関コードはすでに新しいコード（{}）に切り替わっています。何も変更していません。",
                case.clinic.medical_code
            )
        } else {
            "まだ切り替えられません。承継のメールがすべて届き（承継元で利用申請をしていた場合はメール1とメール2）、承継の手続きが完了してから切り替えてください。何も変更していません。".to_string()
        };
        return Err(Error::CodeSwitch { message });
    };
    let name = case
        .instance(content_ids::SHOKEI)
        .and_then(|i| i.answers.get(content_ids::SHOKEI_NEW_NAME))
        .filter(|n| !n.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| case.clinic.name.clone());
    Ok(CodeSwitch {
        clinic: NewClinic {
            name,
            prefecture: new.prefecture,
            score_table: new.score_table,
            medical_code: MedicalCode::parse(new.digits()).ok_or_else(|| Error::Internal {
                detail: "new code".into(),
            })?,
        },
    })
}

fn shokei_code(env: &Env<'_>, case: &Case) -> Option<MedicalCode> {
    let p = env.catalog.procedure(content_ids::SHOKEI).ok()?;
    MedicalCode::parse(
        case.instance(&p.id)?
            .answers
            .get(p.code_answer.as_deref()?)?,
    )
}

/// Confirming a dangerous choice: it must be one of the procedure's (with its answers), and
/// for a per-terminal procedure the terminal, when given, one of its terminals.
pub fn plan_confirm(
    env: &Env<'_>,
    case: &Case,
    procedure_id: &str,
    danger_id: &str,
    terminal: Option<&str>,
    role: Role,
    now: jiff::Timestamp,
) -> Result<Confirmation> {
    let p = env.catalog.procedure(procedure_id)?;
    let answers = case.instance(&p.id).map_or_else(
        || p.with_defaults(&answers_of_situations(env, case, p)),
        |i| i.answers.clone(),
    );
    let known = p
        .applicable(&answers)
        .iter()
        .flat_map(|s| &s.dangers)
        .any(|d| d.id == danger_id && d.only_if.as_ref().is_none_or(|c| c.holds(&answers)));
    if !known {
        return Err(Error::NotFound {
            what: "確認項目",
            id: format!("{}:{danger_id}", p.id),
        });
    }
    let terminal = match terminal.filter(|t| !t.is_empty()) {
        Some(t) if p.per_terminal => {
            let t = crate::validate::normalize::text(t);
            let names = terminals_of(p, &answers);
            if !names.contains(&t) {
                return Err(Error::UnknownTerminal {
                    terminal: t,
                    procedure: p.title.clone(),
                    terminals: names,
                });
            }
            Some(t)
        }
        _ => None,
    };
    Ok(Confirmation {
        procedure_id: p.id.clone(),
        danger_id: danger_id.to_string(),
        terminal,
        role,
        confirmed_at: now.to_string(),
    })
}

fn answers_of_situations(env: &Env<'_>, case: &Case, p: &Procedure) -> BTreeMap<String, String> {
    crate::situation::answers_for(env.catalog, &case.situations, &p.id)
}

/// Starting a situation: its answers are checked by every procedure that asks them, and the
/// procedures of its plan that ask one start with them now (one still blocked starts later,
/// with the situation's answers).
pub fn plan_situation(
    env: &Env<'_>,
    case: &Case,
    situation_id: &str,
    given: &[(String, String)],
    now: jiff::Timestamp,
) -> Result<SituationStart> {
    let s = env.catalog.situation(situation_id)?;
    let mut report = crate::validate::FormReport::default();
    for (key, _) in given {
        if !s.ask.contains(key) {
            report.push_error(
                "answer",
                crate::validate::Issue::new(
                    "answer.unknown",
                    format!(
                        "「{key}」はこの状況の質問にありません。使えるのは {} です。",
                        s.ask.join("、")
                    ),
                ),
            );
        }
    }
    if report.has_errors() {
        return Err(Error::Invalid(report));
    }
    let previous = case
        .situations
        .iter()
        .find(|r| r.situation_id == s.id)
        .map(|r| r.answers.clone())
        .unwrap_or_default();
    // Each answer in portal format, as the procedures that ask it check it.
    let mut answers = previous;
    for pp in &s.procedures {
        let p = env.catalog.procedure(&pp.id)?;
        let mine: Vec<(String, String)> = given
            .iter()
            .filter(|(k, _)| p.answers.iter().any(|a| &a.key == k))
            .cloned()
            .collect();
        if mine.is_empty() {
            continue;
        }
        let checked = check_answers(env, case, p, &mine, None)?;
        for (k, _) in &mine {
            match checked.get(k) {
                Some(v) => answers.insert(k.clone(), v.clone()),
                None => answers.remove(k),
            };
        }
    }
    let record = SituationRecord {
        situation_id: s.id.clone(),
        answers,
        started_at: case
            .situations
            .iter()
            .find(|r| r.situation_id == s.id)
            .map_or_else(|| now.to_string(), |r| r.started_at.clone()),
    };
    // The case as it will be with this situation stored (its procedures start from it).
    let mut situated = case.clone();
    situated.situations.retain(|r| r.situation_id != s.id);
    situated.situations.push(record.clone());
    let mut instances = Vec::new();
    for id in s.plan(env.catalog, &record.answers) {
        let p = env.catalog.procedure(id)?;
        let mine: Vec<(String, String)> = record
            .answers
            .iter()
            .filter(|(k, _)| p.answers.iter().any(|a| &a.key == *k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if mine.is_empty() {
            continue;
        }
        match super::plan::plan_start(env, &situated, id, &mine) {
            Ok(instance) => instances.push(instance),
            // Still blocked (the certificate before mail 2): it starts later with these answers.
            Err(Error::Blocked { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(SituationStart { record, instances })
}
