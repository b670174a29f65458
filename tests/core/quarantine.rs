//! 隔離: a damaged, truncated or foreign database file is renamed and kept, the folder refuses
//! to open (never an empty database in its place) until a backup is put back or a person
//! chooses empty data.

use jiff::Timestamp;
use onshi_core::store::app_lock::AppLock;
use onshi_core::store::quarantine::{self, QUARANTINE_NOTE, open_or_quarantine, quarantined};
use onshi_core::store::{DB_FILE_NAME, backup};
use onshi_core::{Error, ErrorKind, Store};

use crate::support::{add_clinic, clinic_names};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// A data folder with two clinics and an automatic backup of them.
fn folder_with_a_backup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    add_clinic(&mut store, "一医院", "13", "1000036");
    add_clinic(&mut store, "二医院", "34", "0712362");
    store
        .auto_backup(dir.path(), at("2026-12-06T23:00:00Z"))
        .unwrap()
        .expect("written");
    dir
}

/// The files in `dir` whose names contain `part` (not the journals beside them).
fn files_with(dir: &std::path::Path, part: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.contains(part) && !name.ends_with("-wal") && !name.ends_with("-shm")
        })
        .collect();
    out.sort();
    out
}

/// Each way a file goes bad: its bytes after the damage.
fn damage(kind: &str, db: &std::path::Path) -> Vec<u8> {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    match kind {
        "garbage" => {
            let bytes: Vec<u8> = (0..32 * 1024).map(|i| (i * 13 % 251) as u8).collect();
            std::fs::write(db, &bytes).unwrap();
        }
        "truncated" => {
            let bytes = std::fs::read(db).unwrap();
            std::fs::write(db, &bytes[..bytes.len() / 2]).unwrap();
        }
        "foreign" => {
            std::fs::remove_file(db).unwrap();
            let conn = rusqlite::Connection::open(db).unwrap();
            conn.execute_batch(
                "PRAGMA journal_mode=DELETE; CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT);
                 INSERT INTO photos (path) VALUES ('a.jpg');",
            )
            .unwrap();
        }
        other => panic!("no damage {other}"),
    }
    std::fs::read(db).unwrap()
}

#[test]
fn a_damaged_truncated_or_foreign_file_is_kept_renamed_and_a_backup_brings_the_clinics_back() {
    for kind in ["garbage", "truncated", "foreign"] {
        let dir = folder_with_a_backup();
        let db = dir.path().join(DB_FILE_NAME);
        let bytes = damage(kind, &db);

        let err = open_or_quarantine(dir.path(), at("2026-12-07T01:02:03Z"), None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::StorageCorrupt, "{kind}: {err:?}");
        let Error::StorageQuarantined {
            kept_as,
            latest_backup,
            ..
        } = &err
        else {
            panic!("{kind}: quarantined, not {err:?}");
        };
        assert_eq!(
            kept_as, "onshi-navi.sqlite3.damaged-20261207T010203Z",
            "{kind}"
        );
        let message = err.to_string();
        assert!(message.contains(kept_as.as_str()), "{message}");
        assert!(
            message.contains(latest_backup.as_deref().expect("a backup is offered")),
            "{kind}: the message names the backup: {message}"
        );
        // Kept byte for byte under its new name; nothing in its place.
        assert_eq!(
            std::fs::read(dir.path().join(kept_as)).unwrap(),
            bytes,
            "{kind}"
        );
        assert!(!db.exists(), "{kind}: no empty database in its place");

        // Asking again (the next command, the next start) does not create one either.
        let again = open_or_quarantine(dir.path(), at("2026-12-07T01:05:00Z"), None).unwrap_err();
        assert!(
            matches!(again, Error::StorageQuarantined { .. }),
            "{kind}: {again:?}"
        );
        assert!(!db.exists(), "{kind}");
        assert_eq!(
            files_with(dir.path(), ".damaged-").len(),
            1,
            "{kind}: one kept file"
        );

        // The backup the message offers brings the clinics back and ends the quarantine.
        let (_, offered) = quarantined(dir.path())
            .unwrap()
            .unwrap()
            .latest_backup
            .unwrap();
        let done = backup::restore(dir.path(), &offered, at("2026-12-07T01:10:00Z")).unwrap();
        assert_eq!(done.clinics, 2, "{kind}");
        assert!(!dir.path().join(QUARANTINE_NOTE).exists(), "{kind}");
        let store = open_or_quarantine(dir.path(), at("2026-12-07T01:11:00Z"), None).unwrap();
        assert_eq!(clinic_names(&store), ["一医院", "二医院"], "{kind}");
        assert_eq!(
            std::fs::read(dir.path().join(kept_as)).unwrap(),
            bytes,
            "{kind}: still kept"
        );
    }
}

#[test]
fn empty_data_is_only_a_persons_choice_and_the_kept_file_stays() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE_NAME);
    std::fs::write(&db, b"not a database at all, and no backup either").unwrap();
    let err = open_or_quarantine(dir.path(), at("2026-12-07T01:02:03Z"), None).unwrap_err();
    let Error::StorageQuarantined { latest_backup, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(latest_backup, &None);
    assert!(
        err.to_string().contains("バックアップがありません"),
        "{err}"
    );

    quarantine::start_empty(dir.path()).unwrap();
    let mut store = open_or_quarantine(dir.path(), at("2026-12-07T01:03:00Z"), None).unwrap();
    assert!(store.list_clinics().unwrap().is_empty());
    add_clinic(&mut store, "新しい医院", "13", "1000036");
    assert_eq!(
        std::fs::read(&files_with(dir.path(), ".damaged-")[0]).unwrap(),
        b"not a database at all, and no backup either"
    );
}

#[test]
fn a_journal_goes_with_its_file_and_a_second_quarantine_does_not_overwrite_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE_NAME);
    // Longer than SQLite's header, so that it is read (and refused) as it is.
    let first = [b"first damaged file".repeat(300)].concat();
    std::fs::write(&db, &first).unwrap();
    std::fs::write(format!("{}-wal", db.display()), b"its journal").unwrap();
    let now = at("2026-12-07T01:02:03Z");
    open_or_quarantine(dir.path(), now, None).unwrap_err();
    assert_eq!(
        std::fs::read(
            dir.path()
                .join("onshi-navi.sqlite3.damaged-20261207T010203Z-wal")
        )
        .unwrap(),
        b"its journal"
    );
    assert!(!std::path::Path::new(&format!("{}-wal", db.display())).exists());

    // A second bad file in the same second gets its own name.
    std::fs::write(&db, b"second damaged file").unwrap();
    open_or_quarantine(dir.path(), now, None).unwrap_err();
    let kept = files_with(dir.path(), ".damaged-");
    let contents: Vec<Vec<u8>> = kept.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert_eq!(contents.len(), 2, "{kept:?}");
    assert!(contents.contains(&first));
    assert!(contents.contains(&b"second damaged file".to_vec()));
}

#[test]
fn a_newer_database_is_reported_not_moved() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("CREATE TABLE clinics (id TEXT); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let err = open_or_quarantine(dir.path(), at("2026-12-07T01:02:03Z"), None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StorageTooNew, "{err:?}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(files_with(dir.path(), ".damaged-").is_empty());
}

#[test]
fn a_file_cut_to_nothing_is_quarantined_when_there_was_data_and_used_when_there_was_none() {
    // Backups were made of it: an empty file now is a loss, not a new database.
    let dir = folder_with_a_backup();
    let db = dir.path().join(DB_FILE_NAME);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::write(&db, b"").unwrap();
    let err = open_or_quarantine(dir.path(), at("2026-12-07T01:02:03Z"), None).unwrap_err();
    assert!(matches!(err, Error::StorageQuarantined { .. }), "{err:?}");
    assert!(!db.exists());

    // A fresh folder where a crash left an empty file right after creating it: simply used.
    let fresh = tempfile::tempdir().unwrap();
    std::fs::write(fresh.path().join(DB_FILE_NAME), b"").unwrap();
    let store = open_or_quarantine(fresh.path(), at("2026-12-07T01:02:03Z"), None).unwrap();
    assert!(store.list_clinics().unwrap().is_empty());
}

#[test]
fn another_programs_database_with_a_version_is_quarantined_not_called_newer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE_NAME);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode=DELETE; CREATE TABLE notes (t TEXT); PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let err = open_or_quarantine(dir.path(), at("2026-12-07T01:02:03Z"), None).unwrap_err();
    assert!(matches!(err, Error::StorageQuarantined { .. }), "{err:?}");
    assert_eq!(
        std::fs::read(&files_with(dir.path(), ".damaged-")[0]).unwrap(),
        before
    );
}

#[test]
fn while_the_window_holds_the_folder_a_command_only_reports_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE_NAME);
    let garbage = b"damaged while the window is open".repeat(200);
    std::fs::write(&db, &garbage).unwrap();
    // The window's lock (another open file description: as another process would hold it).
    let window = AppLock::hold(dir.path()).unwrap();
    let err = open_or_quarantine(dir.path(), at("2026-12-07T01:02:03Z"), None).unwrap_err();
    assert!(matches!(err, Error::StorageCorrupt { .. }), "{err:?}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        garbage,
        "not moved under the window"
    );
    assert!(files_with(dir.path(), ".damaged-").is_empty());
    // The window itself (holding the lock) moves it.
    let err =
        open_or_quarantine(dir.path(), at("2026-12-07T01:02:04Z"), Some(&window)).unwrap_err();
    assert!(matches!(err, Error::StorageQuarantined { .. }), "{err:?}");
    assert!(!db.exists());
}

#[test]
fn a_journal_left_behind_by_a_quarantine_cut_short_follows_the_kept_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE_NAME);
    // The main file had moved and the note was written; the journal had not moved yet.
    let kept = "onshi-navi.sqlite3.damaged-20261207T010203Z";
    std::fs::write(dir.path().join(kept), b"the damaged file").unwrap();
    std::fs::write(dir.path().join(QUARANTINE_NOTE), format!("{kept}\n")).unwrap();
    std::fs::write(format!("{}-wal", db.display()), b"its journal").unwrap();
    let err = open_or_quarantine(dir.path(), at("2026-12-07T02:00:00Z"), None).unwrap_err();
    assert!(matches!(err, Error::StorageQuarantined { .. }), "{err:?}");
    assert!(!std::path::Path::new(&format!("{}-wal", db.display())).exists());
    assert_eq!(
        std::fs::read(dir.path().join(format!("{kept}-wal"))).unwrap(),
        b"its journal"
    );
    // Empty data then starts clean: no journal meets the new database.
    quarantine::start_empty(dir.path()).unwrap();
    let store = open_or_quarantine(dir.path(), at("2026-12-07T02:01:00Z"), None).unwrap();
    assert!(store.list_clinics().unwrap().is_empty());
}
