//! 端末と電子証明書 (terminals): the clinic's terminals (its register, 端末台帳) and, per
//! terminal (and per code for a 医科歯科併設 clinic), where its certificate stands — applied,
//! 通知書 arrived, installed — when it expires and when to start renewing it; and across
//! clinics, every certificate expiring soon (「証明書の期限」).

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use ts_rs::TS;

use super::runs::terminals_of;
use super::{ClinicStatus, Env, Status, answers_of, status};
use crate::Result;
use crate::calendar::ser_opt_date;
use crate::case::Case;
use crate::content_ids::{self, rule};
use crate::terminal_register::{Register, RegisteredTerminal, TerminalChange};

/// One terminal's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TerminalCertificate {
    pub terminal: String,
    /// Its earlier names (renamed in the register), oldest first.
    pub former_names: Vec<String>,
    /// The day it was added to the register (`None`: a procedure's answers named it).
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub added_on: Option<Date>,
    /// 医科歯科併設 only: the 7-digit code and its 点数表.
    pub code: Option<String>,
    pub score_table: Option<&'static str>,
    pub status: Status,
    pub status_label: &'static str,
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub applied_on: Option<Date>,
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub notice_arrived_on: Option<Date>,
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub installed_on: Option<Date>,
    /// The expiry of the installed certificate (3年3か月 from its 発行日).
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub expires_on: Option<Date>,
    /// The day to start renewing it (更新の準備: 3か月前, an UNCERTAIN rule of thumb), and how
    /// it was computed.
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub renewal_from: Option<Date>,
    pub renewal_explanation: Option<String>,
    /// The day to start renewing has come (today is on or after `renewal_from`).
    pub renewal_due: bool,
    /// In the register (端末台帳), so it can be renamed or retired; a name the certificate
    /// procedure only suggests (before it starts) cannot.
    pub changeable: bool,
}

/// The terminal screen: the terminals in use with their certificates, the retired ones, and
/// every change of the register, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TerminalsView {
    pub terminals: Vec<TerminalCertificate>,
    /// How the expiry and the renewal day are counted, from the content's rules.
    pub note: String,
    pub retired: Vec<RegisteredTerminal>,
    pub changes: Vec<ChangeLine>,
}

/// One change of the register as the screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChangeLine {
    pub change: TerminalChange,
    /// The change in a sentence (「端末の名前を「受付PC」から「受付1」に変更」).
    pub what: String,
    /// 受付 or 技術者.
    pub role_label: &'static str,
}

impl From<TerminalChange> for ChangeLine {
    fn from(change: TerminalChange) -> Self {
        ChangeLine {
            what: change.sentence(),
            role_label: super::history::role_label(change.role),
            change,
        }
    }
}

/// Every terminal of the clinic in use, in register order, with its certificate: those the
/// register knows (named by the answers or added), then any the certificate procedure
/// suggests on its own (before the clinic names its terminals).
pub fn terminals(env: &Env<'_>, case: &Case) -> Result<Vec<TerminalCertificate>> {
    let checklist = status(env, case)?;
    certificates(env, case, &checklist)
}

/// [`terminals`], the retired ones and the register's changes.
pub fn terminals_view(env: &Env<'_>, case: &Case) -> Result<TerminalsView> {
    let register = Register::of(case);
    let validity = env.rules.months_of(rule::CERTIFICATE_VALIDITY)?;
    let renewal = env.rules.months_of(rule::CERTIFICATE_RENEWAL)?;
    Ok(TerminalsView {
        note: format!(
            "有効期限は発行日から{}です（ここでは申請日を発行日として早めに計算しています。正確な日は通知書で確かめてください）。「更新の準備」は有効期限の{}前の目安です。",
            crate::timeline::months_label(validity),
            crate::timeline::months_label(validity.saturating_sub(renewal)),
        ),
        terminals: terminals(env, case)?,
        retired: register
            .terminals
            .iter()
            .filter(|t| t.retired_on.is_some())
            .cloned()
            .collect(),
        changes: case
            .terminal_changes
            .iter()
            .rev()
            .cloned()
            .map(ChangeLine::from)
            .collect(),
    })
}

/// A run of the certificate procedure: terminal, code, 点数表, status.
type Run = (String, Option<String>, Option<&'static str>, Status);

fn certificates(
    env: &Env<'_>,
    case: &Case,
    checklist: &ClinicStatus<'_>,
) -> Result<Vec<TerminalCertificate>> {
    let p = env.catalog.procedure(content_ids::CERTIFICATE)?;
    let line = checklist.procedures.iter().find(|l| l.id == p.id);
    let latest = |event: &str, terminal: &str, code: Option<&str>| {
        case.events
            .iter()
            .rev()
            .find(|e| {
                e.procedure_id == p.id
                    && e.event_id == event
                    && e.terminal.as_deref().is_none_or(|t| t == terminal)
                    && code.is_none_or(|c| e.code.as_ref().is_some_and(|ec| ec.digits() == c))
            })
            .map(|e| e.date)
    };
    let issues = super::deadlines::certificate_issues(case);
    let issued = |terminal: &str, code: Option<&str>| {
        issues
            .iter()
            .find(|((t, c), _)| {
                t.as_deref().is_none_or(|t| t == terminal)
                    && (code.is_none() || c.as_deref() == code)
            })
            .map(|(_, d)| *d)
    };
    let runs: Vec<Run> = match line {
        Some(l) if !l.terminals.is_empty() => l
            .terminals
            .iter()
            .map(|t| {
                (
                    t.terminal.clone(),
                    t.code.clone(),
                    t.score_table,
                    t.track.status,
                )
            })
            .collect(),
        Some(l) => terminals_of(p, &answers_of(env, case, p))
            .into_iter()
            .map(|t| (t, None, None, l.status))
            .collect(),
        None => Vec::new(),
    };
    // The register's order; a terminal the certificate procedure has not taken up yet is 未着手.
    let register = Register::of(case);
    let mut ordered: Vec<(Option<&RegisteredTerminal>, Run)> = Vec::new();
    for t in register.active() {
        let mine: Vec<&Run> = runs.iter().filter(|r| r.0 == t.name).collect();
        if mine.is_empty() {
            ordered.push((Some(t), (t.name.clone(), None, None, Status::NotStarted)));
        }
        ordered.extend(mine.into_iter().map(|r| (Some(t), r.clone())));
    }
    for r in &runs {
        if !register.active().any(|t| t.name == r.0) && !register.is_retired(&r.0) {
            ordered.push((None, r.clone()));
        }
    }
    ordered
        .into_iter()
        .map(|(registered, (terminal, code, score_table, status))| {
            let issued_on = issued(&terminal, code.as_deref());
            let validity = issued_on
                .map(|d| {
                    env.rules
                        .estimate(env.calendar, rule::CERTIFICATE_VALIDITY, d, "発行")
                })
                .transpose()?;
            let renewal = issued_on
                .map(|d| {
                    env.rules
                        .estimate(env.calendar, rule::CERTIFICATE_RENEWAL, d, "発行")
                })
                .transpose()?;
            Ok(TerminalCertificate {
                changeable: registered.is_some(),
                former_names: registered
                    .map(|t| t.former_names.clone())
                    .unwrap_or_default(),
                added_on: registered.and_then(|t| t.added_on),
                applied_on: latest(
                    content_ids::CERTIFICATE_SUBMITTED,
                    &terminal,
                    code.as_deref(),
                ),
                notice_arrived_on: latest(
                    content_ids::CERTIFICATE_NOTICE_ARRIVED,
                    &terminal,
                    code.as_deref(),
                ),
                installed_on: latest(
                    content_ids::CERTIFICATE_INSTALLED,
                    &terminal,
                    code.as_deref(),
                ),
                expires_on: validity.map(|e| e.date),
                renewal_from: renewal.as_ref().map(|e| e.date),
                renewal_due: renewal.as_ref().is_some_and(|e| e.date <= env.today),
                renewal_explanation: renewal.map(|e| e.explanation),
                status_label: status.label(),
                status,
                terminal,
                code,
                score_table,
            })
        })
        .collect()
}

/// One certificate of the 「証明書の期限」 view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ExpiringCertificate {
    pub clinic_id: String,
    pub name: String,
    pub prefecture: &'static str,
    pub medical_code: String,
    pub terminal: String,
    pub code: Option<String>,
    pub score_table: Option<&'static str>,
    #[serde(serialize_with = "crate::calendar::ser_date")]
    #[ts(type = "string")]
    pub expires_on: Date,
    #[serde(serialize_with = "ser_opt_date")]
    #[ts(type = "string | null")]
    pub renewal_from: Option<Date>,
    /// Already past its expiry on `today`.
    pub expired: bool,
}

/// Every installed certificate (of a terminal in use) that expires within `months` months
/// of today — or has already expired — soonest first, across the given clinics.
pub fn expiring_certificates(
    env: &Env<'_>,
    cases: &[Case],
    statuses: &[ClinicStatus<'_>],
    months: u8,
) -> Result<Vec<ExpiringCertificate>> {
    let until = env.today.saturating_add(i64::from(months).months());
    let mut out = Vec::new();
    for (case, status) in cases.iter().zip(statuses) {
        // Most clinics have nothing expiring: skip them before deriving their certificates.
        let any = status
            .deadlines
            .iter()
            .any(|d| d.id == super::deadlines::CERTIFICATE_EXPIRY && d.date <= until);
        if !any {
            continue;
        }
        for c in certificates(env, case, status)? {
            let Some(expires_on) = c.expires_on.filter(|d| *d <= until) else {
                continue;
            };
            out.push(ExpiringCertificate {
                clinic_id: case.clinic.id.to_string(),
                name: case.clinic.name.clone(),
                prefecture: case.clinic.prefecture.name(),
                medical_code: case.clinic.medical_code.to_string(),
                terminal: c.terminal,
                code: c.code,
                score_table: c.score_table,
                expires_on,
                renewal_from: c.renewal_from,
                expired: expires_on < env.today,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.expires_on, &a.name, &a.terminal).cmp(&(b.expires_on, &b.name, &b.terminal))
    });
    Ok(out)
}
