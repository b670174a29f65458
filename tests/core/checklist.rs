//! The checklist engine on a real SQLite store: statuses, waits and due dates, order checks,
//! branches, relock when the code changes, per-terminal certificates, deadlines, content updates.

use jiff::civil::{Date, date};
use onshi_core::calendar::Calendar;
use onshi_core::checklist::{
    self, Case, ClinicStatus, Env, Instance, ProcedureStatus, Role, Status,
};
use onshi_core::procedure::Catalog;
use onshi_core::store::Recorded;
use onshi_core::timeline::Rules;
use onshi_core::{ClinicId, ErrorKind, NewClinicForm, Store};

use crate::support::{form, now};

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    id: ClinicId,
    rules: Rules,
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let (clinic, _) = form().validate().unwrap();
    let id = store.add_clinic(&clinic, now()).unwrap().id;
    World {
        _dir: dir,
        store,
        id,
        rules: Rules::embedded().unwrap(),
    }
}

impl World {
    fn env(&self, today: Date) -> Env<'_> {
        Env {
            catalog: Catalog::embedded().unwrap(),
            rules: &self.rules,
            calendar: Calendar::embedded(),
            today,
        }
    }

    fn start(&mut self, procedure: &str, answers: &[(&str, &str)]) -> onshi_core::Result<Instance> {
        let pairs: Vec<(String, String)> = answers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let rules = Rules::embedded().unwrap();
        let env = Env {
            catalog: Catalog::embedded().unwrap(),
            rules: &rules,
            calendar: Calendar::embedded(),
            today: date(2026, 11, 23),
        };
        self.store
            .start_procedure(&self.id, Role::Technician, now(), env.today, |case| {
                checklist::plan_start(&env, case, procedure, &pairs)
            })
    }

    /// The clinic's 医療機関コード becomes `code` (after a 承継), as `clinic update --code` does.
    fn change_code(&mut self, code: &str) {
        let (changed, _) = NewClinicForm {
            medical_code: code.into(),
            ..form()
        }
        .validate()
        .unwrap();
        self.store
            .update_clinic_with(&self.id, now(), |_| Ok(changed.clone()))
            .unwrap();
    }

    fn event_on(
        &mut self,
        event: &str,
        on: Date,
        terminal: Option<&str>,
    ) -> onshi_core::Result<Recorded> {
        self.event_for(
            event,
            on,
            &checklist::Target {
                terminal,
                ..Default::default()
            },
        )
    }

    fn event_for(
        &mut self,
        event: &str,
        on: Date,
        target: &checklist::Target<'_>,
    ) -> onshi_core::Result<Recorded> {
        let rules = Rules::embedded().unwrap();
        let env = Env {
            catalog: Catalog::embedded().unwrap(),
            rules: &rules,
            calendar: Calendar::embedded(),
            today: on,
        };
        let record = |store: &mut Store, id: &ClinicId| {
            store.record_event(id, Role::Receptionist, now(), event, on, |case| {
                checklist::plan_event(&env, case, event, on, target)
            })
        };
        // These tests are about order, dates and statuses: a step's answers and confirmations
        // (the wizard's gates, tested in wizard.rs) are given as the user would when asked.
        for _ in 0..3 {
            match record(&mut self.store, &self.id) {
                Err(e) if e.kind() == ErrorKind::AnswersRequired => {
                    let data = e.data();
                    let answers: Vec<(&str, &str)> = data
                        .answers
                        .iter()
                        .map(|a| (a.key.as_str(), sample_answer(&a.key)))
                        .collect();
                    let procedure = data.answers[0].procedure_id.clone();
                    self.start(&procedure, &answers).unwrap();
                }
                Err(e) if e.kind() == ErrorKind::ConfirmationRequired => {
                    for d in e.data().confirmations {
                        self.confirm(&d.procedure_id, &d.danger_id, target.terminal);
                    }
                }
                other => return other,
            }
        }
        record(&mut self.store, &self.id)
    }

    fn confirm(&mut self, procedure: &str, danger: &str, terminal: Option<&str>) {
        let rules = Rules::embedded().unwrap();
        let env = Env {
            catalog: Catalog::embedded().unwrap(),
            rules: &rules,
            calendar: Calendar::embedded(),
            today: date(2026, 11, 23),
        };
        onshi_core::Repository::confirm(&mut self.store, &self.id, now(), &|case| {
            checklist::plan_confirm(
                &env,
                case,
                procedure,
                danger,
                terminal,
                Role::Receptionist,
                now(),
            )
        })
        .unwrap();
    }

    fn event(&mut self, event: &str, on: Date) -> onshi_core::Result<Recorded> {
        self.event_on(event, on, None)
    }

    fn case(&self) -> Case {
        self.store.case(&self.id).unwrap()
    }

    fn status(&self, today: Date) -> ClinicStatus<'_> {
        checklist::status(&self.env(today), &self.case()).unwrap()
    }

    fn procedure(&self, id: &str, today: Date) -> ProcedureStatus<'_> {
        self.status(today)
            .procedures
            .into_iter()
            .find(|p| p.id == id)
            .unwrap()
    }
}

/// A valid answer for a question a step types (what a user would enter when asked).
fn sample_answer(key: &str) -> &'static str {
    match key {
        "customer-id" => "CAF1234567890",
        "planned-month" => "2027-01",
        "opening-date" => "2026-11-01",
        "owner-name" => "医療法人テスト会",
        "new-code" => "0712370",
        "claim-start" => "2027-04",
        "new-customer-id" => "COP1234567890",
        other => panic!("no sample answer for {other}"),
    }
}

#[test]
fn a_new_clinic_has_every_procedure_not_started_or_blocked_with_the_reason() {
    let w = world();
    let st = w.status(date(2026, 11, 23));
    assert_eq!(st.clinic_id, w.id.to_string());
    assert_eq!(st.procedures.len(), 8);
    assert!(st.deadlines.is_empty());
    let cert = st
        .procedures
        .iter()
        .find(|p| p.id == "certificate")
        .unwrap();
    assert_eq!(cert.status, Status::Blocked);
    assert!(
        cert.reason
            .as_deref()
            .unwrap()
            .contains("オンライン資格確認の利用開始・変更申請を送信した"),
        "{cert:?}"
    );
    let oqs = st.procedures.iter().find(|p| p.id == "oqs").unwrap();
    assert_eq!(oqs.status, Status::NotStarted);
    assert_eq!(
        oqs.next_action.as_deref(),
        Some("「オンライン資格確認 利用開始・変更申請」を始める")
    );
}

#[test]
fn oqs_sent_and_confirmed_are_different_facts() {
    let mut w = world();
    w.start(
        "oqs",
        &[
            ("customer-id", "caf1234567890"),
            ("planned-month", "2027-02"),
        ],
    )
    .unwrap();
    let p = w.procedure("oqs", date(2026, 11, 23));
    assert_eq!(p.status, Status::InProgress);
    assert_eq!(p.step, Some("open-menu"));

    w.event("oqs-submitted", date(2026, 11, 24)).unwrap();
    let p = w.procedure("oqs", date(2026, 11, 25));
    assert_eq!(
        p.status,
        Status::Waiting,
        "sent is not done until the portal confirms"
    );
    assert!(p.waiting_for.unwrap().contains("マスタアカウント"));
    assert_eq!(p.due, None, "no published ETA, so no invented due date");
    // The certificate only needs the application to be sent.
    assert_eq!(
        w.procedure("certificate", date(2026, 11, 25)).status,
        Status::NotStarted
    );

    w.event("oqs-confirmed", date(2026, 11, 27)).unwrap();
    assert_eq!(w.procedure("oqs", date(2026, 11, 27)).status, Status::Done);
}

#[test]
fn answers_are_checked_in_portal_format_and_bad_ones_name_the_fix() {
    let mut w = world();
    let ok = w
        .start("oqs", &[("customer-id", "ＣＡＦ１２３４５６７８９０")])
        .unwrap();
    assert_eq!(ok.answers["customer-id"], "CAF1234567890");
    assert_eq!(ok.answers["line"], "ntt", "defaults are filled in");

    let err = w
        .start("oqs", &[("line", "isdn"), ("colour", "red")])
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let messages: Vec<String> = err
        .report()
        .unwrap()
        .errors()
        .map(|e| e.message.clone())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("「isdn」は選べません")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("「colour」はこの手続きの質問にありません")),
        "{messages:?}"
    );
    // Nothing of the failed change was stored.
    assert_eq!(w.case().instance("oqs").unwrap().answers["line"], "ntt");
}

#[test]
fn the_certificate_waits_for_the_letter_in_business_days_then_escalates() {
    let mut w = world();
    let blocked = w.start("certificate", &[]).unwrap_err();
    assert_eq!(blocked.kind(), ErrorKind::Blocked);
    assert!(
        blocked.to_string().contains("オンライン資格確認"),
        "{blocked}"
    );

    w.event("oqs-submitted", date(2026, 12, 1)).unwrap();
    // Recording the first step starts the procedure by itself.
    let r = w
        .event("certificate-submitted", date(2026, 12, 25))
        .unwrap();
    assert!(r.started);
    assert_eq!(r.procedure_id, "certificate");
    assert_eq!(r.terminal.as_deref(), Some("オンライン資格確認パソコン"));

    // 12/25 + 5 business days skipping 12/26-27 (weekend) and 12/29–1/3 (年末年始) → 1/7.
    let p = w.procedure("certificate", date(2026, 12, 28));
    assert_eq!(p.status, Status::Waiting);
    assert_eq!(p.due, Some(date(2027, 1, 7)));
    assert!(!p.overdue);
    assert!(p.reason.unwrap().contains("年末年始"));

    let late = w.procedure("certificate", date(2027, 1, 8));
    assert!(late.overdue);
    assert_eq!(late.status, Status::Waiting);
    assert!(late.next_action.unwrap().contains("予定日を過ぎています"));

    // More than three business days after the due date (1/8, 1/12 — 1/11 is 成人の日 — and 1/13)
    // it is a problem, with the call centre's number.
    assert_eq!(
        w.procedure("certificate", date(2027, 1, 13)).status,
        Status::Waiting
    );
    let problem = w.procedure("certificate", date(2027, 1, 14));
    assert_eq!(problem.status, Status::Problem);
    let action = problem.next_action.unwrap();
    assert!(action.contains("0800-0804583"));
    // The number of days before calling is ours, and says so.
    assert!(
        action.contains("3営業日") && action.contains("オン資ナビの補足"),
        "{action}"
    );

    w.event("certificate-notice-arrived", date(2027, 1, 8))
        .unwrap();
    // 000 4-9: the arrival is reported when the 通知書 arrives, before the vendor installs.
    let p = w.procedure("certificate", date(2027, 1, 8));
    assert_eq!(
        (p.status, p.step, p.next_event),
        (
            Status::InProgress,
            Some("report-arrival"),
            Some("certificate-arrival-reported")
        )
    );
    w.event("certificate-arrival-reported", date(2027, 1, 8))
        .unwrap();
    let p = w.procedure("certificate", date(2027, 1, 8));
    assert_eq!((p.status, p.step), (Status::InProgress, Some("install")));
    w.event("certificate-installed", date(2027, 1, 15)).unwrap();
    let st = w.status(date(2027, 1, 15));
    assert_eq!(
        st.procedures
            .iter()
            .find(|p| p.id == "certificate")
            .unwrap()
            .status,
        Status::Done
    );
    let expiry = st
        .deadlines
        .iter()
        .find(|d| d.id == "certificate-expiry")
        .unwrap();
    assert_eq!(
        expiry.date,
        date(2030, 3, 25),
        "3 years 3 months from 12/25"
    );
    assert_eq!(
        st.procedures
            .iter()
            .find(|p| p.id == "certificate-renewal")
            .unwrap()
            .status,
        Status::NotStarted,
        "renewal unlocks once a certificate is installed"
    );
}

#[test]
fn one_certificate_per_terminal() {
    let mut w = world();
    w.event("oqs-submitted", date(2026, 12, 1)).unwrap();
    w.start(
        "certificate",
        &[("terminals", "受付パソコン、診察室パソコン")],
    )
    .unwrap();
    w.event_on(
        "certificate-submitted",
        date(2026, 12, 2),
        Some("受付パソコン"),
    )
    .unwrap();
    let p = w.procedure("certificate", date(2026, 12, 2));
    assert_eq!(
        p.status,
        Status::InProgress,
        "the second terminal has not been applied for"
    );
    assert!(p.next_action.unwrap().starts_with("【診察室パソコン】"));
    assert_eq!(p.terminals.len(), 2);
    assert_eq!(p.terminals[0].track.status, Status::Waiting);

    // A terminal name with an invisible character is refused (it would reach the portal and
    // the label on the PC); nothing of the answers changes.
    let bad = w
        .start(
            "certificate",
            &[("terminals", "受付パソコン、診察室\u{202E}パソコン")],
        )
        .unwrap_err();
    assert_eq!(bad.kind(), ErrorKind::InvalidInput);
    assert!(
        bad.report().unwrap().issues[0].message.contains("U+202E"),
        "{bad:?}"
    );

    // Without --terminal the event goes to the terminal that waits for it.
    let r = w.event("certificate-submitted", date(2026, 12, 3)).unwrap();
    assert_eq!(r.terminal.as_deref(), Some("診察室パソコン"));
    assert_eq!(
        w.procedure("certificate", date(2026, 12, 3)).status,
        Status::Waiting
    );

    let unknown = w
        .event_on("certificate-submitted", date(2026, 12, 3), Some("事務室"))
        .unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::UnknownTerminal);
    assert!(unknown.to_string().contains("端末一覧"));
    // The UI offers the known terminals instead of only printing the message.
    assert_eq!(
        unknown.data().terminals,
        ["受付パソコン", "診察室パソコン"],
        "{unknown}"
    );
}

/// 医科歯科併設: the 医科 clinic of `world()` with its 歯科 code in the profile (0712376 has
/// the right check digit as a 歯科 code of 広島県 and the wrong one as a 医科 code).
fn dual_world() -> World {
    let mut w = world();
    let profile = onshi_core::profile::ClinicProfile {
        paired_code: "0712376".into(),
        ..Default::default()
    };
    w.store
        .update_profile_with(&w.id, now(), |_, _| Ok(profile.clone()))
        .unwrap();
    w
}

#[test]
fn a_dual_clinic_needs_one_certificate_per_code_and_says_which_is_missing() {
    let mut w = dual_world();
    w.event("oqs-submitted", date(2026, 12, 1)).unwrap();
    w.start("certificate", &[]).unwrap();
    let p = w.procedure("certificate", date(2026, 12, 1));
    let runs: Vec<_> = p
        .terminals
        .iter()
        .map(|t| (t.code.as_deref(), t.score_table))
        .collect();
    assert_eq!(
        runs,
        [
            (Some("0712362"), Some("医科")),
            (Some("0712376"), Some("歯科"))
        ]
    );

    // Which code? Not guessed: recording a certificate under the wrong code is the mistake.
    let err = w
        .event("certificate-submitted", date(2026, 12, 2))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CodeRequired);
    let message = err.to_string();
    assert!(
        message.contains("医科歯科併設") && message.contains("歯科 0712376"),
        "{message}"
    );
    assert!(
        !message.contains("--"),
        "no CLI flag in a core message: {message}"
    );
    let offered: Vec<(String, String)> = err
        .data()
        .codes
        .into_iter()
        .map(|c| (c.score_table, c.code))
        .collect();
    assert_eq!(
        offered,
        [
            ("医科".to_string(), "0712362".to_string()),
            ("歯科".to_string(), "0712376".to_string())
        ]
    );
    let foreign = w
        .event_for(
            "certificate-submitted",
            date(2026, 12, 2),
            &checklist::Target {
                code: Some("0799999"),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(foreign.kind(), ErrorKind::UnknownCode);
    assert!(foreign.to_string().contains("0799999"), "{foreign}");
    assert_eq!(foreign.data().codes.len(), 2, "the codes to choose from");
    assert!(w.case().events.len() == 1, "nothing stored by the refusals");

    // 歯科 first (a full-width paste is fine): only the 歯科 run waits for its letter.
    let dental = checklist::Target {
        code: Some("０７１２３７６"),
        ..Default::default()
    };
    w.event_for("certificate-submitted", date(2026, 12, 2), &dental)
        .unwrap();
    let p = w.procedure("certificate", date(2026, 12, 2));
    assert_eq!(p.terminals[0].track.status, Status::InProgress);
    assert_eq!(p.terminals[1].track.status, Status::Waiting);
    assert_eq!(p.status, Status::InProgress);
    let action = p.next_action.as_deref().unwrap();
    assert!(
        action.starts_with("【オンライン資格確認パソコン・医科】"),
        "{action}"
    );

    // Each code through to installation: one expiry deadline per code.
    let medical = checklist::Target {
        code: Some("3410712362"),
        ..Default::default()
    };
    w.event_for("certificate-submitted", date(2026, 12, 3), &medical)
        .unwrap();
    for target in [&dental, &medical] {
        w.event_for("certificate-notice-arrived", date(2026, 12, 9), target)
            .unwrap();
        w.event_for("certificate-arrival-reported", date(2026, 12, 9), target)
            .unwrap();
        w.event_for("certificate-installed", date(2026, 12, 10), target)
            .unwrap();
    }
    let st = w.status(date(2026, 12, 10));
    let cert = st
        .procedures
        .iter()
        .find(|p| p.id == "certificate")
        .unwrap();
    assert_eq!(cert.status, Status::Done);
    let expiries: Vec<_> = st
        .deadlines
        .iter()
        .filter(|d| d.id == "certificate-expiry")
        .map(|d| (d.code.as_deref(), d.date))
        .collect();
    // Issued (applied) 12/2 and 12/3 → valid for 3 years 3 months.
    assert_eq!(
        expiries,
        [
            (Some("0712376"), date(2030, 3, 2)),
            (Some("0712362"), date(2030, 3, 3))
        ]
    );
}

#[test]
fn the_guide_of_a_dual_clinic_prepares_the_chosen_code() {
    let mut w = dual_world();
    w.event("oqs-submitted", date(2026, 12, 1)).unwrap();
    let case = w.case();
    let env = w.env(date(2026, 12, 1));
    let p = env.catalog.procedure("certificate").unwrap();
    let code_in = |target: &checklist::Target<'_>| {
        let steps = checklist::guide(&env, &case, p, target).unwrap();
        let fill = steps.iter().find(|s| s.step.id == "fill-form").unwrap();
        let field = fill
            .prepared
            .iter()
            .find(|f| f.label.starts_with("医療機関コード"))
            .unwrap();
        (field.value.clone(), field.warnings.len())
    };
    // The clinic's own code unless another is chosen; each checked under its own 点数表 (no
    // check-digit warning for the 歯科 code, which it would get as a 医科 code).
    assert_eq!(code_in(&Default::default()).0.as_deref(), Some("0712362"));
    let dental = checklist::Target {
        code: Some("0712376"),
        ..Default::default()
    };
    assert_eq!(code_in(&dental), (Some("0712376".to_string()), 0));
    let foreign = checklist::Target {
        code: Some("0799999"),
        ..Default::default()
    };
    assert!(checklist::guide(&env, &case, p, &foreign).is_err());
}

#[test]
fn a_clinic_with_one_code_keeps_one_run_and_refuses_a_foreign_code() {
    let mut w = world();
    w.event("oqs-submitted", date(2026, 12, 1)).unwrap();
    w.start("certificate", &[]).unwrap();
    let p = w.procedure("certificate", date(2026, 12, 1));
    assert_eq!(p.terminals.len(), 1);
    assert_eq!(p.terminals[0].code, None, "no code shown when there is one");
    let err = w
        .event_for(
            "certificate-submitted",
            date(2026, 12, 2),
            &checklist::Target {
                code: Some("0712370"),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("0712370"), "{err}");
    // Its own code, given or not, is fine.
    w.event("certificate-submitted", date(2026, 12, 2)).unwrap();
}

#[test]
fn shokei_runs_through_both_mails_and_the_new_certificate_before_the_grace_deadline() {
    let mut w = world();
    w.start(
        "shokei",
        &[
            ("new-code", "0712370"),
            ("reason", "b"),
            ("old-certificate-issued", "2024-01-10"),
            // Opened the day after the notification: the grace counts from the notification.
            ("opening-date", "2026-12-02"),
        ],
    )
    .unwrap();
    assert_eq!(w.case().instance("shokei").unwrap().answers["reason"], "B");
    w.event("shokei-submitted", date(2026, 12, 1)).unwrap();
    let p = w.procedure("shokei", date(2026, 12, 2));
    assert_eq!(p.status, Status::Waiting);
    assert!(p.waiting_for.unwrap().contains("メール1"));

    w.event("shokei-mail-1", date(2026, 12, 3)).unwrap();
    let p = w.procedure("shokei", date(2026, 12, 4));
    assert_eq!(
        p.due,
        Some(date(2026, 12, 17)),
        "about 14 days after mail 1"
    );
    assert!(
        p.reason.unwrap().contains("目安"),
        "the 2 weeks are uncertain and say so"
    );

    w.event("shokei-mail-2", date(2026, 12, 16)).unwrap();
    // 000 11/21: the 承継 is the 届出 and its two mails; the new certificates are the
    // certificate procedure's runs, one per terminal (and code), under the new code.
    let p = w.procedure("shokei", date(2026, 12, 16));
    assert_eq!(p.status, Status::Done);
    let cert = w.procedure("certificate", date(2026, 12, 16));
    assert_eq!(
        cert.status,
        Status::NotStarted,
        "mail 2 stands for the 利用申請 the 承継 carried over: {:?}",
        cert.reason
    );

    let st = w.status(date(2026, 12, 16));
    let grace = st
        .deadlines
        .iter()
        .find(|d| d.id == "shokei-grace")
        .unwrap();
    assert_eq!(
        grace.date,
        date(2027, 3, 31),
        "12/1 + 120 days, before the old expiry 2027-04-10"
    );
    assert!(grace.explanation.contains("120日"));
    let apply_by = st
        .deadlines
        .iter()
        .find(|d| d.id == "shokei-grace-apply-by")
        .unwrap();
    assert!(apply_by.date < grace.date);

    // Past the deadline without the new certificates: the certificate line is a problem.
    let late = w.procedure("certificate", date(2027, 4, 1));
    assert_eq!(late.status, Status::Problem);
    assert!(late.reason.unwrap().contains("期限"));

    // The clinic's code becomes the new one; one certificate per terminal under it.
    w.change_code("0712370");
    w.start(
        "certificate",
        &[("terminals", "受付パソコン、診察室パソコン")],
    )
    .unwrap();
    for terminal in ["受付パソコン", "診察室パソコン"] {
        for (e, d) in [
            ("certificate-submitted", date(2026, 12, 17)),
            ("certificate-notice-arrived", date(2026, 12, 24)),
            ("certificate-arrival-reported", date(2026, 12, 24)),
            ("certificate-installed", date(2027, 1, 5)),
        ] {
            let r = w.event_on(e, d, Some(terminal)).unwrap();
            assert_eq!(r.procedure_id, "certificate", "{e}");
        }
        if terminal == "受付パソコン" {
            assert_eq!(
                w.procedure("certificate", date(2027, 4, 1)).status,
                Status::Problem,
                "one terminal still has no new certificate"
            );
        }
    }
    assert_eq!(
        w.procedure("certificate", date(2027, 4, 1)).status,
        Status::Done
    );
}

/// 003: when the old clinic never applied for オン資, the 承継 has no 閲覧希望 guard, no mail 2,
/// and the new 利用申請 comes next; no grace period applies (there is no old certificate).
#[test]
fn a_shokei_of_a_clinic_that_never_applied_needs_a_new_application() {
    let mut w = world();
    w.start("shokei", &[("new-code", "0712370"), ("oqs-applied", "no")])
        .unwrap();
    let steps = |w: &World| -> Vec<String> {
        let case = w.case();
        let p = w
            .env(date(2026, 12, 1))
            .catalog
            .procedure("shokei")
            .unwrap();
        checklist::guide(&w.env(date(2026, 12, 1)), &case, p, &Default::default())
            .unwrap()
            .into_iter()
            .map(|s| {
                let guards = s.guards.len();
                format!("{}{}", s.step.id, if guards > 0 { "+guard" } else { "" })
            })
            .collect()
    };
    let ids = steps(&w);
    assert!(ids.contains(&"fill-form".to_string()), "{ids:?}");
    assert!(ids.contains(&"apply-oqs-afresh".to_string()), "{ids:?}");
    assert!(
        !ids.iter().any(|s| s.contains("guard")),
        "no 閲覧希望 guard: {ids:?}"
    );
    assert!(!ids.contains(&"wait-mail-2".to_string()), "{ids:?}");

    w.event("shokei-submitted", date(2026, 12, 1)).unwrap();
    w.event("shokei-mail-1", date(2026, 12, 3)).unwrap();
    let st = w.status(date(2027, 6, 1));
    let line = |id: &str| st.procedures.iter().find(|p| p.id == id).unwrap().clone();
    assert_eq!(line("shokei").status, Status::Done, "no wait for mail 2");
    assert_eq!(line("oqs").status, Status::NotStarted);
    assert_eq!(line("oqs").next_event, Some("oqs-submitted"));
    assert!(
        st.deadlines.iter().all(|d| d.id != "shokei-grace"),
        "no old certificate, no grace: {:?}",
        st.deadlines
    );
}

#[test]
fn events_out_of_order_or_backdated_are_refused_and_nothing_is_stored() {
    let mut w = world();
    let early = w.event("shokei-mail-2", date(2026, 12, 1)).unwrap_err();
    assert_eq!(early.kind(), ErrorKind::OutOfOrder);
    assert!(early.to_string().contains("承継届出を送信した"), "{early}");
    assert!(w.case().events.is_empty());
    assert!(
        w.case().instances.is_empty(),
        "a refused event does not start anything"
    );

    w.event("shokei-submitted", date(2026, 12, 1)).unwrap();
    let skipped = w.event("shokei-mail-2", date(2026, 12, 20)).unwrap_err();
    assert_eq!(skipped.kind(), ErrorKind::OutOfOrder);
    assert!(skipped.to_string().contains("メール1"), "{skipped}");
    assert_eq!(
        skipped.data().must_come_first.map(|e| e.event_id),
        Some("shokei-mail-1".to_string()),
        "the UI is told what must come first"
    );

    let backdated = w.event("shokei-mail-1", date(2026, 11, 30)).unwrap_err();
    assert_eq!(backdated.kind(), ErrorKind::OutOfOrder);
    assert!(
        backdated.to_string().contains("2026年12月1日(火) 以降"),
        "{backdated}"
    );
    assert_eq!(
        backdated.data().earliest_date.as_deref(),
        Some("2026-12-01")
    );
    assert_eq!(w.case().events.len(), 1);

    let unknown = w.event("no-such-event", date(2026, 12, 2)).unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::NotFound);
    let unknown = w.start("no-such-procedure", &[]).unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::NotFound);
}

/// After a 承継 the clinic's code changes. The certificate is issued for one code, so its steps
/// reopen (per terminal); the オン資 利用申請 carries over with the 承継 (003 A1-3), so it stays
/// done and says nothing about redoing it.
#[test]
fn changing_the_code_reopens_the_certificate_but_not_the_oqs_application() {
    let mut w = world();
    w.event("oqs-submitted", date(2026, 12, 1)).unwrap();
    w.event("oqs-confirmed", date(2026, 12, 2)).unwrap();
    w.start("certificate", &[]).unwrap();
    w.event("certificate-submitted", date(2026, 12, 3)).unwrap();
    assert_eq!(w.procedure("oqs", date(2026, 12, 3)).status, Status::Done);
    assert_eq!(
        w.procedure("certificate", date(2026, 12, 3)).status,
        Status::Waiting
    );

    w.change_code("0712370");
    let oqs = w.procedure("oqs", date(2026, 12, 4));
    assert_eq!(oqs.status, Status::Done, "the 利用申請 carries over");
    assert_eq!(oqs.reason, None);

    let p = w.procedure("certificate", date(2026, 12, 4));
    assert_eq!(p.status, Status::InProgress);
    let why = p.reason.unwrap();
    assert!(why.contains("0712362") && why.contains("0712370"), "{why}");
    assert_eq!(p.step, Some("submit"));

    // Redoing the step under the new code completes it again.
    w.event("certificate-submitted", date(2026, 12, 4)).unwrap();
    assert_eq!(
        w.procedure("certificate", date(2026, 12, 4)).status,
        Status::Waiting
    );
}

#[test]
fn changing_an_answer_the_steps_depend_on_reopens_them() {
    let mut w = world();
    w.start("shokei", &[("new-code", "0712370")]).unwrap();
    w.event("shokei-submitted", date(2026, 12, 1)).unwrap();
    w.start("shokei", &[("new-code", "0712388")]).unwrap();
    let p = w.procedure("shokei", date(2026, 12, 2));
    assert_eq!(p.status, Status::InProgress);
    assert!(p.reason.unwrap().contains("0712388"));
}

#[test]
fn branches_follow_the_answers() {
    let mut w = world();
    let titles = |w: &World| {
        let case = w.case();
        let env = w.env(date(2026, 11, 23));
        let p = env.catalog.procedure("login").unwrap();
        checklist::guide(&env, &case, p, &Default::default())
            .unwrap()
            .iter()
            .map(|s| s.step.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(&w), ["open-portal", "reset-password", "sign-in"]);
    w.start("login", &[("first-login", "no")]).unwrap();
    assert_eq!(titles(&w), ["open-portal", "sign-in"]);
}

#[test]
fn the_guide_prepares_every_value_in_portal_format() {
    let mut w = world();
    w.store
        .update_profile_with(&w.id, now(), |_, _| {
            Ok(onshi_core::profile::ClinicProfile {
                phone: "0312345678".into(),
                contact_person: "山田 花子".into(),
                ..Default::default()
            })
        })
        .unwrap();
    // The guide needs no procedure started: it prepares every value from the clinic.
    let case = w.case();
    let env = w.env(date(2026, 12, 1));
    let p = env.catalog.procedure("certificate").unwrap();
    let steps = checklist::guide(&env, &case, p, &Default::default()).unwrap();
    let fill = steps.iter().find(|s| s.step.id == "fill-form").unwrap();
    let value = |label: &str| {
        fill.prepared
            .iter()
            .find(|f| f.label.starts_with(label))
            .unwrap()
            .value
            .clone()
    };
    assert_eq!(value("医療機関コード").as_deref(), Some("0712362"));
    assert_eq!(value("担当部署").as_deref(), Some("山田 花子"));
    assert_eq!(
        value("端末名称").as_deref(),
        Some("オンライン資格確認パソコン")
    );
    assert_eq!(value("電話番号").as_deref(), Some("0312345678"));

    let oqs = env.catalog.procedure("oqs").unwrap();
    let steps = checklist::guide(&env, &case, oqs, &Default::default()).unwrap();
    let fill = steps.iter().find(|s| s.step.id == "fill-form").unwrap();
    let missing = fill
        .prepared
        .iter()
        .find(|f| f.label == "お客様ID（CAF または COP）")
        .unwrap();
    assert_eq!(missing.value, None);
    assert_eq!(missing.errors[0].code, "field.missing");
    assert!(
        fill.guards.iter().any(|g| g.id == "line-type"),
        "NTT is the default line"
    );
}

#[test]
fn the_customer_id_change_must_be_applied_for_before_the_old_line_is_cancelled() {
    let mut w = world();
    w.start(
        "customer-id-change",
        &[("old-line-cancel-date", "2027-01-08")],
    )
    .unwrap();
    let st = w.status(date(2026, 12, 20));
    let d = st
        .deadlines
        .iter()
        .find(|d| d.id == "customer-id-change-apply-by")
        .unwrap();
    // Applying on 12/28 gives 5 business days (1/4–1/8) before the cancel date: 12/29–1/3 are
    // 年末年始, so 12/28 is the last safe day although it is 11 calendar days before.
    assert_eq!(d.date, date(2026, 12, 28));
    assert!(d.explanation.contains("旧回線の解約"));
}

#[test]
fn a_clinic_on_older_content_sees_what_changed_until_it_accepts() {
    let w = world();
    let mut case = w.case();
    // The clinic follows the embedded login content; a newer one (v + 1) changes a step.
    let v = Catalog::embedded()
        .unwrap()
        .procedure("login")
        .unwrap()
        .version;
    case.instances.push(Instance {
        procedure_id: "login".into(),
        content_version: v,
        answers: Default::default(),
    });
    let rules = Rules::embedded().unwrap();
    let events = onshi_core::manuals::text("events.toml").unwrap();
    let login = onshi_core::manuals::text("procedures/login.toml")
        .unwrap()
        .replacen(
            &format!("version = {v}\n"),
            &format!("version = {}\n", v + 1),
            1,
        )
        + &format!(
            "\n[[change]]\nversion = {}\nsteps = [\"sign-in\"]\nsummary = \"ログイン画面のボタン名が変わりました\"\n",
            v + 1
        );
    // The whole content with the newer login: the engine's own ids must all be there.
    let mut files: Vec<(String, String)> = onshi_core::manuals::paths()
        .into_iter()
        .filter(|p| p.starts_with("procedures/") && p != "procedures/login.toml")
        .map(|p| {
            let text = onshi_core::manuals::text(&p).unwrap();
            (p, text)
        })
        .collect();
    files.push(("procedures/login.toml".into(), login));
    let newer = Catalog::parse(&events, &files, &rules).unwrap();
    let env = Env {
        catalog: &newer,
        rules: &rules,
        calendar: Calendar::embedded(),
        today: date(2026, 11, 23),
    };
    let st = checklist::status(&env, &case).unwrap();
    let update = st.procedures[0].content_update.clone().unwrap();
    assert_eq!((update.from, update.to), (v, v + 1));
    assert_eq!(
        update.changes.len(),
        1,
        "only what changed since v: {:?}",
        update.changes
    );
    assert!(update.changes[0].contains("ボタン名") && update.changes[0].contains("sign-in"));

    case.instances[0].content_version = v + 1;
    let st = checklist::status(&env, &case).unwrap();
    assert_eq!(st.procedures[0].content_update, None);
}

#[test]
fn the_checklist_survives_a_restart_and_the_log_is_append_only() {
    let id;
    let before;
    {
        let mut w = world();
        w.event("oqs-submitted", date(2026, 12, 1)).unwrap();
        // Compared as the JSON the CLI and the UI get (the status borrows the world's rules).
        before = serde_json::to_value(w.status(date(2026, 12, 2))).unwrap();
        id = w.id.clone();
        let path = w.store.path().to_path_buf();
        drop(w.store);
        let store = Store::open(&path).unwrap();
        let rules = Rules::embedded().unwrap();
        let env = Env {
            catalog: Catalog::embedded().unwrap(),
            rules: &rules,
            calendar: Calendar::embedded(),
            today: date(2026, 12, 2),
        };
        let after = checklist::status(&env, &store.case(&id).unwrap()).unwrap();
        assert_eq!(serde_json::to_value(after).unwrap(), before);
        let conn = rusqlite::Connection::open(&path).unwrap();
        let update = conn.execute("UPDATE events SET date = '2020-01-01'", []);
        assert!(update.unwrap_err().to_string().contains("append-only"));
        let delete = conn.execute("DELETE FROM events", []);
        assert!(delete.unwrap_err().to_string().contains("append-only"));
    }
}

#[test]
fn each_line_names_the_event_to_record_next() {
    let mut w = world();
    let p = w.procedure("oqs", date(2026, 11, 23));
    assert_eq!(p.status, Status::NotStarted);
    // Recording the first milestone starts the procedure.
    assert_eq!(p.next_event, Some("oqs-submitted"));
    assert!(
        p.next_event_title.is_some_and(|t| t.contains("送信")),
        "{:?}",
        p.next_event_title
    );
    let blocked = w.procedure("certificate", date(2026, 11, 23));
    assert_eq!(
        (blocked.status, blocked.next_event),
        (Status::Blocked, None)
    );

    w.start("shokei", &[("new-code", "0712370"), ("reason", "b")])
        .unwrap();
    w.event("shokei-submitted", date(2026, 12, 1)).unwrap();
    let p = w.procedure("shokei", date(2026, 12, 2));
    assert_eq!(
        (p.status, p.next_event),
        (Status::Waiting, Some("shokei-mail-1"))
    );
}

#[test]
fn the_dashboard_row_puts_problems_first_and_says_what_waits() {
    let mut w = world();
    let idle = checklist::overview(&w.status(date(2026, 11, 23)));
    assert_eq!(
        (idle.rank, idle.headline.as_str()),
        (4, "進行中の手続きはありません")
    );

    w.event("oqs-submitted", date(2026, 12, 1)).unwrap();
    w.event("certificate-submitted", date(2026, 12, 2)).unwrap();
    let waiting = checklist::overview(&w.status(date(2026, 12, 3)));
    assert_eq!(waiting.rank, 2);
    assert!(
        waiting.headline.starts_with("待機中"),
        "{}",
        waiting.headline
    );
    let due = waiting.next_due.unwrap();
    assert!(
        waiting
            .headline
            .contains(&format!("{}/{}", due.month(), due.day()))
    );

    // Months later the letter has still not come: a problem, named in the headline.
    let late = checklist::overview(&w.status(date(2027, 3, 1)));
    assert_eq!(late.rank, 0);
    assert!(late.headline.contains("電子証明書"), "{}", late.headline);
    assert!(late.problem >= 1);
}

#[test]
fn an_empty_terminal_procedure_or_code_counts_as_not_given() {
    let empty = checklist::Target::new(Some(""), Some(""), Some(""));
    assert_eq!(
        (empty.terminal, empty.procedure, empty.code),
        (None, None, None)
    );
    let given = checklist::Target::new(Some("受付PC"), None, Some("0712376"));
    assert_eq!(
        (given.terminal, given.procedure, given.code),
        (Some("受付PC"), None, Some("0712376"))
    );
}

/// The 承継 grace counts from the old institution's 廃止 (the day before 承継先の開設年月日)
/// when that came before the notification (003 A1-1), and says so.
#[test]
fn the_grace_period_counts_from_the_abolition_when_it_came_first() {
    let mut w = world();
    w.start(
        "shokei",
        &[("new-code", "0712370"), ("opening-date", "2026-11-01")],
    )
    .unwrap();
    w.event("shokei-submitted", date(2026, 12, 1)).unwrap();
    let st = w.status(date(2026, 12, 2));
    let grace = st
        .deadlines
        .iter()
        .find(|d| d.id == "shokei-grace")
        .unwrap();
    assert_eq!(grace.date, date(2027, 2, 28), "10/31 + 120 days");
    assert!(grace.explanation.contains("廃止"), "{}", grace.explanation);
}

/// The 承継 form: reason E can be chosen with its text, the 開設者名 is asked (and checked as a
/// 法人名 for B/C with a 法人), and the new name and address default to the current ones.
#[test]
fn the_shokei_form_asks_what_the_portal_asks() {
    let mut w = world();
    let without_text = w
        .start("shokei", &[("new-code", "0712370"), ("reason", "E")])
        .unwrap_err();
    assert!(
        format!("{without_text:?}").contains("shokei-reason.other-text"),
        "{without_text:?}"
    );
    w.start(
        "shokei",
        &[
            ("new-code", "0712370"),
            ("reason", "E"),
            ("reason-other", "診療所の統合"),
        ],
    )
    .expect("reason E with its text starts the 承継");
    w.start(
        "shokei",
        &[
            ("reason", "B"),
            ("owner-corporate", "yes"),
            ("owner-name", "山田 太郎"),
            ("new-address", "広島県広島市中区基町1-1"),
        ],
    )
    .unwrap();
    let env = w.env(date(2026, 12, 1));
    let p = env.catalog.procedure("shokei").unwrap();
    let steps = checklist::guide(&env, &w.case(), p, &Default::default()).unwrap();
    let form = steps.iter().find(|s| s.step.id == "fill-form").unwrap();
    let field = |label: &str| {
        form.prepared
            .iter()
            .find(|f| f.label == label)
            .unwrap_or_else(|| panic!("{label}"))
            .clone()
    };
    let reason = field("承継理由");
    assert!(
        reason
            .warnings
            .iter()
            .any(|i| i.code == "shokei-reason.owner-not-corporate"),
        "{reason:?}"
    );
    assert_eq!(
        field("承継先の開設者名").value.as_deref(),
        Some("山田 太郎")
    );
    // Not given: the current name, saying so.
    let name = field("承継先の医療機関等名称");
    assert_eq!(name.value.as_deref(), Some("テスト内科クリニック"));
    assert!(name.note.unwrap().contains("現在"));
    // Given: the new address.
    let address = field("承継先の所在地");
    assert_eq!(address.value.as_deref(), Some("広島県広島市中区基町1-1"));
    assert_eq!(address.note, None);
}

/// 001 3-4: the オンライン請求 connection method is a guarded choice that depends on the line;
/// 003: the お客さまID is asked and guarded only for NTT / 光コラボ IP-VPN lines.
#[test]
fn the_line_decides_the_guarded_choices_and_the_customer_id() {
    let guards_and_fields = |w: &World, procedure: &str| {
        let env = w.env(date(2026, 12, 1));
        let p = env.catalog.procedure(procedure).unwrap();
        let steps = checklist::guide(&env, &w.case(), p, &Default::default()).unwrap();
        let form = steps
            .into_iter()
            .find(|s| s.step.id == "fill-form")
            .unwrap();
        let guards: Vec<String> = form.guards.iter().map(|g| g.safe_choice.clone()).collect();
        let fields: Vec<String> = form.prepared.iter().map(|f| f.label.clone()).collect();
        (guards, fields)
    };
    let mut w = world();
    w.start("online-claim", &[("line", "ntt")]).unwrap();
    let (guards, _) = guards_and_fields(&w, "online-claim");
    assert!(
        guards.iter().any(|g| g == "IP-VPN 接続【IPv6】"),
        "{guards:?}"
    );
    assert!(guards.iter().any(|g| g.contains("同じ回線")), "{guards:?}");
    w.start("online-claim", &[("line", "ctc-qnet")]).unwrap();
    let (guards, _) = guards_and_fields(&w, "online-claim");
    assert_eq!(guards, ["1:IP-VPN接続【IPv4】"]);

    w.start("oqs", &[("line", "ipsec")]).unwrap();
    let (guards, fields) = guards_and_fields(&w, "oqs");
    assert!(!fields.iter().any(|f| f.contains("お客様ID")), "{fields:?}");
    assert!(guards.is_empty(), "{guards:?}");
    w.start("oqs", &[("line", "ntt")]).unwrap();
    let (guards, fields) = guards_and_fields(&w, "oqs");
    assert!(
        fields
            .iter()
            .any(|f| f == "確認用お客様ID（CAF または COP）"),
        "{fields:?}"
    );
    assert_eq!(guards.len(), 2, "回線種別 and お客さまID: {guards:?}");
}

/// 新設 and 廃止 are situations, not steps every clinic takes: they are not in a clinic's
/// checklist until started, then they are, with their own steps.
#[test]
fn new_and_closing_clinics_have_their_own_procedures_listed_once_started() {
    let mut w = world();
    let ids = |w: &World| -> Vec<String> {
        w.status(date(2026, 12, 1))
            .procedures
            .iter()
            .map(|p| p.id.to_string())
            .collect()
    };
    assert!(!ids(&w).iter().any(|id| id == "shinsetsu" || id == "haishi"));
    w.event("shinsetsu-reception-number-received", date(2026, 12, 1))
        .unwrap();
    assert!(ids(&w).contains(&"shinsetsu".to_string()));
    let p = w.procedure("shinsetsu", date(2026, 12, 1));
    assert_eq!(p.status, Status::Done, "its one milestone is recorded");
    w.start("haishi", &[]).unwrap();
    let p = w.procedure("haishi", date(2026, 12, 1));
    assert_eq!(p.status, Status::InProgress);
    assert_eq!(p.next_event, Some("haishi-submitted"));
}
