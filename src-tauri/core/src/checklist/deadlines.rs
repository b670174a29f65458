//! 期限 (deadlines): the 承継 grace period (and the last safe day to apply for the new
//! certificate), each certificate's expiry per terminal (and per code), and the day the
//! お客さまID change must be applied by.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::{Deadline, Env};
use crate::Result;
use crate::calendar::parse_date;
use crate::case::Case;
use crate::content_ids::{self as ids, rule};
use crate::timeline::{Estimate, Grace};

/// The 承継 grace period, once the 承継届出 was sent.
/// The deadline id of a certificate's expiry (one per terminal, and per code).
pub const CERTIFICATE_EXPIRY: &str = "certificate-expiry";

pub(crate) fn shokei_grace(env: &Env<'_>, case: &Case) -> Result<Option<Grace>> {
    let Some(instance) = case.instance(ids::SHOKEI) else {
        return Ok(None);
    };
    // A clinic that never applied for オン資 has no old certificate to run out.
    if instance
        .answers
        .get(ids::SHOKEI_OQS_APPLIED)
        .map(String::as_str)
        == Some("no")
    {
        return Ok(None);
    }
    let Some(submitted) = case
        .events
        .iter()
        .rev()
        .find(|e| e.procedure_id == ids::SHOKEI && e.event_id == ids::SHOKEI_SUBMITTED)
    else {
        return Ok(None);
    };
    let old_expiry = match instance.answers.get(ids::OLD_CERTIFICATE_ISSUED) {
        Some(d) if !d.is_empty() => {
            let issued = parse_date(d)?;
            Some(
                env.rules
                    .estimate(env.calendar, rule::CERTIFICATE_VALIDITY, issued, "発行")?
                    .date,
            )
        }
        _ => None,
    };
    // The old institution is abolished the day before the new one opens (承継先の開設年月日).
    let abolished = match instance.answers.get(ids::OPENING_DATE) {
        Some(d) if !d.is_empty() => parse_date(d)?.yesterday().ok(),
        _ => None,
    };
    Ok(Some(env.rules.shokei_grace(
        env.calendar,
        submitted.date,
        abolished,
        old_expiry,
    )?))
}

fn deadline(id: &str, est: &Estimate) -> Deadline {
    Deadline {
        id: id.into(),
        date: est.date,
        explanation: est.explanation.clone(),
        terminal: None,
        code: None,
        provisional: est.provisional,
    }
}

/// Deadlines: `shokei-grace` (and the last safe day to apply), `certificate-expiry` per
/// terminal, `customer-id-change-apply-by`; earliest first.
pub(crate) fn deadlines(
    env: &Env<'_>,
    case: &Case,
    grace: Option<&Grace>,
) -> Result<Vec<Deadline>> {
    let mut out = Vec::new();
    if let Some(grace) = grace {
        out.push(deadline("shokei-grace", &grace.deadline));
        out.push(deadline(
            "shokei-grace-apply-by",
            &grace.latest_safe_application,
        ));
    }
    out.extend(certificate_expiries(env, case)?);
    if let Some(instance) = case.instance(ids::CUSTOMER_ID_CHANGE)
        && let Some(cancel) = instance
            .answers
            .get(ids::OLD_LINE_CANCEL_DATE)
            .filter(|d| !d.is_empty())
    {
        let est = env.rules.latest_start(
            env.calendar,
            rule::CUSTOMER_ID_CHANGE,
            parse_date(cancel)?,
            "旧回線の解約",
        )?;
        out.push(deadline("customer-id-change-apply-by", &est));
    }
    out.sort_by_key(|d| d.date);
    Ok(out)
}

/// The 発行日 of each terminal's newest installed certificate, by (terminal, code — the
/// latter only for a 医科歯科併設 clinic). The application date is taken as the 発行日 (the
/// earliest it can be), so an expiry computed from it is never later than the real one.
pub(crate) fn certificate_issues(case: &Case) -> BTreeMap<(Option<String>, Option<String>), Date> {
    let dual = !case.profile.paired_code.is_empty();
    let mut latest = BTreeMap::new();
    for installed in case
        .events
        .iter()
        .filter(|e| e.event_id == ids::CERTIFICATE_INSTALLED)
    {
        let applied = case
            .events
            .iter()
            .rev()
            .filter(|e| e.seq < installed.seq && e.procedure_id == installed.procedure_id)
            .find(|e| {
                e.event_id == ids::CERTIFICATE_SUBMITTED
                    && e.terminal == installed.terminal
                    && (!dual || e.code == installed.code)
            })
            .map_or(installed.date, |e| e.date);
        let code = installed
            .code
            .as_ref()
            .filter(|_| dual)
            .map(|c| c.digits().to_string());
        latest.insert((installed.terminal.clone(), code), applied);
    }
    latest
}

/// Each installed certificate's expiry (see [`certificate_issues`]). A retired terminal
/// (端末台帳) needs no certificate, so its expiry is no deadline.
fn certificate_expiries(env: &Env<'_>, case: &Case) -> Result<Vec<Deadline>> {
    let register = crate::terminal_register::Register::replay_of(case);
    let latest = certificate_issues(case);
    let mut out = Vec::new();
    for ((terminal, code), issued) in latest {
        if terminal.as_deref().is_some_and(|t| register.is_retired(t)) {
            continue;
        }
        let est = env.rules.estimate(
            env.calendar,
            rule::CERTIFICATE_VALIDITY,
            issued,
            "申請（発行日の目安）",
        )?;
        out.push(Deadline {
            id: CERTIFICATE_EXPIRY.into(),
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
    Ok(out)
}
