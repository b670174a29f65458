//! Procedure content (manuals/procedures, events.toml, seed-coverage.toml): loads, is consistent,
//! carries the guards and source conflicts the issue names, and covers every numbered step of the
//! five seed manuals in ../shared/seeds.

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
            "account",
            "shokei",
            "oqs",
            "certificate",
            "online-claim",
            "customer-id-change",
            "certificate-renewal"
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
            assert!(!s.sources.is_empty(), "{}/{} has no source", p.id, s.id);
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
                    assert_eq!(
                        w.sender_domain.as_deref(),
                        Some("ssk.or.jp"),
                        "{}/{}",
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

#[test]
fn every_numbered_seed_step_maps_to_a_content_step_that_cites_it() {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let table: toml::Value =
        toml::from_str(&onshi_core::manuals::text("seed-coverage.toml").unwrap()).unwrap();
    let map: Vec<(String, Vec<String>)> = table["map"]
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
        .collect();
    let mut files: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap_or_else(|e| panic!("the seed manuals must be beside the repo at {seeds:?}: {e}"))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 5, "five seed manuals");
    let mut found = 0;
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let seed = &name[..3];
        let steps = numbered_steps(seed, &std::fs::read_to_string(&path).unwrap());
        assert!(!steps.is_empty(), "{name}: no numbered steps found");
        for marker in steps {
            found += 1;
            let key = format!("{seed}:{marker}");
            let (_, targets) = map
                .iter()
                .find(|(k, _)| *k == key)
                .unwrap_or_else(|| panic!("seed step {key} is not in seed-coverage.toml"));
            assert!(!targets.is_empty(), "{key} maps to nothing");
            for target in targets {
                let (proc_id, step_id) = target.split_once('/').unwrap();
                let p = catalog().procedure(proc_id).unwrap();
                let cites = if step_id == "prerequisite" {
                    p.prerequisites.iter().any(|x| x.sources.contains(&key))
                } else {
                    let s = p
                        .steps
                        .iter()
                        .find(|s| s.id == step_id)
                        .unwrap_or_else(|| panic!("{key} → {target}: no such step"));
                    s.sources.contains(&key) || s.dangers.iter().any(|d| d.sources.contains(&key))
                };
                assert!(cites, "{key} → {target}: the step does not cite {key}");
            }
        }
    }
    // 18 + 22 + 9 + 5 + 3 numbered steps in the five seeds (counted by hand once).
    assert_eq!(found, 57);
}
