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

/// Every UI source file that is not a test (`*.test.ts`) or the generated bindings.
fn ui_sources() -> Vec<(std::path::PathBuf, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                walk(&path, out);
            } else if (name.ends_with(".ts") || name.ends_with(".svelte"))
                && !name.ends_with(".test.ts")
                && name != "bindings.ts"
            {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src")),
        &mut out,
    );
    out
}

/// Invariant 5: `ui/src/lib/api.ts` is the only module that talks to the Rust side.
#[test]
fn only_api_ts_calls_invoke() {
    let sources = ui_sources();
    assert!(sources.len() > 5, "sanity: the UI sources were found");
    let callers: Vec<String> = sources
        .iter()
        .filter(|(_, text)| text.contains("@tauri-apps/api/core") || text.contains("invoke("))
        .map(|(path, _)| path.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert_eq!(callers, ["api.ts"]);
}

/// Invariant 3: every rule lives in the core once; the UI shows what the core returns. The UI
/// must not keep its own copy of what the core decides: the prefectures, the 点数表 list, the
/// status labels, or the shape of a code it would check by itself.
#[test]
fn the_ui_keeps_no_copy_of_the_cores_rules() {
    // Names and labels as string literals (in running text they may well appear).
    let mut names: Vec<String> = onshi_core::Prefecture::all()
        .map(|p| p.name().to_string())
        .collect();
    names.extend(
        onshi_core::ScoreTable::ALL
            .iter()
            .map(|t| t.name().to_string()),
    );
    for status in [
        onshi_core::checklist::Status::Blocked,
        onshi_core::checklist::Status::NotStarted,
        onshi_core::checklist::Status::InProgress,
        onshi_core::checklist::Status::Waiting,
        onshi_core::checklist::Status::Problem,
        onshi_core::checklist::Status::Done,
    ] {
        names.push(status.label().to_string());
    }
    let mut owned: Vec<String> = names
        .iter()
        .flat_map(|n| {
            [
                format!("\"{n}\""),
                format!("'{n}'"),
                format!("`{n}`"),
                format!(">{n}<"),
            ]
        })
        .collect();
    // Patterns a UI-side validator would need.
    owned.extend(["\\d{7}", "\\d{10}", "[0-9]{7}", "CAF", "COP"].map(String::from));
    let mut found = Vec::new();
    for (path, text) in ui_sources() {
        for literal in &owned {
            if text.contains(literal.as_str()) {
                found.push(format!(
                    "{}: {literal}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the UI decides what the core owns: {found:?}"
    );
}

/// Invariant 7: the core's messages never name a command-line flag (the desktop user reads
/// them too); the CLI adds its own hints.
#[test]
fn core_messages_name_no_cli_flag() {
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/src-tauri/core/src");
    let mut offenders = Vec::new();
    visit(std::path::Path::new(src), &mut |path, text| {
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || !code.contains('"') {
                continue;
            }
            // A Japanese string literal with `--flag` in it.
            let japanese = code.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c));
            let flag = code
                .match_indices("--")
                .any(|(i, _)| code[i + 2..].starts_with(|c: char| c.is_ascii_lowercase()));
            if japanese && flag {
                offenders.push(format!("{}:{}: {code}", path.display(), n + 1));
            }
        }
    });
    assert!(
        offenders.is_empty(),
        "CLI flags in core messages: {offenders:?}"
    );
}
