//! 端末台帳 (terminal register): the clinic's terminals as a technician keeps them — added,
//! renamed and retired — over the names the procedures' answers gave. Changes are stored
//! append-only ([`TerminalChange`]); the register is replayed from them, so every former name
//! and every retired terminal stays in the history.
//!
//! The rest of the core sees the register through [`settle`]: once a case is loaded, every
//! former name reads as the terminal's current name, a retired terminal is dropped from the
//! procedures' `terminals` answers (it needs no certificate any more), and a terminal added
//! here joins them (it needs one).

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::case::{Case, Role};
use crate::content_ids;
use crate::validate::field::split_terminals;
use crate::validate::{FormReport, Issue, terminal_name};
use crate::{Error, Result};

/// What a change does to the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// 追加: a new terminal.
    Add,
    /// 名前の変更: `name` becomes `new_name`.
    Rename,
    /// 撤去: the terminal is no longer used (its certificate is no longer needed).
    Retire,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Add => "add",
            ChangeKind::Rename => "rename",
            ChangeKind::Retire => "retire",
        }
    }

    pub fn parse(s: &str) -> Option<ChangeKind> {
        [ChangeKind::Add, ChangeKind::Rename, ChangeKind::Retire]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One stored change of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TerminalChange {
    pub kind: ChangeKind,
    pub name: String,
    /// The new name ([`ChangeKind::Rename`] only).
    pub new_name: Option<String>,
    #[serde(serialize_with = "crate::calendar::ser_date")]
    #[ts(type = "string")]
    pub date: Date,
    pub role: Role,
    /// When it was written (RFC 3339, UTC).
    pub recorded_at: String,
}

impl TerminalChange {
    /// The change in a sentence (the history's 「内容」).
    pub fn sentence(&self) -> String {
        match (self.kind, &self.new_name) {
            (ChangeKind::Add, _) => format!("端末「{}」を追加", self.name),
            (ChangeKind::Rename, Some(new)) => {
                format!("端末の名前を「{}」から「{new}」に変更", self.name)
            }
            (ChangeKind::Rename, None) => format!("端末「{}」の名前を変更", self.name),
            (ChangeKind::Retire, _) => format!("端末「{}」を撤去", self.name),
        }
    }
}

/// What the user asks for (before it is checked against the register).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TerminalRequest {
    Add { name: String },
    Rename { old: String, new: String },
    Retire { name: String },
}

/// One terminal of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RegisteredTerminal {
    pub name: String,
    /// Its earlier names, oldest first.
    pub former_names: Vec<String>,
    /// The day it was added here; `None` when a procedure's answers named it.
    #[serde(serialize_with = "crate::calendar::ser_opt_date")]
    #[ts(type = "string | null")]
    pub added_on: Option<Date>,
    #[serde(serialize_with = "crate::calendar::ser_opt_date")]
    #[ts(type = "string | null")]
    pub retired_on: Option<Date>,
}

/// The register replayed from its changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Register {
    /// Every terminal ever known, in the order it became known.
    pub terminals: Vec<RegisteredTerminal>,
}

impl Register {
    /// Replays the case's changes over the terminals its answers and events name; the named
    /// ones come first, in the order the answers give them, then those added here.
    pub fn of(case: &Case) -> Register {
        let mut register = Register::replay(&case.terminal_changes);
        let named = named_terminals(case);
        for name in &named {
            let name = register.current(name).to_string();
            if !register.terminals.iter().any(|t| t.name == name) {
                register.terminals.push(RegisteredTerminal {
                    name,
                    former_names: Vec::new(),
                    added_on: None,
                    retired_on: None,
                });
            }
        }
        let rank = |t: &RegisteredTerminal| {
            named
                .iter()
                .position(|n| *n == t.name)
                .unwrap_or(named.len())
        };
        // A stable sort: the added ones keep the order they were added in.
        register.terminals.sort_by_key(rank);
        register
    }

    /// The register of the changes alone (without the names the answers give).
    pub(crate) fn replay_of(case: &Case) -> Register {
        Register::replay(&case.terminal_changes)
    }

    fn replay(changes: &[TerminalChange]) -> Register {
        let mut r = Register::default();
        for c in changes {
            let found = r
                .terminals
                .iter()
                .position(|t| t.name == c.name && t.retired_on.is_none());
            let at = found.unwrap_or_else(|| {
                // A change of a terminal only the answers named: it enters the register here.
                r.terminals.push(RegisteredTerminal {
                    name: c.name.clone(),
                    former_names: Vec::new(),
                    added_on: None,
                    retired_on: None,
                });
                r.terminals.len() - 1
            });
            let t = &mut r.terminals[at];
            match (c.kind, &c.new_name) {
                (ChangeKind::Add, _) => t.added_on = Some(c.date),
                (ChangeKind::Rename, Some(new)) => {
                    t.former_names
                        .push(std::mem::replace(&mut t.name, new.clone()));
                }
                (ChangeKind::Rename, None) => {}
                (ChangeKind::Retire, _) => t.retired_on = Some(c.date),
            }
        }
        r
    }

    /// The terminals in use, in register order.
    pub fn active(&self) -> impl Iterator<Item = &RegisteredTerminal> {
        self.terminals.iter().filter(|t| t.retired_on.is_none())
    }

    /// The name a terminal has now (a former name reads as the current one).
    pub fn current<'a>(&'a self, name: &'a str) -> &'a str {
        self.terminals
            .iter()
            .find(|t| t.former_names.iter().any(|f| f == name))
            .map_or(name, |t| t.name.as_str())
    }

    pub(crate) fn is_retired(&self, name: &str) -> bool {
        self.terminals
            .iter()
            .any(|t| t.name == name && t.retired_on.is_some())
    }

    /// Has the name ever been used (now, before a rename, or by a retired terminal)?
    fn used(&self, name: &str) -> bool {
        self.terminals
            .iter()
            .any(|t| t.name == name || t.former_names.iter().any(|f| f == name))
    }

    /// Is `name` one of the terminal `old`'s own former names (a rename undone)?
    fn former_name_of(&self, old: Option<&str>, name: &str) -> bool {
        old.is_some_and(|old| {
            self.active()
                .any(|t| t.name == old && t.former_names.iter().any(|f| f == name))
        })
    }

    /// A list of names typed as a procedure's `terminals` answer, against the register: a
    /// retired terminal or a former name would otherwise vanish from the list without a word.
    pub fn check_answer(&self, names: &[String]) -> Option<Issue> {
        for name in names {
            if self.is_retired(name) {
                return Some(Issue::new(
                    "terminal-names.retired",
                    format!(
                        "端末「{name}」は撤去済みです。使い続ける端末なら、別の名前（例：{name}2）で「端末と電子証明書」から追加してください。"
                    ),
                ));
            }
            let current = self.current(name);
            if current != name {
                return Some(Issue::new(
                    "terminal-names.renamed",
                    format!(
                        "端末「{name}」は「{current}」に名前が変わっています。「{current}」と入力してください。"
                    ),
                ));
            }
        }
        None
    }

    /// Checks a request against the register and returns the change to store.
    pub fn plan(
        &self,
        request: &TerminalRequest,
        date: Date,
        role: Role,
        now: &str,
    ) -> Result<TerminalChange> {
        let change = |kind, name: String, new_name| TerminalChange {
            kind,
            name,
            new_name,
            date,
            role,
            recorded_at: now.to_string(),
        };
        match request {
            TerminalRequest::Add { name } => {
                let name = self.new_name("terminal", name, None)?;
                Ok(change(ChangeKind::Add, name, None))
            }
            TerminalRequest::Rename { old, new } => {
                let old = self.existing(old)?;
                let new = self.new_name("new_terminal", new, Some(&old))?;
                Ok(change(ChangeKind::Rename, old, Some(new)))
            }
            TerminalRequest::Retire { name } => {
                let name = self.existing(name)?;
                Ok(change(ChangeKind::Retire, name, None))
            }
        }
    }

    /// A terminal in use, by its name as typed.
    fn existing(&self, input: &str) -> Result<String> {
        let name = crate::validate::normalize::text(input);
        if self.active().any(|t| t.name == name) {
            return Ok(name);
        }
        Err(Error::TerminalNotRegistered {
            terminal: name,
            terminals: self.active().map(|t| t.name.clone()).collect(),
        })
    }

    /// A name a terminal may take: valid, one name (no list separator), never used before.
    fn new_name(&self, field: &'static str, input: &str, old: Option<&str>) -> Result<String> {
        let v = terminal_name::validate(input);
        let mut report = FormReport::default();
        report.absorb(field, &v);
        let name = v.normalized.unwrap_or_default();
        if report.has_errors() {
            return Err(Error::Invalid(report));
        }
        let issue = if split_terminals(&name).len() != 1 {
            Some(Issue::new(
                "terminal-name.separator",
                "端末名称に「、」「,」や改行は使えません（端末の区切りになるため）。1台ずつ名前を付けてください。",
            ))
        } else if old == Some(name.as_str()) {
            Some(Issue::new(
                "terminal-name.unchanged",
                format!("新しい名前が今の名前「{name}」と同じです。違う名前を入力してください。"),
            ))
        } else if self.used(&name) && !self.former_name_of(old, &name) {
            let now = self.active().any(|t| t.name == name);
            Some(Issue::new(
                "terminal-name.used",
                if now {
                    format!(
                        "端末「{name}」はすでにあります。別の名前（例：{name}2）にしてください。"
                    )
                } else {
                    format!(
                        "「{name}」は以前に使っていた端末の名前です（撤去した端末か、変更前の名前）。履歴が紛らわしくならないよう、別の名前（例：{name}2）にしてください。"
                    )
                },
            ))
        } else {
            None
        };
        if let Some(issue) = issue {
            report.push_error(field, issue);
            return Err(Error::Invalid(report));
        }
        Ok(name)
    }
}

/// The terminals the case's answers and events name, in the order first named. A certificate
/// procedure started without naming its terminals runs on the suggested name, so that name is
/// a terminal too (and can be renamed or retired).
fn named_terminals(case: &Case) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let suggested = case
        .instances
        .iter()
        .filter(|i| {
            i.procedure_id == content_ids::CERTIFICATE
                && !i.answers.contains_key(content_ids::TERMINALS)
        })
        .map(|_| terminal_name::SUGGESTED.to_string());
    let answers = case
        .situations
        .iter()
        .map(|s| &s.answers)
        .chain(case.instances.iter().map(|i| &i.answers))
        .filter_map(|a| a.get(content_ids::TERMINALS))
        .flat_map(|t| split_terminals(t));
    let events = case.events.iter().filter_map(|e| e.terminal.clone());
    answers
        .chain(suggested)
        .chain(events)
        .filter(|n| !n.is_empty() && seen.insert(n.clone()))
        .collect()
}

/// Applies the register to a loaded case (see the module's comment). A case without changes
/// is left as it is.
pub fn settle(case: &mut Case) {
    if case.terminal_changes.is_empty() {
        return;
    }
    let register = Register::replay(&case.terminal_changes);
    for e in &mut case.events {
        if let Some(t) = e.terminal.as_mut() {
            let current = register.current(t);
            if current != t.as_str() {
                // The history still says which name the event was recorded under.
                e.recorded_as = Some(std::mem::replace(t, current.to_string()));
            }
        }
    }
    for c in &mut case.confirmations {
        if let Some(t) = c.terminal.as_mut() {
            let current = register.current(t);
            if current != t.as_str() {
                *t = current.to_string();
            }
        }
    }
    let added: Vec<&str> = register
        .active()
        .filter(|t| t.added_on.is_some())
        .map(|t| t.name.as_str())
        .collect();
    // Renames and retirements apply to every list of terminals; an added terminal joins the
    // certificate procedure only (it needs a certificate; a renewal names its own subset).
    let settle_list = |list: &str, add: bool| {
        let mut names: Vec<String> = Vec::new();
        let given = split_terminals(list);
        let extra = if add { added.as_slice() } else { &[] };
        for n in given
            .iter()
            .map(|n| register.current(n))
            .chain(extra.iter().copied())
        {
            if !register.is_retired(n) && !names.iter().any(|x| x == n) {
                names.push(n.to_string());
            }
        }
        names.join("、")
    };
    for s in &mut case.situations {
        if let Some(list) = s.answers.get_mut(content_ids::TERMINALS) {
            *list = settle_list(list, false);
        }
    }
    for i in &mut case.instances {
        let certificate = i.procedure_id == content_ids::CERTIFICATE;
        let list = match i.answers.get(content_ids::TERMINALS) {
            Some(list) => list.clone(),
            // Started without naming terminals: the certificate runs on the suggested name,
            // another per-terminal procedure on the names its events were recorded for.
            None if certificate => terminal_name::SUGGESTED.to_string(),
            None => {
                let mut named: Vec<&str> = Vec::new();
                for t in case
                    .events
                    .iter()
                    .filter(|e| e.procedure_id == i.procedure_id)
                    .filter_map(|e| e.terminal.as_deref())
                {
                    if !named.contains(&t) {
                        named.push(t);
                    }
                }
                if named.is_empty() {
                    continue;
                }
                named.join("、")
            }
        };
        i.answers.insert(
            content_ids::TERMINALS.to_string(),
            settle_list(&list, certificate),
        );
    }
}
