//! Builders and fixed inputs shared by the core tests. No test reads the real clock.

use onshi_core::NewClinicForm;

/// A fixed "now" so stored timestamps are predictable.
pub fn now() -> jiff::Timestamp {
    "2026-11-23T01:00:00Z".parse().unwrap()
}

/// The MHLW worked example (domain.md §1.2): 広島県 (34), 医科 (1), 0712362.
pub fn form() -> NewClinicForm {
    NewClinicForm {
        name: "テスト内科クリニック".into(),
        prefecture: "34".into(),
        score_table: "1".into(),
        medical_code: "0712362".into(),
    }
}

/// Records an event as a user of the wizard would: when the step's guarded choices are not
/// confirmed yet, confirms them (the gate itself is tested in `wizard.rs`) and records again.
pub fn record_confirming(
    store: &mut onshi_core::Store,
    id: &onshi_core::ClinicId,
    event: &str,
    on: jiff::civil::Date,
    terminal: Option<&str>,
    role: onshi_core::checklist::Role,
) -> onshi_core::Result<()> {
    use onshi_core::operation;
    let env = onshi_core::checklist::Env::embedded(on)?;
    let target = onshi_core::checklist::Target::new(terminal, None, None);
    let attempt = |store: &mut onshi_core::Store| {
        operation::record_event(store, &env, id, event, on, on, &target, role, now())
    };
    match attempt(store) {
        Err(e) if e.kind() == onshi_core::ErrorKind::ConfirmationRequired => {
            for d in e.data().confirmations {
                operation::confirm(
                    store,
                    &env,
                    id,
                    &d.procedure_id,
                    &d.danger_id,
                    terminal,
                    role,
                    now(),
                )?;
            }
            attempt(store).map(|_| ())
        }
        other => other.map(|_| ()),
    }
}

/// `key=value` answers as the operations take them.
pub fn pairs(answers: &[(&str, &str)]) -> Vec<(String, String)> {
    answers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Adds a 医科 clinic named `name` in `pref` with `code`.
pub fn add_clinic(
    store: &mut onshi_core::Store,
    name: &str,
    pref: &str,
    code: &str,
) -> onshi_core::ClinicId {
    let (c, _) = NewClinicForm {
        name: name.into(),
        prefecture: pref.into(),
        score_table: "1".into(),
        medical_code: code.into(),
    }
    .validate()
    .unwrap();
    store.add_clinic(&c, now()).unwrap().id
}

/// Starts (or re-answers) a procedure on `on`, as the technician.
pub fn answer(
    store: &mut onshi_core::Store,
    id: &onshi_core::ClinicId,
    procedure: &str,
    answers: &[(&str, &str)],
    on: jiff::civil::Date,
) {
    onshi_core::operation::start_procedure(
        store,
        &onshi_core::checklist::Env::embedded(on).unwrap(),
        id,
        procedure,
        &pairs(answers),
        onshi_core::checklist::Role::Technician,
        now(),
    )
    .unwrap();
}

/// A 承継 (0712362 → 0712370, 広島県) with two terminals, 受付PC and 診察室PC, as the
/// receptionist does it: sent 12/1, both mails, the switch on 12/22, both certificates applied
/// for on 12/25 under the new code (the 通知書 is due around 2027/1/7, across 年末年始).
pub fn shokei_with_certificates(store: &mut onshi_core::Store, name: &str) -> onshi_core::ClinicId {
    use jiff::civil::date;
    use onshi_core::checklist::{Env, Role};
    let id = add_clinic(store, name, "34", "0712362");
    let env = Env::embedded(date(2026, 12, 1)).unwrap();
    onshi_core::operation::start_situation(
        store,
        &env,
        &id,
        "shokei",
        &pairs(&[
            ("new-code", "0712370"),
            ("oqs-applied", "yes"),
            ("terminals", "受付PC、診察室PC"),
        ]),
        Role::Receptionist,
        now(),
    )
    .unwrap();
    onshi_core::operation::start_procedure(
        store,
        &env,
        &id,
        "shokei",
        &pairs(&[
            ("opening-date", "2026-12-01"),
            ("owner-name", "医療法人テスト会"),
        ]),
        Role::Receptionist,
        now(),
    )
    .unwrap();
    let mut record = |event: &str, on, terminal| {
        record_confirming(store, &id, event, on, terminal, Role::Receptionist)
            .unwrap_or_else(|e| panic!("{event} on {on}: {e}"));
    };
    record("shokei-submitted", date(2026, 12, 1), None);
    record("shokei-mail-1", date(2026, 12, 8), None);
    record("shokei-mail-2", date(2026, 12, 22), None);
    onshi_core::operation::switch_code(
        store,
        &Env::embedded(date(2026, 12, 22)).unwrap(),
        &id,
        Role::Receptionist,
        now(),
    )
    .unwrap();
    for t in ["受付PC", "診察室PC"] {
        record_confirming(
            store,
            &id,
            "certificate-submitted",
            date(2026, 12, 25),
            Some(t),
            Role::Receptionist,
        )
        .unwrap();
    }
    id
}

/// The clinics' names, sorted (what a restore or an import is checked by).
pub fn clinic_names(store: &onshi_core::Store) -> Vec<String> {
    let mut n: Vec<String> = store
        .list_clinics()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    n.sort();
    n
}
