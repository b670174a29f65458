//! Rules about the shape of the code base (README "Architecture", invariants).

use std::process::Command;

/// The core must never depend on Tauri, wry or anything linking WebKit.
#[test]
fn the_core_does_not_depend_on_tauri_or_webkit() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = concat!(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(cargo)
        .current_dir(root)
        .args([
            "tree",
            "-p",
            "onshi-core",
            "-e",
            "normal,build",
            "--prefix",
            "none",
            "--target",
            "all",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(
        tree.contains("rusqlite"),
        "sanity: the tree lists the core's deps"
    );
    for line in tree.lines() {
        let name = line.split_whitespace().next().unwrap_or("");
        for banned in ["tauri", "wry", "webkit", "gtk", "javascriptcore", "soup"] {
            assert!(
                !name.contains(banned),
                "onshi-core must not depend on {banned}: found {line}"
            );
        }
    }
}

/// The core never reads the clock or the environment: "now", "today" and paths are passed in.
#[test]
fn the_core_never_reads_the_clock_or_environment() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/core/src");
    let mut offenders = Vec::new();
    visit(std::path::Path::new(src), &mut |path, text| {
        for needle in [
            "Timestamp::now",
            "Zoned::now",
            "SystemTime::now",
            "Instant::now",
            "std::env::",
            "env::var",
            "dirs::",
        ] {
            if text.contains(needle) {
                offenders.push(format!("{}: {needle}", path.display()));
            }
        }
    });
    assert!(
        offenders.is_empty(),
        "clock/env reads in the core: {offenders:?}"
    );
}

fn visit(dir: &std::path::Path, f: &mut dyn FnMut(&std::path::Path, &str)) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, f);
        } else if path.extension().is_some_and(|e| e == "rs") {
            f(&path, &std::fs::read_to_string(&path).unwrap());
        }
    }
}
