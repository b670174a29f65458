//! 端末と電子証明書: the terminal register (add, rename, retire, with its history), each
//! terminal's certificate (applied, arrived, installed, expiry, renewal), and the
//! 「証明書の期限」 view across clinics — through the operations the app and the CLI call, on a
//! real SQLite store that is reopened from disk.

use jiff::civil::{Date, date};
use onshi_core::checklist::history::EntryKind;
use onshi_core::checklist::{self, Env, Role, Status};
use onshi_core::terminal_register::{ChangeKind, TerminalRequest};
use onshi_core::{ClinicId, ErrorKind, Store, operation};

use crate::support::{add_clinic, answer, now, record_confirming};

struct Office {
    dir: tempfile::TempDir,
    store: Store,
}

fn office() -> Office {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).unwrap();
    Office { dir, store }
}

impl Office {
    fn clinic(&mut self, name: &str, code: &str) -> ClinicId {
        add_clinic(&mut self.store, name, "13", code)
    }

    fn answer(&mut self, id: &ClinicId, procedure: &str, answers: &[(&str, &str)], on: Date) {
        answer(&mut self.store, id, procedure, answers, on);
    }

    /// Records an event as a user would: confirming a guarded choice first when asked.
    fn record(
        &mut self,
        id: &ClinicId,
        event: &str,
        on: Date,
        terminal: Option<&str>,
    ) -> onshi_core::Result<()> {
        record_confirming(&mut self.store, id, event, on, terminal, Role::Technician)
    }

    /// オン資 applied for on `on`, and a certificate for each of `terminals`.
    fn certificates(&mut self, id: &ClinicId, terminals: &str, on: Date) {
        self.answer(
            id,
            "oqs",
            &[("line", "ipsec"), ("planned-month", "2027-01")],
            on,
        );
        self.record(id, "oqs-submitted", on, None).unwrap();
        self.answer(id, "certificate", &[("terminals", terminals)], on);
    }

    /// A terminal's certificate applied for on `on` and installed a week later.
    fn installed(&mut self, id: &ClinicId, terminal: &str, on: Date) {
        let later = on.saturating_add(jiff::ToSpan::days(7));
        for (event, day) in [
            ("certificate-submitted", on),
            ("certificate-notice-arrived", later),
            ("certificate-arrival-reported", later),
            ("certificate-installed", later),
        ] {
            self.record(id, event, day, Some(terminal))
                .unwrap_or_else(|e| panic!("{event} for {terminal}: {e}"));
        }
    }

    fn change(
        &mut self,
        id: &ClinicId,
        request: TerminalRequest,
        on: Date,
    ) -> onshi_core::Result<()> {
        operation::change_terminal(&mut self.store, id, &request, on, Role::Technician, now())
            .map(|_| ())
    }

    fn list(&self, id: &ClinicId, today: Date) -> Vec<checklist::TerminalCertificate> {
        let env = Env::embedded(today).unwrap();
        checklist::terminals(&env, &self.store.case(id).unwrap()).unwrap()
    }

    fn names(&self, id: &ClinicId, today: Date) -> Vec<String> {
        self.list(id, today)
            .into_iter()
            .map(|t| t.terminal)
            .collect()
    }

    fn certificate_runs(&self, id: &ClinicId, today: Date) -> Vec<String> {
        let env = Env::embedded(today).unwrap();
        let status = checklist::status(&env, &self.store.case(id).unwrap()).unwrap();
        let line = status
            .procedures
            .into_iter()
            .find(|p| p.id == "certificate")
            .unwrap();
        line.terminals.into_iter().map(|t| t.terminal).collect()
    }
}

fn add(name: &str) -> TerminalRequest {
    TerminalRequest::Add { name: name.into() }
}

fn rename(old: &str, new: &str) -> TerminalRequest {
    TerminalRequest::Rename {
        old: old.into(),
        new: new.into(),
    }
}

fn retire(name: &str) -> TerminalRequest {
    TerminalRequest::Retire { name: name.into() }
}

#[test]
fn terminals_are_added_renamed_and_retired_and_each_change_is_kept() {
    let mut o = office();
    let id = o.clinic("中央クリニック", "1000028");
    o.certificates(&id, "受付PC、診察室PC", date(2026, 12, 1));
    o.installed(&id, "受付PC", date(2026, 12, 2));
    let today = date(2026, 12, 14);

    // The certificate procedure's terminals are the clinic's, in the order the answers gave.
    let list = o.list(&id, today);
    assert_eq!(o.names(&id, today), ["受付PC", "診察室PC"]);
    let front = &list[0];
    assert_eq!(front.status, Status::Done);
    assert_eq!(front.applied_on, Some(date(2026, 12, 2)));
    assert_eq!(front.installed_on, Some(date(2026, 12, 9)));
    // 3年3か月 from the 発行日 (the application day, the earliest it can be); renewal 3か月 before.
    assert_eq!(front.expires_on, Some(date(2030, 3, 2)));
    assert_eq!(front.renewal_from, Some(date(2029, 12, 2)));
    assert!(!front.renewal_due, "three years away");
    assert!(
        front
            .renewal_explanation
            .as_deref()
            .unwrap()
            .contains("2029"),
        "{:?}",
        front.renewal_explanation
    );
    assert_eq!(list[1].status, Status::InProgress, "not applied for yet");
    assert_eq!(list[1].expires_on, None);

    // A new terminal needs a certificate of its own: the procedure takes it up.
    o.change(&id, add("処置室PC"), date(2026, 12, 11)).unwrap();
    assert_eq!(o.names(&id, today), ["受付PC", "診察室PC", "処置室PC"]);
    assert_eq!(
        o.certificate_runs(&id, today),
        ["受付PC", "診察室PC", "処置室PC"]
    );
    let added = &o.list(&id, today)[2];
    assert_eq!(added.added_on, Some(date(2026, 12, 11)));

    // A rename keeps the terminal's certificate and its dates; the old name is remembered.
    o.change(&id, rename("受付PC", "受付1"), date(2026, 12, 12))
        .unwrap();
    let renamed = o.list(&id, today).remove(0);
    assert_eq!(renamed.terminal, "受付1");
    assert_eq!(renamed.former_names, ["受付PC"]);
    assert_eq!(renamed.installed_on, Some(date(2026, 12, 9)));
    assert_eq!(renamed.expires_on, Some(date(2030, 3, 2)));
    assert_eq!(renamed.status, Status::Done);
    // Events are recorded under the new name; the old one is no longer a terminal.
    let old = o
        .record(
            &id,
            "certificate-submitted",
            date(2026, 12, 14),
            Some("受付PC"),
        )
        .unwrap_err();
    assert_eq!(old.kind(), ErrorKind::UnknownTerminal);

    // A retired terminal needs no certificate: the procedure no longer waits for it.
    o.change(&id, retire("診察室PC"), date(2026, 12, 13))
        .unwrap();
    assert_eq!(o.names(&id, today), ["受付1", "処置室PC"]);
    assert_eq!(o.certificate_runs(&id, today), ["受付1", "処置室PC"]);

    // Everything survives closing and reopening the database.
    let dir = o.dir.path().to_path_buf();
    drop(o.store);
    o.store = Store::open_dir(&dir).unwrap();
    let env = Env::embedded(today).unwrap();
    let case = o.store.case(&id).unwrap();
    let view = checklist::terminals_view(&env, &case).unwrap();
    assert_eq!(
        view.terminals
            .iter()
            .map(|t| t.terminal.as_str())
            .collect::<Vec<_>>(),
        ["受付1", "処置室PC"]
    );
    assert_eq!(view.retired.len(), 1);
    assert_eq!(view.retired[0].name, "診察室PC");
    assert_eq!(view.retired[0].retired_on, Some(date(2026, 12, 13)));
    let kinds: Vec<ChangeKind> = view.changes.iter().map(|c| c.change.kind).collect();
    assert_eq!(
        kinds,
        [ChangeKind::Retire, ChangeKind::Rename, ChangeKind::Add],
        "newest first"
    );

    // The clinic's history shows each change with who made it.
    let history = checklist::history(&env, &case);
    let changes: Vec<&str> = history
        .iter()
        .filter(|h| h.kind == EntryKind::Terminal)
        .map(|h| h.what.as_str())
        .collect();
    assert_eq!(changes.len(), 3);
    assert!(
        changes.contains(&"端末の名前を「受付PC」から「受付1」に変更"),
        "{changes:?}"
    );
    assert!(
        history
            .iter()
            .filter(|h| h.kind == EntryKind::Terminal)
            .all(|h| h.role_label == "技術者")
    );
}

#[test]
fn a_bad_change_says_what_to_do_and_stores_nothing() {
    let mut o = office();
    let id = o.clinic("中央クリニック", "1000028");
    o.certificates(&id, "受付PC、診察室PC", date(2026, 12, 1));
    o.change(&id, rename("受付PC", "受付1"), date(2026, 12, 2))
        .unwrap();
    let dir = o.dir.path().to_path_buf();
    let stored = || {
        let store = Store::open_dir(&dir).unwrap();
        store.case(&id).unwrap().terminal_changes.len()
    };
    let before = stored();
    let day = date(2026, 12, 3);

    let cases: [(TerminalRequest, &str, &str); 6] = [
        (add("診察室PC"), "terminal-name.used", "すでにあります"),
        (add("受付PC"), "terminal-name.used", "以前に使っていた"),
        (add("2F、3F"), "terminal-name.separator", "「、」"),
        (add("　"), "terminal-name.required", "入力してください"),
        (
            rename("受付1", "受付1"),
            "terminal-name.unchanged",
            "同じです",
        ),
        (
            rename("診察室PC", "受付1"),
            "terminal-name.used",
            "すでにあります",
        ),
    ];
    for (request, code, says) in cases {
        let err = o.change(&id, request.clone(), day).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{request:?}");
        let issue = &err.report().unwrap().issues[0];
        assert_eq!(issue.code, code, "{request:?}");
        assert!(
            issue.message.contains(says),
            "{request:?}: {}",
            issue.message
        );
    }
    for request in [retire("受付PC"), rename("事務室", "事務1"), retire("無い")] {
        let err = o.change(&id, request.clone(), day).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnknownTerminal, "{request:?}");
        // The UI offers the terminals there are.
        assert_eq!(err.data().terminals, ["受付1", "診察室PC"], "{request:?}");
        assert!(err.to_string().contains("何も変更していません"), "{err}");
    }
    assert_eq!(stored(), before, "nothing refused was stored");
}

#[test]
fn the_expiry_view_lists_certificates_expiring_soon_across_clinics() {
    let mut o = office();
    let today = date(2026, 12, 6);
    // Installed in 2023: 3年3か月 from 2023-10-02 is 2027-01-02, within three months.
    let soon = o.clinic("佐藤医院", "1000036");
    o.certificates(&soon, "受付PC、診察室PC", date(2023, 10, 1));
    o.installed(&soon, "受付PC", date(2023, 10, 2));
    o.installed(&soon, "診察室PC", date(2023, 11, 20));
    // Already expired (2026-11-01), and one far away.
    let expired = o.clinic("田中医院", "1000044");
    o.certificates(&expired, "受付PC", date(2023, 8, 1));
    o.installed(&expired, "受付PC", date(2023, 8, 1));
    let later = o.clinic("鈴木医院", "1000051");
    o.certificates(&later, "受付PC", date(2025, 6, 1));
    o.installed(&later, "受付PC", date(2025, 6, 2));

    let view = |o: &Office, months: u8| {
        let env = Env::embedded(today).unwrap();
        let cases = o.store.cases().unwrap();
        let statuses = checklist::status_many(&env, &cases, 2).unwrap();
        checklist::expiring_certificates(&env, &cases, &statuses, months)
            .unwrap()
            .into_iter()
            .map(|c| (c.name, c.terminal, c.expires_on, c.expired))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        view(&o, 3),
        [
            (
                "田中医院".to_string(),
                "受付PC".to_string(),
                date(2026, 11, 1),
                true
            ),
            (
                "佐藤医院".to_string(),
                "受付PC".to_string(),
                date(2027, 1, 2),
                false
            ),
            (
                "佐藤医院".to_string(),
                "診察室PC".to_string(),
                date(2027, 2, 20),
                false
            ),
        ]
    );
    assert_eq!(view(&o, 1).len(), 2, "2027-02-20 is more than a month away");
    // 佐藤医院's 受付PC: renewal from 2026-10-02, so it is time.
    let sato = o.list(&soon, today);
    assert_eq!(sato[0].renewal_from, Some(date(2026, 10, 2)));
    assert!(sato[0].renewal_due);
    assert_eq!(view(&o, 60).len(), 4, "five years reach the 2028 one");

    // A retired terminal's certificate is no longer anyone's concern.
    o.change(&expired, retire("受付PC"), today).unwrap();
    let left = view(&o, 3);
    assert_eq!(left.len(), 2);
    assert!(left.iter().all(|(name, ..)| name == "佐藤医院"));
    // The board agrees: the clinic is no longer among 「期限が近い証明書」.
    let env = Env::embedded(today).unwrap();
    let cases = o.store.cases().unwrap();
    let rows = checklist::board_rows(&env, &cases, 2).unwrap();
    let expiring: Vec<&str> = rows
        .iter()
        .filter(|r| r.expiring)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(expiring, ["佐藤医院"]);
}

#[test]
fn an_added_terminal_joins_the_certificate_but_not_a_renewal_of_others() {
    let mut o = office();
    let id = o.clinic("中央クリニック", "1000028");
    o.certificates(&id, "受付PC", date(2026, 12, 1));
    o.installed(&id, "受付PC", date(2026, 12, 2));
    o.answer(
        &id,
        "certificate-renewal",
        &[("terminals", "受付PC")],
        date(2026, 12, 10),
    );
    o.change(&id, add("処置室PC"), date(2026, 12, 11)).unwrap();
    let today = date(2026, 12, 14);
    assert_eq!(o.certificate_runs(&id, today), ["受付PC", "処置室PC"]);
    let env = Env::embedded(today).unwrap();
    let status = checklist::status(&env, &o.store.case(&id).unwrap()).unwrap();
    let renewal: Vec<String> = status
        .procedures
        .into_iter()
        .find(|p| p.id == "certificate-renewal")
        .unwrap()
        .terminals
        .into_iter()
        .map(|t| t.terminal)
        .collect();
    assert_eq!(renewal, ["受付PC"], "the renewal names its own terminals");
}

#[test]
fn with_every_terminal_retired_no_certificate_is_needed_and_recording_says_why() {
    let mut o = office();
    let id = o.clinic("中央クリニック", "1000028");
    o.certificates(&id, "受付PC", date(2026, 12, 1));
    o.change(&id, retire("受付PC"), date(2026, 12, 2)).unwrap();
    let today = date(2026, 12, 3);
    let env = Env::embedded(today).unwrap();
    let status = checklist::status(&env, &o.store.case(&id).unwrap()).unwrap();
    let line = status
        .procedures
        .iter()
        .find(|p| p.id == "certificate")
        .unwrap();
    assert_eq!(line.status, Status::Done, "nothing left to apply for");
    assert!(o.list(&id, today).is_empty());
    let err = o
        .record(&id, "certificate-submitted", today, None)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnknownTerminal);
    assert!(
        err.to_string().contains("端末と電子証明書")
            && err.to_string().contains("何も記録していません"),
        "{err}"
    );
}

#[test]
fn the_suggested_terminal_can_be_renamed_and_a_rename_undone_and_history_keeps_the_old_name() {
    let mut o = office();
    let id = o.clinic("中央クリニック", "1000028");
    o.answer(
        &id,
        "oqs",
        &[("line", "ipsec"), ("planned-month", "2027-01")],
        date(2026, 12, 1),
    );
    o.record(&id, "oqs-submitted", date(2026, 12, 1), None)
        .unwrap();
    // Started without naming terminals: it runs on the suggested name, which is changeable.
    o.record(&id, "certificate-submitted", date(2026, 12, 2), None)
        .unwrap();
    let today = date(2026, 12, 4);
    let list = o.list(&id, today);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].terminal, "オンライン資格確認パソコン");
    assert!(list[0].changeable);
    o.change(
        &id,
        rename("オンライン資格確認パソコン", "受付PC"),
        date(2026, 12, 3),
    )
    .unwrap();
    let list = o.list(&id, today);
    assert_eq!(list[0].terminal, "受付PC");
    assert_eq!(list[0].applied_on, Some(date(2026, 12, 2)));
    // The history names the terminal now and as it was recorded.
    let env = Env::embedded(today).unwrap();
    let history = checklist::history(&env, &o.store.case(&id).unwrap());
    let sent = history
        .iter()
        .find(|h| h.kind == EntryKind::Event && h.terminal.is_some())
        .unwrap();
    assert_eq!(
        sent.terminal.as_deref(),
        Some("受付PC（記録時の名前：オンライン資格確認パソコン）")
    );
    // A rename can be undone: a terminal may take back its own former name.
    o.change(
        &id,
        rename("受付PC", "オンライン資格確認パソコン"),
        date(2026, 12, 4),
    )
    .unwrap();
    assert_eq!(o.names(&id, today), ["オンライン資格確認パソコン"]);
    assert_eq!(o.list(&id, today)[0].applied_on, Some(date(2026, 12, 2)));
}

#[test]
fn a_retired_or_former_name_typed_as_an_answer_is_refused_with_the_fix() {
    let mut o = office();
    let id = o.clinic("中央クリニック", "1000028");
    o.certificates(&id, "受付PC、診察室PC", date(2026, 12, 1));
    o.change(&id, rename("受付PC", "受付1"), date(2026, 12, 2))
        .unwrap();
    o.change(&id, retire("診察室PC"), date(2026, 12, 2))
        .unwrap();
    let answer = |o: &mut Office, list: &str| {
        let pairs = vec![("terminals".to_string(), list.to_string())];
        operation::start_procedure(
            &mut o.store,
            &Env::embedded(date(2026, 12, 3)).unwrap(),
            &id,
            "certificate",
            &pairs,
            Role::Technician,
            now(),
        )
    };
    let err = answer(&mut o, "受付PC").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let issue = &err.report().unwrap().issues[0];
    assert_eq!(issue.code, "terminal-names.renamed");
    assert!(
        issue.message.contains("「受付1」と入力してください"),
        "{}",
        issue.message
    );
    let err = answer(&mut o, "受付1、診察室PC").unwrap_err();
    assert_eq!(
        err.report().unwrap().issues[0].code,
        "terminal-names.retired"
    );
    // The names in use are accepted.
    answer(&mut o, "受付1").unwrap();
    assert_eq!(o.names(&id, date(2026, 12, 3)), ["受付1"]);
}
