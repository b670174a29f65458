//! The receptionist's wizard in the core: situations and the plan, the gates before a step is
//! recorded (answers, confirmations, the 承継 code switch), the home and the wizard views, and
//! the settings — through the same operations the app and the CLI call, on a real SQLite store.

use jiff::civil::{Date, date};
use onshi_core::checklist::{self, Env, Status, Target};
use onshi_core::operation;
use onshi_core::procedure::Catalog;
use onshi_core::settings::{Mode, Settings, TextSize};
use onshi_core::{ClinicId, ErrorKind, Repository, Store};

use crate::support::{form, now};

struct Clinic {
    dir: tempfile::TempDir,
    store: Store,
    id: ClinicId,
}

fn clinic() -> Clinic {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let (c, _) = form().validate().unwrap();
    let id = store.add_clinic(&c, now()).unwrap().id;
    Clinic { dir, store, id }
}

fn env(today: Date) -> Env<'static> {
    Env::embedded(today).unwrap()
}

fn pairs(answers: &[(&str, &str)]) -> Vec<(String, String)> {
    answers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

impl Clinic {
    fn situation(&mut self, id: &str, answers: &[(&str, &str)]) -> onshi_core::Result<()> {
        let e = env(date(2026, 12, 1));
        operation::start_situation(
            &mut self.store,
            &e,
            &self.id,
            id,
            &pairs(answers),
            onshi_core::checklist::Role::Receptionist,
            now(),
        )
        .map(|_| ())
    }

    fn answer(&mut self, procedure: &str, answers: &[(&str, &str)]) {
        operation::start_procedure(
            &mut self.store,
            &env(date(2026, 12, 1)),
            &self.id,
            procedure,
            &pairs(answers),
            onshi_core::checklist::Role::Receptionist,
            now(),
        )
        .unwrap();
    }

    fn record(
        &mut self,
        event: &str,
        on: Date,
        terminal: Option<&str>,
    ) -> onshi_core::Result<onshi_core::store::Recorded> {
        operation::record_event(
            &mut self.store,
            &env(on),
            &self.id,
            event,
            on,
            on,
            &Target::new(terminal, None, None),
            onshi_core::checklist::Role::Receptionist,
            now(),
        )
    }

    fn confirm(&mut self, procedure: &str, danger: &str) -> onshi_core::Result<()> {
        operation::confirm(
            &mut self.store,
            &env(date(2026, 12, 1)),
            &self.id,
            procedure,
            danger,
            None,
            onshi_core::checklist::Role::Receptionist,
            now(),
        )
        .map(|_| ())
    }

    fn events(&self) -> usize {
        self.store.case(&self.id).unwrap().events.len()
    }

    /// The 承継 of the issue's journey: situation, answers, guard, sent on 12/1, both mails.
    fn shokei_through_mail_2(&mut self) {
        self.situation(
            "shokei",
            &[
                ("new-code", "0712370"),
                ("oqs-applied", "yes"),
                ("terminals", "受付PC、診察室PC"),
            ],
        )
        .unwrap();
        self.answer(
            "shokei",
            &[
                ("opening-date", "2026-12-01"),
                ("owner-name", "医療法人テスト会"),
            ],
        );
        self.confirm("shokei", "shokei-history").unwrap();
        self.record("shokei-submitted", date(2026, 12, 1), None)
            .unwrap();
        self.record("shokei-mail-1", date(2026, 12, 8), None)
            .unwrap();
        self.record("shokei-mail-2", date(2026, 12, 22), None)
            .unwrap();
    }
}

#[test]
fn the_eight_situations_are_content_and_ask_only_what_their_procedures_ask() {
    let catalog = Catalog::embedded().unwrap();
    let ids: Vec<&str> = catalog.situations.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "shokei",
            "new-clinic",
            "line-change",
            "terminal",
            "certificate-renewal",
            "first-login",
            "online-claim",
            "closing"
        ]
    );
    let shokei = catalog.situation("shokei").unwrap();
    let keys: Vec<&str> = shokei
        .questions(catalog)
        .iter()
        .map(|q| q.key.as_str())
        .collect();
    assert_eq!(keys, ["new-code", "oqs-applied", "terminals"]);
    // A situation whose question no procedure asks is refused when the content loads.
    let broken = catalog.clone().with_situations(
        "version = 1\n[[situation]]\nid = \"x\"\ntitle = \"x\"\nsummary = \"x\"\nask = [\"no-such-key\"]\n[[situation.procedure]]\nid = \"shokei\"\n",
    );
    let err = broken.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ContentInvalid);
    assert!(format!("{err:?}").contains("no-such-key"), "{err:?}");
}

#[test]
fn a_shokei_plans_a_new_application_only_when_the_old_code_never_applied() {
    for (applied, plan) in [
        ("yes", vec!["shokei", "certificate"]),
        ("no", vec!["shokei", "oqs", "certificate"]),
    ] {
        let mut c = clinic();
        c.situation(
            "shokei",
            &[
                ("new-code", "0712370"),
                ("oqs-applied", applied),
                ("terminals", "受付PC、診察室PC"),
            ],
        )
        .unwrap();
        let case = c.store.case(&c.id).unwrap();
        let e = env(date(2026, 12, 1));
        let st = checklist::status(&e, &case).unwrap();
        assert_eq!(st.plan, plan, "oqs-applied={applied}");
        for line in &st.procedures {
            assert_eq!(
                line.applies,
                plan.contains(&line.id),
                "{} applies only when planned or started",
                line.id
            );
        }
        // Each answer went to the procedure that asks it, once.
        let shokei = case.instance("shokei").unwrap();
        assert_eq!(shokei.answers["new-code"], "0712370");
        assert_eq!(shokei.answers["oqs-applied"], applied);
        // The certificate is still blocked: its terminals wait in the situation and are the
        // runs of its guide.
        assert!(case.instance("certificate").is_none());
        let p = e.catalog.procedure("certificate").unwrap();
        let wizard = checklist::wizard_view(&e, &case, p, &Target::default()).unwrap();
        assert_eq!(wizard.terminal.as_deref(), Some("受付PC"));
    }
}

#[test]
fn a_bad_situation_answer_is_refused_and_nothing_is_stored() {
    let mut c = clinic();
    let err = c
        .situation("shokei", &[("new-code", "12"), ("oqs-applied", "yes")])
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = c.situation("shokei", &[("line", "ntt")]).unwrap_err();
    assert!(err.report().unwrap().issues[0].message.contains("new-code"));
    let err = c.situation("no-such", &[]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let case = c.store.case(&c.id).unwrap();
    assert!(case.situations.is_empty() && case.instances.is_empty());
}

#[test]
fn the_shokei_cannot_be_sent_before_its_answers_and_its_guard_and_refusals_store_nothing() {
    let mut c = clinic();
    c.situation("shokei", &[("new-code", "0712370"), ("oqs-applied", "yes")])
        .unwrap();
    let err = c
        .record("shokei-submitted", date(2026, 12, 1), None)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AnswersRequired);
    let keys: Vec<String> = err.data().answers.into_iter().map(|a| a.key).collect();
    assert_eq!(keys, ["opening-date", "owner-name"]);
    assert_eq!(c.events(), 0);

    c.answer(
        "shokei",
        &[
            ("opening-date", "2026-12-01"),
            ("owner-name", "医療法人テスト会"),
        ],
    );
    let err = c
        .record("shokei-submitted", date(2026, 12, 1), None)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ConfirmationRequired);
    assert_eq!(err.data().confirmations[0].danger_id, "shokei-history");
    assert!(err.to_string().contains("閲覧を希望します"), "{err}");
    assert_eq!(c.events(), 0);

    // The confirmation is stored with who and when, survives a restart, and opens the gate.
    c.confirm("shokei", "shokei-history").unwrap();
    let reopened = Store::open_dir(c.dir.path()).unwrap();
    let stored = reopened.case(&c.id).unwrap().confirmations;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].role, onshi_core::checklist::Role::Receptionist);
    assert_eq!(stored[0].confirmed_at, now().to_string());
    c.record("shokei-submitted", date(2026, 12, 1), None)
        .unwrap();
    // An unknown choice cannot be confirmed.
    assert_eq!(
        c.confirm("shokei", "no-such-guard").unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn after_mail_2_the_clinic_switches_to_the_new_code_and_the_certificates_follow_it() {
    let mut c = clinic();
    c.shokei_through_mail_2();
    let e = env(date(2026, 12, 22));
    let home = checklist::home(&e, &c.store.case(&c.id).unwrap()).unwrap();
    let offer = home
        .switch_code
        .expect("the switch is offered after mail 2");
    assert_eq!(
        (offer.old_code.as_str(), offer.new_code.as_str()),
        ("0712362", "0712370")
    );
    assert!(home.next.is_none(), "the switch comes first");

    // A certificate under the old code is refused until the switch.
    let err = c
        .record("certificate-submitted", date(2026, 12, 25), Some("受付PC"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CodeSwitchRequired);
    assert!(err.to_string().contains("0712370"), "{err}");

    let switched = operation::switch_code(
        &mut c.store,
        &env(date(2026, 12, 22)),
        &c.id,
        onshi_core::checklist::Role::Receptionist,
        now(),
    )
    .unwrap();
    assert_eq!(switched.medical_code.as_str(), "0712370");
    let case = c.store.case(&c.id).unwrap();
    assert_eq!(case.code_history.len(), 1);
    assert_eq!(case.code_history[0].code, "3410712362");
    assert_eq!(case.code_history[0].until, "2026-12-22");
    // A second switch has nothing to do.
    let again = operation::switch_code(
        &mut c.store,
        &env(date(2026, 12, 22)),
        &c.id,
        onshi_core::checklist::Role::Receptionist,
        now(),
    )
    .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::CodeSwitchRequired);
    assert!(again.to_string().contains("すでに"), "{again}");

    // The history has it all, newest first: the switch, the mails, the send, the confirmation.
    let history = checklist::history(&e, &c.store.case(&c.id).unwrap());
    let kinds: Vec<_> = history.iter().map(|h| h.kind).collect();
    use onshi_core::checklist::history::EntryKind;
    assert_eq!(kinds.iter().filter(|k| **k == EntryKind::Event).count(), 3);
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == EntryKind::Confirmation)
            .count(),
        1
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == EntryKind::CodeSwitch)
            .count(),
        1
    );
    let sent = history
        .iter()
        .find(|h| h.what.contains("承継届出を送信した"))
        .unwrap();
    assert_eq!(sent.role_label, "受付");
    assert_eq!(sent.content_version, Some(3));
    assert_eq!(sent.date.as_deref(), Some("2026-12-01"));
    // Written at 2026-11-23T01:00Z (support::now): 10:00 in Japan.
    assert_eq!(sent.recorded_text, "2026/11/23 10:00");

    // Two certificates on 12/25, one per terminal, each for the new code.
    for t in ["受付PC", "診察室PC"] {
        let r = c.record("certificate-submitted", date(2026, 12, 25), Some(t));
        let r = match r {
            Err(err) if err.kind() == ErrorKind::ConfirmationRequired => {
                for d in err.data().confirmations {
                    c.confirm(&d.procedure_id, &d.danger_id).unwrap();
                }
                c.record("certificate-submitted", date(2026, 12, 25), Some(t))
            }
            other => other,
        };
        assert_eq!(r.unwrap().terminal.as_deref(), Some(t));
    }
    let case = c.store.case(&c.id).unwrap();
    let sent: Vec<_> = case
        .events
        .iter()
        .filter(|e| e.event_id == "certificate-submitted")
        .collect();
    assert!(
        sent.iter()
            .all(|e| e.code.as_ref().unwrap().digits() == "0712370")
    );
    // The terminal list shows the new certificates, one per terminal, applied on 12/25.
    let list = checklist::terminals(&env(date(2026, 12, 28)), &case).unwrap();
    let applied: Vec<(&str, Option<Date>)> = list
        .iter()
        .map(|t| (t.terminal.as_str(), t.applied_on))
        .collect();
    assert_eq!(
        applied,
        [
            ("受付PC", Some(date(2026, 12, 25))),
            ("診察室PC", Some(date(2026, 12, 25)))
        ]
    );
    assert!(list.iter().all(|t| t.status == Status::Waiting));
    let home = checklist::home(&env(date(2026, 12, 28)), &case).unwrap();
    let letters: Vec<_> = home
        .waiting
        .iter()
        .filter(|w| w.event_id == "certificate-notice-arrived")
        .collect();
    assert_eq!(letters.len(), 2, "one letter per terminal");
    for l in letters {
        assert_eq!(l.due, Some(date(2027, 1, 7)));
        assert_eq!(l.due_text, "2027年1月7日(木)ごろ");
        assert_eq!(l.channel, "letter");
    }
}

#[test]
fn the_switch_is_refused_before_the_shokei_is_complete() {
    let mut c = clinic();
    let e = env(date(2026, 12, 1));
    let err = operation::switch_code(
        &mut c.store,
        &e,
        &c.id,
        onshi_core::checklist::Role::Receptionist,
        now(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CodeSwitchRequired);
    c.situation("shokei", &[("new-code", "0712370")]).unwrap();
    let err = operation::switch_code(
        &mut c.store,
        &e,
        &c.id,
        onshi_core::checklist::Role::Receptionist,
        now(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("まだ切り替えられません"), "{err}");
    assert_eq!(
        c.store.clinic(&c.id).unwrap().medical_code.as_str(),
        "0712362"
    );
}

#[test]
fn the_home_names_one_next_step_and_the_wizard_starts_there() {
    let mut c = clinic();
    let e = env(date(2026, 12, 1));
    let home = checklist::home(&e, &c.store.case(&c.id).unwrap()).unwrap();
    assert!(home.situations.is_empty() && home.next.is_none() && home.plan.is_empty());

    c.situation("shokei", &[("new-code", "0712370"), ("oqs-applied", "yes")])
        .unwrap();
    let case = c.store.case(&c.id).unwrap();
    let home = checklist::home(&e, &case).unwrap();
    let next = home.next.expect("a next step");
    assert_eq!(next.procedure_id, "shokei");
    assert_eq!(next.step_number, 1);
    let p = e.catalog.procedure("shokei").unwrap();
    assert_eq!(
        next.step_count,
        p.applicable(&case.instance("shokei").unwrap().answers)
            .len()
    );
    let wizard = checklist::wizard_view(&e, &case, p, &Target::default()).unwrap();
    assert_eq!(wizard.current, 0);
    let fill = wizard
        .steps
        .iter()
        .find(|s| s.guide.step.id == "fill-form")
        .unwrap();
    let missing: Vec<&str> = fill
        .missing_answers
        .iter()
        .map(|a| a.key.as_str())
        .collect();
    assert_eq!(missing, ["opening-date", "owner-name"]);
    let submit = wizard
        .steps
        .iter()
        .find(|s| s.guide.step.id == "submit")
        .unwrap();
    assert_eq!(submit.event.as_ref().unwrap().id, "shokei-submitted");

    // Once sent, the wizard stands at the wait for mail 1, with its expected date.
    c.answer(
        "shokei",
        &[
            ("opening-date", "2026-12-01"),
            ("owner-name", "医療法人テスト会"),
        ],
    );
    c.confirm("shokei", "shokei-history").unwrap();
    c.record("shokei-submitted", date(2026, 12, 1), None)
        .unwrap();
    let case = c.store.case(&c.id).unwrap();
    let wizard = checklist::wizard_view(&e, &case, p, &Target::default()).unwrap();
    assert_eq!(wizard.steps[wizard.current].guide.step.id, "wait-mail-1");
    assert_eq!(wizard.status, Status::Waiting);
    assert!(wizard.steps[..wizard.current].iter().all(|s| s.done));
    let home = checklist::home(&e, &case).unwrap();
    assert_eq!(home.waiting.len(), 1);
    assert_eq!(home.waiting[0].event_id, "shokei-mail-1");
}

#[test]
fn the_settings_are_kept_across_a_restart() {
    let mut c = clinic();
    assert_eq!(
        c.store.settings().unwrap(),
        Settings {
            mode: Mode::Reception,
            text_size: TextSize::Large,
            clinic_id: None,
        },
        "a receptionist meets 受付モード with large text first"
    );
    let chosen = Settings {
        mode: Mode::Technician,
        text_size: TextSize::ExtraLarge,
        clinic_id: Some(c.id.to_string()),
    };
    c.store.save_settings(&chosen).unwrap();
    let reopened = Store::open_dir(c.dir.path()).unwrap();
    assert_eq!(Repository::settings(&reopened).unwrap(), chosen);
}
