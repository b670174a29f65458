//! Postal lookups, onshi-core vs jpostcode_rs, over the same shuffled real codes in one run.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use onshi_core::postal::PostalTable;

fn codes() -> Vec<u32> {
    let table = PostalTable::embedded().unwrap();
    // Address codes only (the peer has no 事業所 codes), in a fixed shuffled order.
    let mut all: Vec<u32> = table
        .codes()
        .filter(|c| table.lookup(*c).iter().any(|a| a.office.is_none()))
        .collect();
    let mut state = 0x2545_f491_u64;
    for i in (1..all.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        all.swap(i, (state % (i as u64 + 1)) as usize);
    }
    all.truncate(20_000);
    all
}

fn benches(c: &mut Criterion) {
    let codes = codes();
    let strings: Vec<String> = codes.iter().map(|c| format!("{c:07}")).collect();
    let table = PostalTable::embedded().unwrap();
    // Warm the peer's lazy map before timing steady-state lookups.
    let _ = jpostcode_rs::lookup_address("1000001");

    // 20,000 shuffled codes touch most of both tables (cache-cold lookups); the first 1,000 of
    // them stay in cache between iterations (cache-warm).
    for n in [20_000, 1_000] {
        let strings = &strings[..n];
        let mut g = c.benchmark_group(format!("postal_lookup_{n}_codes"));
        // Ours, the rows read in place from the 7-digit string (`PostalTable::addresses_of`,
        // no allocation): the lookup itself.
        g.bench_function("onshi", |b| {
            b.iter(|| {
                for s in strings {
                    for address in table.addresses_of(s) {
                        black_box(address);
                    }
                }
            })
        });
        // Ours collected into a Vec, from the normalised 7 digits: what the postal-code check,
        // the address fill and `onshi postal` do (they return or print the candidates).
        g.bench_function("onshi_vec", |b| {
            b.iter(|| {
                for s in strings {
                    black_box(table.addresses_of(s).collect::<Vec<_>>());
                }
            })
        });
        g.bench_function("jpostcode_rs", |b| {
            b.iter(|| {
                for s in strings {
                    black_box(jpostcode_rs::lookup_address(s).ok());
                }
            })
        });
        g.finish();
    }

    c.bench_function("postal_load/onshi_parse_table", |b| {
        let bytes: &'static [u8] = Box::leak(
            std::fs::read(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../assets/postal/postal.bin"
            ))
            .unwrap()
            .into_boxed_slice(),
        );
        b.iter(|| PostalTable::parse(black_box(bytes)).unwrap())
    });
}

criterion_group!(postal, benches);
criterion_main!(postal);
