//! 技術者モード's board with 10,000 clinics in the database (seeded through the core, in a mix of
//! states): the urgent ones first, a filter and a search narrow it, opening a clinic and coming
//! back keeps the filter; timings inside the page for the README.

use std::time::{Duration, Instant};

use jiff::civil::{Date, date};
use onshi_core::checklist::{Env, Role, Target};
use onshi_core::{NewClinicForm, Store, operation};

use crate::harness::run;

const TODAY: Date = date(2026, 12, 10);

/// 10,000 clinics: every tenth with a certificate letter long overdue (問題あり), every tenth
/// waiting for its オン資 confirmation, the rest with nothing started.
fn seed(dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = Store::open_dir(dir)?;
    let env = |d: Date| Env::embedded(d);
    for i in 0..10_000 {
        let (clinic, _) = NewClinicForm {
            name: format!("ダッシュボード医院{i:05}"),
            prefecture: format!("{:02}", i % 47 + 1),
            score_table: "1".into(),
            medical_code: format!("{:06}0", i + 1),
        }
        .validate()?;
        let id = store.add_clinic(&clinic, jiff::Timestamp::now())?.id;
        if i % 10 == 0 || i % 10 == 1 {
            operation::start_procedure(
                &mut store,
                &env(TODAY)?,
                &id,
                "oqs",
                &[
                    ("line".into(), "ipsec".into()),
                    ("planned-month".into(), "2027-01".into()),
                ],
                Role::Technician,
                jiff::Timestamp::now(),
            )?;
            let on = if i % 10 == 0 {
                date(2026, 11, 2)
            } else {
                date(2026, 12, 9)
            };
            for event in ["oqs-submitted", "certificate-submitted"] {
                if i % 10 == 1 && event == "certificate-submitted" {
                    continue;
                }
                operation::record_event(
                    &mut store,
                    &env(on)?,
                    &id,
                    event,
                    on,
                    TODAY,
                    &Target::default(),
                    Role::Technician,
                    jiff::Timestamp::now(),
                )?;
            }
        }
    }
    store.save_settings(&onshi_core::settings::Settings {
        mode: onshi_core::settings::Mode::Technician,
        ..Default::default()
    })?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs tauri-driver, WebKitWebDriver, Xvfb and D-Bus: run `make test-e2e`"]
async fn the_board_of_10000_clinics_puts_the_urgent_first_and_keeps_the_filter() {
    run("dashboard", |ctx| async move {
        seed(&ctx.data_dir)?;
        let app = ctx.launch_on(Some("2026-12-10")).await?;
        app.find("dashboard").await?;
        let first_text = app.dom_text("board-row").await?;
        assert!(first_text.contains("問題あり"), "{first_text}");
        let count = app.find("dashboard-count").await?.text().await?;
        assert!(count.contains("10000"), "{count}");
        let rendered = app.find_all("board-row").await?.len();
        assert!(rendered < 200, "a virtualised list renders {rendered} rows");
        app.screenshot_to(&ctx.artifacts.join("01-board.png")).await?;
        let violations = app.axe_violations().await?;
        assert!(violations.is_empty(), "axe-core: {violations:#?}");

        // A filter narrows it, timed inside the page (click → the count updated).
        let filtered = app
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const count = () => document.querySelector('[data-testid=\"dashboard-count\"]').textContent;
                 const before = count();
                 const start = performance.now();
                 document.querySelector('[data-testid=\"filter-waiting\"]').click();
                 const look = () => count() !== before ? done(performance.now() - start) : requestAnimationFrame(look);
                 look();",
                vec![],
            )
            .await?;
        let count = app.find("dashboard-count").await?.text().await?;
        assert!(count.contains("1000 件"), "{count}");
        let row = app.dom_text("board-row").await?;
        assert!(row.contains("待機中"), "{row}");

        // A search narrows it further (full-width digits of a code).
        let search = app.find("dashboard-search").await?;
        search.send_keys("００００１２０").await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while app.find_all("board-row").await?.len() != 1 {
            assert!(Instant::now() < deadline, "the search did not narrow to one clinic");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let only = app.find("board-row").await?;
        assert!(app.dom_text("board-row").await?.contains("0000120"));
        app.screenshot_to(&ctx.artifacts.join("02-filtered.png")).await?;

        // Open it, come back: the filter and the search are still there.
        only.click().await?;
        app.find("tab-checklist").await?;
        app.screenshot_to(&ctx.artifacts.join("03-clinic.png")).await?;
        app.find("tab-checklist")
            .await?
            .send_keys(&fantoccini::key::Key::Escape.to_string())
            .await?;
        assert_eq!(app.find_all("board-row").await?.len(), 1);
        assert_eq!(
            app.find("dashboard-search").await?.prop("value").await?.as_deref(),
            Some("００００１２０")
        );
        assert_eq!(
            app.find("filter-waiting").await?.attr("aria-pressed").await?.as_deref(),
            Some("true")
        );
        println!(
            "board with 10,000 clinics: filter click → count updated {} ms (in the page)",
            filtered.as_f64().unwrap_or(f64::NAN)
        );
        app.quit().await
    })
    .await;
}
