//! Checklist (手続きの進み具合): where each procedure of a clinic stands, what it waits for,
//! when that is due and what to do next — derived on every call from the clinic, the answers
//! and the append-only event log ([`crate::case`]), never stored as flags.
//!
//! A step is done when its completing event is recorded *after* the previous step's (so a redo
//! supersedes old records) and the event was recorded for the 医療機関コード the procedure is about
//! now (so changing the code reopens the steps done under the old one, saying why).
//!
//! The modules, one concern each: [`runs`] (which code and terminal a run of steps is for, and
//! walking its records), [`track`] (the status of each line), [`deadlines`], [`plan`] (checking
//! answers and new events before they are stored), [`guide`] (the steps with every value
//! prepared) and [`dashboard`] (one row per clinic).

use std::borrow::Cow;

use jiff::civil::Date;
use serde::Serialize;
use ts_rs::TS;

use crate::Result;
use crate::calendar::{Calendar, ser_date, ser_opt_date};
use crate::procedure::Catalog;
use crate::timeline::Rules;

pub mod board;
pub mod dashboard;
pub mod deadlines;
pub mod guide;
pub mod history;
pub mod home;
pub mod plan;
pub mod runs;
pub mod strip;
pub mod terminals;
pub mod track;
pub mod wizard;

pub use crate::case::{Case, EventRecord, Instance, PlannedEvent, Role};
pub use board::{
    Board, BoardRow, Filter, Sort, SortKey, board, board_of, board_page, board_row, board_rows,
    board_sorted,
};
pub use dashboard::{Overview, overview, status_many};
pub use guide::{GuideStep, PreparedField, guide};
pub use history::{HistoryEntry, history};
pub use home::{Home, WizardView, home, wizard_view};
pub use plan::{check_answers, plan_event, plan_start};
pub use runs::Target;
pub use strip::{TimelineStrip, timeline_strip};
pub use terminals::{
    ChangeLine, ExpiringCertificate, TerminalCertificate, TerminalsView, expiring_certificates,
    terminals, terminals_view,
};
pub use track::status;
pub use wizard::{pending_switch, plan_confirm, plan_situation, plan_switch};

/// The 医療機関等向け総合ポータルサイト (renewed 2024-03-25): the only address the app opens.
pub const PORTAL_URL: &str = "https://iryohokenjyoho.service-now.com/csm";

/// The オンライン資格確認等コールセンター (seed 002).
pub const CALL_CENTER: &str = "0800-0804583";
/// Its hours, as seed 002 gives them.
pub const CALL_CENTER_HOURS: &str =
    "月曜日～金曜日8：00～18：00 土曜日8：00～16：00（いずれも祝日を除く）";

/// What the engine needs besides the case.
#[derive(Debug, Clone, Copy)]
pub struct Env<'a> {
    pub catalog: &'a Catalog,
    pub rules: &'a Rules,
    pub calendar: &'a Calendar,
    pub today: Date,
}

impl Env<'static> {
    /// The embedded content, rules and calendar, on `today` (the app's and the CLI's engine).
    pub fn embedded(today: Date) -> Result<Env<'static>> {
        Ok(Env {
            catalog: Catalog::embedded()?,
            rules: Rules::shared()?,
            calendar: Calendar::embedded(),
            today,
        })
    }
}

/// 開始不可, 未着手, 進行中, 待機中, 問題あり, 完了.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Blocked,
    NotStarted,
    InProgress,
    Waiting,
    Problem,
    Done,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Blocked => "開始不可",
            Status::NotStarted => "未着手",
            Status::InProgress => "進行中",
            Status::Waiting => "待機中",
            Status::Problem => "問題あり",
            Status::Done => "完了",
        }
    }
}

/// A text of the checklist: borrowed from the content when it is the same for every clinic
/// (titles, step names, fixed actions), owned when it names this clinic's dates or codes. The
/// dashboard derives 10,000 clinics at a time, so not copying the content matters.
pub type Text<'a> = Cow<'a, str>;

/// Where one run of steps (a procedure, or one terminal of it) stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Track<'a> {
    pub status: Status,
    /// `status` in Japanese; set only through [`Track::at`] and [`Track::set_status`].
    pub status_label: &'static str,
    /// The step to do or wait on now.
    pub step: Option<&'a str>,
    pub waiting_for: Option<&'a str>,
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub due: Option<Date>,
    pub overdue: bool,
    #[ts(type = "string | null")]
    pub next_action: Option<Text<'a>>,
    /// Why a step reopened, why the procedure is blocked, or how the due date was computed.
    #[ts(type = "string | null")]
    pub reason: Option<Text<'a>>,
    /// The event to record to move on (the awaited mail or letter, or the pending milestone),
    /// and its title.
    pub next_event: Option<&'a str>,
    pub next_event_title: Option<&'a str>,
}

impl<'a> Track<'a> {
    /// A track with only a status (and optionally the step, action and reason) set.
    pub(crate) fn at(
        status: Status,
        step: Option<&'a str>,
        next_action: Option<Text<'a>>,
        reason: Option<Text<'a>>,
    ) -> Track<'a> {
        Track {
            status,
            status_label: status.label(),
            step,
            waiting_for: None,
            due: None,
            overdue: false,
            next_action,
            reason,
            next_event: None,
            next_event_title: None,
        }
    }

    /// Names the event to record next (and looks up its title).
    pub(crate) fn then_record(mut self, env: &Env<'a>, event: Option<&'a str>) -> Track<'a> {
        self.next_event = event;
        self.next_event_title = event
            .and_then(|e| env.catalog.event(e).ok())
            .map(|e| e.title.as_str());
        self
    }

    pub(crate) fn set_status(&mut self, status: Status) {
        self.status = status;
        self.status_label = status.label();
    }
}

/// One terminal's run (and, for a 医科歯科併設 clinic, one code's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TerminalTrack<'a> {
    pub terminal: String,
    /// 医科歯科併設 only: the 7-digit code and its 点数表 this run is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub score_table: Option<&'static str>,
    #[serde(flatten)]
    pub track: Track<'a>,
}

/// Steps changed by newer content than the clinic follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ContentUpdate {
    pub from: u32,
    pub to: u32,
    pub changes: Vec<String>,
}

/// One line of the checklist (the `onshi status` contract plus display fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ProcedureStatus<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Is it in the clinic's plan (its situations need it) or under way? The others are listed
    /// under 「その他の手続き」.
    pub applies: bool,
    pub status: Status,
    pub status_label: &'static str,
    pub waiting_for: Option<&'a str>,
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub due: Option<Date>,
    pub overdue: bool,
    #[ts(type = "string | null")]
    pub next_action: Option<Text<'a>>,
    #[ts(type = "string | null")]
    pub reason: Option<Text<'a>>,
    pub step: Option<&'a str>,
    /// The event the UI offers to record next (see [`Track::next_event`]) and its title.
    pub next_event: Option<&'a str>,
    pub next_event_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<TerminalTrack<'a>>>", optional)]
    pub terminals: Vec<TerminalTrack<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub content_update: Option<ContentUpdate>,
}

impl<'a> ProcedureStatus<'a> {
    /// The line's own track (its lead run, for a per-terminal procedure).
    pub fn track(&self) -> Track<'a> {
        Track {
            status: self.status,
            status_label: self.status_label,
            step: self.step,
            waiting_for: self.waiting_for,
            due: self.due,
            overdue: self.overdue,
            next_action: self.next_action.clone(),
            reason: self.reason.clone(),
            next_event: self.next_event,
            next_event_title: self.next_event_title,
        }
    }
}

/// The answers a procedure works with for this clinic: its own once started, else those its
/// situation gave (and the questions' defaults).
pub(crate) fn answers_of(
    env: &Env<'_>,
    case: &crate::case::Case,
    p: &crate::procedure::Procedure,
) -> std::collections::BTreeMap<String, String> {
    case.instance(&p.id).map_or_else(
        || {
            p.with_defaults(&crate::situation::answers_for(
                env.catalog,
                &case.situations,
                &p.id,
            ))
        },
        |i| i.answers.clone(),
    )
}

/// 期限: a date that must not be missed (承継 grace, certificate expiry, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Deadline {
    pub id: String,
    #[serde(serialize_with = "ser_date")]
    #[ts(type = "string")]
    pub date: Date,
    pub explanation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub terminal: Option<String>,
    /// 医科歯科併設 only: the 7-digit code whose certificate this is.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub code: Option<String>,
    pub provisional: bool,
}

/// The whole checklist of a clinic on `today` (borrowing the content of the [`Env`]'s catalog).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ClinicStatus<'a> {
    pub clinic_id: String,
    /// The procedure ids of the clinic's plan, in order (from its situations).
    pub plan: Vec<&'a str>,
    pub procedures: Vec<ProcedureStatus<'a>>,
    pub deadlines: Vec<Deadline>,
}
