//! The clinic database on disk (real SQLite files in temp dirs, no mocks).

use onshi_core::store::{DB_FILE_NAME, SCHEMA_VERSION};
use onshi_core::{ErrorKind, NewClinicForm, Store};

use crate::support::{form, now};

fn add(store: &mut Store, f: NewClinicForm) -> onshi_core::Clinic {
    let (clinic, _) = f.validate().unwrap();
    store.add_clinic(&clinic, now()).unwrap()
}

#[test]
fn a_new_store_starts_empty_at_the_current_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(&dir.path().join("nested/data")).unwrap();
    assert!(store.list_clinics().unwrap().is_empty());
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn clinics_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let saved = {
        let mut store = Store::open_dir(dir.path()).unwrap();
        add(&mut store, form())
    };
    let store = Store::open_dir(dir.path()).unwrap();
    let clinics = store.list_clinics().unwrap();
    assert_eq!(clinics, vec![saved.clone()]);
    assert_eq!(clinics[0].full_code().to_string(), "3410712362");
    assert_eq!(clinics[0].created_at, "2026-11-23T01:00:00Z");
    assert_eq!(store.clinic(&saved.id).unwrap(), saved);
}

#[test]
fn the_database_uses_wal_and_full_sync() {
    let dir = tempfile::tempdir().unwrap();
    let _store = Store::open_dir(dir.path()).unwrap();
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE_NAME)).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal", "WAL is persistent in the file once set");
}

#[test]
fn the_same_code_cannot_be_registered_twice() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    add(&mut store, form());
    let (again, _) = NewClinicForm {
        name: "別名".into(),
        ..form()
    }
    .validate()
    .unwrap();
    let err = store.add_clinic(&again, now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Duplicate);
    assert!(err.to_string().contains("テスト内科クリニック"), "{err}");
    assert_eq!(store.list_clinics().unwrap().len(), 1, "nothing stored");
}

#[test]
fn a_dental_code_beside_a_medical_one_is_fine() {
    // 医科歯科併設: same 7 digits under 点数表 1 and 3 are two different codes.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    add(&mut store, form());
    add(
        &mut store,
        NewClinicForm {
            score_table: "3".into(),
            medical_code: "0712360".into(),
            ..form()
        },
    );
    assert_eq!(store.list_clinics().unwrap().len(), 2);
}

#[test]
fn a_garbage_file_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    let garbage: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StorageCorrupt, "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage, "never overwritten");
    assert!(
        !err.to_string().contains(dir.path().to_str().unwrap()),
        "no paths in messages"
    );
}

#[test]
fn a_damaged_database_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    {
        let mut store = Store::open(&path).unwrap();
        for i in 0..200 {
            let (c, _) = NewClinicForm {
                name: format!("医院{i}"),
                medical_code: format!("{:06}0", i),
                ..form()
            }
            .validate()
            .unwrap();
            store.add_clinic(&c, now()).unwrap();
        }
    }
    // Fold the WAL into the main file, then smash a page in the middle of the table.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
        .unwrap();
    drop(conn);
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 4096 * 3, "needs several pages");
    for b in &mut bytes[4096..4096 + 3000] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StorageCorrupt, "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "never overwritten");
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        // A newer Onshi Navi still has the clinics table (every version does).
        conn.execute_batch(
            "CREATE TABLE clinics (id TEXT); CREATE TABLE future (x); PRAGMA user_version = 99;",
        )
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StorageTooNew);
    assert!(err.to_string().contains("99"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn two_handles_on_one_file_see_each_others_commits() {
    // The CLI may run while the app is open: WAL lets both work on the same file.
    let dir = tempfile::tempdir().unwrap();
    let mut a = Store::open_dir(dir.path()).unwrap();
    let b = Store::open_dir(dir.path()).unwrap();
    add(&mut a, form());
    assert_eq!(b.list_clinics().unwrap().len(), 1);
}

/// The v1 schema exactly as the first release wrote it (a fixture: never edit it).
const V1_SCHEMA: &str = "CREATE TABLE clinics (
        id            TEXT PRIMARY KEY NOT NULL,
        name          TEXT NOT NULL,
        pref_code     TEXT NOT NULL CHECK (length(pref_code) = 2),
        tensu         TEXT NOT NULL CHECK (tensu IN ('1', '3', '4', '6')),
        medical_code  TEXT NOT NULL CHECK (length(medical_code) = 7),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX clinics_full_code ON clinics (pref_code, tensu, medical_code);
    INSERT INTO clinics VALUES ('6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', '旧版医院', '34', '1',
        '0712362', '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z');
    PRAGMA user_version = 1;";

#[test]
fn a_v1_database_is_migrated_after_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(V1_SCHEMA)
        .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let clinics = store.list_clinics().unwrap();
    assert_eq!(clinics.len(), 1);
    assert_eq!(clinics[0].name, "旧版医院");
    assert_eq!(
        store.profile(&clinics[0].id).unwrap(),
        onshi_core::profile::ClinicProfile::default()
    );
    // The copy made before migrating is a complete v1 database.
    let backup = dir.path().join(format!("{DB_FILE_NAME}.v1.bak"));
    let old = rusqlite::Connection::open(&backup).unwrap();
    let v: i64 = old
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let n: i64 = old
        .query_row("SELECT count(*) FROM clinics", [], |r| r.get(0))
        .unwrap();
    assert_eq!((v, n), (1, 1));
}

#[test]
fn a_profile_is_saved_and_survives_a_restart() {
    use onshi_core::profile::ClinicProfile;
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let mut store = Store::open_dir(dir.path()).unwrap();
        let clinic = add(&mut store, form());
        let profile = ClinicProfile {
            postal_code: "7300011".into(),
            address: "広島県広島市中区基町".into(),
            address_kana: "ヒロシマケンヒロシマシナカクモトマチ".into(),
            phone: "0821234567".into(),
            contact_person: "受付 花子".into(),
            paired_code: "0712370".into(),
        };
        store
            .update_profile_with(&clinic.id, now(), |_, _| Ok(profile.clone()))
            .unwrap();
        clinic.id
    };
    let store = Store::open_dir(dir.path()).unwrap();
    assert_eq!(store.profile(&id).unwrap().address, "広島県広島市中区基町");
}

#[test]
fn saving_a_profile_for_an_unknown_clinic_is_not_found_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let ghost = onshi_core::ClinicId::parse("00000000-0000-4000-8000-000000000000").unwrap();
    let err = store
        .update_profile_with(&ghost, now(), |_, _| Ok(Default::default()))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(
        store.profile(&ghost).unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

/// The v2 schema (profiles, before procedures and events) as release 0.1 wrote it: a fixture.
const V2_SCHEMA: &str = "CREATE TABLE clinics (
        id            TEXT PRIMARY KEY NOT NULL,
        name          TEXT NOT NULL,
        pref_code     TEXT NOT NULL CHECK (length(pref_code) = 2),
        tensu         TEXT NOT NULL CHECK (tensu IN ('1', '3', '4', '6')),
        medical_code  TEXT NOT NULL CHECK (length(medical_code) = 7),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
    , profile TEXT NOT NULL DEFAULT '{}') STRICT;
    CREATE UNIQUE INDEX clinics_full_code ON clinics (pref_code, tensu, medical_code);
    INSERT INTO clinics VALUES ('6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', '旧版医院', '34', '1',
        '0712362', '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z',
        '{\"postalCode\":\"7300011\",\"phone\":\"0821234567\"}');
    PRAGMA user_version = 2;";

#[test]
fn a_v2_database_gains_the_checklist_and_keeps_its_profiles() {
    use onshi_core::checklist::{self, Env, Role, Status};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(V2_SCHEMA)
        .unwrap();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(dir.path().join(format!("{DB_FILE_NAME}.v2.bak")).exists());
    let id = onshi_core::ClinicId::parse("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f").unwrap();
    assert_eq!(store.profile(&id).unwrap().phone, "0821234567");

    let rules = onshi_core::timeline::Rules::embedded().unwrap();
    let env = Env {
        catalog: onshi_core::procedure::Catalog::embedded().unwrap(),
        rules: &rules,
        calendar: onshi_core::calendar::Calendar::embedded(),
        today: jiff::civil::date(2026, 12, 1),
    };
    // The form's answers and confirmations, as the wizard asks for them before the record.
    store
        .start_procedure(&id, Role::Technician, now(), env.today, |case| {
            let answers = [
                ("line".to_string(), "ipsec".to_string()),
                ("planned-month".to_string(), "2027-01".to_string()),
            ];
            checklist::plan_start(&env, case, "oqs", &answers)
        })
        .unwrap();
    store
        .record_event(
            &id,
            Role::Technician,
            now(),
            "oqs-submitted",
            env.today,
            |case| {
                checklist::plan_event(&env, case, "oqs-submitted", env.today, &Default::default())
            },
        )
        .unwrap();
    let st = checklist::status(&env, &store.case(&id).unwrap()).unwrap();
    assert_eq!(
        st.procedures.iter().find(|p| p.id == "oqs").unwrap().status,
        Status::Waiting
    );
}

#[test]
fn a_corrupt_database_is_refused_before_any_checklist_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    std::fs::write(
        &path,
        b"this is not SQLite, just a file with the right name........",
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StorageCorrupt);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "left exactly as it was"
    );
}

/// Runs `first` on its own connection in a thread and, once it is inside its write
/// transaction (it calls the given `inside`), runs `second` here on another connection.
fn while_another_writer_holds(
    dir: &std::path::Path,
    first: impl FnOnce(&mut Store, &dyn Fn()) + Send + 'static,
    second: impl FnOnce(&mut Store),
) {
    let (inside, first_is_inside) = std::sync::mpsc::channel();
    let thread = {
        let dir = dir.to_path_buf();
        std::thread::spawn(move || {
            let mut store = Store::open_dir(&dir).unwrap();
            first(&mut store, &|| {
                inside.send(()).unwrap();
                // Hold the write transaction while the second writer starts.
                std::thread::sleep(std::time::Duration::from_millis(300));
            });
        })
    };
    first_is_inside.recv().unwrap();
    second(&mut Store::open_dir(dir).unwrap());
    thread.join().unwrap();
}

/// Invariant: a read-modify-write is one IMMEDIATE transaction. Two writers (the app and the
/// CLI) change different fields of one profile at the same time: the second waits for the
/// first, reads what the first wrote, and keeps it — nothing is lost to a stale read.
#[test]
fn two_concurrent_profile_writers_both_keep_their_change() {
    use onshi_core::operation;
    use onshi_core::postal::PostalTable;
    use onshi_core::profile::ProfileChanges;

    let dir = tempfile::tempdir().unwrap();
    let id = add(&mut Store::open_dir(dir.path()).unwrap(), form()).id;
    let first_id = id.clone();
    while_another_writer_holds(
        dir.path(),
        move |store, inside| {
            store
                .update_profile_with(&first_id, now(), |_, stored| {
                    let mut p = stored.clone();
                    p.phone = "0821234567".into();
                    inside();
                    Ok(p)
                })
                .unwrap();
        },
        |store| {
            let changes = ProfileChanges {
                address: Some("広島県広島市中区基町".into()),
                ..Default::default()
            };
            let postal = PostalTable::embedded().unwrap();
            let (second, _) =
                operation::update_profile(store, &id, &changes, postal, now()).unwrap();
            assert_eq!(second.phone, "0821234567", "the second saw the first");
        },
    );
    let stored = Store::open_dir(dir.path()).unwrap().profile(&id).unwrap();
    assert_eq!(stored.phone, "0821234567");
    assert_eq!(stored.address, "広島県広島市中区基町");
}

/// The same for the clinic itself: `clinic update --name` while another writer changes the code.
#[test]
fn two_concurrent_clinic_writers_both_keep_their_change() {
    use onshi_core::{ClinicChanges, operation};

    let dir = tempfile::tempdir().unwrap();
    let id = add(&mut Store::open_dir(dir.path()).unwrap(), form()).id;
    let first_id = id.clone();
    while_another_writer_holds(
        dir.path(),
        move |store, inside| {
            store
                .update_clinic_with(&first_id, now(), |current| {
                    let changes = ClinicChanges {
                        medical_code: Some("0712370".into()),
                        ..Default::default()
                    };
                    let (clinic, _) = NewClinicForm::merged(current, &changes).validate()?;
                    inside();
                    Ok(clinic)
                })
                .unwrap();
        },
        |store| {
            let changes = ClinicChanges {
                name: Some("山田内科クリニック".into()),
                ..Default::default()
            };
            let (second, _) = operation::update_clinic(store, &id, &changes, now()).unwrap();
            assert_eq!(
                second.medical_code.as_str(),
                "0712370",
                "the second saw the first"
            );
        },
    );
    let stored = Store::open_dir(dir.path()).unwrap().clinic(&id).unwrap();
    assert_eq!(stored.name, "山田内科クリニック");
    assert_eq!(stored.medical_code.as_str(), "0712370");
}

#[test]
fn the_revision_changes_with_every_write_here_or_in_another_process() {
    use onshi_core::Repository;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let before = store.revision().unwrap();
    // Reads leave it alone.
    store.list_clinics().unwrap();
    store.cases().unwrap();
    assert_eq!(store.revision().unwrap(), before);
    // A write through this store changes it.
    let added = add(&mut store, form());
    let after_own = store.revision().unwrap();
    assert_ne!(after_own, before);
    // A commit through another connection (the CLI beside the app) changes it too.
    let mut other = Store::open_dir(dir.path()).unwrap();
    onshi_core::operation::change_terminal(
        &mut other,
        &added.id,
        &onshi_core::terminal_register::TerminalRequest::Add {
            name: "受付PC".into(),
        },
        jiff::civil::date(2026, 12, 1),
        onshi_core::checklist::Role::Technician,
        now(),
    )
    .unwrap();
    assert_ne!(Repository::revision(&store).unwrap(), after_own);
}
