//! 手順書の点検 (content checks): every inconsistency a content file can have, found when the
//! content loads, so a typo in a manual fails the tests instead of misleading a clinic.

use super::{Catalog, Source};
use crate::timeline::Rules;
use crate::validate::field::KINDS;

impl Catalog {
    /// Every inconsistency in the content (empty when it is sound): unknown events, rules,
    /// validators or field sources, steps without a source, duplicate ids.
    pub fn problems(&self, rules: &Rules) -> Vec<String> {
        let mut out = Vec::new();
        let event_known = |id: &str| self.events.iter().any(|e| e.id == id);
        let mut event_ids: Vec<&str> = Vec::new();
        for e in &self.events {
            if event_ids.contains(&e.id.as_str()) {
                out.push(format!("event {} defined twice", e.id));
            }
            event_ids.push(&e.id);
            for a in &e.after {
                if !event_known(a) {
                    out.push(format!("event {}: unknown `after` event {a}", e.id));
                }
            }
            for s in &e.snapshot {
                if s != crate::content_ids::SNAPSHOT_MEDICAL_CODE {
                    out.push(format!("event {}: unknown snapshot {s}", e.id));
                }
            }
        }
        let mut ids: Vec<&str> = Vec::new();
        for p in &self.procedures {
            let at = |what: String| format!("procedure {}: {what}", p.id);
            if ids.contains(&p.id.as_str()) {
                out.push(at("defined twice".into()));
            }
            ids.push(&p.id);
            for r in p.requires.iter().chain(&p.unblocked_by) {
                if !event_known(r) {
                    out.push(at(format!("requires unknown event {r}")));
                }
            }
            let answer_keys: Vec<&str> = p.answers.iter().map(|a| a.key.as_str()).collect();
            for a in &p.answers {
                if !KINDS.contains(&a.validator.as_str()) {
                    out.push(at(format!(
                        "answer {}: unknown validator {}",
                        a.key, a.validator
                    )));
                }
                if a.validator == "choice" && a.choices.is_empty() {
                    out.push(at(format!("answer {}: a choice without choices", a.key)));
                }
            }
            for pre in &p.prerequisites {
                if pre.sources.is_empty() {
                    out.push(at(format!("prerequisite 「{}」 has no source", pre.title)));
                }
            }
            let mut step_ids: Vec<&str> = Vec::new();
            for s in &p.steps {
                let at = |what: String| format!("procedure {} step {}: {what}", p.id, s.id);
                if step_ids.contains(&s.id.as_str()) {
                    out.push(at("defined twice".into()));
                }
                step_ids.push(&s.id);
                if s.sources.is_empty() && s.ours.is_none() {
                    out.push(at("has no source (and is not marked `ours`)".into()));
                }
                for src in s
                    .sources
                    .iter()
                    .chain(s.dangers.iter().flat_map(|d| &d.sources))
                {
                    if !is_seed_ref(src) {
                        out.push(at(format!("source {src} is not `NNN:step` of a seed")));
                    }
                }
                if s.done_when.is_some() && s.wait.is_some() {
                    out.push(at("has both done_when and wait".into()));
                }
                if let Some(e) = s.completing_event()
                    && !event_known(e)
                {
                    out.push(at(format!("unknown event {e}")));
                }
                if let Some(w) = &s.wait {
                    if !event_known(&w.from_event) {
                        out.push(at(format!(
                            "wait starts from unknown event {}",
                            w.from_event
                        )));
                    }
                    if let Some(r) = &w.rule
                        && rules.get(r).is_err()
                    {
                        out.push(at(format!("unknown timeline rule {r}")));
                    }
                    if !matches!(w.channel.as_str(), "email" | "letter" | "portal") {
                        out.push(at(format!("unknown channel {}", w.channel)));
                    }
                }
                let conditions = s
                    .only_if
                    .iter()
                    .chain(s.dangers.iter().flat_map(|d| &d.only_if))
                    .chain(s.fields.iter().flat_map(|f| &f.only_if));
                for c in conditions {
                    if !answer_keys.contains(&c.answer.as_str()) {
                        out.push(at(format!("condition on unknown answer {}", c.answer)));
                    }
                }
                for f in &s.fields {
                    if !KINDS.contains(&f.validator.as_str()) {
                        out.push(at(format!(
                            "field {}: unknown validator {}",
                            f.label, f.validator
                        )));
                    }
                    for from in std::iter::once(&f.from).chain(&f.otherwise) {
                        let known = match Source::parse(from) {
                            Some(Source::Answer(key)) => answer_keys.contains(&key),
                            Some(_) => true,
                            None => false,
                        };
                        if !known {
                            out.push(at(format!("field {}: unknown source {from}", f.label)));
                        }
                    }
                }
            }
            if !p.steps.iter().any(|s| s.completing_event().is_some()) {
                out.push(at("no step completes on an event".into()));
            }
            for c in &p.changes {
                for s in &c.steps {
                    if !step_ids.contains(&s.as_str()) {
                        out.push(at(format!("change {} names unknown step {s}", c.version)));
                    }
                }
            }
        }
        out.extend(crate::content_ids::problems(self, rules));
        out
    }
}

/// `"NNN:marker"` where NNN is one of the five seed manuals.
fn is_seed_ref(source: &str) -> bool {
    matches!(
        source.split_once(':'),
        Some(("000" | "001" | "002" | "003" | "004", marker)) if !marker.is_empty()
    )
}
