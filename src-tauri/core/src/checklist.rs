//! Checklist (手続きの進み具合): where each procedure of a clinic stands, what it waits for,
//! when that is due and what to do next — derived on every call from the clinic, the answers
//! and the append-only event log, never stored as flags.
//!
//! A step is done when its completing event is recorded *after* the previous step's (so a redo
//! supersedes old records) and the event was recorded for the 医療機関コード the procedure is about
//! now (so changing the code reopens the steps done under the old one, saying why).

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::clinic::Clinic;
use crate::procedure::{Catalog, Field, Procedure, Source, Step};
use crate::profile::ClinicProfile;
use crate::timeline::{Grace, Rules, ser_date, ser_opt_date};
use crate::validate::field::{self, Context, split_terminals};
use crate::validate::{FormReport, Issue};
use crate::{Error, Result, ScoreTable};

/// The オンライン資格確認等コールセンター (seed 002).
pub const CALL_CENTER: &str = "0800-0804583";

/// Who recorded something: the clinic's receptionist or the vendor's technician.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// A procedure a clinic has started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub procedure_id: String,
    /// The content version the clinic follows (until it accepts a newer one).
    pub content_version: u32,
    pub answers: BTreeMap<String, String>,
}

/// One recorded event (the log is append-only; a later record of the same event supersedes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventRecord {
    pub seq: i64,
    pub procedure_id: String,
    pub event_id: String,
    #[serde(serialize_with = "ser_date")]
    pub date: Date,
    pub terminal: Option<String>,
    /// 都道府県+点数表+医療機関コード the event was recorded for (when the event snapshots it).
    pub code: Option<String>,
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
}

impl Case {
    pub fn instance(&self, procedure_id: &str) -> Option<&Instance> {
        self.instances
            .iter()
            .find(|i| i.procedure_id == procedure_id)
    }
}

/// 開始不可, 未着手, 進行中, 待機中, 問題あり, 完了.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Track<'a> {
    pub status: Status,
    /// `status` in Japanese; set only through [`Track::at`] and [`Track::set_status`].
    pub status_label: &'static str,
    /// The step to do or wait on now.
    pub step: Option<&'a str>,
    pub waiting_for: Option<&'a str>,
    #[serde(serialize_with = "ser_opt_date")]
    pub due: Option<Date>,
    pub overdue: bool,
    pub next_action: Option<Text<'a>>,
    /// Why a step reopened, why the procedure is blocked, or how the due date was computed.
    pub reason: Option<Text<'a>>,
    /// The event to record to move on (the awaited mail or letter, or the pending milestone),
    /// and its title.
    pub next_event: Option<&'a str>,
    pub next_event_title: Option<&'a str>,
}

impl<'a> Track<'a> {
    /// A track with only a status (and optionally the step, action and reason) set.
    fn at(
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
    fn then_record(mut self, env: &Env<'a>, event: Option<&'a str>) -> Track<'a> {
        self.next_event = event;
        self.next_event_title = event
            .and_then(|e| env.catalog.event(e).ok())
            .map(|e| e.title.as_str());
        self
    }

    fn set_status(&mut self, status: Status) {
        self.status = status;
        self.status_label = status.label();
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TerminalTrack<'a> {
    pub terminal: String,
    /// 医科歯科併設 only: the 7-digit code and its 点数表 this run is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score_table: Option<&'static str>,
    #[serde(flatten)]
    pub track: Track<'a>,
}

/// Steps changed by newer content than the clinic follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContentUpdate {
    pub from: u32,
    pub to: u32,
    pub changes: Vec<String>,
}

/// One line of the checklist (the `onshi status` contract plus display fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcedureStatus<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub status: Status,
    pub status_label: &'static str,
    pub waiting_for: Option<&'a str>,
    #[serde(serialize_with = "ser_opt_date")]
    pub due: Option<Date>,
    pub overdue: bool,
    pub next_action: Option<Text<'a>>,
    pub reason: Option<Text<'a>>,
    pub step: Option<&'a str>,
    /// The event the UI offers to record next (see [`Track::next_event`]) and its title.
    pub next_event: Option<&'a str>,
    pub next_event_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub terminals: Vec<TerminalTrack<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_update: Option<ContentUpdate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub id: String,
    #[serde(serialize_with = "ser_date")]
    pub date: Date,
    pub explanation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminal: Option<String>,
    /// 医科歯科併設 only: the 7-digit code whose certificate this is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub provisional: bool,
}

/// The whole checklist of a clinic on `today` (borrowing the content of the [`Env`]'s catalog).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClinicStatus<'a> {
    pub clinic_id: String,
    pub procedures: Vec<ProcedureStatus<'a>>,
    pub deadlines: Vec<Deadline>,
}

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

fn sequence(message: String) -> Error {
    Error::OutOfOrder { message }
}

/// The full code (都道府県+点数表+7 digits) a procedure is about.
fn target_code(p: &Procedure, answers: &BTreeMap<String, String>, clinic: &Clinic) -> String {
    match p.code_answer.as_ref().and_then(|k| answers.get(k)) {
        Some(code) if !code.is_empty() => format!("{}{}{code}", clinic.pref_code, clinic.tensu),
        _ => clinic.full_code.clone(),
    }
}

/// One 医療機関コード a procedure runs under.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CodeRun {
    /// 都道府県 + 点数表 + 7 digits, as events snapshot it.
    full: String,
    /// The 7 digits the portal asks for.
    digits: String,
    table: Option<ScoreTable>,
}

impl CodeRun {
    fn new(full: String, table: Option<ScoreTable>) -> CodeRun {
        CodeRun {
            digits: short_code(&full).to_string(),
            full,
            table,
        }
    }
}

/// The codes a procedure runs under: the one it is about, and for a `per_code` procedure of a
/// 医科歯科併設 clinic also the paired code under the other 点数表.
fn code_runs(p: &Procedure, answers: &BTreeMap<String, String>, case: &Case) -> Vec<CodeRun> {
    let clinic = &case.clinic;
    let own_table = ScoreTable::from_code(&clinic.tensu);
    let mut runs = vec![CodeRun::new(target_code(p, answers, clinic), own_table)];
    let paired = &case.profile.paired_code;
    if p.per_code
        && !paired.is_empty()
        && let Some(partner) = own_table.and_then(ScoreTable::dual_partner)
    {
        runs.push(CodeRun::new(
            format!("{}{}{paired}", clinic.pref_code, partner.code()),
            Some(partner),
        ));
    }
    runs
}

/// The 点数表 digit of a full code (「1310000017」 → '1').
fn table_digit(full: &str) -> Option<char> {
    full.chars().nth(2)
}

/// Which run an event or a guide is for: the terminal (端末名称), the procedure when an event
/// belongs to several, and for a 医科歯科併設 clinic the 医療機関コード (7 or 10 digits, as typed).
#[derive(Debug, Clone, Copy, Default)]
pub struct Target<'a> {
    pub terminal: Option<&'a str>,
    pub procedure: Option<&'a str>,
    pub code: Option<&'a str>,
}

impl<'a> Target<'a> {
    /// As a form or the command line gives it: an empty value means "not given" (an empty
    /// 端末名称 must not become a terminal of its own).
    pub fn new(
        terminal: Option<&'a str>,
        procedure: Option<&'a str>,
        code: Option<&'a str>,
    ) -> Self {
        let given = |value: Option<&'a str>| value.filter(|v| !v.is_empty());
        Target {
            terminal: given(terminal),
            procedure: given(procedure),
            code: given(code),
        }
    }
}

/// The run `given` names. With two codes and none given, the user must say which: recording a
/// certificate under the wrong code is exactly the mistake to prevent.
fn choose_run<'r>(runs: &'r [CodeRun], given: Option<&str>, title: &str) -> Result<&'r CodeRun> {
    let listed = || {
        runs.iter()
            .map(|r| format!("{} {}", r.table.map_or("", ScoreTable::name), r.digits))
            .collect::<Vec<_>>()
            .join("／")
    };
    match given.map(crate::validate::normalize::compact) {
        Some(code) => runs
            .iter()
            .find(|r| r.digits == code || r.full == code)
            .ok_or_else(|| {
                sequence(format!(
                    "医療機関コード {code} はこの医療機関の「{title}」のコードではありません（{}）。",
                    listed()
                ))
            }),
        None if runs.len() > 1 => Err(sequence(format!(
            "医科歯科併設のため、どちらの医療機関コードの記録かを指定してください（{}）。CLI では --code です。",
            listed()
        ))),
        None => runs.first().ok_or_else(|| sequence(String::new())),
    }
}

fn terminals_of(p: &Procedure, answers: &BTreeMap<String, String>) -> Vec<String> {
    if !p.per_terminal {
        return Vec::new();
    }
    let list = answers
        .get("terminals")
        .map(|t| split_terminals(t))
        .unwrap_or_default();
    if list.is_empty() {
        vec![crate::validate::terminal_name::SUGGESTED.to_string()]
    } else {
        list
    }
}

/// The records of one instance (and terminal), by event id, in log order.
struct Log<'c> {
    records: Vec<&'c EventRecord>,
}

impl<'c> Log<'c> {
    /// The records of `procedure_id`, of one terminal (or all), and of one 点数表 (or all: a
    /// clinic with one code keeps every record, so a changed code reopens its steps).
    fn new(
        case: &'c Case,
        procedure_id: &str,
        terminal: Option<&str>,
        table: Option<char>,
    ) -> Self {
        Log {
            records: case
                .events
                .iter()
                .filter(|e| e.procedure_id == procedure_id)
                .filter(|e| {
                    terminal.is_none() || e.terminal.is_none() || e.terminal.as_deref() == terminal
                })
                .filter(|e| {
                    table.is_none() || e.code.as_deref().is_none_or(|c| table_digit(c) == table)
                })
                .collect(),
        }
    }

    /// The latest record of `event` after `seq`.
    fn after(&self, event: &str, seq: i64) -> Option<&'c EventRecord> {
        self.records
            .iter()
            .rev()
            .find(|r| r.event_id == event && r.seq > seq)
            .copied()
    }
}

/// A milestone's state while walking the steps.
enum Milestone<'c> {
    Done(&'c EventRecord),
    Pending { reopened: Option<String> },
}

/// Walks the milestones in order. Returns the index of the first pending one (or `None` when
/// all are done), the last counted record and why a step reopened.
fn walk<'c>(
    steps: &[&Step],
    log: &Log<'c>,
    code: &str,
) -> (Option<usize>, Option<&'c EventRecord>, Option<String>) {
    let mut last: Option<&EventRecord> = None;
    for (i, s) in steps.iter().enumerate() {
        let Some(event) = s.completing_event() else {
            continue;
        };
        let floor = last.map_or(i64::MIN, |r| r.seq);
        let state = match log.after(event, floor) {
            Some(r) => match &r.code {
                Some(recorded) if recorded != code => Milestone::Pending {
                    reopened: Some(format!(
                        "医療機関コードが {} から {} に変わったため、「{}」をやり直してください（前回の記録は旧コードでのものです）。",
                        short_code(recorded),
                        short_code(code),
                        s.title
                    )),
                },
                _ => Milestone::Done(r),
            },
            None => Milestone::Pending { reopened: None },
        };
        match state {
            Milestone::Done(r) => last = Some(r),
            Milestone::Pending { reopened } => return (Some(i), last, reopened),
        }
    }
    (None, last, None)
}

/// 「1310000017」 → 「13-1-0000017」 hidden behind the 7 digits the portal asks for.
fn short_code(full: &str) -> &str {
    full.get(3..).unwrap_or(full)
}

fn track<'a>(env: &Env<'a>, steps: &[&'a Step], log: &Log<'_>, code: &str) -> Result<Track<'a>> {
    let (pending, last, reopened) = walk(steps, log, code);
    let Some(index) = pending else {
        return Ok(Track::at(Status::Done, None, None, None));
    };
    let step = steps[index];
    if reopened.is_none()
        && let Some(wait) = &step.wait
        && let Some(from) = last.filter(|r| r.event_id == wait.from_event)
    {
        let event = env.catalog.event(&wait.event)?;
        let (due, why) = match &wait.rule {
            Some(rule) => {
                let verb = env
                    .catalog
                    .event(&wait.from_event)
                    .map_or("開始", |e| fact_verb(e.fact));
                let est = env.rules.estimate(env.calendar, rule, from.date, verb)?;
                (Some(est.date), Some(est.explanation))
            }
            None => (
                None,
                Some(format!(
                    "{}から待っています（公式の目安日数はありません）",
                    md(from.date)
                )),
            ),
        };
        let overdue = due.is_some_and(|d| env.today > d);
        let escalate_on = env.calendar.add_business_days(
            due.unwrap_or(from.date),
            wait.call_center_after_business_days,
        )?;
        let late_hint = wait.if_late.join(" ");
        let (status, next_action) = if env.today > escalate_on {
            (
                Status::Problem,
                format!(
                    "{}がまだ届いていません。{late_hint} それでも分からなければオンライン資格確認等コールセンター（{CALL_CENTER}）に問い合わせてください。",
                    wait.what
                ),
            )
        } else if overdue {
            (
                Status::Waiting,
                format!(
                    "予定日を過ぎています。{late_hint} 届いたら「{}」を記録してください。",
                    event.title
                ),
            )
        } else {
            (
                Status::Waiting,
                format!("届いたら「{}」を記録してください。", event.title),
            )
        };
        return Ok(Track {
            status,
            status_label: status.label(),
            step: Some(&step.id),
            waiting_for: Some(&wait.what),
            due,
            overdue,
            next_action: Some(Cow::Owned(next_action)),
            reason: why.map(Cow::Owned),
            next_event: Some(&wait.event),
            next_event_title: Some(&event.title),
        });
    }
    // The next thing to do is the first step after the last completed milestone.
    let next_index = last
        .and_then(|r| {
            steps
                .iter()
                .position(|s| s.completing_event() == Some(r.event_id.as_str()))
        })
        .map_or(0, |i| i + 1)
        .min(index);
    let next = if reopened.is_some() {
        step
    } else {
        steps[next_index]
    };
    Ok(Track::at(
        Status::InProgress,
        Some(&next.id),
        Some(Cow::Borrowed(&next.title)),
        reopened.map(Cow::Owned),
    )
    .then_record(env, step.completing_event()))
}

fn fact_verb(fact: crate::procedure::Fact) -> &'static str {
    use crate::procedure::Fact;
    match fact {
        Fact::Sent => "申請",
        Fact::Confirmed => "受信",
        Fact::Received => "到着",
        Fact::Done => "完了",
    }
}

fn md(d: Date) -> String {
    format!("{}/{}", d.month(), d.day())
}

/// Is every event `requires` names recorded somewhere? Returns the index of the first missing.
fn missing_requirement(p: &Procedure, case: &Case) -> Option<usize> {
    p.requires
        .iter()
        .position(|r| !case.events.iter().any(|e| &e.event_id == r))
}

/// The checklist of one clinic on `env.today`.
pub fn status<'a>(env: &Env<'a>, case: &Case) -> Result<ClinicStatus<'a>> {
    // The 承継 grace period feeds both the 承継 line and the deadlines: compute it once.
    let grace = shokei_grace(env, case)?;
    let mut procedures = Vec::with_capacity(env.catalog.procedures.len());
    for (index, p) in env.catalog.procedures.iter().enumerate() {
        procedures.push(procedure_status(env, case, index, p, grace.as_ref())?);
    }
    Ok(ClinicStatus {
        clinic_id: case.clinic.id.to_string(),
        procedures,
        deadlines: deadlines(env, case, grace.as_ref())?,
    })
}

/// The line of procedure `p`, which is `env.catalog.procedures[index]`.
fn procedure_status<'a>(
    env: &Env<'a>,
    case: &Case,
    index: usize,
    p: &'a Procedure,
    grace: Option<&Grace>,
) -> Result<ProcedureStatus<'a>> {
    let base = |track: Track<'a>| ProcedureStatus {
        id: &p.id,
        title: &p.title,
        status: track.status,
        status_label: track.status_label,
        waiting_for: track.waiting_for,
        due: track.due,
        overdue: track.overdue,
        next_action: track.next_action,
        reason: track.reason,
        step: track.step,
        next_event: track.next_event,
        next_event_title: track.next_event_title,
        terminals: Vec::new(),
        content_update: None,
    };
    let Some(instance) = case.instance(&p.id) else {
        let track = match missing_requirement(p, case) {
            Some(requirement) => Track::at(
                Status::Blocked,
                None,
                None,
                Some(Cow::Borrowed(
                    env.catalog.blocked_reason(index, requirement),
                )),
            ),
            None => Track::at(
                Status::NotStarted,
                p.steps.first().map(|s| s.id.as_str()),
                Some(Cow::Borrowed(env.catalog.start_action(index))),
                None,
            )
            .then_record(env, env.catalog.first_event(index)),
        };
        return Ok(base(track));
    };
    let steps = p.applicable(&instance.answers);
    let runs = code_runs(p, &instance.answers, case);
    let (mut track, terminals) = if p.per_terminal {
        let runs = run_tracks(env, case, p, instance, &steps, &runs)?;
        (lead_track(&runs), runs)
    } else {
        let log = Log::new(case, &p.id, None, None);
        (track(env, &steps, &log, &runs[0].full)?, Vec::new())
    };
    // 承継: past the 120-day grace without the new certificate is a problem whatever the step.
    if p.id == "shokei"
        && track.status != Status::Done
        && let Some(grace) = grace
        && env.today > grace.deadline.date
    {
        track.set_status(Status::Problem);
        track.reason = Some(Cow::Owned(format!(
            "旧電子証明書が使える期限（{}）を過ぎました。新しい証明書の導入を急ぎ、コールセンター（{CALL_CENTER}）に相談してください。",
            grace.deadline.date
        )));
    }
    let mut out = base(track);
    out.terminals = terminals;
    if instance.content_version < p.version {
        out.content_update = Some(ContentUpdate {
            from: instance.content_version,
            to: p.version,
            changes: p
                .changes
                .iter()
                .filter(|c| c.version > instance.content_version)
                .map(|c| format!("第{}版: {}（{}）", c.version, c.summary, c.steps.join("・")))
                .collect(),
        });
    }
    Ok(out)
}

/// One track per terminal, and per code for a 医科歯科併設 clinic.
fn run_tracks<'a>(
    env: &Env<'a>,
    case: &Case,
    p: &'a Procedure,
    instance: &Instance,
    steps: &[&'a Step],
    runs: &[CodeRun],
) -> Result<Vec<TerminalTrack<'a>>> {
    let dual = runs.len() > 1;
    let mut tracks = Vec::new();
    for run in runs {
        let table = dual.then(|| table_digit(&run.full)).flatten();
        for t in terminals_of(p, &instance.answers) {
            let log = Log::new(case, &p.id, Some(&t), table);
            let track = track(env, steps, &log, &run.full)?;
            tracks.push(TerminalTrack {
                terminal: t,
                code: dual.then(|| run.digits.clone()),
                score_table: run.table.filter(|_| dual).map(ScoreTable::name),
                track,
            });
        }
    }
    Ok(tracks)
}

/// The procedure is where its least advanced run is (a problem shows first); with several
/// runs, the next action says which one.
fn lead_track<'a>(runs: &[TerminalTrack<'a>]) -> Track<'a> {
    let Some(lead) = runs.iter().min_by_key(|t| match t.track.status {
        Status::Problem => 0,
        Status::InProgress => 1,
        Status::Waiting => 2,
        _ => 3,
    }) else {
        return Track::at(Status::InProgress, None, None, None);
    };
    let mut track = lead.track.clone();
    if runs.len() > 1 && track.status != Status::Done {
        let run = match lead.score_table {
            Some(table) => format!("{}・{table}", lead.terminal),
            None => lead.terminal.clone(),
        };
        track.next_action = track
            .next_action
            .map(|a| Cow::Owned(format!("【{run}】{a}")));
    }
    track
}

fn shokei_grace(env: &Env<'_>, case: &Case) -> Result<Option<Grace>> {
    let Some(instance) = case.instance("shokei") else {
        return Ok(None);
    };
    let Some(submitted) = case
        .events
        .iter()
        .rev()
        .find(|e| e.procedure_id == "shokei" && e.event_id == "shokei-submitted")
    else {
        return Ok(None);
    };
    let old_expiry = match instance.answers.get("old-certificate-issued") {
        Some(d) if !d.is_empty() => {
            let issued = crate::calendar::parse_date(d)?;
            Some(
                env.rules
                    .estimate(env.calendar, "certificate-validity", issued, "発行")?
                    .date,
            )
        }
        _ => None,
    };
    Ok(Some(env.rules.shokei_grace(
        env.calendar,
        submitted.date,
        old_expiry,
    )?))
}

/// Deadlines: `shokei-grace` (and the last safe day to apply), `certificate-expiry` per
/// terminal, `customer-id-change-apply-by`.
fn deadlines(env: &Env<'_>, case: &Case, grace: Option<&Grace>) -> Result<Vec<Deadline>> {
    let mut out = Vec::new();
    if let Some(grace) = grace {
        for (id, est) in [
            ("shokei-grace", &grace.deadline),
            ("shokei-grace-apply-by", &grace.latest_safe_application),
        ] {
            out.push(Deadline {
                id: id.into(),
                date: est.date,
                explanation: est.explanation.clone(),
                terminal: None,
                code: None,
                provisional: est.provisional,
            });
        }
    }
    // The newest installed certificate of each terminal; its 発行日 is taken as the application
    // date (the earliest it can be), so the expiry shown is never later than the real one.
    // A 医科歯科併設 clinic has a certificate per terminal per code.
    let dual = !case.profile.paired_code.is_empty();
    let mut latest: BTreeMap<(Option<String>, Option<String>), Date> = BTreeMap::new();
    for installed in case
        .events
        .iter()
        .filter(|e| e.event_id == "certificate-installed")
    {
        let applied = case
            .events
            .iter()
            .rev()
            .filter(|e| e.seq < installed.seq && e.procedure_id == installed.procedure_id)
            .find(|e| {
                e.event_id == "certificate-submitted"
                    && e.terminal == installed.terminal
                    && (!dual || e.code == installed.code)
            })
            .map_or(installed.date, |e| e.date);
        let code = installed
            .code
            .as_deref()
            .filter(|_| dual)
            .map(|c| short_code(c).to_string());
        latest.insert((installed.terminal.clone(), code), applied);
    }
    for ((terminal, code), issued) in latest {
        let est = env.rules.estimate(
            env.calendar,
            "certificate-validity",
            issued,
            "申請（発行日の目安）",
        )?;
        out.push(Deadline {
            id: "certificate-expiry".into(),
            date: est.date,
            explanation: format!(
                "{}。発行日は通知書で確かめてください（ここでは申請日を発行日として早めに計算しています）",
                est.explanation
            ),
            terminal: terminal.filter(|t| !t.is_empty()),
            code,
            provisional: est.provisional,
        });
    }
    if let Some(instance) = case.instance("customer-id-change")
        && let Some(cancel) = instance
            .answers
            .get("old-line-cancel-date")
            .filter(|d| !d.is_empty())
    {
        let cancel = crate::calendar::parse_date(cancel)?;
        let est =
            env.rules
                .latest_start(env.calendar, "customer-id-change", cancel, "旧回線の解約")?;
        out.push(Deadline {
            id: "customer-id-change-apply-by".into(),
            date: est.date,
            explanation: est.explanation,
            terminal: None,
            code: None,
            provisional: est.provisional,
        });
    }
    out.sort_by_key(|d| d.date);
    Ok(out)
}

/// The validator context for this clinic (都道府県, 点数表, postal data, today), no choices.
fn clinic_context<'e>(env: &Env<'e>, case: &Case) -> Context<'e> {
    Context {
        today: env.today,
        prefecture: crate::Prefecture::from_code(&case.clinic.pref_code),
        score_table: crate::ScoreTable::from_code(&case.clinic.tensu),
        rules: env.rules,
        postal: crate::postal::PostalTable::embedded().ok(),
        choices: &[],
    }
}

/// Checks `--answer key=value` pairs against the procedure's questions. Returns the answers in
/// portal format (defaults filled in) or [`Error::Invalid`] naming every bad one.
pub fn check_answers(
    env: &Env<'_>,
    case: &Case,
    p: &Procedure,
    given: &[(String, String)],
    previous: Option<&BTreeMap<String, String>>,
) -> Result<BTreeMap<String, String>> {
    let mut report = FormReport::default();
    let mut answers = previous.cloned().unwrap_or_default();
    let base = clinic_context(env, case);
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
        });
    }
    let answers = check_answers(env, case, p, given, previous.map(|i| &i.answers))?;
    Ok(Instance {
        procedure_id: p.id.clone(),
        content_version: previous.map_or(p.version, |i| i.content_version),
        answers,
    })
}

/// Where a new event goes: the procedure instance (started now if needed), the terminal and
/// the code snapshot. Out-of-order events and dates before the previous step are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedEvent {
    pub procedure_id: String,
    /// The instance to create first (the event starts its procedure).
    pub start: Option<Instance>,
    pub terminal: Option<String>,
    pub code: Option<String>,
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
    if candidates.is_empty() {
        return Err(sequence(format!(
            "「{}」は指定の手続きにはない出来事です。",
            def.title
        )));
    }
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
    let p = candidates[0];
    let before = p
        .first_event()
        .and_then(|e| env.catalog.event(e).ok())
        .map_or(String::new(), |e| e.title.clone());
    Err(sequence(format!(
        "「{}」より前に「{before}」を記録してください（「{}」の手順はまだ始まっていません）。",
        def.title, p.title
    )))
}

/// Checks that `def` on `date` is the next (or a redone) milestone of this instance.
fn fit(
    env: &Env<'_>,
    case: &Case,
    p: &Procedure,
    instance: &Instance,
    def: &crate::procedure::EventDef,
    date: Date,
    target: &Target<'_>,
) -> Result<PlannedEvent> {
    let steps = p.applicable(&instance.answers);
    let runs = code_runs(p, &instance.answers, case);
    let run = choose_run(&runs, target.code, &p.title)?;
    let code = &run.full;
    // With two codes each 点数表 has its own run of the steps (and its own records).
    let table = (runs.len() > 1).then(|| table_digit(code)).flatten();
    let terminal = if p.per_terminal && def.terminal {
        let names = terminals_of(p, &instance.answers);
        Some(match target.terminal {
            Some(t) => {
                let t = crate::validate::normalize::text(t);
                if !names.contains(&t) {
                    return Err(sequence(format!(
                        "端末「{t}」は「{}」の端末一覧（{}）にありません。--answer terminals=… で端末を追加してください。",
                        p.title,
                        names.join("、")
                    )));
                }
                t
            }
            None => names
                .iter()
                .find(|n| {
                    let log = Log::new(case, &p.id, Some(n), table);
                    let (pending, _, _) = walk(&steps, &log, code);
                    pending.and_then(|i| steps[i].completing_event()) == Some(def.id.as_str())
                })
                .or(names.first())
                .cloned()
                .unwrap_or_default(),
        })
    } else {
        None
    };
    let log = Log::new(case, &p.id, terminal.as_deref(), table);
    let (pending, _, _) = walk(&steps, &log, code);
    let position = steps
        .iter()
        .position(|s| s.completing_event() == Some(def.id.as_str()))
        .ok_or_else(|| {
            sequence(format!(
                "「{}」は「{}」の手順にない出来事です。",
                def.title, p.title
            ))
        })?;
    // Every milestone before this one must be done (in this run); redoing a done one is fine.
    let limit = pending.unwrap_or(steps.len());
    if position > limit {
        let missing = steps[limit]
            .completing_event()
            .and_then(|e| env.catalog.event(e).ok())
            .map_or(String::new(), |e| e.title.clone());
        return Err(sequence(format!(
            "順番が違います。「{}」の前に「{missing}」を記録してください（{}）。",
            def.title, p.title
        )));
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
        let title = env
            .catalog
            .event(&prev.event_id)
            .map_or(prev.event_id.clone(), |e| e.title.clone());
        return Err(sequence(format!(
            "日付が前の出来事より前です。「{title}」は {} に記録されています。{} 以降の日付を指定してください。",
            prev.date, prev.date
        )));
    }
    Ok(PlannedEvent {
        procedure_id: p.id.clone(),
        start: None,
        terminal,
        // A 併設 clinic's per-code runs are told apart by the code, so it is always kept there.
        code: (def.snapshot.iter().any(|s| s == "medical-code") || table.is_some())
            .then(|| code.clone()),
    })
}

/// A value to type, prepared from the clinic, its profile or the answers, already checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreparedField {
    pub label: String,
    pub from: String,
    /// In portal format, ready to copy (`None` when missing or wrong).
    pub value: Option<String>,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
    pub note: Option<String>,
}

/// One step of the on-screen guide for a clinic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideStep<'p> {
    #[serde(flatten)]
    pub step: &'p Step,
    pub prepared: Vec<PreparedField>,
    /// The dangerous choices that apply with these answers.
    pub guards: Vec<&'p crate::procedure::Danger>,
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
    let answers = case
        .instance(&p.id)
        .map_or_else(|| p.with_defaults(&BTreeMap::new()), |i| i.answers.clone());
    let runs = code_runs(p, &answers, case);
    let run = match target.code {
        Some(_) => choose_run(&runs, target.code, &p.title)?,
        None => &runs[0],
    };
    // The code fields and their check use the chosen code's 点数表.
    let own = CodeRun::new(
        case.clinic.full_code.clone(),
        ScoreTable::from_code(&case.clinic.tensu),
    );
    let code = if p.per_code { run } else { &own };
    let base = Context {
        score_table: code.table,
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
            prepared: s.fields.iter().map(|f| filling.prepare(f)).collect(),
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
            Source::Prefecture => Some(clinic.pref_code.clone()),
            Source::ScoreTable => self.code.table.map(ScoreTable::code),
            Source::MedicalCode => Some(self.code.digits.clone()),
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
        let (value, errors, warnings) = match self.raw(source) {
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
        PreparedField {
            label: f.label.clone(),
            from: f.from.clone(),
            value,
            errors,
            warnings,
            note: f.note.clone(),
        }
    }
}

/// One clinic's row on the dashboard (ダッシュボード): what needs attention, most urgent first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overview {
    pub clinic_id: String,
    /// 0 問題あり, 1 予定日超過, 2 待機中, 3 進行中, 4 nothing under way: sort by it.
    pub rank: u8,
    pub problem: usize,
    pub overdue: usize,
    pub waiting: usize,
    pub in_progress: usize,
    pub done: usize,
    /// The earliest due date of a wait.
    #[serde(serialize_with = "ser_opt_date")]
    pub next_due: Option<Date>,
    /// The earliest deadline (承継 grace, certificate expiry, …) and its id.
    #[serde(serialize_with = "ser_opt_date")]
    pub next_deadline: Option<Date>,
    pub next_deadline_id: Option<String>,
    /// One line for the list, e.g. 「問題あり：電子証明書 発行申請」.
    pub headline: String,
}

/// The dashboard row of a derived checklist.
pub fn overview(status: &ClinicStatus<'_>) -> Overview {
    let titles = |keep: &dyn Fn(&ProcedureStatus<'_>) -> bool| {
        status
            .procedures
            .iter()
            .filter(|p| keep(p))
            .map(|p| p.title)
            .collect::<Vec<_>>()
            .join("、")
    };
    let count = |s: Status| status.procedures.iter().filter(|p| p.status == s).count();
    let (problem, waiting, in_progress, done) = (
        count(Status::Problem),
        count(Status::Waiting),
        count(Status::InProgress),
        count(Status::Done),
    );
    let overdue = status.procedures.iter().filter(|p| p.overdue).count();
    let next_due = status.procedures.iter().filter_map(|p| p.due).min();
    let deadline = status.deadlines.iter().min_by_key(|d| d.date);
    let (rank, headline) = if problem > 0 {
        (
            0,
            format!("問題あり：{}", titles(&|p| p.status == Status::Problem)),
        )
    } else if overdue > 0 {
        (
            1,
            format!("予定日を過ぎています：{}", titles(&|p| p.overdue)),
        )
    } else if waiting > 0 {
        let when = next_due.map_or(String::new(), |d| format!("（次の予定 {}）", md(d)));
        (2, format!("待機中 {waiting}件{when}"))
    } else if in_progress > 0 {
        (3, format!("進行中 {in_progress}件"))
    } else {
        (4, "進行中の手続きはありません".to_string())
    };
    Overview {
        clinic_id: status.clinic_id.clone(),
        rank,
        problem,
        overdue,
        waiting,
        in_progress,
        done,
        next_due,
        next_deadline: deadline.map(|d| d.date),
        next_deadline_id: deadline.map(|d| d.id.clone()),
        headline,
    }
}

/// The checklists of many clinics (the dashboard), derived on `workers` threads. The caller
/// chooses the number (e.g. the machine's cores): the core does not look at the machine.
pub fn status_many<'a>(
    env: &Env<'a>,
    cases: &[Case],
    workers: usize,
) -> Result<Vec<ClinicStatus<'a>>> {
    let workers = workers.clamp(1, 16);
    let chunk = cases.len().div_ceil(workers).max(1);
    let parts: Vec<Result<Vec<ClinicStatus<'a>>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|c| status(env, c)).collect()))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Error::Content {
                        detail: "a checklist worker panicked".into(),
                    })
                })
            })
            .collect()
    });
    let mut all = Vec::with_capacity(cases.len());
    for part in parts {
        all.extend(part?);
    }
    Ok(all)
}
