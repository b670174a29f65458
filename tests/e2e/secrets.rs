//! 秘密情報 in the real window, against a real keychain (gnome-keyring on the test's session
//! bus, `scripts/with-keyring.sh`): a technician stores the portal password through the tab,
//! copies it (the app writes the clipboard; the test reads it as another program would), sees
//! it cleared after the time given, saves the checklist as PDF, and deletes the secret behind
//! its guard. Then the data folder (database, WAL, logs, backups), the PDF, a transfer file of
//! every clinic and the WebView's own storage are searched for the value: it must be nowhere.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use onshi_core::Store;

use crate::harness::{App, TestResult, run};
use crate::support::add_clinic;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const SECRET: &str = "E2e-Portal-Pa55-秘密-4c1d";

/// Files under `dir` holding `needle` as UTF-8 or UTF-16LE.
fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let utf16: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let found = |n: &[u8]| bytes.windows(n.len()).any(|w| w == n);
                if found(SECRET.as_bytes()) || found(&utf16) {
                    hits.push(path);
                }
            }
        }
    }
    hits
}

fn clipboard_text() -> Option<String> {
    arboard::Clipboard::new().ok()?.get_text().ok()
}

async fn row_state(app: &App, kind: &str) -> Res<String> {
    Ok(app
        .find_css(&format!(
            "[data-testid=\"secret-row\"][data-kind=\"{kind}\"] [data-testid=\"secret-state\"]"
        ))
        .await?
        .text()
        .await?)
}

async fn click_in_row(app: &App, kind: &str, id: &str) -> TestResult {
    app.find_css(&format!(
        "[data-testid=\"secret-row\"][data-kind=\"{kind}\"] [data-testid=\"{id}\"]"
    ))
    .await?
    .click()
    .await?;
    Ok(())
}

async fn wait_done(app: &App, needle: &str) -> Res<String> {
    app.wait_text("secrets-done", needle).await
}

#[tokio::test]
#[ignore = "needs tauri-driver, WebKitWebDriver, Xvfb, D-Bus and gnome-keyring: run `make test-e2e`"]
async fn a_secret_is_kept_in_the_keychain_copied_and_cleared_and_found_nowhere_else() {
    run("secrets", |ctx| async move {
        {
            let mut store = Store::open_dir(&ctx.data_dir)?;
            add_clinic(&mut store, "秘密情報テスト医院", "34", "0712362");
            store.save_settings(&onshi_core::settings::Settings {
                mode: onshi_core::settings::Mode::Technician,
                ..Default::default()
            })?;
        }
        std::fs::create_dir_all(ctx.data_dir.join("saved"))?;
        let app = ctx.launch_with(None, &["--clipboard-seconds", "3"]).await?;
        app.find_css("[data-testid=\"board-row\"][data-clinic-id]")
            .await?
            .click()
            .await?;
        app.find("tab-secrets").await?.click().await?;
        app.find("secrets").await?;
        assert_eq!(row_state(&app, "portal-password").await?, "未保存");

        // Store it: a password field, the value sent once, 「保存済み」.
        click_in_row(&app, "portal-password", "secret-edit").await?;
        let input = app.find("secret-input").await?;
        assert_eq!(input.attr("type").await?.as_deref(), Some("password"));
        input.send_keys(SECRET).await?;
        app.find("secret-save").await?.click().await?;
        wait_done(&app, "保存しました").await?;
        assert_eq!(row_state(&app, "portal-password").await?, "保存済み");
        app.screenshot_to(&ctx.artifacts.join("01-secret-stored.png"))
            .await?;
        let v = app.axe_violations().await?;
        assert!(v.is_empty(), "axe-core: {v:#?}");

        // Copy: on the clipboard for the portal, then cleared.
        click_in_row(&app, "portal-password", "secret-copy").await?;
        let said = wait_done(&app, "コピーしました").await?;
        assert!(said.contains("3秒後"), "{said}");
        assert_eq!(clipboard_text().as_deref(), Some(SECRET));
        let deadline = Instant::now() + Duration::from_secs(10);
        while clipboard_text().as_deref() == Some(SECRET) {
            assert!(Instant::now() < deadline, "the clipboard was not cleared");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert!(
            !app.dom_text("secrets").await?.contains(SECRET),
            "the page never holds the value"
        );

        // A printed checklist, saved as PDF.
        app.find("tab-checklist").await?.click().await?;
        app.find("print-checklist").await?.click().await?;
        app.find("print-save-pdf").await?.click().await?;
        app.find("print-saved").await?;
        app.find("print-close").await?.click().await?;

        // A backup and a transfer file of every clinic, made while the secret is stored.
        app.find("open-backups").await?.click().await?;
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
        app.find("export-all").await?.click().await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while !app
            .dom_text("backups-done")
            .await?
            .contains("書き出しました")
        {
            assert!(Instant::now() < deadline, "no export said");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        app.find("backups-close").await?.click().await?;

        // Delete, behind its guard.
        app.find("tab-secrets").await?.click().await?;
        click_in_row(&app, "portal-password", "secret-delete").await?;
        app.find("secret-delete-guard").await?;
        app.find("secret-delete-confirm").await?.click().await?;
        wait_done(&app, "削除しました").await?;
        assert_eq!(row_state(&app, "portal-password").await?, "未保存");
        app.quit().await?;

        // Nowhere but the keychain: the data folder (database, WAL, logs, the saved PDF) and
        // the WebView's storage for this app.
        let mut hits = files_containing(&ctx.data_dir, SECRET);
        if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
            for dir in [
                ".local/share/jp.onshinavi.desktop",
                ".cache/jp.onshinavi.desktop",
            ] {
                hits.extend(files_containing(&home.join(dir), SECRET));
            }
        }
        assert_eq!(hits, Vec::<PathBuf>::new(), "the secret was written here");
        assert_eq!(
            std::fs::read_dir(ctx.data_dir.join("saved"))?.count(),
            2,
            "the PDF and the transfer file were saved (and searched)"
        );
        assert!(
            std::fs::read_dir(ctx.data_dir.join("backups"))?.count() >= 1,
            "the backups were searched"
        );
        Ok(())
    })
    .await;
}
