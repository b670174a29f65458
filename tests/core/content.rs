//! Procedure content (manuals/procedures, events.toml, seed-coverage.toml): loads, is consistent,
//! carries the guards and source conflicts the issue names, and covers every numbered step of the
//! five seed manuals, as committed in manuals/seed-steps.toml (compared with the manuals
//! themselves where ../shared/seeds is beside the repository).

use std::collections::BTreeSet;
use std::path::PathBuf;

use onshi_core::procedure::Catalog;
use onshi_core::timeline::Rules;
use onshi_core::validate::field::KINDS;

fn catalog() -> &'static Catalog {
    Catalog::embedded().unwrap()
}

#[test]
fn every_procedure_of_the_issue_is_there_in_checklist_order() {
    let ids: Vec<&str> = catalog().procedures.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "login",
            "shinsetsu",
            "account",
            "shokei",
            "oqs",
            "certificate",
            "online-claim",
            "customer-id-change",
            "certificate-renewal",
            "haishi"
        ]
    );
    for p in &catalog().procedures {
        assert!(p.version >= 1, "{} has a content version", p.id);
    }
}

#[test]
fn every_step_has_a_source_and_every_field_a_known_validator() {
    for p in &catalog().procedures {
        for s in &p.steps {
            assert!(
                !s.sources.is_empty() || s.ours.as_deref().is_some_and(|o| !o.is_empty()),
                "{}/{} has no source and is not marked as ours",
                p.id,
                s.id
            );
            assert!(!s.instructions.trim().is_empty(), "{}/{}", p.id, s.id);
            assert!(
                !s.expect.trim().is_empty(),
                "{}/{} says what to see next",
                p.id,
                s.id
            );
            for f in &s.fields {
                assert!(
                    KINDS.contains(&f.validator.as_str()),
                    "{}/{} field {} names {}",
                    p.id,
                    s.id,
                    f.label,
                    f.validator
                );
            }
        }
    }
    assert_eq!(
        catalog().problems(&Rules::embedded().unwrap()),
        Vec::<String>::new()
    );
}

#[test]
fn the_event_ids_of_the_cli_contract_exist() {
    for id in [
        "shokei-submitted",
        "shokei-mail-1",
        "shokei-mail-2",
        "oqs-submitted",
        "certificate-submitted",
        "certificate-notice-arrived",
        "certificate-installed",
        "online-claim-submitted",
        "customer-id-change-submitted",
    ] {
        catalog().event(id).unwrap();
    }
}

#[test]
fn the_two_dangerous_choices_are_guarded() {
    let shokei = catalog().procedure("shokei").unwrap();
    let d = shokei
        .steps
        .iter()
        .flat_map(|s| &s.dangers)
        .find(|d| d.id == "shokei-history")
        .unwrap();
    assert!(d.dangerous_choice.contains("希望しません"));
    assert!(d.consequence.contains("資格情報"));
    let oqs = catalog().procedure("oqs").unwrap();
    let d = oqs
        .steps
        .iter()
        .flat_map(|s| &s.dangers)
        .find(|d| d.id == "line-type")
        .unwrap();
    assert!(d.safe_choice.starts_with("1 "));
    assert!(d.consequence.contains("1週間"));
}

#[test]
fn where_sources_disagree_the_step_says_so() {
    let conflicts: Vec<String> = catalog()
        .procedures
        .iter()
        .flat_map(|p| &p.steps)
        .flat_map(|s| &s.conflicts)
        .map(|c| c.claims.join(" / "))
        .collect();
    let has = |a: &str, b: &str| conflicts.iter().any(|c| c.contains(a) && c.contains(b));
    assert!(has("1,500円", "1,800円"), "{conflicts:?}");
    assert!(has("約5営業日", "約1週間"), "{conflicts:?}");
    assert!(has("ssk.or.jp", "fask.or.jp"), "{conflicts:?}");
}

#[test]
fn waits_name_the_sender_and_what_to_check_when_late() {
    for p in &catalog().procedures {
        for s in &p.steps {
            if let Some(w) = &s.wait {
                assert!(!w.if_late.is_empty(), "{}/{}", p.id, s.id);
                if w.channel == "email" {
                    // 004 names only fask.or.jp; ssk.or.jp is ours: both are shown, the seed's first.
                    assert_eq!(
                        w.sender_domain.as_deref(),
                        Some("fask.or.jp または ssk.or.jp"),
                        "{}/{}",
                        p.id,
                        s.id
                    );
                    assert!(
                        w.if_late
                            .iter()
                            .any(|h| h.contains("fask.or.jp") && h.contains("ssk.or.jp")),
                        "{}/{}: the late hints allow both domains",
                        p.id,
                        s.id
                    );
                }
            }
        }
    }
}

#[test]
fn broken_content_is_rejected_with_the_reason() {
    let events = "version = 1\n[[event]]\nid = \"a-done\"\ntitle = \"A\"\nfact = \"done\"\n";
    let procedure = r#"
id = "a"
version = 1
order = 1
title = "A"
summary = "A"
[[step]]
id = "s"
title = "S"
instructions = "do"
expect = "see"
sources = ["001:1-1"]
done_when = "a-done"
[[step.field]]
label = "X"
from = "answer.nope"
validator = "no-such-validator"
"#;
    let err = Catalog::parse(
        events,
        &[("a.toml".into(), procedure.into())],
        &Rules::embedded().unwrap(),
    )
    .unwrap_err();
    let text = format!("{err:?}");
    assert!(
        text.contains("unknown validator no-such-validator"),
        "{text}"
    );
    assert!(text.contains("unknown source answer.nope"), "{text}");
}

/// The numbered steps of one seed, by the rules written at the top of seed-coverage.toml.
fn numbered_steps(seed: &str, text: &str) -> BTreeSet<String> {
    const CIRCLED: [char; 9] = ['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨'];
    let circled = |t: &str| {
        t.chars()
            .next()
            .and_then(|c| CIRCLED.iter().position(|x| *x == c))
    };
    let mut out = BTreeSet::new();
    let mut section = None;
    for line in text.lines() {
        let t = line.trim();
        let chars: Vec<char> = t.chars().collect();
        match seed {
            "000" | "001" => {
                // "N-M" alone on a line is a step; "N：title" / "N : title" a section.
                if let Some((a, b)) = t.split_once('-')
                    && a.len() == 1
                    && a.chars().all(|c| c.is_ascii_digit())
                    && !b.is_empty()
                    && b.chars().all(|c| c.is_ascii_digit())
                {
                    out.insert(t.to_string());
                }
                if chars.first().is_some_and(|c| c.is_ascii_digit()) {
                    let rest = chars[1..].iter().find(|c| **c != ' ');
                    if matches!(rest, Some(':' | '：')) {
                        out.insert(chars[0].to_string());
                    }
                }
            }
            "002" => {
                if t.contains("アカウント登録方法") {
                    section = Some("account");
                }
                if t.contains("承継手続き方法") {
                    section = Some("shokei");
                }
                if let (Some(s), Some(i)) = (section, circled(t)) {
                    out.insert(format!("{s}-{}", i + 1));
                }
            }
            "003" => {
                if t.starts_with("A1-") && chars.get(3).is_some_and(|c| c.is_ascii_digit()) {
                    out.insert(chars[..4].iter().collect());
                }
                if let Some(i) = circled(t) {
                    out.insert(format!("customer-id-{}", i + 1));
                }
            }
            "004" => {
                let hashes = t.chars().take_while(|c| *c == '#').count();
                let rest = t[hashes..].trim_start();
                if (2..=3).contains(&hashes)
                    && let Some(d) = rest.chars().next().filter(|c| c.is_ascii_digit())
                {
                    out.insert(d.to_string());
                }
            }
            _ => {}
        }
    }
    out
}

/// One seed manual of `manuals/seed-steps.toml`: its file name and the keys of its steps.
struct Seed {
    file: String,
    /// "NNN", the file name's first three characters and the first part of each key.
    prefix: String,
    /// The numbered steps (what `numbered_steps` finds in the manual), as "NNN:marker".
    steps: BTreeSet<String>,
    /// Unnumbered parts that content cites; not compared with the manual.
    unnumbered: BTreeSet<String>,
}

/// The committed list of seed steps. Read with `include_str!` rather than `manuals::text`: the
/// file is embedded too, but rust-embed does not notice a file added to an already-built core.
fn committed_seeds() -> Vec<Seed> {
    let table: toml::Value = toml::from_str(include_str!("../../manuals/seed-steps.toml")).unwrap();
    let keys = |v: Option<&toml::Value>| -> Vec<String> {
        v.map(|a| {
            a.as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
    };
    let mut seen = BTreeSet::new();
    let mut out: Vec<Seed> = Vec::new();
    for s in table["seed"].as_array().unwrap() {
        let file = s["file"].as_str().unwrap().to_string();
        let prefix = file[..3].to_string();
        assert!(
            prefix.bytes().all(|b| b.is_ascii_digit()),
            "seed-steps.toml: {file} does not start with a seed number"
        );
        assert!(
            out.iter().all(|o| o.prefix != prefix),
            "seed-steps.toml: seed {prefix} is listed twice"
        );
        let steps = keys(s.get("steps"));
        let unnumbered = keys(s.get("unnumbered"));
        for key in steps.iter().chain(&unnumbered) {
            assert!(
                key.strip_prefix(&prefix)
                    .and_then(|k| k.strip_prefix(':'))
                    .is_some_and(|m| !m.is_empty()),
                "seed-steps.toml: {key} under {file} is not `{prefix}:marker`"
            );
            assert!(
                seen.insert(key.clone()),
                "seed-steps.toml: {key} is listed twice"
            );
        }
        out.push(Seed {
            file,
            prefix,
            steps: steps.into_iter().collect(),
            unnumbered: unnumbered.into_iter().collect(),
        });
    }
    out
}

/// `manuals/seed-coverage.toml`: seed step key → "procedure/step" targets, in file order.
fn coverage() -> Vec<(String, Vec<String>)> {
    let table: toml::Value =
        toml::from_str(&onshi_core::manuals::text("seed-coverage.toml").unwrap()).unwrap();
    table["map"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let steps = m["steps"].as_array().unwrap();
            (
                m["seed"].as_str().unwrap().to_string(),
                steps
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

/// Whether the content step `target` ("procedure/step", or "procedure/prerequisite") cites `key`.
fn cites(key: &str, target: &str) -> Result<(), String> {
    let (proc_id, step_id) = target
        .split_once('/')
        .ok_or_else(|| format!("{key} → {target}: not `procedure/step`"))?;
    let p = catalog()
        .procedure(proc_id)
        .map_err(|_| format!("{key} → {target}: no such procedure"))?;
    let key = key.to_string();
    let cited = if step_id == "prerequisite" {
        p.prerequisites.iter().any(|x| x.sources.contains(&key))
    } else {
        let s = p
            .steps
            .iter()
            .find(|s| s.id == step_id)
            .ok_or_else(|| format!("{key} → {target}: no such step"))?;
        s.sources.contains(&key) || s.dangers.iter().any(|d| d.sources.contains(&key))
    };
    if cited {
        Ok(())
    } else {
        Err(format!("{key} → {target}: the step does not cite {key}"))
    }
}

/// Runs on every clone: the committed list of seed steps and the coverage map agree, and the
/// content cites what the map says.
#[test]
fn every_committed_seed_step_maps_to_content_steps_that_cite_it() {
    let seeds = committed_seeds();
    assert!(!seeds.is_empty(), "seed-steps.toml lists no seed");
    for s in &seeds {
        assert!(
            !s.steps.is_empty(),
            "seed-steps.toml: {} has no numbered steps",
            s.file
        );
        assert!(
            s.steps.is_disjoint(&s.unnumbered),
            "seed-steps.toml: {} lists a key as both numbered and unnumbered",
            s.file
        );
    }
    let committed: BTreeSet<&str> = seeds
        .iter()
        .flat_map(|s| s.steps.iter().chain(&s.unnumbered))
        .map(String::as_str)
        .collect();
    let map = coverage();
    let mut mapped = BTreeSet::new();
    let mut problems = Vec::new();
    for (key, targets) in &map {
        if !mapped.insert(key.as_str()) {
            problems.push(format!("seed-coverage.toml maps {key} twice"));
        }
        if !committed.contains(key.as_str()) {
            problems.push(format!(
                "seed-coverage.toml maps {key}, which is not in seed-steps.toml (stale key?)"
            ));
        }
        if targets.is_empty() {
            problems.push(format!("{key} maps to nothing"));
        }
        problems.extend(targets.iter().filter_map(|t| cites(key, t).err()));
    }
    for key in committed.difference(&mapped) {
        problems.push(format!("seed step {key} is not in seed-coverage.toml"));
    }
    // A seed reference the content cites must be a step of the committed list too.
    for p in &catalog().procedures {
        let prerequisites = p
            .prerequisites
            .iter()
            .flat_map(|x| &x.sources)
            .map(|src| ("prerequisite", src));
        let steps = p.steps.iter().flat_map(|s| {
            s.sources
                .iter()
                .chain(s.dangers.iter().flat_map(|d| &d.sources))
                .map(|src| (s.id.as_str(), src))
        });
        for (at, src) in prerequisites.chain(steps) {
            let is_seed_ref = src
                .split_once(':')
                .is_some_and(|(n, _)| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()));
            if is_seed_ref && !committed.contains(src.as_str()) {
                problems.push(format!(
                    "{}/{at} cites {src}, which is not in seed-steps.toml",
                    p.id
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    // Everything mapped was checked above, so the map covers exactly the committed list.
    assert_eq!(mapped, committed);
}

/// Only where the seed manuals are beside the repository (../shared/seeds): the committed list is
/// still exactly what the manuals number. Elsewhere it says it was skipped and passes.
#[test]
fn the_committed_seed_steps_are_exactly_the_numbered_steps_of_the_seeds() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !dir.exists() {
        eprintln!(
            "SKIPPED: no seed manuals at {} — manuals/seed-steps.toml was not compared with them",
            dir.display()
        );
        return;
    }
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read the seed manuals at {dir:?}: {e}"))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let committed = committed_seeds();
    let mut problems = Vec::new();
    for name in &files {
        if !committed.iter().any(|s| s.file == *name) {
            problems.push(format!("seed {name} is not in seed-steps.toml"));
        }
    }
    for seed in &committed {
        if !files.contains(&seed.file) {
            problems.push(format!(
                "seed-steps.toml lists {}, which is not in {}",
                seed.file,
                dir.display()
            ));
            continue;
        }
        let text = std::fs::read_to_string(dir.join(&seed.file)).unwrap();
        let found: BTreeSet<String> = numbered_steps(&seed.prefix, &text)
            .into_iter()
            .map(|marker| format!("{}:{marker}", seed.prefix))
            .collect();
        for key in found.difference(&seed.steps) {
            problems.push(format!(
                "{}: numbered step {key} is missing from seed-steps.toml",
                seed.file
            ));
        }
        for key in seed.steps.difference(&found) {
            problems.push(format!(
                "{}: seed-steps.toml lists {key}, which the seed no longer numbers",
                seed.file
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Invariant: the content ids the engine relies on are checked when content loads. A renamed
/// answer key (the old certificate's issue date, which caps the 承継 grace period) is reported
/// instead of silently dropping the deadline.
#[test]
fn a_renamed_engine_id_in_the_content_is_reported_at_load() {
    let events = onshi_core::manuals::text("events.toml").unwrap();
    let rules = Rules::embedded().unwrap();
    let files = |rename: Option<(&str, &str, &str)>| -> Vec<(String, String)> {
        onshi_core::manuals::paths()
            .into_iter()
            .filter(|p| p.starts_with("procedures/"))
            .map(|p| {
                let mut text = onshi_core::manuals::text(&p).unwrap();
                if let Some((file, from, to)) = rename
                    && p == file
                {
                    assert!(text.contains(from), "{file} has {from}");
                    text = text.replace(from, to);
                }
                (p, text)
            })
            .collect()
    };
    Catalog::parse(&events, &files(None), &rules).expect("the embedded content loads");
    for (file, from, to, named) in [
        (
            "procedures/shokei.toml",
            "\"old-certificate-issued\"",
            "\"old-cert-issued\"",
            "old-certificate-issued",
        ),
        (
            "procedures/customer-id-change.toml",
            "\"old-line-cancel-date\"",
            "\"line-cancel\"",
            "old-line-cancel-date",
        ),
        (
            "procedures/certificate.toml",
            "key = \"terminals\"",
            "key = \"pcs\"",
            "terminals",
        ),
        // The event still exists, but no longer completes a 承継 step: the grace period would
        // silently never start.
        (
            "procedures/shokei.toml",
            "done_when = \"shokei-submitted\"",
            "done_when = \"shokei-mail-1\"",
            "shokei-submitted",
        ),
    ] {
        let err = Catalog::parse(&events, &files(Some((file, from, to))), &rules)
            .expect_err("a renamed engine id must not load");
        let detail = format!("{err:?}");
        assert!(detail.contains(named), "{file}: {detail}");
    }
}

/// The points where following the content made a receptionist do the wrong thing stay fixed
/// (issue: the guidance must be right).
#[test]
fn the_content_no_longer_says_what_the_seeds_contradict() {
    let step = |p: &str, s: &str| {
        catalog()
            .procedure(p)
            .unwrap()
            .steps
            .iter()
            .find(|x| x.id == s)
            .unwrap_or_else(|| panic!("{p}/{s}"))
            .clone()
    };
    // The pop-up counts issued certificates too: no check against the number of terminals.
    let popup = step("certificate", "confirm-popup");
    assert!(
        !popup.instructions.contains("台数と合っているか"),
        "{}",
        popup.instructions
    );
    assert!(popup.instructions.contains("発行済み"));
    // A changed code is applied for on this very screen after the 承継 (no contradiction).
    let form = step("certificate", "fill-form");
    assert!(
        form.warnings
            .iter()
            .all(|w| !w.contains("この画面ではなく")),
        "{:?}",
        form.warnings
    );
    // 000 names two mails; the old portal's 受理メール is a conflict, not a promise.
    let submit = step("shokei", "submit");
    assert!(!submit.expect.contains("受理"), "{}", submit.expect);
    assert!(
        submit
            .conflicts
            .iter()
            .any(|c| c.claims.iter().any(|x| x.contains("002")))
    );
    assert!(
        step("shokei", "wait-mail-2")
            .conflicts
            .iter()
            .any(|c| c.topic.contains("件名"))
    );
    // 1,500円: 税込 (000) and 税別 (004) are both stated.
    let fee = step("certificate", "agree-fee");
    assert!(
        fee.conflicts
            .iter()
            .any(|c| c.claims.iter().any(|x| x.contains("税込"))
                && c.claims.iter().any(|x| x.contains("税別")))
    );
    // 11/21: the 承継 screen says only two procedures are needed.
    assert!(
        step("shokei", "open-form")
            .warnings
            .iter()
            .any(|w| w.contains("2つ"))
    );
    // The screen's wording: 「コード変更される方はこちら」.
    assert!(
        step("shokei", "open-form")
            .portal_path
            .iter()
            .any(|p| p == "コード変更される方はこちら")
    );
    // The お客さまID change's 5 business days are 003's own figure.
    let rule = Rules::embedded().unwrap();
    let r = rule.get("customer-id-change").unwrap();
    assert_eq!(r.certainty, onshi_core::timeline::Certainty::Verified);
}
