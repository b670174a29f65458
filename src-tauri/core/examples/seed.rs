//! Seeds a database with N clinics in a mix of states, through the core as the app would write
//! them: a technician's morning for benchmarks and demonstrations (`onshi dashboard`, the board,
//! 証明書の期限).
//!
//! `cargo run --release -p onshi-core --example seed -- DIR [N]` (N defaults to 10,000). Every
//! tenth clinic waits for a certificate letter long overdue (問題あり), every tenth waits for its
//! オン資 confirmation, every fiftieth has a certificate installed in 2023 that expires soon, the
//! rest have nothing started. Today is 2026-12-10.

use std::path::PathBuf;

use jiff::civil::{Date, date};
use onshi_core::checklist::{Env, Role, Target};
use onshi_core::{ClinicId, Error, NewClinicForm, Store, operation};

fn record(store: &mut Store, id: &ClinicId, event: &str, on: Date) -> Result<(), Error> {
    let env = Env::embedded(on)?;
    let attempt = |store: &mut Store| {
        operation::record_event(
            store,
            &env,
            id,
            event,
            on,
            on,
            &Target::default(),
            Role::Technician,
            jiff::Timestamp::now(),
        )
    };
    match attempt(store) {
        Err(e) if e.kind() == onshi_core::ErrorKind::ConfirmationRequired => {
            for d in e.data().confirmations {
                operation::confirm(
                    store,
                    &env,
                    id,
                    &d.procedure_id,
                    &d.danger_id,
                    None,
                    Role::Technician,
                    jiff::Timestamp::now(),
                )?;
            }
            attempt(store).map(|_| ())
        }
        other => other.map(|_| ()),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let dir = PathBuf::from(args.next().ok_or("使い方: seed DIR [N]")?);
    let n: usize = match args.next() {
        Some(v) => v.to_string_lossy().parse()?,
        None => 10_000,
    };
    let mut store = Store::open_dir(&dir)?;
    for i in 0..n {
        let (clinic, _) = NewClinicForm {
            name: format!("シード医院{i:05}"),
            prefecture: format!("{:02}", i % 47 + 1),
            score_table: "1".into(),
            medical_code: format!("{:06}0", i + 1),
        }
        .validate()?;
        let id = store.add_clinic(&clinic, jiff::Timestamp::now())?.id;
        let on = match i % 50 {
            0 => date(2023, 10, 2),
            _ if i % 10 == 0 => date(2026, 11, 2),
            _ if i % 10 == 1 => date(2026, 12, 9),
            _ => continue,
        };
        operation::start_procedure(
            &mut store,
            &Env::embedded(on)?,
            &id,
            "oqs",
            &[
                ("line".into(), "ipsec".into()),
                ("planned-month".into(), "2027-01".into()),
            ],
            Role::Technician,
            jiff::Timestamp::now(),
        )?;
        record(&mut store, &id, "oqs-submitted", on)?;
        if i % 10 == 1 {
            continue;
        }
        record(&mut store, &id, "certificate-submitted", on)?;
        if i % 50 == 0 {
            let later = on.saturating_add(jiff::ToSpan::days(8));
            for event in [
                "certificate-notice-arrived",
                "certificate-arrival-reported",
                "certificate-installed",
            ] {
                record(&mut store, &id, event, later)?;
            }
        }
    }
    println!("{n} 件の医療機関を {} に書き込みました。", dir.display());
    Ok(())
}
