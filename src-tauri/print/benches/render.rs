//! Printing benchmarks (criterion): one clinic's checklist, warm (the font and the library
//! already loaded), and a visit sheet of 100 clinics. Run with `make bench`; figures in the
//! README. The fresh-process figure is `onshi export` under hyperfine.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::date;
use onshi_core::checklist::{Env, Role, Target};
use onshi_core::{NewClinicForm, Store, operation, sheet};
use onshi_print::{Template, render};

fn now() -> jiff::Timestamp {
    "2026-11-23T00:00:00Z".parse().unwrap()
}

/// `n` clinics, each with its オン資 application sent and a certificate applied for per terminal.
fn clinics(store: &mut Store, n: usize) -> Vec<onshi_core::case::Case> {
    let mut out = Vec::new();
    for i in 0..n {
        let (c, _) = NewClinicForm {
            name: format!("印刷テスト医院{i:03}"),
            prefecture: format!("{:02}", i % 47 + 1),
            score_table: "1".into(),
            medical_code: format!("{:06}0", i + 1),
        }
        .validate()
        .unwrap();
        let id = store.add_clinic(&c, now()).unwrap().id;
        let on = date(2026, 12, 1);
        let env = Env::embedded(on).unwrap();
        let answers = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        operation::start_procedure(
            store,
            &env,
            &id,
            "oqs",
            &answers(&[("line", "ipsec"), ("planned-month", "2027-01")]),
            Role::Technician,
            now(),
        )
        .unwrap();
        for (event, terminal) in [("oqs-submitted", None), ("certificate-submitted", None)] {
            let record = |store: &mut Store| {
                operation::record_event(
                    store,
                    &env,
                    &id,
                    event,
                    on,
                    on,
                    &Target::new(terminal, None, None),
                    Role::Technician,
                    now(),
                )
            };
            if let Err(e) = record(store) {
                for d in e.data().confirmations {
                    operation::confirm(
                        store,
                        &env,
                        &id,
                        &d.procedure_id,
                        &d.danger_id,
                        None,
                        Role::Technician,
                        now(),
                    )
                    .unwrap();
                }
                record(store).unwrap();
            }
        }
        out.push(store.case(&id).unwrap());
    }
    out
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_dir(dir.path()).unwrap();
    let cases = clinics(&mut store, 100);
    let env = Env::embedded(date(2026, 12, 10)).unwrap();
    let one = sheet::checklist_sheet(&env, &cases[0], false).unwrap();
    let pdf = render(Template::Checklist, &one).unwrap();
    println!(
        "one checklist: {} bytes, {} pages",
        pdf.bytes.len(),
        pdf.pages
    );
    let mut group = c.benchmark_group("print");
    group.sample_size(20);
    // A different clinic each time: Typst memoises a compile of the same input.
    let sheets: Vec<_> = cases
        .iter()
        .map(|c| sheet::checklist_sheet(&env, c, false).unwrap())
        .collect();
    let mut next = 0;
    group.bench_function("one_checklist_warm", |b| {
        b.iter(|| {
            next = (next + 1) % sheets.len();
            render(Template::Checklist, &sheets[next]).unwrap()
        })
    });
    group.sample_size(10);
    let mut day = 0;
    group.bench_function("visit_sheet_of_100_clinics", |b| {
        b.iter(|| {
            // Another printing day each time, for the same reason.
            day += 1;
            let env =
                Env::embedded(date(2026, 12, 10).saturating_add(jiff::ToSpan::days(day))).unwrap();
            let visit = sheet::visit_sheet(&env, &cases).unwrap();
            render(Template::Visit, &visit).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
