//! バックアップ: checked copies of the database, rotated, and a restore that never leaves a
//! half-restored database.

use jiff::Timestamp;
use onshi_core::store::backup::{self, BACKUP_DIR};
use onshi_core::{Error, Store};

use crate::support::{add_clinic, clinic_names as names};

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn a_backup_is_a_checked_copy_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    add_clinic(&mut store, "一医院", "13", "1000036");
    add_clinic(&mut store, "二医院", "34", "0712362");
    let target = dir.path().join("copy.sqlite3");
    let info = store.backup_to(&target).unwrap();
    assert_eq!(info.clinics, 2);
    assert!(info.bytes > 0);
    assert_eq!(names(&Store::open(&target).unwrap()), ["一医院", "二医院"]);

    // The name is taken: refused, the file as it was.
    let before = std::fs::read(&target).unwrap();
    let err = store.backup_to(&target).unwrap_err();
    assert!(matches!(err, Error::BackupNotWritten { .. }), "{err:?}");
    assert!(err.to_string().contains("同じ名前"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), before);
    // A folder that does not exist: refused, nothing left behind.
    let err = store
        .backup_to(&dir.path().join("missing/copy.sqlite3"))
        .unwrap_err();
    assert!(err.to_string().contains("フォルダーがありません"), "{err}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn automatic_backups_come_at_most_hourly_and_old_ones_go() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    add_clinic(&mut store, "一医院", "13", "1000036");
    let t0 = at("2026-11-01T00:00:00Z");
    assert!(store.auto_backup(dir.path(), t0).unwrap().is_some());
    assert!(
        store
            .auto_backup(dir.path(), at("2026-11-01T00:59:00Z"))
            .unwrap()
            .is_none(),
        "within the hour"
    );
    // One a day for three weeks.
    for day in 1..=21 {
        let t = at(&format!("2026-11-{:02}T01:00:00Z", day));
        assert!(
            store.auto_backup(dir.path(), t).unwrap().is_some(),
            "day {day}"
        );
    }
    let kept = backup::list_auto(&dir.path().join(BACKUP_DIR)).unwrap();
    // 14 days back from 11/21 01:00: 11/7 01:00 onwards (15 files).
    assert_eq!(kept.len(), 15, "{kept:?}");
    assert_eq!(kept[0].0, at("2026-11-07T01:00:00Z"));
    for (_, path) in &kept {
        assert_eq!(backup::check_backup(path).unwrap().clinics, 1);
    }
    // A month without use: the newest three stay, however old.
    backup::prune(&dir.path().join(BACKUP_DIR), at("2027-03-01T00:00:00Z")).unwrap();
    assert_eq!(
        backup::list_auto(&dir.path().join(BACKUP_DIR))
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn a_restore_replaces_the_database_and_keeps_the_old_one_aside() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let saved = dir.path().join("saved.sqlite3");
    {
        let mut store = Store::open_dir(&data).unwrap();
        add_clinic(&mut store, "一医院", "13", "1000036");
        store.backup_to(&saved).unwrap();
        add_clinic(&mut store, "あとから医院", "34", "0712362");
    }
    let done = backup::restore(&data, &saved, at("2026-12-07T03:00:00Z")).unwrap();
    assert_eq!(done.clinics, 1);
    assert_eq!(names(&Store::open_dir(&data).unwrap()), ["一医院"]);
    // The replaced database, with what was added after the backup, is kept.
    let aside = done.kept_aside.expect("kept aside");
    assert!(
        aside
            .to_string_lossy()
            .contains("before-restore-20261207T030000Z")
    );
    assert_eq!(
        names(&Store::open(&aside).unwrap()),
        ["あとから医院", "一医院"]
    );
}

#[test]
fn a_bad_backup_or_a_busy_database_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let good = dir.path().join("good.sqlite3");
    {
        let mut store = Store::open_dir(&data).unwrap();
        add_clinic(&mut store, "一医院", "13", "1000036");
        store.backup_to(&good).unwrap();
    }
    let db = data.join(onshi_core::store::DB_FILE_NAME);
    let before = std::fs::read(&db).unwrap();

    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"not a database at all, just text").unwrap();
    let truncated = dir.path().join("truncated.sqlite3");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let foreign = dir.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); PRAGMA user_version=1;")
        .unwrap();
    let newer = dir.path().join("newer.sqlite3");
    std::fs::copy(&good, &newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version=999;")
        .unwrap();
    for (file, why) in [
        (&garbage, "データベースのファイルではありません"),
        (&truncated, ""),
        (&foreign, "オン資ナビのデータベースではありません"),
        (&newer, "新しいバージョン"),
        (&dir.path().join("none.sqlite3"), "見つかりません"),
    ] {
        let err = backup::restore(&data, file, at("2026-12-07T03:00:00Z")).unwrap_err();
        assert!(
            matches!(err, Error::BackupInvalid { .. }),
            "{file:?}: {err:?}"
        );
        assert!(err.to_string().contains(why), "{err}");
        assert!(err.to_string().contains("今のデータはそのままです"));
        assert_eq!(std::fs::read(&db).unwrap(), before, "{file:?}");
    }

    // Another program is writing: refused before anything moves.
    let other = rusqlite::Connection::open(&db).unwrap();
    other.execute_batch("BEGIN IMMEDIATE;").unwrap();
    let err = backup::restore(&data, &good, at("2026-12-07T03:00:00Z")).unwrap_err();
    assert!(matches!(err, Error::StorageBusy), "{err:?}");
    other.execute_batch("ROLLBACK;").unwrap();
    drop(other);
    let files: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        files
            .iter()
            .all(|f| !f.contains("before-restore") && !f.contains(".tmp")),
        "{files:?}"
    );
    assert_eq!(names(&Store::open_dir(&data).unwrap()), ["一医院"]);
}
