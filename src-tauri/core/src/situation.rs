//! 状況 (situations): what happened to a clinic — a 承継, an opening, a new line — as content
//! from `manuals/situations.toml`: the questions asked once, up front, and the procedures the
//! clinic then needs, in order, depending on the answers. A clinic's plan (手続きの計画) is the
//! procedures of the situations it has started; the checklist lists the others under
//! 「その他の手続き」.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::procedure::{Answer, Catalog, Condition};
use crate::{Error, Result};

/// One situation of `manuals/situations.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Situation {
    /// The `onshi situation start` id (a contract: never renamed).
    pub id: String,
    pub title: String,
    pub summary: String,
    /// The answer keys asked up front (questions of the situation's procedures).
    #[serde(default)]
    pub ask: Vec<String>,
    #[serde(rename = "procedure")]
    pub procedures: Vec<PlannedProcedure>,
}

/// A procedure of a situation's plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PlannedProcedure {
    pub id: String,
    /// The procedure's title, filled in from the procedures when the content loads (not
    /// written in situations.toml).
    #[serde(default, skip_deserializing)]
    pub title: String,
    /// Needed only when an answer has one of these values.
    #[serde(default)]
    pub only_if: Option<Condition>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SituationsFile {
    #[allow(dead_code)]
    version: u32,
    #[serde(rename = "situation")]
    situations: Vec<Situation>,
}

/// A started situation of one clinic, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SituationRecord {
    pub situation_id: String,
    pub answers: BTreeMap<String, String>,
    pub started_at: String,
}

impl Situation {
    /// The questions asked up front: for each key of `ask`, the first of its procedures that
    /// asks it (the content check makes sure they all ask it the same way).
    pub fn questions<'c>(&self, catalog: &'c Catalog) -> Vec<&'c Answer> {
        self.ask
            .iter()
            .filter_map(|key| {
                self.procedures.iter().find_map(|pp| {
                    catalog
                        .procedure(&pp.id)
                        .ok()?
                        .answers
                        .iter()
                        .find(|a| &a.key == key)
                })
            })
            .collect()
    }

    /// The procedure ids this situation needs with these answers, in order. An answer not
    /// given counts as its question's default.
    pub fn plan<'s>(
        &'s self,
        catalog: &Catalog,
        answers: &BTreeMap<String, String>,
    ) -> Vec<&'s str> {
        let mut all = answers.clone();
        for q in self.questions(catalog) {
            if let Some(d) = &q.default {
                all.entry(q.key.clone()).or_insert_with(|| d.clone());
            }
        }
        self.procedures
            .iter()
            .filter(|pp| pp.only_if.as_ref().is_none_or(|c| c.holds(&all)))
            .map(|pp| pp.id.as_str())
            .collect()
    }
}

impl Catalog {
    /// Adds the situations of `manuals/situations.toml`, checked against the procedures.
    pub fn with_situations(mut self, text: &str) -> Result<Catalog> {
        let file: SituationsFile = toml::from_str(text).map_err(|e| Error::Content {
            detail: format!("situations.toml: {e}"),
        })?;
        self.situations = file.situations;
        for s in &mut self.situations {
            for pp in &mut s.procedures {
                if let Some(p) = self.procedures.iter().find(|p| p.id == pp.id) {
                    pp.title = p.title.clone();
                }
            }
        }
        let problems = self.situation_problems();
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(Error::Content {
                detail: problems.join("; "),
            })
        }
    }

    pub fn situation(&self, id: &str) -> Result<&Situation> {
        self.situations
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| Error::NotFound {
                what: "状況",
                id: id.to_string(),
            })
    }

    /// Unknown procedures, keys no procedure asks, and a key asked differently by two of the
    /// situation's procedures (it is asked once, so it must mean the same everywhere).
    fn situation_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut ids: Vec<&str> = Vec::new();
        for s in &self.situations {
            if ids.contains(&s.id.as_str()) {
                out.push(format!("situation {} defined twice", s.id));
            }
            ids.push(&s.id);
            if s.procedures.is_empty() {
                out.push(format!("situation {}: no procedure", s.id));
            }
            for pp in &s.procedures {
                if self.procedure(&pp.id).is_err() {
                    out.push(format!("situation {}: unknown procedure {}", s.id, pp.id));
                }
                if let Some(c) = &pp.only_if
                    && !s.ask.contains(&c.answer)
                {
                    out.push(format!(
                        "situation {}: {} depends on {}, which the situation does not ask",
                        s.id, pp.id, c.answer
                    ));
                }
            }
            for key in &s.ask {
                let asked: Vec<&Answer> = s
                    .procedures
                    .iter()
                    .filter_map(|pp| self.procedure(&pp.id).ok())
                    .filter_map(|p| p.answers.iter().find(|a| &a.key == key))
                    .collect();
                match asked.split_first() {
                    None => out.push(format!("situation {}: no procedure of it asks {key}", s.id)),
                    Some((first, rest)) => {
                        let values = |a: &Answer| -> Vec<String> {
                            a.choices.iter().map(|c| c.value.clone()).collect()
                        };
                        if rest
                            .iter()
                            .any(|a| a.validator != first.validator || values(a) != values(first))
                        {
                            out.push(format!(
                                "situation {}: {key} is asked differently by its procedures",
                                s.id
                            ));
                        }
                    }
                }
            }
        }
        out
    }
}

/// The clinic's plan: the procedures of its started situations, in the order they were
/// started and, within one, in the situation's order (each once).
pub fn clinic_plan<'c>(catalog: &'c Catalog, started: &[SituationRecord]) -> Vec<&'c str> {
    let mut plan: Vec<&str> = Vec::new();
    for record in started {
        let Ok(s) = catalog.situation(&record.situation_id) else {
            continue;
        };
        for id in s.plan(catalog, &record.answers) {
            if !plan.contains(&id) {
                plan.push(id);
            }
        }
    }
    plan
}

/// The answers the clinic gave in its situations for the questions of `procedure_id` (the
/// latest situation wins): what a procedure starts with when the situation asked for it.
pub fn answers_for(
    catalog: &Catalog,
    started: &[SituationRecord],
    procedure_id: &str,
) -> BTreeMap<String, String> {
    let Ok(p) = catalog.procedure(procedure_id) else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for record in started {
        for (k, v) in &record.answers {
            if p.answers.iter().any(|a| &a.key == k) {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}
