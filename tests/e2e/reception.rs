//! 受付モード as a receptionist lives it: a 承継 to a new code for a clinic with two terminals,
//! over five launches on the days things happen (--today) — situation, questions, each step,
//! the guard, mail 1 and mail 2, the code switch, two certificate applications on 12/25, the
//! 通知書 expected around 2027/1/7, the arrival — checking what each screen shows, that a
//! restart keeps everything (confirmations included), and axe-core on every screen.

use std::time::Instant;

use crate::harness::{App, TestResult, run};

/// Screens checked by axe-core and kept as screenshots, in journey order.
struct Screens {
    dir: std::path::PathBuf,
    n: usize,
}

impl Screens {
    async fn shot(&mut self, app: &App, name: &str) -> TestResult {
        self.n += 1;
        app.screenshot_to(&self.dir.join(format!("{:02}-{name}.png", self.n)))
            .await?;
        let violations = app.axe_violations().await?;
        assert!(violations.is_empty(), "axe-core on {name}: {violations:#?}");
        Ok(())
    }
}

async fn text(app: &App, id: &str) -> Result<String, Box<dyn std::error::Error>> {
    Ok(app.find(id).await?.text().await?)
}

/// Clicks every guard checkbox of the step that is not checked yet (a receptionist confirms
/// each after looking at the portal), waiting for each to be stored.
async fn confirm_guards(app: &App) -> TestResult {
    for _ in 0..5 {
        let boxes = app
            .client
            .find_all(fantoccini::Locator::Css(
                "[data-testid^=\"guard-check-\"]:not(:checked)",
            ))
            .await?;
        let Some(first) = boxes.into_iter().next() else {
            return Ok(());
        };
        first.click().await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
    Ok(())
}

/// Goes through the wizard's steps with 「次へ」 until the step that records `label`
/// (「送信しました」 or 「届きました」), confirming the guards on the way.
async fn next_until_record(app: &App, label: &str) -> TestResult {
    for _ in 0..12 {
        confirm_guards(app).await?;
        if let Some(button) = app.find_all("wizard-record").await?.into_iter().next()
            && button.text().await?.contains(label)
            && app.find_all("wizard-step-done").await?.is_empty()
        {
            return Ok(());
        }
        let before = text(app, "wizard-title").await?;
        app.find("wizard-next").await?.click().await?;
        let deadline = Instant::now() + std::time::Duration::from_secs(10);
        while text(app, "wizard-title").await? == before {
            assert!(Instant::now() < deadline, "次へ did not move from {before}");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
    Err(format!("no step records 「{label}」").into())
}

/// Records on the current wizard step with the given date, and waits for the notice.
async fn record_on(app: &App, date: &str) -> TestResult {
    app.type_into("wizard-date", date).await?;
    app.find("wizard-record").await?.click().await?;
    let notice = text(app, "wizard-notice").await?;
    assert!(notice.contains("記録しました"), "{notice}");
    Ok(())
}

/// 「届きました」 on the waiting item for `event` (and terminal), dated `date`.
async fn arrived(app: &App, event: &str, terminal: &str, date: &str) -> TestResult {
    let item = app
        .find_css(&format!(
            "[data-testid=\"waiting-item\"][data-event=\"{event}\"][data-terminal=\"{terminal}\"]"
        ))
        .await?;
    let input = item
        .find(fantoccini::Locator::Css("[data-testid=\"waiting-date\"]"))
        .await?;
    input.clear().await?;
    input.send_keys(date).await?;
    item.find(fantoccini::Locator::Css(
        "[data-testid=\"waiting-arrived\"]",
    ))
    .await?
    .click()
    .await?;
    let notice = text(app, "home-notice").await?;
    assert!(notice.contains("記録しました"), "{notice}");
    Ok(())
}

#[tokio::test]
#[ignore = "needs tauri-driver, WebKitWebDriver, Xvfb and D-Bus: run `make test-e2e`"]
async fn a_receptionist_does_a_shokei_with_two_terminals_over_five_weeks() {
    run("reception-shokei", |ctx| async move {
        let mut screens = Screens {
            dir: ctx.artifacts.clone(),
            n: 0,
        };
        // ── 12/1: register, the situation, its questions, the steps, the guard, send ──
        let app = ctx.launch_on(Some("2026-12-01")).await?;
        app.find("mode-reception").await?;
        screens.shot(&app, "register").await?;
        app.type_into("clinic-name", "オン資ナビ内科クリニック")
            .await?;
        app.find("clinic-prefecture")
            .await?
            .select_by_value("34")
            .await?;
        app.find("clinic-score-table")
            .await?
            .select_by_value("1")
            .await?;
        app.type_into("clinic-code", "0712362").await?;
        app.find("clinic-submit").await?.click().await?;
        app.find("situation-picker").await?;
        screens.shot(&app, "situations").await?;
        app.find("situation-shokei").await?.click().await?;
        app.find("situation-form").await?;
        app.type_into("situation-question-new-code", "０７１２３７０")
            .await?;
        app.type_into("situation-question-terminals", "受付PC、診察室PC")
            .await?;
        let needs = text(&app, "situation-procedures").await?;
        assert!(
            needs.contains("承継") && needs.contains("電子証明書"),
            "{needs}"
        );
        screens.shot(&app, "questions").await?;
        app.find("situation-start").await?.click().await?;

        let next = text(&app, "home-next").await?;
        assert!(
            next.contains("承継") && next.contains("ステップ 1 /"),
            "{next}"
        );
        screens.shot(&app, "home-first").await?;
        let started = Instant::now();
        app.find("home-next-start").await?.click().await?;
        let intro = text(&app, "wizard-intro").await?;
        assert!(
            intro.contains("最大1か月"),
            "the prerequisites come first: {intro}"
        );
        screens.shot(&app, "intro").await?;
        app.find("wizard-begin").await?.click().await?;
        let progress = text(&app, "wizard-progress").await?;
        assert!(progress.starts_with("ステップ 1 /"), "{progress}");
        let mut step_times = vec![started.elapsed()];

        // To the form: the values to type, the answers still missing, the guard.
        for _ in 0..2 {
            let t = Instant::now();
            let before = text(&app, "wizard-title").await?;
            app.find("wizard-next").await?.click().await?;
            while text(&app, "wizard-title").await? == before {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            step_times.push(t.elapsed());
        }
        assert!(
            text(&app, "wizard-breadcrumb")
                .await?
                .contains("保険医療機関等承継届出")
        );
        let fields = text(&app, "wizard-fields").await?;
        assert!(
            fields.contains("0712370"),
            "the new code is prepared: {fields}"
        );
        app.type_into("answer-opening-date", "2026-12-01").await?;
        app.type_into("answer-owner-name", "医療法人オン資会")
            .await?;
        app.find("answer-save").await?.click().await?;
        app.wait_gone("answer-form").await?;
        let fields = text(&app, "wizard-fields").await?;
        assert!(fields.contains("医療法人オン資会"), "{fields}");
        // 「次へ」 waits for the guard.
        let next = app.find("wizard-next").await?;
        assert_eq!(
            next.attr("disabled").await?.is_some(),
            true,
            "次へ before the guard"
        );
        screens.shot(&app, "guard").await?;
        app.find("guard-check-shokei-history")
            .await?
            .click()
            .await?;
        let deadline = Instant::now() + std::time::Duration::from_secs(10);
        while app
            .find("wizard-next")
            .await?
            .attr("disabled")
            .await?
            .is_some()
        {
            assert!(Instant::now() < deadline, "the guard did not open 次へ");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        next_until_record(&app, "送信しました").await?;
        screens.shot(&app, "send").await?;
        record_on(&app, "2026/12/1").await?;
        let waiting = text(&app, "wizard-waiting").await?;
        assert!(waiting.contains("メール1"), "{waiting}");
        screens.shot(&app, "waiting-mail-1").await?;
        app.find("wizard-home").await?.click().await?;
        assert!(text(&app, "home-waiting").await?.contains("メール1"));
        app.quit().await?;

        // ── 12/8: mail 1 arrives; a restart kept the confirmation ──
        let app = ctx.launch_on(Some("2026-12-08")).await?;
        arrived(&app, "shokei-mail-1", "", "2026年12月8日").await?;
        let waiting = text(&app, "home-waiting").await?;
        assert!(waiting.contains("メール2"), "{waiting}");
        screens.shot(&app, "waiting-mail-2").await?;
        app.quit().await?;
        let store = onshi_core::Store::open_dir(&ctx.data_dir)?;
        let clinic = store.list_clinics()?.remove(0);
        let case = store.case(&clinic.id)?;
        drop(store);
        let stored = &case.confirmations;
        assert_eq!(stored.len(), 1, "the guard's confirmation is stored once");
        assert_eq!(stored[0].danger_id, "shokei-history");
        assert_eq!(stored[0].role, onshi_core::checklist::Role::Receptionist);

        // ── 12/22: mail 2, then the switch to the new code ──
        let app = ctx.launch_on(Some("2026-12-22")).await?;
        arrived(&app, "shokei-mail-2", "", "2026-12-22").await?;
        let switch = text(&app, "home-switch").await?;
        assert!(
            switch.contains("0712362") && switch.contains("0712370"),
            "{switch}"
        );
        screens.shot(&app, "switch").await?;
        app.find("home-switch-code").await?.click().await?;
        let deadline = Instant::now() + std::time::Duration::from_secs(10);
        while text(&app, "home-code").await? != "0712370" {
            assert!(Instant::now() < deadline, "the code did not switch");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let next = text(&app, "home-next").await?;
        assert!(
            next.contains("電子証明書") && next.contains("受付PC"),
            "{next}"
        );
        app.quit().await?;

        // ── 12/25: two certificate applications, one per terminal, under the new code ──
        let app = ctx.launch_on(Some("2026-12-25")).await?;
        for terminal in ["受付PC", "診察室PC"] {
            let next = text(&app, "home-next").await?;
            assert!(next.contains(terminal), "{next}");
            app.find("home-next-start").await?.click().await?;
            // The intro (summary and prerequisites) comes first for a run not begun yet.
            app.find_css("[data-testid=\"wizard-intro\"], [data-testid=\"wizard-progress\"]")
                .await?;
            if !app.find_all("wizard-begin").await?.is_empty() {
                app.find("wizard-begin").await?.click().await?;
            }
            next_until_record(&app, "送信しました").await?;
            let page = text(&app, "wizard").await?;
            assert!(
                page.contains(terminal),
                "the step names its terminal: {page}"
            );
            if terminal == "受付PC" {
                screens.shot(&app, "certificate-send").await?;
            }
            record_on(&app, "2026-12-25").await?;
            assert!(
                text(&app, "wizard-waiting")
                    .await?
                    .contains("2027年1月7日(木)ごろ")
            );
            app.find("wizard-home").await?.click().await?;
        }
        app.find("home-waiting").await?;
        let letter_css = fantoccini::Locator::Css(
            "[data-testid=\"waiting-item\"][data-event=\"certificate-notice-arrived\"]",
        );
        let deadline = Instant::now() + std::time::Duration::from_secs(10);
        let mut letters = app.client.find_all(letter_css).await?;
        while letters.len() < 2 && Instant::now() < deadline {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            letters = app.client.find_all(letter_css).await?;
        }
        assert_eq!(letters.len(), 2, "one 通知書 per terminal");
        for l in &letters {
            assert!(l.text().await?.contains("2027年1月7日(木)ごろ"));
        }
        screens.shot(&app, "waiting-letters").await?;
        app.quit().await?;

        // ── 2027/1/7: both letters arrive; the arrival report is next ──
        let app = ctx.launch_on(Some("2027-01-07")).await?;
        for terminal in ["受付PC", "診察室PC"] {
            arrived(&app, "certificate-notice-arrived", terminal, "2027/1/7").await?;
        }
        let next = text(&app, "home-next").await?;
        assert!(next.contains("到着"), "{next}");
        screens.shot(&app, "arrival").await?;

        // Step-to-step inside the page (click → next heading shown), recorded for the README.
        step_times.sort();
        let median = step_times[step_times.len() / 2];
        println!(
            "step-to-step (WebDriver round trip included): median {median:?}, worst {:?}",
            step_times.last().unwrap()
        );
        app.quit().await
    })
    .await;
}
