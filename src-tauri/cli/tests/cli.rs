//! The `onshi` command line as other tools use it: exact JSON, exit codes 0/1/2, Japanese errors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs `onshi` on `dir`. Events get a fixed `--today` unless a test gives one: the CLI refuses
/// events after today, and these tests must not depend on the real clock.
fn onshi(dir: &Path, args: &[&str]) -> Output {
    let mut args: Vec<&str> = args.to_vec();
    if args.first() == Some(&"event") && !args.contains(&"--today") {
        args.extend(["--today", "2027-12-31"]);
    }
    let args = &args[..];
    Command::new(env!("CARGO_BIN_EXE_onshi"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("onshi runs")
}

fn stdout_json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Gives the オン資 利用申請 the answers its form types (a line without guarded choices), as the
/// wizard asks for them before 「送信しました」 can be recorded.
fn ready_oqs(dir: &Path, id: &str) {
    let out = onshi(
        dir,
        &[
            "procedure",
            "start",
            id,
            "oqs",
            "--answer",
            "line=ipsec",
            "--answer",
            "planned-month=2027-01",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn add(dir: &Path, name: &str, pref: &str, tensu: &str, code: &str) -> Output {
    onshi(
        dir,
        &[
            "clinic", "add", "--name", name, "--pref", pref, "--tensu", tensu, "--code", code,
        ],
    )
}

#[test]
fn add_prints_exactly_an_id_and_list_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = add(dir.path(), "テスト内科", "34", "1", "0712362");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let added = stdout_json(&out);
    let obj = added.as_object().unwrap();
    assert_eq!(obj.len(), 1, "contract: {{\"id\": ...}} only, got {added}");
    let id = obj["id"].as_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");

    let out = onshi(dir.path(), &["clinic", "list", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let list = stdout_json(&out);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], id);
    assert_eq!(list[0]["name"], "テスト内科");
    assert_eq!(list[0]["pref_code"], "34");
    assert_eq!(list[0]["tensu"], "1");
    assert_eq!(list[0]["medical_code"], "0712362");
}

#[test]
fn an_empty_list_is_an_empty_json_array() {
    let dir = tempfile::tempdir().unwrap();
    let out = onshi(dir.path(), &["clinic", "list", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout_json(&out), serde_json::json!([]));
    let human = onshi(dir.path(), &["clinic", "list"]);
    assert!(String::from_utf8_lossy(&human.stdout).contains("まだ登録されていません"));
}

#[test]
fn bad_input_exits_1_with_a_japanese_message_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = add(dir.path(), "テスト", "13", "3", "12345");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "no JSON on failure");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("医療機関コードは数字7桁です"), "{err}");
    assert!(err.contains("medical-code.length"), "{err}");
    let list = stdout_json(&onshi(dir.path(), &["clinic", "list", "--json"]));
    assert_eq!(list, serde_json::json!([]));
}

#[test]
fn a_duplicate_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        add(dir.path(), "A", "34", "1", "0712362").status.code(),
        Some(0)
    );
    let out = add(dir.path(), "B", "34", "1", "0712362");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("すでに登録されています"));
}

#[test]
fn a_check_digit_warning_still_saves_and_warns_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = add(dir.path(), "A", "34", "1", "0712360");
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout_json(&out)["id"].is_string());
    assert!(String::from_utf8_lossy(&out.stderr).contains("medical-code.check-digit"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["clinic", "bogus"][..],
        &["clinic", "add", "--name", "x"][..],
        &["nonsense"][..],
    ] {
        let out = onshi(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

/// 山田医院 added and `onshi backup` run in `dir`: the backup's path, as printed.
fn one_clinic_and_a_backup(dir: &Path) -> String {
    assert_eq!(
        add(dir, "山田医院", "13", "1", "1000036").status.code(),
        Some(0)
    );
    let out = onshi(dir, &["backup"]);
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn a_corrupt_database_is_kept_renamed_refused_until_onshi_restore_brings_the_backup_back() {
    let dir = tempfile::tempdir().unwrap();
    let backup = one_clinic_and_a_backup(dir.path());

    let db = dir.path().join(onshi_core::store::DB_FILE_NAME);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let garbage = b"this is not a database, but it is someone's file".repeat(100);
    std::fs::write(&db, &garbage).unwrap();
    let out = onshi(dir.path(), &["clinic", "list", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("隔離") && said.contains("onshi restore"),
        "{said}"
    );
    let backup_name = std::path::Path::new(&backup)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(
        said.contains(&backup_name),
        "the newest backup is named: {said}"
    );
    assert!(!db.exists(), "no empty database takes its place");
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy().into_owned();
            n.contains(".damaged-") && !n.ends_with("-wal") && !n.ends_with("-shm")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        std::fs::read(&kept[0]).unwrap(),
        garbage,
        "kept byte for byte"
    );

    // A second command is refused the same way; a clinic added now would be lost to the backup.
    let out = add(dir.path(), "新しい医院", "13", "1", "1000044");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!db.exists());

    let out = onshi(dir.path(), &["restore", &backup]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = onshi(dir.path(), &["clinic", "list", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("山田医院"));
}

#[test]
fn restore_is_refused_while_the_app_holds_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let backup = one_clinic_and_a_backup(dir.path());
    assert_eq!(
        add(dir.path(), "後から足した医院", "13", "1", "1000044")
            .status
            .code(),
        Some(0)
    );

    // The app's lock, held here as the running window holds it (another process: this test).
    let app = onshi_core::store::app_lock::AppLock::hold(dir.path()).unwrap();
    let out = onshi(dir.path(), &["restore", &backup]);
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("データフォルダーを使っている") && said.contains("何も変更していません"),
        "{said}"
    );
    let list = onshi(dir.path(), &["clinic", "list", "--json"]);
    assert!(
        String::from_utf8_lossy(&list.stdout).contains("後から足した医院"),
        "nothing replaced"
    );
    // Other commands work beside the app (SQLite orders their writes).
    assert_eq!(
        add(dir.path(), "三番目の医院", "13", "1", "1000051")
            .status
            .code(),
        Some(0)
    );

    drop(app);
    let out = onshi(dir.path(), &["restore", &backup]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = onshi(dir.path(), &["clinic", "list", "--json"]);
    assert!(!String::from_utf8_lossy(&list.stdout).contains("後から足した医院"));
}

fn calendar(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onshi"))
        .arg("calendar")
        .args(args)
        .output()
        .expect("onshi runs")
}

fn stdout_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim_end().to_string()
}

#[test]
fn calendar_add_business_days_prints_the_date() {
    for (start, n, want) in [
        ("2026-12-25", "5", "2027-01-07"), // across 年末年始
        ("2026-12-26", "0", "2026-12-28"), // Saturday → next business day
        ("2026-11-24", "0", "2026-11-24"), // a business day itself
        ("2026-09-18", "1", "2026-09-24"), // over 敬老の日 + 国民の休日 + 秋分の日
    ] {
        let out = calendar(&["add-business-days", start, n]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(stdout_line(&out), want, "{start} + {n}");
    }
}

#[test]
fn calendar_is_business_day_prints_true_or_false() {
    for (d, want) in [
        ("2026-09-22", "false"),
        ("2026-12-29", "false"),
        ("2026-11-24", "true"),
    ] {
        let out = calendar(&["is-business-day", d]);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(stdout_line(&out), want, "{d}");
    }
}

#[test]
fn calendar_holidays_prints_the_json_contract() {
    let out = calendar(&["holidays", "2026"]);
    assert_eq!(out.status.code(), Some(0));
    let list = stdout_json(&out);
    let days = list.as_array().unwrap();
    assert_eq!(days.len(), 18);
    assert_eq!(
        days[0],
        serde_json::json!({"date": "2026-01-01", "name": "元日", "provisional": false})
    );
    assert!(
        days.iter()
            .any(|d| d["date"] == "2026-09-22" && d["name"] == "国民の休日")
    );
    let later = stdout_json(&calendar(&["holidays", "2030"]));
    assert!(
        later
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["provisional"] == true)
    );
}

#[test]
fn calendar_bad_dates_exit_2_with_a_message() {
    for bad in ["2026-02-30", "12/1", "tomorrow"] {
        let out = calendar(&["is-business-day", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(bad) && err.contains("読み取れません"), "{err}");
    }
    let out = calendar(&["add-business-days", "2026-12-25", "-1"]);
    assert_eq!(out.status.code(), Some(2), "negative N is a usage error");
    let out = calendar(&["holidays", "1900"]);
    assert_eq!(out.status.code(), Some(1), "out of range is a domain error");
}

fn validate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onshi"))
        .arg("validate")
        .args(args)
        .output()
        .expect("onshi runs")
}

#[test]
fn validate_prints_the_report_contract() {
    let out = validate(&[
        "medical-code",
        "０７１２３６０",
        "--pref",
        "34",
        "--tensu",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(0), "warnings only: exit 0");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("{\"ok\":true,\"normalized\":\"0712360\""),
        "{text}"
    );
    let report = stdout_json(&out);
    assert_eq!(report.as_object().unwrap().len(), 4);
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(report["warnings"][0]["code"], "medical-code.check-digit");
    assert!(
        report["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("2")
    );
}

#[test]
fn validate_exits_1_on_errors_with_null_normalized() {
    let out = validate(&["customer-id", "CAF1234567890", "--confirm", "CAF1234567899"]);
    assert_eq!(out.status.code(), Some(1));
    let report = stdout_json(&out);
    assert_eq!(report["ok"], false);
    assert_eq!(report["errors"][0]["code"], "customer-id.confirm-mismatch");

    let out = validate(&["phone", "12345"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_json(&out)["normalized"], serde_json::Value::Null);
}

#[test]
fn validate_claim_start_uses_the_given_today() {
    let ok = validate(&["claim-start", "2027-01", "--today", "2026-11-20"]);
    assert_eq!(ok.status.code(), Some(0));
    let late = validate(&["claim-start", "2027-01", "--today", "2026-11-21"]);
    assert_eq!(late.status.code(), Some(1));
    assert_eq!(
        stdout_json(&late)["errors"][0]["code"],
        "claim-start.too-early"
    );
}

#[test]
fn validate_usage_errors_exit_2() {
    for args in [
        &["no-such-kind", "x"][..],
        &["medical-code", "0712362", "--pref", "99"][..],
        &["claim-start", "2027-01", "--today", "11/20"][..],
    ] {
        assert_eq!(validate(args).status.code(), Some(2), "{args:?}");
    }
}

fn postal(code: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(["postal", code])
        .output()
        .expect("onshi runs")
}

#[test]
fn postal_prints_the_address_contract() {
    let out = postal("〒100-0001");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout_json(&out),
        serde_json::json!([{
            "postal_code": "1000001", "pref_code": "13", "prefecture": "東京都",
            "city": "千代田区", "town": "千代田",
            "prefecture_kana": "トウキョウト", "city_kana": "チヨダク", "town_kana": "チヨダ",
            "office": null
        }])
    );
    let both = stdout_json(&postal("4980000"));
    assert_eq!(both.as_array().unwrap().len(), 2);
    assert!(stdout_json(&postal("0608621"))[0]["office"].is_string());
}

#[test]
fn postal_exits_1_when_unknown_and_2_when_malformed() {
    let out = postal("9999999");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_json(&out), serde_json::json!([]));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ありません"));
    assert_eq!(postal("12-34").status.code(), Some(2));
}

fn clinic(dir: &Path) -> String {
    let out = add(dir, "テスト内科", "34", "1", "0712362");
    stdout_json(&out)["id"].as_str().unwrap().to_string()
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

#[test]
fn procedure_event_and_status_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = clinic(d);

    let out = onshi(
        d,
        &[
            "procedure",
            "start",
            &id,
            "shokei",
            "--answer",
            "new-code=0712370",
            "--answer",
            "reason=B",
            "--answer",
            "opening-date=2026-12-02",
            "--answer",
            "owner-name=医療法人テスト会",
        ],
    );
    assert_eq!(
        code(&out),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout_json(&out)["answers"]["reason"], "B");
    // The 閲覧希望 choice is confirmed before the 届出 can be recorded, with who and when.
    let out = onshi(d, &["confirm", &id, "shokei", "shokei-history"]);
    assert_eq!(
        code(&out),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let confirmed = stdout_json(&out);
    assert_eq!(confirmed["danger_id"], "shokei-history");
    assert_eq!(confirmed["role"], "technician");

    for (event, date) in [
        ("shokei-submitted", "2026-12-01"),
        ("shokei-mail-1", "2026-12-03"),
    ] {
        let out = onshi(d, &["event", &id, event, "--date", date]);
        assert_eq!(
            code(&out),
            Some(0),
            "{event}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = onshi(d, &["status", &id, "--today", "2026-12-04"]);
    assert_eq!(code(&out), Some(0));
    let st = stdout_json(&out);
    assert_eq!(st["clinic_id"], id.as_str());
    let shokei = st["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "shokei")
        .unwrap();
    for key in [
        "id",
        "status",
        "waiting_for",
        "due",
        "overdue",
        "next_action",
    ] {
        assert!(shokei.get(key).is_some(), "contract key {key} in {shokei}");
    }
    assert_eq!(shokei["status"], "waiting");
    assert_eq!(shokei["due"], "2026-12-17");
    assert_eq!(shokei["overdue"], false);
    assert!(shokei["waiting_for"].as_str().unwrap().contains("メール2"));
    let deadlines = st["deadlines"].as_array().unwrap();
    let grace = deadlines
        .iter()
        .find(|d| d["id"] == "shokei-grace")
        .unwrap();
    assert_eq!(grace["date"], "2027-03-31");
    assert!(grace["explanation"].as_str().unwrap().contains("120日"));
    let cert = st["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "certificate")
        .unwrap();
    assert_eq!(cert["status"], "blocked");
    assert_eq!(cert["due"], Value::Null);
}

#[test]
fn unknown_ids_and_events_out_of_order_exit_1_and_store_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = clinic(d);
    let before = onshi(d, &["status", &id, "--today", "2026-12-01"]).stdout;

    let cases: [&[&str]; 6] = [
        &["event", &id, "shokei-mail-2", "--date", "2026-12-01"],
        &["event", &id, "no-such-event", "--date", "2026-12-01"],
        &["procedure", "start", &id, "no-such-procedure"],
        &["procedure", "start", &id, "certificate"],
        &[
            "status",
            "00000000-0000-4000-8000-000000000000",
            "--today",
            "2026-12-01",
        ],
        &[
            "event",
            "not-a-uuid",
            "shokei-submitted",
            "--date",
            "2026-12-01",
        ],
    ];
    for args in cases {
        let out = onshi(d, args);
        assert_eq!(code(&out), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("エラー: "), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = onshi(
        d,
        &[
            "procedure",
            "start",
            &id,
            "shokei",
            "--answer",
            "new-code=0712370",
            "--answer",
            "opening-date=2026-12-05",
            "--answer",
            "owner-name=医療法人テスト会",
        ],
    );
    assert_eq!(code(&out), Some(0));
    assert_eq!(
        code(&onshi(d, &["confirm", &id, "shokei", "shokei-history"])),
        Some(0)
    );
    let out = onshi(
        d,
        &["event", &id, "shokei-submitted", "--date", "2026-12-05"],
    );
    assert_eq!(
        code(&out),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = onshi(d, &["event", &id, "shokei-mail-1", "--date", "2026-12-04"]);
    assert_eq!(code(&out), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2026年12月5日(土) 以降"));

    // Nothing of the refused calls was stored: only the one accepted event changed the status.
    let after = stdout_json(&onshi(d, &["status", &id, "--today", "2026-12-01"]));
    let before: Value = serde_json::from_slice(&before).unwrap();
    let lines = |status: &Value| -> Vec<Value> { status["procedures"].as_array().unwrap().clone() };
    for (was, now) in lines(&before).iter().zip(lines(&after).iter()) {
        if now["id"] != "shokei" {
            assert_eq!(was, now, "{} is as it was", now["id"]);
        }
    }
    let shokei = lines(&after)
        .into_iter()
        .find(|p| p["id"] == "shokei")
        .unwrap();
    assert_eq!(shokei["status"], "waiting");
    // Still waiting for mail 1: the refused (back-dated) mail 1 was not stored.
    assert_eq!(shokei["next_event"], "shokei-mail-1", "{shokei}");
    // The refused certificate start stored no procedure either.
    let certificate = lines(&after)
        .into_iter()
        .find(|p| p["id"] == "certificate")
        .unwrap();
    assert_ne!(certificate["status"], "in-progress", "{certificate}");
}

#[test]
fn bad_dates_and_answers_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = clinic(d);
    let out = onshi(
        d,
        &["event", &id, "shokei-submitted", "--date", "2026-02-30"],
    );
    assert_eq!(code(&out), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2026-02-30"));
    let out = onshi(d, &["status", &id, "--today", "tomorrow"]);
    assert_eq!(code(&out), Some(2));
    let out = onshi(d, &["procedure", "start", &id, "oqs", "--answer", "line"]);
    assert_eq!(code(&out), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("key=value"));
    // A well-formed but wrong answer is a domain error naming the fix.
    let out = onshi(
        d,
        &[
            "procedure",
            "start",
            &id,
            "oqs",
            "--answer",
            "customer-id=CAF123",
        ],
    );
    assert_eq!(code(&out), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("お客さまID"));
}

#[test]
fn changing_the_clinic_code_reopens_the_certificate_in_the_status() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = clinic(d);
    ready_oqs(d, &id);
    for args in [
        &["event", &id, "oqs-submitted", "--date", "2026-12-01"][..],
        &[
            "event",
            &id,
            "certificate-submitted",
            "--date",
            "2026-12-01",
        ][..],
    ] {
        assert_eq!(code(&onshi(d, args)), Some(0), "{args:?}");
    }
    let out = onshi(d, &["clinic", "update", &id, "--code", "0712370"]);
    assert_eq!(
        code(&out),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout_json(&out)["medical_code"], "0712370");
    let st = stdout_json(&onshi(d, &["status", &id, "--today", "2026-12-02"]));
    let line = |id: &str| {
        st["procedures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap()
            .clone()
    };
    // The certificate was issued for the old code: it reopens. The 利用申請 carries over.
    let certificate = line("certificate");
    assert_eq!(certificate["status"], "in-progress");
    assert!(certificate["reason"].as_str().unwrap().contains("0712370"));
    assert_eq!(line("oqs")["status"], "waiting");
}

#[test]
fn the_guide_lists_prepared_values_and_show_lists_procedures() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = clinic(d);
    let out = onshi(d, &["procedure", "show"]);
    assert_eq!(code(&out), Some(0));
    // Every procedure of the content, the situations (新設, 廃止) too.
    let listed: Vec<String> = stdout_json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    let content: Vec<String> = onshi_core::procedure::Catalog::embedded()
        .unwrap()
        .procedures
        .iter()
        .map(|p| p.id.clone())
        .collect();
    assert_eq!(listed, content);
    assert!(listed.contains(&"shinsetsu".to_string()) && listed.contains(&"haishi".to_string()));
    let out = onshi(
        d,
        &["procedure", "guide", &id, "oqs", "--today", "2026-12-01"],
    );
    assert_eq!(
        code(&out),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let steps = stdout_json(&out);
    let fill = steps
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "fill-form")
        .unwrap();
    let code_field = fill["prepared"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["label"].as_str().unwrap().starts_with("医療機関等コード"))
        .unwrap();
    assert_eq!(code_field["value"], "0712362");
    assert!(
        fill["guards"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["id"] == "line-type")
    );
}

#[test]
fn a_dual_clinic_records_certificates_per_code() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = clinic(d);

    // The profile takes the 歯科 code; a bad one exits 1 and keeps what was saved.
    let out = onshi(d, &["clinic", "profile", &id, "--paired-code", "12345"]);
    assert_eq!(code(&out), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("7桁"));
    let out = onshi(
        d,
        &[
            "clinic",
            "profile",
            &id,
            "--paired-code",
            "0712376",
            "--phone",
            "082-123-4567",
        ],
    );
    assert_eq!(
        code(&out),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let profile = stdout_json(&out);
    assert_eq!(
        (profile["pairedCode"].as_str(), profile["phone"].as_str()),
        (Some("0712376"), Some("0821234567"))
    );
    // Without flags it prints what is stored (nothing lost).
    let out = onshi(d, &["clinic", "profile", &id]);
    assert_eq!(stdout_json(&out)["pairedCode"], "0712376");

    let ok = |args: &[&str]| {
        let out = onshi(d, args);
        assert_eq!(
            code(&out),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    ready_oqs(d, &id);
    ok(&["event", &id, "oqs-submitted", "--date", "2026-12-01"]);
    ok(&["procedure", "start", &id, "certificate"]);
    let out = onshi(
        d,
        &[
            "event",
            &id,
            "certificate-submitted",
            "--date",
            "2026-12-02",
        ],
    );
    assert_eq!(code(&out), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--code"));
    let out = ok(&[
        "event",
        &id,
        "certificate-submitted",
        "--date",
        "2026-12-02",
        "--code",
        "0712376",
    ]);
    assert_eq!(stdout_json(&out)["procedure_id"], "certificate");

    let out = ok(&["status", &id, "--today", "2026-12-02"]);
    let status = stdout_json(&out);
    let cert = status["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "certificate")
        .unwrap();
    let runs: Vec<(&str, &str, &str)> = cert["terminals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["code"].as_str().unwrap(),
                t["score_table"].as_str().unwrap(),
                t["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        runs,
        [
            ("0712362", "医科", "in-progress"),
            ("0712376", "歯科", "waiting")
        ]
    );

    let out = ok(&[
        "procedure",
        "guide",
        &id,
        "certificate",
        "--code",
        "0712376",
        "--today",
        "2026-12-02",
    ]);
    let steps = stdout_json(&out);
    let fill = steps
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "fill-form")
        .unwrap();
    assert_eq!(fill["prepared"][0]["value"], "0712376");
}

#[test]
fn a_name_with_an_invisible_character_is_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = onshi(
        d,
        &[
            "clinic",
            "add",
            "--name",
            "a\tb\u{1}c",
            "--pref",
            "34",
            "--tensu",
            "1",
            "--code",
            "0712362",
        ],
    );
    assert_eq!(code(&out), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("U+0001") && err.contains("4文字目"), "{err}");
    let list = stdout_json(&onshi(d, &["clinic", "list", "--json"]));
    assert_eq!(list, serde_json::json!([]), "nothing stored");
}

#[test]
fn field_findings_name_the_flag_to_correct() {
    let dir = tempfile::tempdir().unwrap();
    let out = onshi(
        dir.path(),
        &[
            "clinic", "add", "--name", "x", "--pref", "34", "--tensu", "1", "--code", "12345",
        ],
    );
    assert_eq!(code(&out), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("エラー --code [medical-code.length]"), "{err}");
}

#[test]
fn an_event_after_today_is_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = clinic(d);
    let out = onshi(
        d,
        &[
            "event",
            &id,
            "oqs-submitted",
            "--date",
            "2026-12-15",
            "--today",
            "2026-12-01",
        ],
    );
    assert_eq!(code(&out), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("今日（2026年12月1日(火)）より後"), "{err}");
    let st = stdout_json(&onshi(d, &["status", &id, "--today", "2026-12-01"]));
    let oqs = st["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "oqs")
        .unwrap()
        .clone();
    assert_eq!(oqs["status"], "not-started", "nothing stored");
    ready_oqs(d, &id);
    // The same day is fine, in any of the shapes a person types.
    let out = onshi(
        d,
        &[
            "event",
            &id,
            "oqs-submitted",
            "--date",
            "2026年12月1日",
            "--today",
            "2026-12-01",
        ],
    );
    assert_eq!(
        code(&out),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn situations_plan_the_procedures_and_status_says_which_apply() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = onshi(d, &["situation", "show"]);
    assert_eq!(code(&out), Some(0));
    let list = stdout_json(&out);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
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
    assert!(list[0]["title"].as_str().unwrap().contains("承継"));
    let one = stdout_json(&onshi(d, &["situation", "show", "shokei"]));
    assert_eq!(one["questions"][0]["key"], "new-code");

    let id = clinic(d);
    let out = onshi(
        d,
        &[
            "situation",
            "start",
            &id,
            "shokei",
            "--answer",
            "new-code=0712370",
            "--answer",
            "oqs-applied=no",
        ],
    );
    assert_eq!(
        code(&out),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let started = stdout_json(&out);
    assert_eq!(started["situation_id"], "shokei");
    assert_eq!(
        started["plan"],
        serde_json::json!(["shokei", "oqs", "certificate"])
    );
    assert_eq!(started["answers"]["new-code"], "0712370");

    let st = stdout_json(&onshi(d, &["status", &id, "--today", "2026-12-01"]));
    assert_eq!(
        st["plan"],
        serde_json::json!(["shokei", "oqs", "certificate"])
    );
    for p in st["procedures"].as_array().unwrap() {
        let planned = ["shokei", "oqs", "certificate"].contains(&p["id"].as_str().unwrap());
        assert_eq!(p["applies"], planned, "{}", p["id"]);
    }
    let home = stdout_json(&onshi(d, &["home", &id, "--today", "2026-12-01"]));
    assert_eq!(home["next"]["procedure_id"], "shokei");
    // Too early to switch: a domain error that says so, exit 1.
    let out = onshi(d, &["switch-code", &id]);
    assert_eq!(code(&out), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("まだ切り替えられません"));
    // An unknown situation or question is refused.
    assert_eq!(
        code(&onshi(d, &["situation", "start", &id, "nope"])),
        Some(1)
    );
    let out = onshi(
        d,
        &["situation", "start", &id, "shokei", "--answer", "line=ntt"],
    );
    assert_eq!(code(&out), Some(1));
}

#[test]
fn dashboard_lists_the_urgent_clinics_first_with_filters_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let quiet = clinic(d);
    let out = add(d, "大阪歯科", "27", "3", "1000051");
    let busy = stdout_json(&out)["id"].as_str().unwrap().to_string();
    ready_oqs(d, &busy);
    let out = onshi(
        d,
        &["event", &busy, "oqs-submitted", "--date", "2026-12-09"],
    );
    assert_eq!(
        code(&out),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = onshi(d, &["dashboard", "--today", "2026-12-10", "--json"]);
    assert_eq!(
        code(&out),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let board = stdout_json(&out);
    assert_eq!(board["total"], 2);
    let rows = board["rows"].as_array().unwrap();
    assert_eq!(
        rows[0]["clinic_id"],
        busy.as_str(),
        "the waiting clinic first"
    );
    assert_eq!(rows[0]["urgency"], "waiting");
    assert_eq!(
        rows[0]["waiting_for"].as_str().map(|w| !w.is_empty()),
        Some(true)
    );
    assert_eq!(rows[1]["clinic_id"], quiet.as_str());
    let counts = board["counts"].as_array().unwrap();
    assert_eq!(counts.len(), 7);
    assert!(
        counts
            .iter()
            .any(|c| c["filter"] == "waiting" && c["count"] == 1)
    );

    let filtered = stdout_json(&onshi(
        d,
        &[
            "dashboard",
            "--today",
            "2026-12-10",
            "--filter",
            "waiting",
            "--json",
        ],
    ));
    assert_eq!(filtered["rows"].as_array().unwrap().len(), 1);
    let searched = stdout_json(&onshi(
        d,
        &[
            "dashboard",
            "--today",
            "2026-12-10",
            "--search",
            "０７１２３６２",
            "--json",
        ],
    ));
    assert_eq!(searched["rows"][0]["clinic_id"], quiet.as_str());
    assert_eq!(searched["rows"].as_array().unwrap().len(), 1);

    // The table names the state in Japanese; a filter that does not exist is a usage error.
    let out = onshi(d, &["dashboard", "--today", "2026-12-10"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("[待機中]") && text.contains("大阪歯科"),
        "{text}"
    );
    let out = onshi(d, &["dashboard", "--filter", "late"]);
    assert_eq!(code(&out), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("problem"));
}

#[test]
fn terminal_list_shows_each_terminals_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = clinic(d);
    ready_oqs(d, &id);
    let ok = |args: &[&str]| {
        let out = onshi(d, args);
        assert_eq!(
            code(&out),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    ok(&["event", &id, "oqs-submitted", "--date", "2026-12-01"]);
    ok(&[
        "procedure",
        "start",
        &id,
        "certificate",
        "--answer",
        "terminals=受付PC、診察室PC",
    ]);
    for (event, date) in [
        ("certificate-submitted", "2026-12-02"),
        ("certificate-notice-arrived", "2026-12-09"),
    ] {
        ok(&["event", &id, event, "--date", date, "--terminal", "受付PC"]);
    }
    let out = ok(&["terminal", "list", &id, "--today", "2026-12-10", "--json"]);
    let list = stdout_json(&out);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["terminal"], "受付PC");
    assert_eq!(list[0]["applied_on"], "2026-12-02");
    assert_eq!(list[0]["notice_arrived_on"], "2026-12-09");
    assert_eq!(list[0]["installed_on"], serde_json::Value::Null);
    assert_eq!(list[1]["terminal"], "診察室PC");
    assert_eq!(list[1]["applied_on"], serde_json::Value::Null);
    assert_eq!(list[1]["status"], "in-progress");
    let text =
        String::from_utf8_lossy(&ok(&["terminal", "list", &id, "--today", "2026-12-10"]).stdout)
            .to_string();
    assert!(
        text.contains("受付PC") && text.contains("通知書 2026/12/9"),
        "{text}"
    );
}

#[test]
fn terminal_add_rename_and_retire_change_the_list_and_refuse_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = clinic(d);
    ready_oqs(d, &id);
    let run = |args: &[&str]| onshi(d, args);
    let ok = |args: &[&str]| {
        let out = run(args);
        assert_eq!(
            code(&out),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    ok(&["event", &id, "oqs-submitted", "--date", "2026-12-01"]);
    ok(&[
        "procedure",
        "start",
        &id,
        "certificate",
        "--answer",
        "terminals=受付PC、診察室PC",
    ]);
    let names = || {
        let out = run(&["terminal", "list", &id, "--today", "2026-12-10", "--json"]);
        stdout_json(&out)
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["terminal"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };

    let said = ok(&["terminal", "add", &id, "処置室PC", "--today", "2026-12-03"]);
    assert!(
        said.contains("端末「処置室PC」を追加") && said.contains("2026年12月3日"),
        "{said}"
    );
    ok(&["terminal", "rename", &id, "受付PC", "受付1"]);
    ok(&["terminal", "retire", &id, "診察室PC"]);
    assert_eq!(names(), ["受付1", "処置室PC"]);

    // Refusals: exit 1, a Japanese message saying what to do, nothing changed.
    let out = run(&["terminal", "rename", &id, "受付PC", "受付2"]);
    assert_eq!(code(&out), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("端末一覧（受付1、処置室PC）") && err.contains("onshi terminal list"),
        "{err}"
    );
    let out = run(&["terminal", "add", &id, "診察室PC"]);
    assert_eq!(code(&out), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("NAME [terminal-name.used]") && err.contains("以前に使っていた"),
        "{err}"
    );
    let out = run(&["terminal", "add", &id]);
    assert_eq!(code(&out), Some(2), "a missing NAME is a usage error");
    assert_eq!(names(), ["受付1", "処置室PC"]);

    // The new terminal waits for its certificate; the retired one is no longer asked for.
    let text = ok(&["terminal", "list", &id, "--today", "2026-12-10"]);
    assert!(text.contains("処置室PC [進行中]"), "{text}");
    assert!(!text.contains("診察室PC"), "{text}");
}

#[test]
fn export_writes_a_pdf_and_refuses_an_unknown_clinic_or_an_unwritable_path_leaving_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let id = clinic(d);
    let out = d.join("checklist.pdf");
    let ok = onshi(
        d,
        &[
            "export",
            &id,
            "--pdf",
            out.to_str().unwrap(),
            "--today",
            "2026-12-10",
        ],
    );
    assert_eq!(
        code(&ok),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    assert!(String::from_utf8_lossy(&ok.stdout).contains("ページ"));
    for extra in [&["--blank"][..], &["--handoff"][..]] {
        let path = d.join(format!("{}.pdf", extra[0].trim_start_matches('-')));
        let mut args = vec!["export", id.as_str(), "--pdf", path.to_str().unwrap()];
        args.extend_from_slice(extra);
        assert_eq!(code(&onshi(d, &args)), Some(0), "{extra:?}");
        assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF-"));
    }
    let visit = d.join("visit.pdf");
    let v = onshi(
        d,
        &[
            "export",
            "--visit",
            &id,
            &id,
            "--pdf",
            visit.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&v), Some(0), "{}", String::from_utf8_lossy(&v.stderr));

    // An unknown clinic: exit 1, Japanese on stderr, no file.
    let missing = d.join("missing.pdf");
    let bad = onshi(
        d,
        &[
            "export",
            "00000000-0000-4000-8000-000000000000",
            "--pdf",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&bad), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("見つかりません"));
    assert!(!missing.exists());
    // A folder that does not exist: exit 1, the reason, and no file or temporary file left.
    let nowhere = d.join("no-such-folder").join("x.pdf");
    let bad = onshi(d, &["export", &id, "--pdf", nowhere.to_str().unwrap()]);
    assert_eq!(code(&bad), Some(1));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("保存できませんでした") && err.contains("フォルダーがありません"),
        "{err}"
    );
    assert!(!nowhere.exists());
    // The target is a folder: refused before anything is written.
    let folder = d.join("a-folder.pdf");
    std::fs::create_dir(&folder).unwrap();
    let bad = onshi(d, &["export", &id, "--pdf", folder.to_str().unwrap()]);
    assert_eq!(code(&bad), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("同じ名前のフォルダーがあります"));
    // A file that cannot be replaced (a read-only folder): the old file stays, no temporary left.
    let locked = d.join("locked");
    std::fs::create_dir(&locked).unwrap();
    let kept = locked.join("kept.pdf");
    std::fs::write(&kept, b"old").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let bad = onshi(d, &["export", &id, "--pdf", kept.to_str().unwrap()]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    // As root a read-only folder is still writable: then the export simply succeeds.
    if code(&bad) == Some(1) {
        assert_eq!(std::fs::read(&kept).unwrap(), b"old");
    }
    let leftovers: Vec<_> = std::fs::read_dir(&locked)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Neither a clinic nor --visit: a usage error.
    assert_eq!(code(&onshi(d, &["export", "--pdf", "x.pdf"])), Some(2));
}

#[test]
fn backup_prints_the_path_written_and_restore_puts_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert_eq!(
        add(&data, "一医院", "13", "1", "1000036").status.code(),
        Some(0)
    );
    // No file: into the data folder's backups/, the path alone on stdout.
    let out = onshi(&data, &["backup"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let auto = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(
        auto.contains("backups") && Path::new(&auto).is_file(),
        "{auto}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("医療機関 1 件"));
    let file = dir.path().join("visit-copy.sqlite3");
    let out = onshi(&data, &["backup", file.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        file.to_str().unwrap()
    );
    // Never over an existing file.
    let out = onshi(&data, &["backup", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("同じ名前のファイル"));

    assert_eq!(
        add(&data, "二医院", "34", "1", "0712362").status.code(),
        Some(0)
    );
    // Not a backup: refused, nothing changed.
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(&junk, "junk").unwrap();
    let out = onshi(&data, &["restore", junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("今のデータはそのままです"));
    let listed = stdout_json(&onshi(&data, &["clinic", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 2);

    let out = onshi(&data, &["restore", file.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("医療機関 1 件") && said.contains("before-restore"),
        "{said}"
    );
    let listed = stdout_json(&onshi(&data, &["clinic", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
}

#[test]
fn export_json_then_import_json_moves_clinics_and_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let first = stdout_json(&add(&a, "移す医院", "13", "1", "1000036"))["id"]
        .as_str()
        .unwrap()
        .to_string();
    add(&a, "残す医院", "34", "1", "0712362");
    let file = dir.path().join("clinics.json");
    // One clinic by id.
    let out = onshi(
        &a,
        &["export-json", "--out", file.to_str().unwrap(), &first],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("医療機関 1 件"));
    let written: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(written["format"], "onshi-navi-clinics");

    let out = onshi(&b, &["import-json", file.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("追加：1 件") && said.contains("移す医院"),
        "{said}"
    );
    assert!(said.contains("食い違い：0 件"), "{said}");
    let out = onshi(&b, &["import-json", file.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        said.contains("追加：0 件") && said.contains("統合：0 件"),
        "{said}"
    );
    let listed = stdout_json(&onshi(&b, &["clinic", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // A newer format: refused with the reason, exit 1, nothing read.
    let mut newer = written.clone();
    newer["format_version"] = Value::from(99);
    std::fs::write(&file, serde_json::to_vec(&newer).unwrap()).unwrap();
    let out = onshi(&b, &["import-json", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("新しいバージョン"));
    // An unwritable place: exit 1, no file.
    let out = onshi(&a, &["export-json", "--out", "/nonexistent-dir/x.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!Path::new("/nonexistent-dir/x.json").exists());
}
