//! 端末と電子証明書 (terminals): the clinic's terminals and, per terminal (and per code for a
//! 医科歯科併設 clinic), where its certificate stands — applied, 通知書 arrived, installed — and
//! when it expires.

use jiff::civil::Date;
use serde::Serialize;
use ts_rs::TS;

use super::runs::terminals_of;
use super::{Env, Status, answers_of, status};
use crate::Result;
use crate::calendar::ser_opt_date;
use crate::case::Case;
use crate::content_ids;

/// One terminal's certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TerminalCertificate {
    pub terminal: String,
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
}

/// Every terminal of the clinic's certificate procedure, in the order the answers name them.
pub fn terminals(env: &Env<'_>, case: &Case) -> Result<Vec<TerminalCertificate>> {
    let p = env.catalog.procedure(content_ids::CERTIFICATE)?;
    let checklist = status(env, case)?;
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
    let expiry = |terminal: &str, code: Option<&str>| {
        checklist
            .deadlines
            .iter()
            .find(|d| {
                d.id == super::deadlines::CERTIFICATE_EXPIRY
                    && d.terminal.as_deref().is_none_or(|t| t == terminal)
                    && (code.is_none() || d.code.as_deref() == code)
            })
            .map(|d| d.date)
    };
    let runs: Vec<(String, Option<String>, Option<&'static str>, Status)> = match line {
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
    Ok(runs
        .into_iter()
        .map(
            |(terminal, code, score_table, status)| TerminalCertificate {
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
                expires_on: expiry(&terminal, code.as_deref()),
                status_label: status.label(),
                status,
                terminal,
                code,
                score_table,
            },
        )
        .collect())
}
