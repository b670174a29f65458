//! Calendar benchmarks: add_business_days for N up to 400 (goal ≤ 5 µs) and holiday lookup.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use onshi_core::calendar::Calendar;

fn benches(c: &mut Criterion) {
    let cal = Calendar::embedded();
    let mut group = c.benchmark_group("calendar");
    for n in [5u32, 20, 120, 400] {
        group.bench_with_input(BenchmarkId::new("add_business_days", n), &n, |b, &n| {
            b.iter(|| {
                cal.add_business_days(black_box(date(2026, 12, 25)), black_box(n))
                    .unwrap()
            })
        });
    }
    group.bench_function("is_business_day", |b| {
        b.iter(|| cal.is_business_day(black_box(date(2026, 9, 22))).unwrap())
    });
    group.bench_function("holiday_lookup", |b| {
        b.iter(|| cal.holiday(black_box(date(2026, 9, 22))))
    });
    group.bench_function("build_from_table", |b| {
        let table = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../assets/holidays/syukujitsu.tsv"
        ))
        .unwrap();
        b.iter(|| Calendar::from_table(black_box(&table)).unwrap())
    });
    group.finish();
}

criterion_group!(calendar, benches);
criterion_main!(calendar);
