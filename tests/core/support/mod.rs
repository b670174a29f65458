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
