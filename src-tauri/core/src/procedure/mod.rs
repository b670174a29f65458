//! Procedures (手続きの手順書): the portal procedures as versioned content from
//! `manuals/procedures/*.toml` and `manuals/events.toml`, embedded in the binary.
//!
//! This module only reads and checks the content; where a clinic stands in each procedure is
//! derived by [`crate::checklist`]. The format is documented in `manuals/README.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::manuals::{Loaded, load_once};
use crate::timeline::Rules;
use crate::{Error, Result};

mod problems;

/// One procedure file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Procedure {
    pub id: String,
    /// Content version; a clinic keeps the version it started with until it accepts a newer one.
    pub version: u32,
    /// Position in the checklist.
    pub order: u32,
    pub title: String,
    pub summary: String,
    /// Events that must be recorded (in any procedure) before this one can start.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Events any one of which also lets it start (after a 承継 the certificate needs no
    /// 利用申請 of the new code: mail 2 stands for it).
    #[serde(default)]
    pub unblocked_by: Vec<String>,
    /// A situation rather than a step every clinic takes (新設, 廃止): listed in a clinic's
    /// checklist only once started.
    #[serde(default)]
    pub on_request: bool,
    /// One run of the steps per terminal (端末名称), e.g. one certificate per PC.
    #[serde(default)]
    pub per_terminal: bool,
    /// One run of the steps per 医療機関コード: a 医科歯科併設 clinic needs one 電子証明書 for its
    /// 医科 code and one for its 歯科 code (domain.md §1).
    #[serde(default)]
    pub per_code: bool,
    /// The answer that holds the 医療機関コード this procedure is about (承継: the new code);
    /// without it, the clinic's own code.
    #[serde(default)]
    pub code_answer: Option<String>,
    /// Does a new 医療機関コード (after 承継) undo what was done under the old one? The
    /// certificate does (it is issued for one code); the account and the オン資 利用申請 carry
    /// over with the 承継 (003 A1-3), so their steps stay done. Default: they reopen.
    #[serde(default = "reopens_by_default")]
    pub reopens_on_code_change: bool,
    #[serde(default, rename = "answer")]
    pub answers: Vec<Answer>,
    #[serde(default, rename = "prerequisite")]
    pub prerequisites: Vec<Prerequisite>,
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
    /// What changed in each version, so a clinic on an older version can see it.
    #[serde(default, rename = "change")]
    pub changes: Vec<Change>,
}

fn reopens_by_default() -> bool {
    true
}

impl Procedure {
    /// The given answers with the questions' defaults filled in under them.
    pub fn with_defaults(&self, given: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        let mut all = given.clone();
        for a in &self.answers {
            if let Some(d) = &a.default {
                all.entry(a.key.clone()).or_insert_with(|| d.clone());
            }
        }
        all
    }

    /// The steps that apply with these answers.
    pub fn applicable(&self, answers: &BTreeMap<String, String>) -> Vec<&Step> {
        self.steps
            .iter()
            .filter(|s| s.only_if.as_ref().is_none_or(|c| c.holds(answers)))
            .collect()
    }

    /// The first milestone event with the default answers (recording it starts the procedure).
    pub fn first_event(&self) -> Option<&str> {
        self.applicable(&self.with_defaults(&BTreeMap::new()))
            .into_iter()
            .find_map(Step::completing_event)
    }
}

/// A question asked when the procedure starts (`--answer key=value`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub key: String,
    pub label: String,
    pub validator: String,
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub choices: Vec<Choice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// Something to do outside the portal first (NTT's 開通のご案内, フレッツ・v6オプション, …).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Prerequisite {
    pub title: String,
    pub detail: String,
    pub sources: Vec<String>,
}

/// One step, mirroring a portal screen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: String,
    /// The click path on the portal.
    #[serde(default)]
    pub portal_path: Vec<String>,
    pub instructions: String,
    /// What the user should see next.
    pub expect: String,
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Seed file and step, e.g. `"001:2-4"`.
    #[serde(default)]
    pub sources: Vec<String>,
    /// What this step says that no seed supports (オン資ナビの補足), shown as such. A step
    /// needs sources, or this, or both.
    #[serde(default)]
    pub ours: Option<String>,
    /// The event that completes this step.
    #[serde(default)]
    pub done_when: Option<String>,
    /// Shown only when an answer has one of these values.
    #[serde(default)]
    pub only_if: Option<Condition>,
    #[serde(default, rename = "field")]
    pub fields: Vec<Field>,
    #[serde(default, rename = "danger")]
    pub dangers: Vec<Danger>,
    #[serde(default, rename = "conflict")]
    pub conflicts: Vec<Conflict>,
    #[serde(default)]
    pub wait: Option<Wait>,
    /// The secrets the portal asks for on this screen (秘密情報): the guide offers to copy each
    /// one kept in the keychain.
    #[serde(default)]
    pub secrets: Vec<crate::secret::SecretKind>,
}

impl Step {
    /// The event that completes the step: `done_when`, or the awaited event of a wait.
    pub fn completing_event(&self) -> Option<&str> {
        self.done_when
            .as_deref()
            .or(self.wait.as_ref().map(|w| w.event.as_str()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub answer: String,
    #[serde(rename = "in")]
    pub one_of: Vec<String>,
}

impl Condition {
    pub fn holds(&self, answers: &BTreeMap<String, String>) -> bool {
        answers
            .get(&self.answer)
            .is_some_and(|v| self.one_of.contains(v))
    }
}

/// A value to type into the portal: where it comes from and how it is checked.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub label: String,
    /// `clinic.<name>`, `profile.<name>`, `answer.<key>` or `terminal`.
    pub from: String,
    /// Where the value comes from when `from` is empty (e.g. the 承継's new name: the current
    /// name unless the answer gives another).
    #[serde(default)]
    pub otherwise: Option<String>,
    /// Asked only when an answer has one of these values (e.g. the お客さまID: NTT lines only).
    #[serde(default)]
    pub only_if: Option<Condition>,
    pub validator: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// A choice on the portal that is hard to undo; the UI asks for an explicit confirmation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Danger {
    pub id: String,
    pub question: String,
    pub safe_choice: String,
    pub dangerous_choice: String,
    pub consequence: String,
    pub confirm: String,
    #[serde(default)]
    pub only_if: Option<Condition>,
    pub sources: Vec<String>,
}

/// Where the sources disagree, and what Onshi Navi goes with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub topic: String,
    pub claims: Vec<String>,
    pub chosen: String,
    pub why: String,
}

/// Waiting for an e-mail, a letter or a portal status.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Wait {
    pub event: String,
    pub what: String,
    /// `email`, `letter` or `portal`.
    pub channel: String,
    #[serde(default)]
    pub sender: Option<String>,
    #[serde(default)]
    pub sender_domain: Option<String>,
    /// Timeline rule giving the expected date (none = no published ETA).
    #[serde(default)]
    pub rule: Option<String>,
    /// The event the wait starts from.
    pub from_event: String,
    pub if_late: Vec<String>,
    /// Business days after the due date (or after the start, without a due date) to call the
    /// コールセンター.
    pub call_center_after_business_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub version: u32,
    pub steps: Vec<String>,
    pub summary: String,
}

/// `sent` on the portal, `confirmed` by the portal, a letter `received`, or work `done`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Fact {
    Sent,
    Confirmed,
    Received,
    Done,
}

/// One entry of `manuals/events.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct EventDef {
    pub id: String,
    pub title: String,
    pub fact: Fact,
    #[serde(default)]
    pub after: Vec<String>,
    #[serde(default)]
    pub terminal: bool,
    #[serde(default)]
    pub snapshot: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsFile {
    version: u32,
    #[serde(rename = "event")]
    events: Vec<EventDef>,
}

/// All procedures and events, checked for consistency.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub events_version: u32,
    pub events: Vec<EventDef>,
    /// Sorted by `order`.
    pub procedures: Vec<Procedure>,
    /// What can happen to a clinic (`manuals/situations.toml`), see [`crate::situation`].
    pub situations: Vec<crate::situation::Situation>,
    /// Checklist texts that depend only on the content, worked out once here rather than for
    /// every clinic on every status (parallel to `procedures`).
    lines: Vec<FixedLines>,
}

/// The parts of a procedure's checklist line that are the same for every clinic.
#[derive(Debug, Clone)]
struct FixedLines {
    /// 「「…」を始める」, the next action of a procedure not started.
    start: String,
    /// Why the procedure cannot start while `requires[i]` is missing.
    blocked: Vec<String>,
    /// The first milestone with the default answers (recording it starts the procedure).
    first_event: Option<String>,
}

/// Where a field's value comes from: the `from` of a `[[step.field]]`. The one list of the
/// names content may use; the checklist's guide fills each from the clinic, profile or answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'a> {
    ClinicName,
    Prefecture,
    ScoreTable,
    MedicalCode,
    PostalCode,
    Address,
    AddressKana,
    Phone,
    ContactPerson,
    /// `answer.<key>` of the same procedure.
    Answer(&'a str),
    /// The 端末名称 of the terminal being worked on.
    Terminal,
}

impl<'a> Source<'a> {
    pub fn parse(from: &'a str) -> Option<Source<'a>> {
        Some(match from {
            "clinic.name" => Source::ClinicName,
            "clinic.prefecture" => Source::Prefecture,
            "clinic.scoreTable" => Source::ScoreTable,
            "clinic.medicalCode" => Source::MedicalCode,
            "profile.postalCode" => Source::PostalCode,
            "profile.address" => Source::Address,
            "profile.addressKana" => Source::AddressKana,
            "profile.phone" => Source::Phone,
            "profile.contactPerson" => Source::ContactPerson,
            "terminal" => Source::Terminal,
            other => Source::Answer(other.strip_prefix("answer.")?),
        })
    }
}

fn content_error(detail: String) -> Error {
    Error::Content { detail }
}

impl Catalog {
    /// The content embedded from `manuals/` (parsed and checked once per process).
    pub fn embedded() -> Result<&'static Catalog> {
        static CATALOG: Loaded<Catalog> = Loaded::new();
        load_once(&CATALOG, || {
            let events = crate::manuals::text("events.toml")
                .ok_or_else(|| content_error("manuals/events.toml is missing".to_string()))?;
            let procedures: Vec<(String, String)> = crate::manuals::paths()
                .into_iter()
                .filter(|p| p.starts_with("procedures/") && p.ends_with(".toml"))
                .filter_map(|p| crate::manuals::text(&p).map(|t| (p, t)))
                .collect();
            let situations = crate::manuals::text("situations.toml")
                .ok_or_else(|| content_error("manuals/situations.toml is missing".to_string()))?;
            Catalog::parse(&events, &procedures, Rules::shared()?)?.with_situations(&situations)
        })
    }

    /// Parses and checks content: `procedures` are `(file name, text)` pairs.
    pub fn parse(events: &str, procedures: &[(String, String)], rules: &Rules) -> Result<Catalog> {
        let file: EventsFile =
            toml::from_str(events).map_err(|e| content_error(format!("events.toml: {e}")))?;
        let mut list = Vec::new();
        for (name, text) in procedures {
            let p: Procedure =
                toml::from_str(text).map_err(|e| content_error(format!("{name}: {e}")))?;
            list.push(p);
        }
        list.sort_by_key(|p| p.order);
        let mut catalog = Catalog {
            events_version: file.version,
            events: file.events,
            procedures: list,
            situations: Vec::new(),
            lines: Vec::new(),
        };
        let problems = catalog.problems(rules);
        if problems.is_empty() {
            catalog.lines = catalog
                .procedures
                .iter()
                .map(|p| FixedLines {
                    start: format!("「{}」を始める", p.title),
                    blocked: p.requires.iter().map(|e| catalog.blocked_by(e)).collect(),
                    first_event: p.first_event().map(str::to_string),
                })
                .collect();
            Ok(catalog)
        } else {
            Err(content_error(problems.join("; ")))
        }
    }

    /// 「先に「…」が必要です（「…」の手順）。」 for a procedure waiting on `event`.
    fn blocked_by(&self, event: &str) -> String {
        let title = self.event(event).map_or(event, |e| e.title.as_str());
        // Event ids start with their home procedure's id (`oqs-submitted`, `certificate-installed`).
        let completes =
            |p: &&Procedure| p.steps.iter().any(|s| s.completing_event() == Some(event));
        let owner = self
            .procedures
            .iter()
            .filter(completes)
            .find(|p| event.starts_with(&format!("{}-", p.id)))
            .or_else(|| self.procedures.iter().find(completes))
            .map(|p| format!("（「{}」の手順）", p.title))
            .unwrap_or_default();
        format!("先に「{title}」が必要です{owner}。")
    }

    /// The next action of procedure `index` (in `procedures`) when it is not started.
    pub fn start_action(&self, index: usize) -> &str {
        self.lines.get(index).map_or("", |l| l.start.as_str())
    }

    /// The first milestone of procedure `index` with the default answers.
    pub fn first_event(&self, index: usize) -> Option<&str> {
        self.lines.get(index)?.first_event.as_deref()
    }

    /// Why procedure `index` is blocked while its `requires[requirement]` is missing.
    pub fn blocked_reason(&self, index: usize, requirement: usize) -> &str {
        self.lines
            .get(index)
            .and_then(|l| l.blocked.get(requirement))
            .map_or("", |r| r.as_str())
    }

    pub fn procedure(&self, id: &str) -> Result<&Procedure> {
        self.procedures
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::NotFound {
                what: "手続き",
                id: id.to_string(),
            })
    }

    pub fn event(&self, id: &str) -> Result<&EventDef> {
        self.events
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| Error::NotFound {
                what: "出来事",
                id: id.to_string(),
            })
    }
}
