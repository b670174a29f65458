//! 書き出し・読み込み: clinics moved between PCs as a versioned JSON file, merged by identity —
//! the same file twice changes nothing, a real conflict is kept and shown as 問題あり, a bad
//! or newer file changes nothing.

use jiff::civil::date;
use onshi_core::checklist::{self, Env, Role, Status};
use onshi_core::store::transfer::FORMAT_VERSION;
use onshi_core::{Error, Store};
use proptest::prelude::*;
use serde_json::Value;

use crate::support::{add_clinic, answer, record_confirming, shokei_with_certificates};

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

/// The file without its time of writing: two exports of the same data compare equal.
fn export(store: &Store) -> Value {
    let mut v = store
        .export_clinics(&[], at("2026-12-07T00:00:00Z"))
        .unwrap();
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

/// A clinic with the オン資 application ready to be sent (its answers given).
fn ready_clinic(store: &mut Store, name: &str, code: &str) -> onshi_core::ClinicId {
    let id = add_clinic(store, name, "13", code);
    answer(
        store,
        &id,
        "oqs",
        &[("line", "ipsec"), ("planned-month", "2027-01")],
        date(2026, 12, 1),
    );
    id
}

#[test]
fn clinics_move_whole_and_the_same_file_twice_changes_nothing() {
    let a_dir = tempfile::tempdir().unwrap();
    let mut a = Store::open_dir(a_dir.path()).unwrap();
    shokei_with_certificates(&mut a, "承継した医院");
    ready_clinic(&mut a, "二軒目医院", "1000036");
    let file = a.export_clinics(&[], at("2026-12-07T00:00:00Z")).unwrap();
    assert_eq!(file["format"], "onshi-navi-clinics");
    assert_eq!(file["format_version"], FORMAT_VERSION);
    assert_eq!(file["clinics"].as_array().unwrap().len(), 2);

    let b_dir = tempfile::tempdir().unwrap();
    let mut b = Store::open_dir(b_dir.path()).unwrap();
    let report = b
        .import_clinics(&bytes(&file), at("2026-12-07T01:00:00Z"))
        .unwrap();
    assert_eq!(report.added, ["承継した医院", "二軒目医院"]);
    assert!(report.conflicts.is_empty() && report.skipped.is_empty());
    // Everything came: the two PCs now hold the same rows.
    assert_eq!(export(&b), export(&a));
    // And derive the same checklist.
    let env = Env::embedded(date(2026, 12, 28)).unwrap();
    for (ca, cb) in a.cases().unwrap().iter().zip(b.cases().unwrap().iter()) {
        assert_eq!(
            serde_json::to_value(checklist::status(&env, ca).unwrap()).unwrap(),
            serde_json::to_value(checklist::status(&env, cb).unwrap()).unwrap()
        );
    }

    // The same file again: nothing added, nothing changed.
    let again = b
        .import_clinics(&bytes(&file), at("2026-12-07T02:00:00Z"))
        .unwrap();
    assert!(
        again.added.is_empty() && again.merged.is_empty(),
        "{again:?}"
    );
    assert_eq!(again.rows_added, 0);
    assert!(again.already_here > 10, "{again:?}");
    assert_eq!(export(&b), export(&a));

    // One clinic only; an unknown one is refused.
    let one = a.cases().unwrap()[1].clinic.id.clone();
    let file = a
        .export_clinics(&[one], at("2026-12-07T00:00:00Z"))
        .unwrap();
    assert_eq!(file["clinics"].as_array().unwrap().len(), 1);
    assert_eq!(file["clinics"][0]["clinic"]["name"], "二軒目医院");
    let unknown = onshi_core::ClinicId::from_input("4fb03ab5-3bdf-4df3-9d55-76a4216c4d9a").unwrap();
    assert!(matches!(
        a.export_clinics(&[unknown], at("2026-12-07T00:00:00Z")),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn a_step_recorded_differently_on_two_pcs_is_kept_beside_the_log_and_shown_as_a_problem() {
    let a_dir = tempfile::tempdir().unwrap();
    let mut a = Store::open_dir(a_dir.path()).unwrap();
    let id = ready_clinic(&mut a, "食い違い医院", "1000036");
    let b_dir = tempfile::tempdir().unwrap();
    let mut b = Store::open_dir(b_dir.path()).unwrap();
    b.import_clinics(
        &bytes(&a.export_clinics(&[], at("2026-12-01T00:00:00Z")).unwrap()),
        at("2026-12-01T00:00:00Z"),
    )
    .unwrap();

    // Each PC records the application as sent, on different days.
    record_confirming(
        &mut a,
        &id,
        "oqs-submitted",
        date(2026, 12, 2),
        None,
        Role::Technician,
    )
    .unwrap();
    record_confirming(
        &mut b,
        &id,
        "oqs-submitted",
        date(2026, 12, 3),
        None,
        Role::Receptionist,
    )
    .unwrap();
    let from_a = bytes(&a.export_clinics(&[], at("2026-11-23T02:00:00Z")).unwrap());
    let report = b
        .import_clinics(&from_a, at("2026-11-23T02:00:00Z"))
        .unwrap();
    assert_eq!(report.merged, ["食い違い医院"]);
    assert_eq!(report.conflicts.len(), 1, "{report:?}");
    let c = &report.conflicts[0];
    assert_eq!(
        (c.local_date.as_str(), c.imported_date.as_str()),
        ("2026-12-03", "2026-12-02")
    );

    // Both records are kept: this PC's in the log, the other's whole beside it (in the log it
    // would become the latest and reopen the steps after it). The procedure is 問題あり and
    // says what differs and what to do.
    let case = b.case(&id).unwrap();
    let sent: Vec<_> = case
        .events
        .iter()
        .filter(|e| e.event_id == "oqs-submitted")
        .map(|e| e.date)
        .collect();
    assert_eq!(sent, [date(2026, 12, 3)]);
    assert_eq!(case.conflicts.len(), 1);
    assert_eq!(case.conflicts[0].imported_date, date(2026, 12, 2));
    // The same file again: the same conflict, not a second one.
    let again = b
        .import_clinics(&from_a, at("2026-11-23T03:00:00Z"))
        .unwrap();
    assert!(again.conflicts.is_empty(), "{again:?}");
    assert_eq!(b.case(&id).unwrap().conflicts.len(), 1);
    let env = Env::embedded(date(2026, 12, 7)).unwrap();
    let status = checklist::status(&env, &case).unwrap();
    let oqs = status.procedures.iter().find(|p| p.id == "oqs").unwrap();
    assert_eq!(oqs.status, Status::Problem);
    let reason = oqs.reason.as_deref().unwrap();
    assert!(
        reason.contains("2026年12月3日") && reason.contains("2026年12月2日"),
        "{reason}"
    );
    assert!(oqs.next_action.as_deref().unwrap().contains("もう一度記録"));

    // Undecided, the conflict travels on: a third PC reading this PC's file shows the same
    // problem with both dates, and reading it twice adds no second conflict.
    let from_b = bytes(&b.export_clinics(&[], at("2026-12-07T01:00:00Z")).unwrap());
    let c_dir = tempfile::tempdir().unwrap();
    let mut c = Store::open_dir(c_dir.path()).unwrap();
    let first = c
        .import_clinics(&from_b, at("2026-12-07T01:10:00Z"))
        .unwrap();
    assert_eq!(first.added, ["食い違い医院"]);
    assert_eq!(first.conflicts.len(), 1, "{first:?}");
    let on_c = c.case(&id).unwrap();
    let oqs_c = checklist::status(&env, &on_c)
        .unwrap()
        .procedures
        .into_iter()
        .find(|p| p.id == "oqs")
        .unwrap();
    assert_eq!(oqs_c.status, Status::Problem, "{oqs_c:?}");
    let reason_c = oqs_c.reason.unwrap();
    assert!(
        reason_c.contains("2026年12月3日") && reason_c.contains("2026年12月2日"),
        "{reason_c}"
    );
    let twice = c
        .import_clinics(&from_b, at("2026-12-07T01:20:00Z"))
        .unwrap();
    assert!(
        twice.conflicts.is_empty() && twice.merged.is_empty(),
        "{twice:?}"
    );
    assert_eq!(c.case(&id).unwrap().conflicts.len(), 1);
    // Read back on the PC that found it: already there.
    let back = b
        .import_clinics(
            &bytes(&c.export_clinics(&[], at("2026-12-07T01:30:00Z")).unwrap()),
            at("2026-12-07T01:30:00Z"),
        )
        .unwrap();
    assert!(back.conflicts.is_empty(), "{back:?}");
    assert_eq!(b.case(&id).unwrap().conflicts.len(), 1);

    // Back to the PC the other record came from: one disagreement there too, seen from its
    // side (its own record in the log, this PC's beside it) — not a mirrored second one.
    let on_a = a
        .import_clinics(&from_b, at("2026-12-07T01:40:00Z"))
        .unwrap();
    assert_eq!(on_a.conflicts.len(), 1, "{on_a:?}");
    assert_eq!(
        (
            on_a.conflicts[0].local_date.as_str(),
            on_a.conflicts[0].imported_date.as_str()
        ),
        ("2026-12-02", "2026-12-03")
    );
    let a_case = a.case(&id).unwrap();
    assert_eq!(a_case.conflicts.len(), 1);
    assert_eq!(a_case.conflicts[0].local_date, date(2026, 12, 2));

    // The person decides: the step recorded again here ends the problem.
    onshi_core::operation::record_event(
        &mut b,
        &Env::embedded(date(2026, 12, 7)).unwrap(),
        &id,
        "oqs-submitted",
        date(2026, 12, 2),
        date(2026, 12, 7),
        &checklist::Target::new(None, None, None),
        Role::Technician,
        at("2026-12-07T03:00:00Z"),
    )
    .unwrap();
    let status = checklist::status(&env, &b.case(&id).unwrap()).unwrap();
    let oqs = status.procedures.iter().find(|p| p.id == "oqs").unwrap();
    assert_ne!(oqs.status, Status::Problem, "{oqs:?}");
    // A decided conflict is not written again (the decision is in the log).
    let decided = b.export_clinics(&[], at("2026-12-07T04:00:00Z")).unwrap();
    assert!(
        decided["clinics"][0].get("conflicts").is_none(),
        "{decided}"
    );
}

#[test]
fn the_same_step_on_the_same_day_on_both_pcs_is_one_fact() {
    let a_dir = tempfile::tempdir().unwrap();
    let mut a = Store::open_dir(a_dir.path()).unwrap();
    let id = ready_clinic(&mut a, "同じ日医院", "1000036");
    let b_dir = tempfile::tempdir().unwrap();
    let mut b = Store::open_dir(b_dir.path()).unwrap();
    b.import_clinics(
        &bytes(&a.export_clinics(&[], at("2026-12-01T00:00:00Z")).unwrap()),
        at("2026-12-01T00:00:00Z"),
    )
    .unwrap();
    record_confirming(
        &mut a,
        &id,
        "oqs-submitted",
        date(2026, 12, 2),
        None,
        Role::Technician,
    )
    .unwrap();
    record_confirming(
        &mut b,
        &id,
        "oqs-submitted",
        date(2026, 12, 2),
        None,
        Role::Receptionist,
    )
    .unwrap();
    let report = b
        .import_clinics(
            &bytes(&a.export_clinics(&[], at("2026-12-03T00:00:00Z")).unwrap()),
            at("2026-12-03T00:00:00Z"),
        )
        .unwrap();
    assert!(report.conflicts.is_empty(), "{report:?}");
    let sent = b
        .case(&id)
        .unwrap()
        .events
        .iter()
        .filter(|e| e.event_id == "oqs-submitted")
        .count();
    assert_eq!(sent, 1);
}

#[test]
fn a_bad_newer_or_foreign_file_changes_nothing() {
    let a_dir = tempfile::tempdir().unwrap();
    let mut a = Store::open_dir(a_dir.path()).unwrap();
    ready_clinic(&mut a, "元の医院", "1000036");
    let good = a.export_clinics(&[], at("2026-12-07T00:00:00Z")).unwrap();
    let b_dir = tempfile::tempdir().unwrap();
    let mut b = Store::open_dir(b_dir.path()).unwrap();
    ready_clinic(&mut b, "こちらの医院", "0712362");
    let before = export(&b);

    let mut newer = good.clone();
    newer["format_version"] = Value::from(FORMAT_VERSION + 1);
    let err = b
        .import_clinics(&bytes(&newer), at("2026-12-07T01:00:00Z"))
        .unwrap_err();
    assert!(matches!(err, Error::TransferTooNew { .. }), "{err:?}");
    assert!(err.to_string().contains("更新してから"), "{err}");

    let mut missing_column = good.clone();
    missing_column["clinics"][0]["events"][0]
        .as_object_mut()
        .unwrap()
        .remove("date");
    let mut bad_value = good.clone();
    bad_value["clinics"][0]["clinic"]["tensu"] = Value::from("9");
    let mut bad_date = good.clone();
    bad_date["clinics"][0]["events"][0]["date"] = Value::from("2026-02-30");
    let mut other_clinic = good.clone();
    other_clinic["clinics"][0]["events"][0]["clinic_id"] =
        Value::from("4fb03ab5-3bdf-4df3-9d55-76a4216c4d9a");
    let mut foreign = good.clone();
    foreign["format"] = Value::from("something-else");
    for (what, file) in [
        ("missing column", bytes(&missing_column)),
        ("bad value", bytes(&bad_value)),
        ("bad date", bytes(&bad_date)),
        ("row of another clinic", bytes(&other_clinic)),
        ("foreign", bytes(&foreign)),
        ("not JSON", b"{\"format\": \"onshi-navi-cl".to_vec()),
    ] {
        let err = match b.import_clinics(&file, at("2026-12-07T01:00:00Z")) {
            Ok(report) => panic!("{what}: read ({report:?})"),
            Err(e) => e,
        };
        assert!(
            matches!(err, Error::TransferInvalid { .. }),
            "{what}: {err:?}"
        );
        assert!(err.to_string().contains("何も取り込んでいません"), "{err}");
        assert_eq!(export(&b), before, "{what}: nothing changed");
    }

    // A clinic whose code is another clinic's here: not read, and said.
    let mut same_code = good.clone();
    same_code["clinics"][0]["clinic"]["medical_code"] = Value::from("0712362");
    same_code["clinics"][0]["clinic"]["pref_code"] = Value::from("13");
    let mut c = Store::open_dir(tempfile::tempdir().unwrap().path()).unwrap();
    let cid = add_clinic(&mut c, "コードの同じ医院", "13", "0712362");
    let report = c
        .import_clinics(&bytes(&same_code), at("2026-12-07T01:00:00Z"))
        .unwrap();
    assert_eq!(report.skipped.len(), 1, "{report:?}");
    assert!(report.skipped[0].contains("コードの同じ医院"), "{report:?}");
    assert_eq!(c.list_clinics().unwrap().len(), 1);
    assert_eq!(c.list_clinics().unwrap()[0].id, cid);
}

/// Cases per property: 64 in CI; `ONSHI_FUZZ_CASES=N` for a long run (README: the importer
/// fuzzed for ten minutes).
fn fuzz_cases() -> u32 {
    std::env::var("ONSHI_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// Every leaf of a JSON value, as a JSON pointer.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                leaves(
                    x,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, format!("{at}/{i}"), out);
            }
        }
        _ => out.push(at),
    }
}

/// A rich file to damage: a 承継 with its certificates, terminals and code history.
fn rich_file() -> &'static Value {
    static FILE: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    FILE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut a = Store::open_dir(dir.path()).unwrap();
        shokei_with_certificates(&mut a, "壊す元の医院");
        let mut file = a.export_clinics(&[], at("2026-12-07T00:00:00Z")).unwrap();
        // An undecided conflict, as another PC writes one, so that its values are damaged too.
        let clinic = &mut file["clinics"][0];
        let id = clinic["clinic"]["id"].clone();
        let mut other = clinic["events"][0].clone();
        other["date"] = Value::from("2026-11-30");
        clinic["conflicts"] = serde_json::json!([{
            "clinic_id": id,
            "procedure_id": other["procedure_id"],
            "event_id": other["event_id"],
            "terminal": other["terminal"],
            "code": other["code"],
            "local_date": clinic["events"][0]["date"],
            "imported_date": "2026-11-30",
            "found_at": "2026-12-06T00:00:00Z",
            "imported_row": other.to_string(),
        }]);
        file
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases()))]

    /// A file whose values were changed (any leaf made null, empty, another type, an
    /// impossible date, a huge number, markup) is read whole or refused whole — never a
    /// panic — and what was read loads as the app loads it.
    #[test]
    fn a_file_with_changed_values_is_read_whole_or_refused_whole(
        picks in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..9), 1..4)
    ) {
        let mut file = rich_file().clone();
        let mut paths = Vec::new();
        leaves(&file, String::new(), &mut paths);
        for (index, kind) in picks {
            let path = index.get(&paths).clone();
            let replacement = match kind {
                0 => Value::Null,
                1 => Value::from(""),
                2 => Value::from(-1),
                3 => Value::from(i64::MAX),
                4 => Value::from("2026-02-30"),
                5 => Value::from("9"),
                6 => Value::from("#set text(red) <x> ' OR 1=1 --"),
                7 => serde_json::json!({"nested": [1, 2]}),
                _ => Value::from(true),
            };
            if let Some(slot) = file.pointer_mut(&path) {
                *slot = replacement;
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let mut b = Store::open_dir(dir.path()).unwrap();
        if b.import_clinics(&bytes(&file), at("2026-12-07T01:00:00Z")).is_ok() {
            for c in b.list_clinics().unwrap() {
                prop_assert!(b.case(&c.id).is_ok());
            }
        } else {
            prop_assert!(b.list_clinics().unwrap().is_empty(), "refused whole");
        }
    }

    /// A damaged file (cut short, bytes changed) is read or refused — never a panic, and the
    /// database still opens and checks afterwards.
    #[test]
    fn a_damaged_file_never_panics(cut in 0usize..4000, flips in proptest::collection::vec((0usize..4000, any::<u8>()), 0..8)) {
        let a_dir = tempfile::tempdir().unwrap();
        let mut a = Store::open_dir(a_dir.path()).unwrap();
        ready_clinic(&mut a, "壊れたファイル医院", "1000036");
        let mut file = bytes(&a.export_clinics(&[], at("2026-12-07T00:00:00Z")).unwrap());
        for (at_, byte) in flips {
            if !file.is_empty() {
                let i = at_ % file.len();
                file[i] = byte;
            }
        }
        file.truncate(cut.min(file.len()).max(file.len() / 2));
        let b_dir = tempfile::tempdir().unwrap();
        let mut b = Store::open_dir(b_dir.path()).unwrap();
        let _ = b.import_clinics(&file, at("2026-12-07T01:00:00Z"));
        drop(b);
        prop_assert!(Store::open_dir(b_dir.path()).is_ok());
    }
}
