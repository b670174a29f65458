//! 印刷 in the real window: a technician opens a clinic after its 承継 (seeded through the core,
//! both certificates applied for on 12/25), sees the timeline strip, opens the print view of
//! its checklist, prints (the WebView's `window.print`), saves the PDF (written into the
//! `--save-dir` the harness passes, as the save dialog would), closes with Esc back to the same
//! button, then prints the visit sheet of the clinics ticked on the board. Screenshots kept;
//! the PDFs read back with pdftotext.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use onshi_core::Store;
use serde_json::json;

use crate::harness::{App, TestResult, run};
use crate::support::{add_clinic, shokei_with_certificates};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn seed(dir: &Path) -> Res<()> {
    let mut store = Store::open_dir(dir)?;
    shokei_with_certificates(&mut store, "印刷テスト内科");
    add_clinic(&mut store, "二軒目医院", "13", "1000036");
    store.save_settings(&onshi_core::settings::Settings {
        mode: onshi_core::settings::Mode::Technician,
        ..Default::default()
    })?;
    Ok(())
}

fn pdf_text(path: &Path) -> Res<String> {
    let out = Command::new("pdftotext").arg(path).arg("-").output()?;
    assert!(out.status.success(), "pdftotext {}", path.display());
    // pdftotext breaks lines and spaces Latin from Japanese: compare without white space.
    Ok(String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect())
}

/// The PDFs in the save folder (waits for the one the click writes).
async fn wait_pdfs(dir: &Path, count: usize) -> Res<Vec<std::path::PathBuf>> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut found: Vec<_> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        found.sort();
        if found.len() >= count {
            return Ok(found);
        }
        if Instant::now() > deadline {
            return Err(format!("{} files in {}, not {count}", found.len(), dir.display()).into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn focused_testid(app: &App) -> Res<String> {
    let v = app
        .client
        .execute(
            "return document.activeElement && document.activeElement.dataset.testid || '';",
            vec![],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

async fn axe(app: &App) -> TestResult {
    let v = app.axe_violations().await?;
    assert!(v.is_empty(), "axe-core: {v:#?}");
    Ok(())
}

#[tokio::test]
#[ignore = "needs tauri-driver, WebKitWebDriver, Xvfb and D-Bus: run `make test-e2e`"]
async fn a_technician_prints_and_saves_a_checklist_and_a_visit_sheet() {
    run("print", |ctx| async move {
        seed(&ctx.data_dir)?;
        let saved = ctx.data_dir.join("saved");
        std::fs::create_dir_all(&saved)?;
        let app = ctx.launch_on(Some("2026-12-28")).await?;
        app.find_css("[data-testid=\"board-row\"][data-clinic-id]")
            .await?;
        let mut opened = false;
        for row in app.find_all("board-row").await? {
            let text = row.prop("textContent").await?.unwrap_or_default();
            if text.contains("印刷テスト内科") {
                row.click().await?;
                opened = true;
                break;
            }
        }
        assert!(opened, "the 承継 clinic is on the board");

        // The checklist shows the timeline strip: the 承継 done, each terminal waiting.
        let strip = app.find("timeline-strip").await?;
        let text = strip.prop("textContent").await?.unwrap_or_default();
        assert!(
            text.contains("2027/1/7ごろ") && text.contains("猶予期間"),
            "{text}"
        );
        assert_eq!(app.find_all("strip-row").await?.len(), 4, "{text}");
        app.screenshot_to(&ctx.artifacts.join("01-checklist-strip.png"))
            .await?;

        // The print view covers the app (kept alive behind it).
        app.find("print-checklist").await?.click().await?;
        app.find("print-view").await?;
        assert_eq!(app.dom_text("sheet-clinic-name").await?, "印刷テスト内科");
        let hidden = app
            .client
            .execute(
                "return document.querySelector('.app-shell').hidden;",
                vec![],
            )
            .await?;
        assert_eq!(hidden, json!(true));
        assert_eq!(focused_testid(&app).await?, "print-heading");
        app.screenshot_to(&ctx.artifacts.join("02-print-view.png"))
            .await?;
        axe(&app).await?;

        // 「印刷」 opens the WebView's print dialog, which WebDriver cannot see: count the call.
        app.client
            .execute(
                "window.__printed = 0; window.print = () => { window.__printed += 1; };",
                vec![],
            )
            .await?;
        app.find("print-print").await?.click().await?;
        let printed = app
            .client
            .execute("return window.__printed;", vec![])
            .await?;
        assert_eq!(printed, json!(1));

        // 「PDFで保存」: written whole, said where.
        app.find("print-save-pdf").await?.click().await?;
        let said = app.find("print-saved").await?.text().await?;
        let pdfs = wait_pdfs(&saved, 1).await?;
        let name = pdfs[0].file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(name, "チェックリスト_印刷テスト内科_2026-12-28.pdf");
        assert!(said.contains(&name) && said.contains("ページ"), "{said}");
        let flat = pdf_text(&pdfs[0])?;
        assert!(
            flat.contains("印刷テスト内科")
                && flat.contains("時系列")
                && flat.contains("2027/1/7ごろ"),
            "{flat}"
        );
        app.screenshot_to(&ctx.artifacts.join("03-pdf-saved.png"))
            .await?;

        // Esc: back to the checklist, on the button that opened the view.
        app.find("print-heading")
            .await?
            .send_keys(&fantoccini::key::Key::Escape.to_string())
            .await?;
        app.wait_gone("print-view").await?;
        let deadline = Instant::now() + Duration::from_secs(5);
        while focused_testid(&app).await? != "print-checklist" {
            assert!(
                Instant::now() < deadline,
                "the focus went back to the button"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        // The receptionist's hand-off sheet: what comes, when, whom to call — saved as PDF.
        app.find("print-handoff").await?.click().await?;
        let handoff = app.dom_text("sheet-handoff").await?;
        assert!(
            handoff.contains("2027年1月7日(木)ごろ") && handoff.contains("0800-0804583"),
            "{handoff}"
        );
        app.screenshot_to(&ctx.artifacts.join("03b-handoff.png"))
            .await?;
        app.find("print-save-pdf").await?.click().await?;
        app.wait_text("print-saved", "受付用メモ").await?;
        app.find("print-close").await?.click().await?;
        app.wait_gone("print-view").await?;

        // The visit sheet of the ticked clinics, from the board.
        app.find("tab-checklist")
            .await?
            .send_keys(&fantoccini::key::Key::Escape.to_string())
            .await?;
        app.find("select-shown").await?.click().await?;
        assert!(app.dom_text("selection-count").await?.contains("2 件"));
        app.find("selection-visit-sheet").await?.click().await?;
        app.find("sheet-visit").await?;
        assert_eq!(app.find_all("visit-row").await?.len(), 2);
        assert_eq!(app.find_all("sheet-checklist").await?.len(), 2);
        app.screenshot_to(&ctx.artifacts.join("04-visit-sheet.png"))
            .await?;
        app.find("print-save-pdf").await?.click().await?;
        app.find("print-saved").await?;
        let pdfs = wait_pdfs(&saved, 3).await?;
        let visit = pdfs
            .iter()
            .find(|p| p.to_string_lossy().contains("訪問用シート"))
            .expect("the visit sheet");
        let flat = pdf_text(visit)?;
        assert!(
            flat.contains("印刷テスト内科") && flat.contains("二軒目医院"),
            "{flat}"
        );
        // Closed: the board is as it was, ticks kept.
        app.find("print-close").await?.click().await?;
        app.wait_gone("print-view").await?;
        assert!(app.dom_text("selection-count").await?.contains("2 件"));
        app.quit().await?;
        Ok(())
    })
    .await;
}
