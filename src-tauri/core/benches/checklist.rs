//! Checklist benchmarks (criterion): the dashboard's status of 10,000 clinics (load every case
//! and derive every procedure), one event committed through the engine against a bare rusqlite
//! single-row commit on the same disk, and opening a 10,000-clinic database.
//! Run with `make bench`; figures go in README "Performance".
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::{Date, date};
use onshi_core::calendar::Calendar;
use onshi_core::checklist::{self, Env, Role};
use onshi_core::procedure::Catalog;
use onshi_core::timeline::Rules;
use onshi_core::{ClinicId, NewClinicForm, Store};

fn now() -> jiff::Timestamp {
    "2026-11-23T00:00:00Z".parse().unwrap()
}

fn env(rules: &Rules, today: Date) -> Env<'_> {
    Env {
        catalog: Catalog::embedded().unwrap(),
        rules,
        calendar: Calendar::embedded(),
        today,
    }
}

fn record(store: &mut Store, rules: &Rules, id: &ClinicId, event: &str, on: Date) {
    let env = env(rules, on);
    store
        .record_event(id, Role::Technician, now(), event, on, |case| {
            checklist::plan_event(&env, case, event, on, &checklist::Target::default())
        })
        .unwrap();
}

/// Gives a procedure the answers its form types and confirms its guarded choices, as the
/// wizard does before 「送信しました」 can be recorded.
fn prepare(
    store: &mut Store,
    rules: &Rules,
    id: &ClinicId,
    procedure: &str,
    answers: &[(&str, String)],
    dangers: &[&str],
) {
    let env = env(rules, date(2026, 9, 1));
    let pairs: Vec<(String, String)> = answers
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    store
        .start_procedure(id, Role::Technician, now(), env.today, |case| {
            checklist::plan_start(&env, case, procedure, &pairs)
        })
        .unwrap();
    for danger in dangers {
        onshi_core::Repository::confirm(store, id, now(), &|case| {
            checklist::plan_confirm(&env, case, procedure, danger, None, Role::Technician, now())
        })
        .unwrap();
    }
}

/// The オン資 form's answers on a line without guarded choices.
fn oqs_answers() -> Vec<(&'static str, String)> {
    vec![
        ("line", "ipsec".into()),
        ("planned-month", "2027-01".into()),
    ]
}

/// 10,000 clinics at different points: a third in 承継, a third with certificates, the rest new.
fn populated(dir: &Path, n: usize, rules: &Rules) -> Store {
    let mut store = Store::open_dir(dir).unwrap();
    for i in 0..n {
        let (clinic, _) = NewClinicForm {
            name: format!("ベンチマーク医院{i}"),
            prefecture: format!("{:02}", i % 47 + 1),
            score_table: ["1", "3", "4", "6"][i % 4].into(),
            medical_code: format!("{:06}0", i),
        }
        .validate()
        .unwrap();
        let id = store.add_clinic(&clinic, now()).unwrap().id;
        match i % 3 {
            0 => {
                let answers = [
                    ("new-code", format!("{:06}1", i)),
                    ("opening-date", "2026-10-01".to_string()),
                    ("owner-name", "医療法人ベンチ会".to_string()),
                ];
                prepare(
                    &mut store,
                    rules,
                    &id,
                    "shokei",
                    &answers,
                    &["shokei-history"],
                );
                record(
                    &mut store,
                    rules,
                    &id,
                    "shokei-submitted",
                    date(2026, 10, 1),
                );
                record(&mut store, rules, &id, "shokei-mail-1", date(2026, 10, 5));
            }
            1 => {
                prepare(&mut store, rules, &id, "oqs", &oqs_answers(), &[]);
                record(&mut store, rules, &id, "oqs-submitted", date(2026, 9, 1));
                record(
                    &mut store,
                    rules,
                    &id,
                    "certificate-submitted",
                    date(2026, 9, 2),
                );
                record(
                    &mut store,
                    rules,
                    &id,
                    "certificate-notice-arrived",
                    date(2026, 9, 9),
                );
            }
            _ => {}
        }
    }
    store
}

fn benches(c: &mut Criterion) {
    let rules = Rules::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = populated(dir.path(), 10_000, &rules);
    let mut group = c.benchmark_group("checklist");
    group.sample_size(10);

    group.bench_function("status_of_10000_clinics", |b| {
        let env = env(&rules, date(2026, 11, 23));
        b.iter(|| {
            let cases = store.cases().unwrap();
            let all: Vec<_> = cases
                .iter()
                .map(|c| checklist::status(&env, c).unwrap())
                .collect();
            black_box(all)
        })
    });
    group.bench_function("status_of_10000_clinics_2_threads", |b| {
        let env = env(&rules, date(2026, 11, 23));
        b.iter(|| {
            let cases = store.cases().unwrap();
            black_box(checklist::status_many(&env, &cases, 2).unwrap())
        })
    });

    group.bench_function("board_of_10000_clinics", |b| {
        // What `onshi dashboard` and the technician's board do: load, derive, rank, sort.
        let env = env(&rules, date(2026, 11, 23));
        b.iter(|| {
            let cases = store.cases().unwrap();
            let statuses = checklist::status_many(&env, &cases, 2).unwrap();
            let rows = cases
                .iter()
                .zip(&statuses)
                .map(|(c, s)| checklist::board_row(env.catalog, c, s, env.today))
                .collect();
            black_box(checklist::board(rows, None, None).rows.len())
        })
    });

    group.bench_function("load_10000_cases_only", |b| {
        b.iter(|| black_box(store.cases().unwrap()))
    });
    drop(store);

    group.bench_function("open_10000_clinic_database", |b| {
        b.iter(|| black_box(Store::open_dir(dir.path()).unwrap()))
    });

    // One event through the engine, in its own durable transaction: each iteration is the first
    // event of another clinic that had none (it also starts the procedure), cycling through them.
    let mut store = Store::open_dir(dir.path()).unwrap();
    let fresh: Vec<ClinicId> = store
        .list_clinics()
        .unwrap()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % 3 == 2)
        .map(|(_, c)| c.id)
        .collect();
    // Their オン資 form filled in first (the measured event is its send), outside the timing.
    for id in &fresh {
        prepare(&mut store, &rules, id, "oqs", &oqs_answers(), &[]);
    }
    let mut next = 0;
    group.bench_function("one_event_committed", |b| {
        b.iter(|| {
            record(
                &mut store,
                &rules,
                &fresh[next % fresh.len()],
                "oqs-submitted",
                date(2026, 11, 2),
            );
            next += 1;
        })
    });
    drop(store);

    // The floor: a bare single-row insert commit with the same pragmas, on the same disk.
    let bare_dir = tempfile::tempdir_in(dir.path()).unwrap();
    let conn = rusqlite::Connection::open(bare_dir.path().join("bare.sqlite3")).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
         CREATE TABLE t (seq INTEGER PRIMARY KEY, v TEXT NOT NULL);",
    )
    .unwrap();
    group.bench_function("bare_rusqlite_single_row_commit", |b| {
        b.iter(|| {
            conn.execute("INSERT INTO t (v) VALUES ('oqs-submitted')", [])
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(checklist_benches, benches);
criterion_main!(checklist_benches);
