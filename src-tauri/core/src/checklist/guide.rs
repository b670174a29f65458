//! 手順の案内 (the guide): the steps of a procedure that apply to a clinic, each with every
//! value to type prepared from the clinic, its profile or the answers, checked and in portal
//! format, and the dangerous choices that apply.

use std::collections::BTreeMap;

use serde::Serialize;
use ts_rs::TS;

use super::Env;
use super::plan::clinic_context;
use super::runs::{CodeRun, Target, choose_run, code_runs, terminals_of};
use crate::Result;
use crate::case::Case;
use crate::procedure::{Danger, Field, Procedure, Source, Step};
use crate::validate::Issue;
use crate::validate::field::{self, Context};

/// A value to type, prepared from the clinic, its profile or the answers, already checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreparedField {
    pub label: String,
    pub from: String,
    /// In portal format, ready to copy (`None` when missing or wrong).
    pub value: Option<String>,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    pub note: Option<String>,
    /// The procedure's question this value comes from (`new-code`; `terminals` for 端末名称),
    /// so the window can offer 「変更」 for it; `None` for the clinic's own and profile values.
    pub answer_key: Option<String>,
    /// The 医療機関情報 field this value comes from (`phone`, as the content names it), so the
    /// window can open the profile form there; `None` for every other source.
    pub profile_key: Option<String>,
}

/// One step of the on-screen guide for a clinic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GuideStep<'p> {
    #[serde(flatten)]
    pub step: &'p Step,
    pub prepared: Vec<PreparedField>,
    /// The dangerous choices that apply with these answers.
    pub guards: Vec<&'p Danger>,
}

/// The steps of a procedure that apply to this clinic (its answers, or the defaults), with every
/// value to type prepared. `target.terminal` fills 端末名称 fields; for a 医科歯科併設 clinic
/// `target.code` chooses the code (the clinic's own when not given).
pub fn guide<'p>(
    env: &Env<'_>,
    case: &Case,
    p: &'p Procedure,
    target: &Target<'_>,
) -> Result<Vec<GuideStep<'p>>> {
    // Before the procedure starts, the answers its situation gave (else the defaults).
    let answers = super::answers_of(env, case, p);
    let runs = code_runs(p, &answers, case);
    let run = match target.code {
        Some(_) => choose_run(&runs, target.code, &p.title)?,
        None => &runs[0],
    };
    // The code fields and their check use the chosen code's 点数表.
    let own = CodeRun {
        code: case.clinic.full_code(),
    };
    let code = if p.per_code { run } else { &own };
    let base = Context {
        score_table: Some(code.table()),
        answers: Some(&answers),
        ..clinic_context(env, case)
    };
    let filling = Filling {
        case,
        p,
        answers: &answers,
        code,
        terminal: target
            .terminal
            .map(str::to_string)
            .or_else(|| terminals_of(p, &answers).into_iter().next()),
        cx: base,
    };
    Ok(p.applicable(&answers)
        .into_iter()
        .map(|s| GuideStep {
            step: s,
            prepared: s
                .fields
                .iter()
                .filter(|f| f.only_if.as_ref().is_none_or(|c| c.holds(&answers)))
                .map(|f| filling.prepare(f))
                .collect(),
            guards: s
                .dangers
                .iter()
                .filter(|d| d.only_if.as_ref().is_none_or(|c| c.holds(&answers)))
                .collect(),
        })
        .collect())
}

/// Where the guide takes the values to type from, for one clinic, terminal and code.
struct Filling<'c> {
    case: &'c Case,
    p: &'c Procedure,
    answers: &'c BTreeMap<String, String>,
    code: &'c CodeRun,
    terminal: Option<String>,
    cx: Context<'c>,
}

impl Filling<'_> {
    /// The value of a field's source as stored ("" counts as missing).
    fn raw(&self, source: Option<Source<'_>>) -> Option<String> {
        let (clinic, profile) = (&self.case.clinic, &self.case.profile);
        match source? {
            Source::ClinicName => Some(clinic.name.clone()),
            Source::Prefecture => Some(clinic.prefecture.code()),
            Source::ScoreTable => Some(self.code.table().code()),
            Source::MedicalCode => Some(self.code.code.digits().to_string()),
            Source::PostalCode => Some(profile.postal_code.clone()),
            Source::Address => Some(profile.address.clone()),
            Source::AddressKana => Some(profile.address_kana.clone()),
            Source::Phone => Some(profile.phone.clone()),
            Source::ContactPerson => Some(profile.contact_person.clone()),
            Source::Answer(key) => self.answers.get(key).cloned(),
            Source::Terminal => self.terminal.clone(),
        }
        .filter(|v| !v.is_empty())
    }

    /// The field's value checked by its validator, in portal format.
    fn prepare(&self, f: &Field) -> PreparedField {
        let source = Source::parse(&f.from);
        let choices: Vec<&str> = match source {
            Some(Source::Answer(key)) => self
                .p
                .answers
                .iter()
                .find(|a| a.key == key)
                .map(|a| a.choices.iter().map(|c| c.value.as_str()).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let cx = Context {
            choices: &choices,
            ..self.cx
        };
        // The answer, else the fallback (the current value), which the note then names.
        let fallback = f.otherwise.as_deref().and_then(Source::parse);
        let (raw, from_fallback) = match self.raw(source) {
            Some(v) => (Some(v), false),
            None => (self.raw(fallback), fallback.is_some()),
        };
        let (value, errors, warnings) = match raw {
            Some(raw) => {
                let v = field::check(&f.validator, &raw, &cx);
                (
                    v.normalized.filter(|_| v.errors.is_empty()),
                    v.errors,
                    v.warnings,
                )
            }
            None => (
                None,
                vec![Issue::new(
                    "field.missing",
                    format!(
                        "「{}」がまだ登録されていません。医療機関情報または手続きの回答に入力してください。",
                        f.label
                    ),
                )],
                Vec::new(),
            ),
        };
        let note = if from_fallback && value.is_some() {
            Some(match &f.note {
                Some(n) => format!("現在の登録内容です（変わる場合は手続きの回答で入力）。{n}"),
                None => "現在の登録内容です（変わる場合は手続きの回答で入力）。".to_string(),
            })
        } else {
            f.note.clone()
        };
        let answer_key = match source {
            Some(Source::Answer(key)) => Some(key.to_string()),
            Some(Source::Terminal) if self.p.per_terminal => {
                Some(crate::content_ids::TERMINALS.to_string())
            }
            _ => None,
        };
        let profile_key = match source {
            Some(
                Source::PostalCode
                | Source::Address
                | Source::AddressKana
                | Source::Phone
                | Source::ContactPerson,
            ) => f.from.strip_prefix("profile.").map(str::to_string),
            _ => None,
        };
        PreparedField {
            answer_key,
            profile_key,
            label: f.label.clone(),
            from: f.from.clone(),
            value,
            errors,
            warnings,
            note,
        }
    }
}
