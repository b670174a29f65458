//! 事案 (case): what is stored about one clinic's procedures — the procedures it has started
//! with their answers, and the append-only log of what happened. Storage reads and writes these
//! types; the checklist engine derives everything else from them, and plans each change as a
//! [`PlannedEvent`] or an [`Instance`] that storage writes. Storage never imports the engine.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clinic::Clinic;
use crate::code::FullCode;
use crate::profile::ClinicProfile;
use crate::situation::SituationRecord;

/// 記録者: who recorded something, the clinic's receptionist or the vendor's technician.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Receptionist,
    Technician,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Receptionist => "receptionist",
            Role::Technician => "technician",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "receptionist" => Some(Role::Receptionist),
            "technician" => Some(Role::Technician),
            _ => None,
        }
    }
}

/// 開始した手続き: a procedure a clinic has started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub procedure_id: String,
    /// The content version the clinic follows (until it accepts a newer one).
    pub content_version: u32,
    pub answers: BTreeMap<String, String>,
}

/// 記録: one recorded event (the log is append-only; a later record of the same event
/// supersedes an earlier one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub seq: i64,
    pub procedure_id: String,
    pub event_id: String,
    pub date: Date,
    pub terminal: Option<String>,
    /// The terminal's name when the event was recorded, if the terminal was renamed since
    /// (端末台帳); `terminal` is its name now.
    pub recorded_as: Option<String>,
    /// The code the event was recorded for (when the event snapshots it).
    pub code: Option<FullCode>,
    pub role: Role,
    pub content_version: u32,
    pub recorded_at: String,
}

/// Everything the checklist of one clinic is derived from.
#[derive(Debug, Clone)]
pub struct Case {
    pub clinic: Clinic,
    pub profile: ClinicProfile,
    pub instances: Vec<Instance>,
    /// Ordered by `seq`.
    pub events: Vec<EventRecord>,
    /// The situations started (何がありましたか), oldest first: they make the clinic's plan.
    pub situations: Vec<SituationRecord>,
    /// Dangerous choices confirmed (確認済み), oldest first. Not loaded for the dashboard,
    /// whose statuses never read them.
    pub confirmations: Vec<Confirmation>,
    /// The codes the clinic had before (承継), oldest first. Not loaded for the dashboard, nor
    /// for checking a change (no rule reads it).
    pub code_history: Vec<PastCode>,
    /// The terminal register's changes (端末台帳), oldest first; the store applies them with
    /// [`crate::terminal_register::settle`] once the case is loaded.
    pub terminal_changes: Vec<crate::terminal_register::TerminalChange>,
    /// Steps recorded differently on another PC, found by an import (see [`EventConflict`]).
    pub conflicts: Vec<EventConflict>,
}

/// 確認: the user confirmed a dangerous choice of a step ([`crate::procedure::Danger`]), with
/// who and when; the step's milestone cannot be recorded without it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Confirmation {
    pub procedure_id: String,
    pub danger_id: String,
    /// The terminal, for a per-terminal procedure.
    pub terminal: Option<String>,
    pub role: Role,
    pub confirmed_at: String,
}

/// 食い違い: a step recorded on two PCs with different dates, found when one's clinics were
/// imported into the other. Both records are kept; the procedure shows 問題あり until someone
/// records the step again here (after `found_at`), which is their decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventConflict {
    pub procedure_id: String,
    pub event_id: String,
    pub terminal: Option<String>,
    pub code: Option<String>,
    pub local_date: Date,
    pub imported_date: Date,
    /// When the import found it (RFC 3339, UTC).
    pub found_at: String,
    /// The log's last sequence number then: a record of the step after it is the decision.
    pub after_seq: i64,
}

impl EventConflict {
    /// Still open: nothing recorded for the step here since it was found (compared by the
    /// log's order, not by clocks that two PCs may set differently).
    pub fn is_open(&self, case: &Case) -> bool {
        !case.events.iter().any(|e| {
            e.seq > self.after_seq
                && e.procedure_id == self.procedure_id
                && e.event_id == self.event_id
                && e.terminal == self.terminal
                && (self.code.is_none()
                    || e.code.as_ref().map(|c| c.to_string()) == self.code
                    || e.code.as_ref().map(|c| c.digits().to_string()) == self.code)
        })
    }
}

/// 旧コード: a code the clinic had before a 承継 switched it to the new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PastCode {
    pub name: String,
    /// 都道府県+点数表+医療機関コード, 10 digits.
    pub code: String,
    /// The day the clinic switched away from it.
    pub until: String,
    pub role: Role,
    /// When the switch was written (RFC 3339, UTC).
    pub recorded_at: String,
}

/// A code switch after a 承継 (新しいコードに切り替える), planned by the engine for storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSwitch {
    /// The clinic with its new code (and name).
    pub clinic: crate::clinic::NewClinic,
}

impl Case {
    /// Is this dangerous choice confirmed (for this terminal, or for the whole procedure)?
    pub fn confirmed(&self, procedure_id: &str, danger_id: &str, terminal: Option<&str>) -> bool {
        self.confirmations.iter().any(|c| {
            c.procedure_id == procedure_id
                && c.danger_id == danger_id
                && (c.terminal.is_none() || c.terminal.as_deref() == terminal)
        })
    }

    pub fn instance(&self, procedure_id: &str) -> Option<&Instance> {
        self.instances
            .iter()
            .find(|i| i.procedure_id == procedure_id)
    }
}

/// Where a new event goes: the procedure instance (started now if needed), the terminal and
/// the code snapshot. Out-of-order events and dates before the previous step are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedEvent {
    pub procedure_id: String,
    /// The instance to create first (the event starts its procedure).
    pub start: Option<Instance>,
    pub terminal: Option<String>,
    /// 都道府県+点数表+医療機関コード, 10 digits, when the event snapshots it.
    pub code: Option<String>,
}
