//! 記録の履歴 (history): everything recorded for a clinic — each event with who recorded it,
//! when and under which content version, each confirmed dangerous choice, each code switch,
//! each change of the terminal register —
//! newest first, for the technician's clinic page.

use serde::Serialize;
use ts_rs::TS;

use super::Env;
use crate::calendar::tokyo_time_text;
use crate::case::{Case, Role};

/// What an entry of the history is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    Event,
    Confirmation,
    CodeSwitch,
    /// A change of the terminal register (端末台帳).
    Terminal,
}

/// One line of the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HistoryEntry {
    pub kind: EntryKind,
    /// What happened, in Japanese (the event's title, the confirmed sentence, the codes).
    pub what: String,
    pub procedure: Option<String>,
    /// The day it happened (YYYY-MM-DD) for an event or a switch; `None` for a confirmation.
    pub date: Option<String>,
    pub terminal: Option<String>,
    /// The 10-digit code an event was recorded for, when it snapshots it.
    pub code: Option<String>,
    pub role: Role,
    /// 受付 or 技術者.
    pub role_label: &'static str,
    /// When it was written (RFC 3339, UTC), and the same in Japan's time as a list shows it
    /// (「2026/12/1 09:30」).
    pub recorded_at: String,
    pub recorded_text: String,
    /// The content version the clinic followed (events only).
    pub content_version: Option<u32>,
}

pub(crate) fn role_label(role: Role) -> &'static str {
    match role {
        Role::Receptionist => "受付",
        Role::Technician => "技術者",
    }
}

/// The whole history of one clinic, newest first.
pub fn history(env: &Env<'_>, case: &Case) -> Vec<HistoryEntry> {
    let title_of = |id: &str| {
        env.catalog
            .procedure(id)
            .map_or_else(|_| id.to_string(), |p| p.title.clone())
    };
    let mut out: Vec<HistoryEntry> = case
        .events
        .iter()
        .map(|e| HistoryEntry {
            kind: EntryKind::Event,
            what: env
                .catalog
                .event(&e.event_id)
                .map_or_else(|_| e.event_id.clone(), |d| d.title.clone()),
            procedure: Some(title_of(&e.procedure_id)),
            date: Some(e.date.to_string()),
            terminal: match (&e.terminal, &e.recorded_as) {
                (Some(now), Some(then)) => Some(format!("{now}（記録時の名前：{then}）")),
                (now, _) => now.clone(),
            },
            code: e.code.as_ref().map(ToString::to_string),
            role: e.role,
            role_label: role_label(e.role),
            recorded_at: e.recorded_at.clone(),
            recorded_text: tokyo_time_text(&e.recorded_at),
            content_version: Some(e.content_version),
        })
        .collect();
    for c in &case.confirmations {
        let sentence = env
            .catalog
            .procedure(&c.procedure_id)
            .ok()
            .and_then(|p| {
                p.steps
                    .iter()
                    .flat_map(|s| &s.dangers)
                    .find(|d| d.id == c.danger_id)
                    .map(|d| d.confirm.clone())
            })
            .unwrap_or_else(|| c.danger_id.clone());
        out.push(HistoryEntry {
            kind: EntryKind::Confirmation,
            what: format!("確認：{sentence}"),
            procedure: Some(title_of(&c.procedure_id)),
            date: None,
            terminal: c.terminal.clone(),
            code: None,
            role: c.role,
            role_label: role_label(c.role),
            recorded_at: c.confirmed_at.clone(),
            recorded_text: tokyo_time_text(&c.confirmed_at),
            content_version: None,
        });
    }
    for past in &case.code_history {
        out.push(HistoryEntry {
            kind: EntryKind::CodeSwitch,
            what: format!(
                "医療機関コードを切り替えた（旧コード {}、旧名称 {}）",
                past.code.get(3..).unwrap_or(&past.code),
                past.name
            ),
            procedure: None,
            date: Some(past.until.clone()),
            terminal: None,
            code: Some(past.code.clone()),
            role: past.role,
            role_label: role_label(past.role),
            recorded_at: past.recorded_at.clone(),
            recorded_text: tokyo_time_text(&past.recorded_at),
            content_version: None,
        });
    }
    for t in &case.terminal_changes {
        out.push(HistoryEntry {
            kind: EntryKind::Terminal,
            what: t.sentence(),
            procedure: None,
            date: Some(t.date.to_string()),
            terminal: Some(t.new_name.clone().unwrap_or_else(|| t.name.clone())),
            code: None,
            role: t.role,
            role_label: role_label(t.role),
            recorded_at: t.recorded_at.clone(),
            recorded_text: tokyo_time_text(&t.recorded_at),
            content_version: None,
        });
    }
    // Newest first by the time it was written (ties keep the log's order).
    out.sort_by(|a, b| b.recorded_at.cmp(&a.recorded_at));
    out
}
