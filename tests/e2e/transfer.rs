//! 医療機関の移行 in the real window: a file written on "another PC" (a second database, built
//! through the core) holds one new clinic and a step recorded there on another day than here.
//! Reading it (`--open-file` stands for the open dialog) adds the clinic, keeps both records of
//! the step and shows the clinic as 問題あり; then the ticked clinics are written to a file for
//! the next PC (`--save-dir` stands for the save dialog).

use std::time::{Duration, Instant};

use jiff::civil::date;
use onshi_core::Store;
use onshi_core::checklist::Role;

use crate::harness::run;
use crate::support::{add_clinic, answer, record_confirming};

#[tokio::test]
#[ignore = "needs tauri-driver, WebKitWebDriver, Xvfb and D-Bus: run `make test-e2e`"]
async fn clinics_from_another_pc_are_read_with_their_conflict_shown() {
    run("transfer", |ctx| async move {
        let other_dir = tempfile::tempdir()?;
        let file = ctx.data_dir.join("from-other-pc.json");
        {
            let mut here = Store::open_dir(&ctx.data_dir)?;
            let id = add_clinic(&mut here, "両方で記録した医院", "13", "1000036");
            answer(
                &mut here,
                &id,
                "oqs",
                &[("line", "ipsec"), ("planned-month", "2027-01")],
                date(2026, 12, 1),
            );
            let mut other = Store::open_dir(other_dir.path())?;
            other.import_clinics(
                &serde_json::to_vec(&here.export_clinics(&[], jiff::Timestamp::now())?)?,
                jiff::Timestamp::now(),
            )?;
            record_confirming(
                &mut here,
                &id,
                "oqs-submitted",
                date(2026, 12, 3),
                None,
                Role::Receptionist,
            )?;
            record_confirming(
                &mut other,
                &id,
                "oqs-submitted",
                date(2026, 12, 2),
                None,
                Role::Technician,
            )?;
            add_clinic(&mut other, "向こうで登録した医院", "34", "0712362");
            std::fs::write(
                &file,
                serde_json::to_vec(&other.export_clinics(&[], jiff::Timestamp::now())?)?,
            )?;
            here.save_settings(&onshi_core::settings::Settings {
                mode: onshi_core::settings::Mode::Technician,
                ..Default::default()
            })?;
        }
        std::fs::create_dir_all(ctx.data_dir.join("saved"))?;
        let app = ctx
            .launch_with(None, &["--open-file", file.to_str().unwrap()])
            .await?;
        app.find_css("[data-testid=\"board-row\"][data-clinic-id]")
            .await?;
        app.find("open-backups").await?.click().await?;
        app.find("import-file").await?.click().await?;
        let report = app.find("import-report").await?;
        let text = report.prop("textContent").await?.unwrap_or_default();
        assert!(text.contains("追加：向こうで登録した医院"), "{text}");
        let conflicts = app.dom_text("import-conflicts").await?;
        assert!(
            conflicts.contains("両方で記録した医院")
                && conflicts.contains("2026-12-03")
                && conflicts.contains("2026-12-02"),
            "{conflicts}"
        );
        app.screenshot_to(&ctx.artifacts.join("01-imported.png"))
            .await?;
        let v = app.axe_violations().await?;
        assert!(v.is_empty(), "axe-core: {v:#?}");
        app.find("backups-close").await?.click().await?;

        // The board: both clinics, the one in conflict 問題あり.
        let deadline = Instant::now() + Duration::from_secs(10);
        while app.find_all("board-row").await?.len() != 2 {
            assert!(
                Instant::now() < deadline,
                "the new clinic is not on the board"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let problem = app.dom_text("filter-problem").await?;
        assert!(problem.contains('1'), "{problem}");
        app.screenshot_to(&ctx.artifacts.join("02-board.png"))
            .await?;

        // Both ticked, written for the next PC.
        app.find("select-shown").await?.click().await?;
        app.find("selection-export").await?.click().await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        let written = loop {
            let found: Vec<_> = std::fs::read_dir(ctx.data_dir.join("saved"))?
                .flatten()
                .map(|e| e.path())
                .collect();
            if let Some(p) = found
                .into_iter()
                .find(|p| p.extension().is_some_and(|e| e == "json"))
            {
                break p;
            }
            assert!(Instant::now() < deadline, "no file written");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&written)?)?;
        assert_eq!(v["clinics"].as_array().unwrap().len(), 2);
        assert!(
            app.dom_text("selection-copied")
                .await?
                .contains("2 件を書き出しました")
        );
        app.quit().await?;
        Ok(())
    })
    .await;
}
