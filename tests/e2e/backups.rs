//! バックアップ in the real window: one made now, a clinic added afterwards (by another program,
//! as the CLI would), then the backup put back behind its guard — the board shows the data of
//! the backup, and the replaced database is kept aside in the data folder.

use std::time::{Duration, Instant};

use onshi_core::Store;

use crate::harness::{TestResult, run};
use crate::support::add_clinic;

async fn wait_rows(app: &crate::harness::App, n: usize) -> TestResult {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let rows = app.find_all("board-row").await?.len();
        if rows == n {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("{rows} rows on the board, not {n}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
#[ignore = "needs tauri-driver, WebKitWebDriver, Xvfb and D-Bus: run `make test-e2e`"]
async fn a_backup_made_now_is_put_back_behind_a_guard() {
    run("backups", |ctx| async move {
        {
            let mut store = Store::open_dir(&ctx.data_dir)?;
            add_clinic(&mut store, "バックアップ前の医院", "13", "1000036");
            store.save_settings(&onshi_core::settings::Settings {
                mode: onshi_core::settings::Mode::Technician,
                ..Default::default()
            })?;
        }
        let app = ctx.launch_on(None).await?;
        wait_rows(&app, 1).await?;
        app.find("open-backups").await?.click().await?;
        app.find("backups").await?;
        app.find("backup-now").await?.click().await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while !app
            .dom_text("backups-done")
            .await?
            .contains("バックアップしました")
        {
            assert!(Instant::now() < deadline, "no backup said");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let newest = app
            .find("backup-row")
            .await?
            .attr("data-name")
            .await?
            .unwrap();
        app.find("backups-close").await?.click().await?;

        // Another program adds a clinic; the board shows it.
        {
            let mut store = Store::open_dir(&ctx.data_dir)?;
            add_clinic(&mut store, "あとから追加した医院", "34", "0712362");
        }
        app.find("dashboard-search")
            .await?
            .send_keys("医院")
            .await?;
        wait_rows(&app, 2).await?;

        // Put the backup back: the guard first.
        app.find("open-backups").await?.click().await?;
        app.find_css(&format!(
            "[data-testid=\"backup-row\"][data-name=\"{newest}\"] [data-testid=\"restore-start\"]"
        ))
        .await?
        .click()
        .await?;
        app.find("restore-guard").await?;
        app.screenshot_to(&ctx.artifacts.join("01-restore-guard.png"))
            .await?;
        let v = app.axe_violations().await?;
        assert!(v.is_empty(), "axe-core: {v:#?}");
        app.find("restore-confirm").await?.click().await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        let said = loop {
            let said = app.dom_text("backups-done").await?;
            if said.contains("戻しました") {
                break said;
            }
            assert!(Instant::now() < deadline, "no restore said");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert!(
            said.contains("医療機関 1 件") && said.contains("before-restore"),
            "{said}"
        );
        app.screenshot_to(&ctx.artifacts.join("02-restored.png"))
            .await?;
        app.find("backups-close").await?.click().await?;
        wait_rows(&app, 1).await?;
        assert!(
            app.dom_text("board-row")
                .await?
                .contains("バックアップ前の医院")
        );
        let aside = std::fs::read_dir(&ctx.data_dir)?
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains("before-restore"))
            .count();
        assert!(aside >= 1, "the replaced database is kept");
        app.quit().await?;
        Ok(())
    })
    .await;
}
