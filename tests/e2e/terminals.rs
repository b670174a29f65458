//! 端末と電子証明書 in the real window, after a 承継 (seeded through the core up to two
//! certificate applications under the new code on 12/25): the technician opens the clinic's
//! terminals, sees one new certificate per terminal, adds, renames and retires terminals, and
//! finds an expiring certificate in the 「証明書の期限」 view. Screenshots kept; axe on each screen.

use std::time::{Duration, Instant};

use jiff::civil::date;
use onshi_core::Store;
use onshi_core::checklist::Role;

use crate::harness::{App, TestResult, run};
use crate::support::{add_clinic, answer, record_confirming, shokei_with_certificates};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The 承継 of the core tests (0712362 → 0712370, two terminals, both certificates applied for
/// on 12/25), and a second clinic whose certificate, installed in 2023, expires within three
/// months.
fn seed(dir: &std::path::Path) -> Res<()> {
    let mut store = Store::open_dir(dir)?;
    shokei_with_certificates(&mut store, "承継テスト内科");
    let other = add_clinic(&mut store, "期限の近い医院", "13", "1000036");
    let old = date(2023, 10, 2);
    answer(
        &mut store,
        &other,
        "oqs",
        &[("line", "ipsec"), ("planned-month", "2023-11")],
        old,
    );
    record_confirming(
        &mut store,
        &other,
        "oqs-submitted",
        old,
        None,
        Role::Receptionist,
    )?;
    let later = date(2023, 10, 10);
    for (event, on) in [
        ("certificate-submitted", old),
        ("certificate-notice-arrived", later),
        ("certificate-arrival-reported", later),
        ("certificate-installed", later),
    ] {
        record_confirming(&mut store, &other, event, on, None, Role::Receptionist)?;
    }
    store.save_settings(&onshi_core::settings::Settings {
        mode: onshi_core::settings::Mode::Technician,
        ..Default::default()
    })?;
    Ok(())
}

async fn axe(app: &App) -> TestResult {
    let v = app.axe_violations().await?;
    assert!(v.is_empty(), "axe-core: {v:#?}");
    Ok(())
}

/// The terminal names of the list, in order (read in one script: the list re-renders).
async fn names(app: &App) -> Res<Vec<String>> {
    let v = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=\"terminal-row\"]')]
                 .map((r) => r.dataset.terminal);",
            vec![],
        )
        .await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

async fn wait_names(app: &App, want: &[&str]) -> TestResult {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = names(app).await?;
        if now == want {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("terminals are {now:?}, not {want:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
#[ignore = "needs tauri-driver, WebKitWebDriver, Xvfb and D-Bus: run `make test-e2e`"]
async fn after_a_shokei_the_terminal_screen_shows_a_new_certificate_per_terminal() {
    run("terminals", |ctx| async move {
        seed(&ctx.data_dir)?;
        let app = ctx.launch_on(Some("2026-12-28")).await?;
        // The 承継 clinic (its new code) on the board; open it on its terminals.
        app.find("dashboard").await?;
        app.find_css("[data-testid=\"board-row\"][data-clinic-id]")
            .await?;
        let rows = app.find_all("board-row").await?;
        let mut opened = false;
        for row in rows {
            let text = row.prop("textContent").await?.unwrap_or_default();
            if text.contains("承継テスト内科") {
                assert!(text.contains("0712370"), "the new code: {text}");
                row.click().await?;
                opened = true;
                break;
            }
        }
        assert!(opened, "the 承継 clinic is on the board");
        app.find("tab-terminals").await?.click().await?;
        app.find("terminal-table").await?;
        wait_names(&app, &["受付PC", "診察室PC"]).await?;
        for row in app.find_all("terminal-row").await? {
            let text = row.prop("textContent").await?.unwrap_or_default();
            assert!(text.contains("2026/12/25"), "applied on 12/25: {text}");
            assert!(text.contains("待機中"), "waiting for the 通知書: {text}");
        }
        app.screenshot_to(&ctx.artifacts.join("01-terminals-after-shokei.png"))
            .await?;
        axe(&app).await?;

        // Add a terminal: it joins the certificate procedure, not yet applied for.
        app.type_into("add-terminal-input", "処置室PC").await?;
        app.find("add-terminal-submit").await?.click().await?;
        wait_names(&app, &["受付PC", "診察室PC", "処置室PC"]).await?;
        let added = app
            .find_css("[data-testid=\"terminal-row\"][data-terminal=\"処置室PC\"]")
            .await?
            .prop("textContent")
            .await?
            .unwrap_or_default();
        assert!(added.contains("進行中"), "{added}");
        assert!(
            app.dom_text("terminals-done")
                .await?
                .contains("追加しました")
        );

        // A name already used is refused beside the field, with what was typed kept.
        app.type_into("add-terminal-input", "受付PC").await?;
        app.find("add-terminal-submit").await?.click().await?;
        let said = app.dom_text("error-terminal").await?;
        assert!(said.contains("すでにあります"), "{said}");
        assert_eq!(app.value_of("add-terminal-input").await?, "受付PC");
        app.screenshot_to(&ctx.artifacts.join("02-name-refused.png"))
            .await?;

        // Rename: the certificate and its date stay with the terminal.
        app.find_css("[data-terminal=\"受付PC\"] [data-testid=\"rename-start\"]")
            .await?
            .click()
            .await?;
        app.type_into("rename-input", "受付1").await?;
        app.find("rename-submit").await?.click().await?;
        wait_names(&app, &["受付1", "診察室PC", "処置室PC"]).await?;
        let renamed = app
            .find_css("[data-testid=\"terminal-row\"][data-terminal=\"受付1\"]")
            .await?
            .prop("textContent")
            .await?
            .unwrap_or_default();
        assert!(
            renamed.contains("旧名：受付PC") && renamed.contains("2026/12/25"),
            "{renamed}"
        );

        // Retire behind its guard: the safe answer first, then the real one.
        let retire = "[data-terminal=\"処置室PC\"] [data-testid=\"retire-start\"]";
        app.find_css(retire).await?.click().await?;
        app.find("retire-guard").await?;
        app.screenshot_to(&ctx.artifacts.join("03-retire-guard.png"))
            .await?;
        axe(&app).await?;
        app.find("retire-cancel").await?.click().await?;
        app.wait_gone("retire-guard").await?;
        assert_eq!(names(&app).await?.len(), 3);
        app.find_css(retire).await?.click().await?;
        app.find("retire-confirm").await?.click().await?;
        wait_names(&app, &["受付1", "診察室PC"]).await?;
        let retired = app.dom_text("retired-terminals").await?;
        assert!(retired.contains("処置室PC"), "{retired}");
        let changes = app.dom_text("terminal-changes").await?;
        assert!(
            changes.contains("「受付PC」から「受付1」に変更") && changes.contains("技術者"),
            "{changes}"
        );
        app.screenshot_to(&ctx.artifacts.join("04-terminals-changed.png"))
            .await?;

        // The history tab has the changes too.
        app.find("tab-history").await?.click().await?;
        // The tab says 「読み込み中…」 until the entries come.
        app.find("history-entry").await?;
        let history = app.dom_text("history").await?;
        assert!(history.contains("端末「処置室PC」を撤去"), "{history}");

        // 「証明書の期限」: the other clinic's certificate expires on 2027-01-02 (3年3か月).
        app.find("expiry-view-toggle").await?.click().await?;
        app.find("expiry-table").await?;
        let table = app.dom_text("expiry-table").await?;
        assert!(
            table.contains("期限の近い医院") && table.contains("2027/1/2"),
            "{table}"
        );
        assert!(!table.contains("承継テスト内科"), "{table}");
        app.screenshot_to(&ctx.artifacts.join("05-expiry-view.png"))
            .await?;
        axe(&app).await?;
        app.find("expiry-open").await?.click().await?;
        // Its terminal was never named: the certificate procedure's suggested name.
        wait_names(&app, &["オンライン資格確認パソコン"]).await?;
        assert_eq!(
            app.find("tab-terminals")
                .await?
                .attr("aria-selected")
                .await?
                .as_deref(),
            Some("true")
        );
        // Its renewal should have started (2026-10-02, three months before the expiry).
        let due = app.dom_text("terminal-renewal-due").await?;
        assert!(due.contains("更新を始める時期です"), "{due}");
        app.screenshot_to(&ctx.artifacts.join("06-expiring-clinic.png"))
            .await?;
        app.quit().await
    })
    .await;
}
