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
