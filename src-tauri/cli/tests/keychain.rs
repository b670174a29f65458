//! `onshi secret` against a real keychain: gnome-keyring's Secret Service on a private session
//! bus (`scripts/with-keyring.sh`, run by `make test-keychain`), and with no keychain at all.
//! A seeded secret must never reach the data folder, the logs or a printed sheet.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn onshi(dir: &Path, args: &[&str], stdin: Option<&str>, no_bus: bool) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_onshi"));
    cmd.arg("--data-dir").arg(dir).args(args);
    if no_bus {
        // No session bus and no display to autolaunch one: a PC without a keychain.
        cmd.env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/onshi-no-bus",
        )
        .env_remove("DISPLAY");
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("onshi runs");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn add_clinic(dir: &Path) -> String {
    let out = onshi(
        dir,
        &[
            "clinic",
            "add",
            "--name",
            "秘密テスト医院",
            "--pref",
            "34",
            "--tensu",
            "1",
            "--code",
            "0712362",
        ],
        None,
        false,
    );
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    let added: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    added["id"].as_str().unwrap().to_string()
}

/// Every byte under `dir` (the database, its WAL, the logs, anything written), searched for
/// `needle` as UTF-8 and as UTF-16LE (how Windows stores text).
fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let utf16: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let found = |n: &[u8]| bytes.windows(n.len()).any(|w| w == n);
            if found(needle.as_bytes()) || found(&utf16) {
                hits.push(path.display().to_string());
            }
        }
    }
    hits
}

#[test]
fn bad_input_is_refused_before_the_keychain_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let id = add_clinic(dir.path());
    // A 秘密の番号 that is not four digits: refused, and the value is not repeated.
    let out = onshi(
        dir.path(),
        &["secret", "set", &id, "master-pin"],
        Some("12a45\n"),
        true,
    );
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("数字4桁") && !err.contains("12a45"), "{err}");
    // An unknown kind lists the kinds there are.
    let out = onshi(dir.path(), &["secret", "show", &id, "password"], None, true);
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("portal-password") && err.contains("master-pin"),
        "{err}"
    );
    // An unknown clinic: nothing is filed under a mistyped id.
    let out = onshi(
        dir.path(),
        &[
            "secret",
            "set",
            "01ARZ3NDEKTSV4RRFFQ69G5FAV",
            "portal-password",
        ],
        Some("x\n"),
        true,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).1.contains("見つかりません"), "{:?}", text(&out));
}

#[test]
fn without_a_keychain_the_cli_says_so_and_writes_the_secret_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let id = add_clinic(dir.path());
    let secret = "no-keychain-Pa55-秘密";
    let out = onshi(
        dir.path(),
        &["secret", "set", &id, "portal-password"],
        Some(&format!("{secret}\n")),
        true,
    );
    let (_, err) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("資格情報の保管場所")
            && err.contains("ほかの場所（ファイルなど）には保存しません"),
        "{err}"
    );
    let out = onshi(dir.path(), &["secret", "list", &id], None, true);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(files_containing(dir.path(), secret), Vec::<String>::new());
}

#[test]
#[ignore = "needs a Secret Service (gnome-keyring) on the session bus: run `make test-keychain`"]
fn secrets_round_trip_through_the_keychain_and_nothing_else_sees_them() {
    let dir = tempfile::tempdir().unwrap();
    let id = add_clinic(dir.path());
    let password = "Kc-Pa55word-秘密-7f3a";
    let pin = "０３８１"; // typed full-width: stored as 0381
    let download = "DL-PASS-91c2";
    for (kind, value) in [
        ("portal-password", password),
        ("master-pin", pin),
        ("cert-download-password", download),
    ] {
        let out = onshi(
            dir.path(),
            &["secret", "set", &id, kind],
            Some(&format!("{value}\n")),
            false,
        );
        let (said, err) = text(&out);
        assert_eq!(out.status.code(), Some(0), "{kind}: {err}");
        assert!(
            said.contains("保存しました") && !said.contains(value),
            "{said}"
        );
    }
    let out = onshi(dir.path(), &["secret", "list", &id], None, false);
    let (listed, _) = text(&out);
    let kinds: Vec<&str> = listed
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["portal-password", "master-pin", "cert-download-password"]
    );
    assert!(!listed.contains(password), "list never prints a value");
    let out = onshi(
        dir.path(),
        &["secret", "show", &id, "master-pin"],
        None,
        false,
    );
    assert_eq!(text(&out).0, "0381\n");
    let out = onshi(
        dir.path(),
        &["secret", "show", &id, "portal-password"],
        None,
        false,
    );
    assert_eq!(text(&out).0.trim_end(), password);

    // Printed sheets never carry them (and the data folder, with the database, its WAL and the
    // logs, never did).
    for (file, extra) in [("c.pdf", None), ("h.pdf", Some("--handoff"))] {
        let pdf = dir.path().join(file);
        let mut args = vec!["export", &id, "--pdf", pdf.to_str().unwrap()];
        args.extend(extra);
        let out = onshi(dir.path(), &args, None, false);
        assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
        let printed = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let printed = String::from_utf8_lossy(&printed.stdout);
        assert!(printed.contains("秘密テスト医院"));
        for s in [password, "0381", download] {
            assert!(!printed.contains(s), "{s} printed in {file}");
        }
    }
    for s in [password, "0381", download] {
        assert_eq!(files_containing(dir.path(), s), Vec::<String>::new(), "{s}");
    }

    // Deleted: gone; deleting again says there is none.
    for kind in ["portal-password", "master-pin", "cert-download-password"] {
        let out = onshi(dir.path(), &["secret", "delete", &id, kind], None, false);
        assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
    }
    let out = onshi(
        dir.path(),
        &["secret", "delete", &id, "master-pin"],
        None,
        false,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).1.contains("保存されていません"));
    let out = onshi(dir.path(), &["secret", "list", &id], None, false);
    assert_eq!(text(&out).0, "");
}
