//! 信頼性: `onshi` killed with SIGKILL (kill -9) at random moments while it saves clinics, over
//! and over, until 1,000 saves were acknowledged. Every acknowledged save must be there at the
//! end, and the database must pass `integrity_check` after every kill. Bounded: about a minute
//! in a debug build on two cores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SAVES: usize = 1_000;

/// A small deterministic generator: the same kills every run, so a failure reproduces.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

#[test]
fn no_acknowledged_save_is_lost_when_the_cli_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("onshi-navi.sqlite3");
    let started = Instant::now();
    let mut rng = Lcg(0x0051_4e41_5649);
    let mut acknowledged: Vec<String> = Vec::new();
    let (mut attempts, mut kills, mut killed_mid_save) = (0usize, 0usize, 0usize);
    // Clinics in the file after the previous run: a killed run that still grew it had committed.
    let mut stored_before = 0usize;
    while acknowledged.len() < SAVES {
        attempts += 1;
        let mut child = Command::new(env!("CARGO_BIN_EXE_onshi"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(["clinic", "add", "--name", &format!("保存テスト{attempts}")])
            .args(["--pref", "13", "--tensu", "1", "--code"])
            .arg(format!("{attempts:06}0"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // One run in three is killed after 0–14 ms: before, during or after its commit.
        let kill = rng.next().is_multiple_of(3);
        if kill {
            std::thread::sleep(Duration::from_millis(rng.next() % 15));
            let _ = child.kill(); // SIGKILL
        }
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            acknowledged.push(v["id"].as_str().unwrap().to_string());
            stored_before += 1;
        } else if kill {
            kills += 1;
            // Whatever moment it died at, the file is whole.
            if db.exists() {
                let conn = rusqlite::Connection::open(&db).unwrap();
                let check: String = conn
                    .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                    .unwrap();
                assert_eq!(check, "ok", "after kill {kills}");
                // Killed before the first migration committed: no table yet, nothing lost.
                let n: i64 = conn
                    .query_row("SELECT count(*) FROM clinics", [], |r| r.get(0))
                    .unwrap_or(0);
                let n = usize::try_from(n).unwrap_or(0);
                if n > stored_before {
                    killed_mid_save += 1; // committed, killed before it could say so
                }
                stored_before = n;
            }
        } else {
            panic!(
                "a save failed without being killed: {}",
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let stored: HashSet<String> = conn
        .prepare("SELECT id FROM clinics")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !stored.contains(*id))
        .collect();
    assert!(lost.is_empty(), "{} acknowledged saves lost", lost.len());
    assert!(kills > 100, "the test must really kill: {kills}");
    eprintln!(
        "reliability: {SAVES}/{SAVES} acknowledged saves kept; {kills} kills (kill -9) in {attempts} runs, \
         {killed_mid_save} of them after the commit; integrity_check ok after every kill; {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// A small tmpfs, unmounted when dropped; none where this machine cannot mount one.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(kib: u32) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Tmpfs { dir })
    }

    fn remount(&self, mode: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(self.dir.path())
            .status()
            .unwrap();
        assert!(ok.success(), "remount {mode}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn onshi(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_onshi"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap()
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let out = onshi(dir, &["clinic", "list", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_full_disk_or_a_read_only_folder_is_said_and_nothing_is_lost() {
    // Needs root's `mount` (CI runs as root); elsewhere it says so and checks nothing.
    let Some(fs) = Tmpfs::mount(2048) else {
        eprintln!("SKIPPED: cannot mount a tmpfs here (needs root)");
        return;
    };
    let data = fs.dir.path().join("data");
    for i in 1..=3 {
        let out = onshi(
            &data,
            &[
                "clinic",
                "add",
                "--name",
                &format!("満杯前{i}"),
                "--pref",
                "13",
                "--tensu",
                "1",
                "--code",
                &format!("{i:06}0"),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let before = names(&data);

    // Fill the disk.
    {
        use std::io::Write;
        let mut filler = std::fs::File::create(fs.dir.path().join("filler")).unwrap();
        let block = vec![0u8; 16 * 1024];
        while filler
            .write_all(&block)
            .and_then(|()| filler.sync_all())
            .is_ok()
        {}
    }
    let mut refused = None;
    for i in 10..40 {
        let out = onshi(
            &data,
            &[
                "clinic",
                "add",
                "--name",
                &format!("満杯後{i}の長い名前の医院 {}", "あ".repeat(40)),
                "--pref",
                "13",
                "--tensu",
                "1",
                "--code",
                &format!("{i:06}0"),
            ],
        );
        if !out.status.success() {
            refused = Some(String::from_utf8_lossy(&out.stderr).into_owned());
            break;
        }
    }
    let said = refused.expect("a full disk refuses a save");
    assert!(
        said.contains("ディスクの空き容量") && said.contains("失われていません"),
        "{said}"
    );
    // A backup onto the full disk: refused, no temporary file left.
    let out = onshi(
        &data,
        &[
            "backup",
            fs.dir.path().join("copy.sqlite3").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let left: Vec<_> = std::fs::read_dir(fs.dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    std::fs::remove_file(fs.dir.path().join("filler")).unwrap();
    let after_full = names(&data);
    assert!(
        before.iter().all(|n| after_full.contains(n)),
        "{after_full:?}"
    );

    // Read-only: a save is refused in Japanese; back read-write, everything is there.
    fs.remount("ro");
    let out = onshi(
        &data,
        &[
            "clinic",
            "add",
            "--name",
            "読み取り専用",
            "--pref",
            "13",
            "--tensu",
            "1",
            "--code",
            "0000990",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("保存または読み込みできませんでした"),
        "{said}"
    );
    fs.remount("rw");
    assert_eq!(names(&data), after_full);
    let conn = rusqlite::Connection::open(data.join("onshi-navi.sqlite3")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
