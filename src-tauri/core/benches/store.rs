//! Store benchmarks (criterion): opening the database, listing and adding clinics at 1,000 and
//! 10,000 clinics, on a real file with WAL + synchronous=FULL (every add is a durable commit).
//! Run with `make bench`; figures go in README "Performance".
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use onshi_core::{NewClinic, NewClinicForm, Store};

fn clinic(i: usize) -> NewClinic {
    NewClinicForm {
        name: format!("ベンチマーク医院{i}"),
        prefecture: format!("{:02}", i % 47 + 1),
        score_table: ["1", "3", "4", "6"][i % 4].into(),
        medical_code: format!("{:06}0", i),
    }
    .validate()
    .unwrap()
    .0
}

fn now() -> jiff::Timestamp {
    "2026-11-23T00:00:00Z".parse().unwrap()
}

fn populated(dir: &Path, n: usize) -> Store {
    let mut store = Store::open_dir(dir).unwrap();
    for i in 0..n {
        store.add_clinic(&clinic(i), now()).unwrap();
    }
    store
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("store");
    group.sample_size(20);

    // Opening an empty data dir: create the file, set pragmas, run migrations.
    group.bench_function("open_new", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| black_box(Store::open_dir(dir.path()).unwrap()),
            criterion::BatchSize::PerIteration,
        )
    });

    for n in [1_000usize, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = populated(dir.path(), n);

        group.bench_with_input(BenchmarkId::new("open_existing", n), &n, |b, _| {
            b.iter(|| black_box(Store::open_dir(dir.path()).unwrap()))
        });
        group.bench_with_input(BenchmarkId::new("list", n), &n, |b, _| {
            b.iter(|| black_box(store.list_clinics().unwrap()))
        });
        let mut next = n;
        group.bench_with_input(BenchmarkId::new("add_one_commit", n), &n, |b, _| {
            b.iter(|| {
                next += 1;
                black_box(store.add_clinic(&clinic(next), now()).unwrap())
            })
        });
    }
    group.finish();

    // Filling a store from empty, one durable commit per clinic (what a technician's bulk entry costs).
    let mut fill = c.benchmark_group("store_fill");
    fill.sample_size(10);
    fill.bench_function("add_1000_from_empty", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| black_box(populated(dir.path(), 1_000)),
            criterion::BatchSize::PerIteration,
        )
    });
    fill.finish();
}

criterion_group!(store, benches);
criterion_main!(store);
