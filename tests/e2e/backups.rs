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

        // A second start (a double click on the icon) only focuses this window and ends: two
        // windows never write one database.
        let started = Instant::now();
        let mut second = std::process::Command::new(crate::harness::app_binary())
            .arg("--data-dir")
            .arg(&ctx.data_dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        let status = loop {
            if let Some(s) = second.try_wait()? {
                break s;
            }
            if started.elapsed() > Duration::from_secs(20) {
                let _ = second.kill();
                return Err("the second start did not end".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert!(status.success(), "{status:?}");
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
        let said = app.wait_text("backups-done", "戻しました").await?;
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

/// A data folder with one clinic, opening in 技術者モード, and an automatic backup of it.
fn one_clinic_and_a_backup(dir: &std::path::Path, name: &str) -> TestResult {
    let mut store = Store::open_dir(dir)?;
    add_clinic(&mut store, name, "13", "1000036");
    store.save_settings(&onshi_core::settings::Settings {
        mode: onshi_core::settings::Mode::Technician,
        ..Default::default()
    })?;
    store.auto_backup(dir, jiff::Timestamp::now())?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs tauri-driver, WebKitWebDriver, Xvfb and D-Bus: run `make test-e2e`"]
async fn a_damaged_database_is_quarantined_and_the_latest_backup_brings_it_back() {
    run("damaged-database", |ctx| async move {
        one_clinic_and_a_backup(&ctx.data_dir, "壊れる前の医院")?;
        // The file is overwritten (a disk fault, a copy gone wrong).
        let db = ctx.data_dir.join(onshi_core::store::DB_FILE_NAME);
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
        let garbage: Vec<u8> = (0..64 * 1024).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&db, &garbage)?;

        // The app opens on the quarantine screen: the file is renamed and kept byte for byte,
        // nothing takes its place, and the newest backup is offered.
        let app = ctx.launch_on(None).await?;
        let said = app.wait_text("quarantine-message", "隔離").await?;
        assert!(
            said.contains("onshi-navi-"),
            "the newest backup is named: {said}"
        );
        let kept_as = app.dom_text("quarantine-kept").await?;
        assert_eq!(
            std::fs::read(ctx.data_dir.join(kept_as.trim()))?,
            garbage,
            "the damaged file is kept, renamed, as it was"
        );
        assert!(!db.exists(), "no empty database in its place");
        // The running window holds the data folder's lock: `onshi restore` would refuse.
        let held = onshi_core::store::app_lock::AppLock::hold(&ctx.data_dir).unwrap_err();
        assert_eq!(held.kind(), onshi_core::ErrorKind::StorageBusy, "{held:?}");
        app.screenshot_to(&ctx.artifacts.join("01-quarantined.png"))
            .await?;
        let violations = app.axe_violations().await?;
        assert!(violations.is_empty(), "axe-core: {violations:#?}");
        app.quit().await?;

        // The next start still says so (no empty database was made meanwhile).
        let app = ctx.launch_on(None).await?;
        app.wait_text("quarantine-message", "隔離").await?;
        assert!(!db.exists());
        app.find("quarantine-restore").await?.click().await?;
        app.find("quarantine-restore-guard").await?;
        // Let the guard paint before the picture (a screenshot right after a click can show
        // an older frame).
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.screenshot_to(&ctx.artifacts.join("02-restore-guard.png"))
            .await?;
        app.find("quarantine-restore-confirm")
            .await?
            .click()
            .await?;
        app.wait_text("recovered", "戻しました").await?;
        wait_rows(&app, 1).await?;
        assert!(app.dom_text("board-row").await?.contains("壊れる前の医院"));
        app.screenshot_to(&ctx.artifacts.join("03-restored.png"))
            .await?;
        assert_eq!(
            std::fs::read(ctx.data_dir.join(kept_as.trim()))?,
            garbage,
            "still kept after the restore"
        );
        app.quit().await?;
        Ok(())
    })
    .await;
}

#[tokio::test]
#[ignore = "needs tauri-driver, WebKitWebDriver, Xvfb and D-Bus: run `make test-e2e`"]
async fn a_truncated_or_foreign_database_is_quarantined_too_and_the_window_keeps_running() {
    run("damaged-kinds", |ctx| async move {
        one_clinic_and_a_backup(&ctx.data_dir, "切れる前の医院")?;
        let db = ctx.data_dir.join(onshi_core::store::DB_FILE_NAME);
        for kind in ["truncated", "foreign"] {
            // The database as the last round left it (restored), then damaged this way.
            {
                let store = Store::open_dir(&ctx.data_dir)?;
                drop(store);
            }
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
            }
            if kind == "truncated" {
                let whole = std::fs::read(&db)?;
                std::fs::write(&db, &whole[..whole.len() / 2])?;
            } else {
                std::fs::remove_file(&db)?;
                let conn = rusqlite::Connection::open(&db)?;
                conn.execute_batch(
                    "PRAGMA journal_mode=DELETE; CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT);",
                )?;
            }
            let bytes = std::fs::read(&db)?;

            let app = ctx.launch_on(None).await?;
            app.wait_text("quarantine-message", "隔離").await?;
            let kept = app.dom_text("quarantine-kept").await?;
            assert_eq!(std::fs::read(ctx.data_dir.join(kept.trim()))?, bytes, "{kind}");
            assert!(!db.exists(), "{kind}: nothing in its place");
            // The window keeps working: the バックアップ・移行 panel opens from the screen.
            app.find("quarantine-backups").await?.click().await?;
            app.find("backup-row").await?;
            app.find("backups-close").await?.click().await?;
            app.find("quarantine-restore").await?.click().await?;
            app.find("quarantine-restore-confirm").await?.click().await?;
            app.wait_text("recovered", "戻しました").await?;
            wait_rows(&app, 1).await?;
            assert!(app.dom_text("board-row").await?.contains("切れる前の医院"), "{kind}");
            tokio::time::sleep(Duration::from_millis(300)).await;
            app.screenshot_to(&ctx.artifacts.join(format!("{kind}-restored.png")))
                .await?;
            app.quit().await?;
        }
        Ok(())
    })
    .await;
}
