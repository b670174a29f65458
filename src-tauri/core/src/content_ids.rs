//! 手順書のID (content ids): the ids in `manuals/` that the engine itself relies on, declared
//! once. Most rules live in the content, but a few need code (the 承継 grace period, certificate
//! expiry per terminal, the お客さまID deadline); they find their procedure, event, answer or
//! timeline rule by these ids. [`problems`] checks every one of them when content loads, so a
//! renamed key in a TOML file is a load error, not a deadline that silently disappears.

use crate::procedure::Catalog;
use crate::timeline::Rules;

/// 承継 (the procedure whose grace period the engine computes).
pub const SHOKEI: &str = "shokei";
/// 承継届出を送信した: the day the 120-day grace period is counted from.
pub const SHOKEI_SUBMITTED: &str = "shokei-submitted";
/// The 承継's answer: when the old code's certificate was issued (its expiry caps the grace).
pub const OLD_CERTIFICATE_ISSUED: &str = "old-certificate-issued";
/// The 承継's answer: 承継先の開設年月日 (the old institution is abolished the day before, and
/// the grace period may count from that day).
pub const OPENING_DATE: &str = "opening-date";
/// The 承継's answers the 承継理由 check reads: the text for E (その他), 承継先の開設者名, and
/// whether the 承継先 is a 法人.
pub const SHOKEI_REASON_OTHER: &str = "reason-other";
pub const SHOKEI_OWNER: &str = "owner-name";
pub const SHOKEI_OWNER_CORPORATE: &str = "owner-corporate";
/// The 承継's answer: did the old code apply for オン資 (`yes`/`no`)? Without it there is no
/// old certificate, so no grace period.
pub const SHOKEI_OQS_APPLIED: &str = "oqs-applied";
/// The 承継's answer: 承継先の医療機関等名称 (the clinic's name after the code switch).
pub const SHOKEI_NEW_NAME: &str = "new-name";
/// The answer listing a per-terminal procedure's 端末名称.
pub const TERMINALS: &str = "terminals";
/// 電子証明書 発行申請: the per-terminal certificates, which a 承継 renews under the new code.
pub const CERTIFICATE: &str = "certificate";
/// 電子証明書の発行を申請した (taken as the issue date, the earliest it can be).
pub const CERTIFICATE_SUBMITTED: &str = "certificate-submitted";
/// 電子証明書発行通知書が届いた (the terminal list shows the day).
pub const CERTIFICATE_NOTICE_ARRIVED: &str = "certificate-notice-arrived";
/// 電子証明書を導入した: a certificate whose expiry the deadlines list.
pub const CERTIFICATE_INSTALLED: &str = "certificate-installed";
/// お客さまID の変更.
pub const CUSTOMER_ID_CHANGE: &str = "customer-id-change";
/// Its answer: the day the old line is cancelled (the change must be applied before).
pub const OLD_LINE_CANCEL_DATE: &str = "old-line-cancel-date";
/// The snapshot an event takes of the code it was recorded for.
pub const SNAPSHOT_MEDICAL_CODE: &str = "medical-code";

/// Timeline rules the engine and the validators compute with.
pub mod rule {
    pub const CERTIFICATE_VALIDITY: &str = "certificate-validity";
    pub const CERTIFICATE_RENEWAL: &str = "certificate-renewal-reminder";
    pub const CUSTOMER_ID_CHANGE: &str = "customer-id-change";
    pub const SHOKEI_GRACE: &str = "shokei-grace";
    pub const ONLINE_CLAIM_FIRST_MONTH: &str = "online-claim-first-month";
}

/// Where an id must exist.
enum Need {
    Procedure(&'static str),
    Event(&'static str),
    /// An answer of a procedure.
    Answer(&'static str, &'static str),
    /// An answer every per-terminal procedure must ask.
    PerTerminalAnswer(&'static str),
    /// An event that completes a step of this procedure.
    StepOf(&'static str, &'static str),
    /// An event that completes a step of some per-terminal procedure (a certificate's).
    PerTerminalStep(&'static str),
    Rule(&'static str),
}

const NEEDS: &[Need] = &[
    Need::Procedure(SHOKEI),
    Need::Event(SHOKEI_SUBMITTED),
    Need::StepOf(SHOKEI, SHOKEI_SUBMITTED),
    Need::Answer(SHOKEI, OLD_CERTIFICATE_ISSUED),
    Need::Answer(SHOKEI, OPENING_DATE),
    Need::Answer(SHOKEI, SHOKEI_OQS_APPLIED),
    Need::Answer(SHOKEI, SHOKEI_NEW_NAME),
    Need::Answer(SHOKEI, SHOKEI_REASON_OTHER),
    Need::Answer(SHOKEI, SHOKEI_OWNER),
    Need::Answer(SHOKEI, SHOKEI_OWNER_CORPORATE),
    Need::PerTerminalAnswer(TERMINALS),
    Need::Procedure(CERTIFICATE),
    Need::StepOf(CERTIFICATE, CERTIFICATE_NOTICE_ARRIVED),
    Need::Event(CERTIFICATE_SUBMITTED),
    Need::Event(CERTIFICATE_INSTALLED),
    Need::PerTerminalStep(CERTIFICATE_SUBMITTED),
    Need::PerTerminalStep(CERTIFICATE_INSTALLED),
    Need::Procedure(CUSTOMER_ID_CHANGE),
    Need::Answer(CUSTOMER_ID_CHANGE, OLD_LINE_CANCEL_DATE),
    Need::Rule(rule::CERTIFICATE_VALIDITY),
    Need::Rule(rule::CERTIFICATE_RENEWAL),
    Need::Rule(rule::CUSTOMER_ID_CHANGE),
    Need::Rule(rule::SHOKEI_GRACE),
    Need::Rule(rule::ONLINE_CLAIM_FIRST_MONTH),
];

/// Every id of [`NEEDS`] the content lacks, as a problem line (empty when all are there).
pub(crate) fn problems(catalog: &Catalog, rules: &Rules) -> Vec<String> {
    let procedure = |id: &str| catalog.procedures.iter().find(|p| p.id == id);
    let asks = |p: &crate::procedure::Procedure, key: &str| p.answers.iter().any(|a| a.key == key);
    let completes = |p: &crate::procedure::Procedure, event: &str| {
        p.steps.iter().any(|s| s.completing_event() == Some(event))
    };
    let mut out = Vec::new();
    for need in NEEDS {
        match *need {
            Need::Procedure(id) if procedure(id).is_none() => {
                out.push(format!("the engine needs procedure {id}"));
            }
            Need::Event(id) if catalog.event(id).is_err() => {
                out.push(format!("the engine needs event {id}"));
            }
            Need::Answer(p, key) if procedure(p).is_some_and(|p| !asks(p, key)) => {
                out.push(format!("the engine needs answer {key} of procedure {p}"));
            }
            Need::PerTerminalAnswer(key) => {
                for p in catalog.procedures.iter().filter(|p| p.per_terminal) {
                    if !asks(p, key) {
                        out.push(format!(
                            "procedure {}: per_terminal needs the answer {key}",
                            p.id
                        ));
                    }
                }
            }
            Need::StepOf(p, event) if procedure(p).is_some_and(|p| !completes(p, event)) => {
                out.push(format!(
                    "the engine needs a step of procedure {p} done by {event}"
                ));
            }
            Need::PerTerminalStep(event)
                if !catalog
                    .procedures
                    .iter()
                    .any(|p| p.per_terminal && completes(p, event)) =>
            {
                out.push(format!(
                    "the engine needs a per-terminal procedure with a step done by {event}"
                ));
            }
            Need::Rule(id) if rules.get(id).is_err() => {
                out.push(format!("the engine needs timeline rule {id}"));
            }
            _ => {}
        }
    }
    out
}
