//! 受付モード as a receptionist lives it: a 承継 to a new code for a clinic with two terminals,
//! over five launches on the days things happen (--today) — situation, questions, each step,
//! the guard, mail 1 and mail 2, the code switch, two certificate applications on 12/25, the
//! 通知書 expected around 2027/1/7, the arrival — checking what each screen shows, that a
//! restart keeps everything (confirmations included), and axe-core on every screen. The same
//! journey runs a second time with the keyboard alone (Tab, Enter, Space; focus always visible).

use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use serde_json::json;

use crate::harness::{App, Ctx, TestResult, run};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// How the receptionist works the window.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Input {
    Mouse,
    Keyboard,
}

/// One launch of the app, worked with the mouse or the keyboard; screens are checked by
/// axe-core and kept as screenshots (mouse run only).
struct User<'a> {
    app: &'a App,
    input: Input,
    shots: &'a mut Shots,
}

struct Shots {
    dir: std::path::PathBuf,
    n: usize,
    /// Tab presses in the keyboard run (the README says how many the journey takes).
    tabs: usize,
}

fn css(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

impl User<'_> {
    async fn text(&self, testid: &str) -> Res<String> {
        Ok(self.app.find(testid).await?.text().await?)
    }

    /// A screenshot (scrolled to `at`, when given) and axe-core on the whole page.
    async fn shot(&mut self, name: &str, at: Option<&str>) -> TestResult {
        if self.input == Input::Keyboard {
            return Ok(());
        }
        if let Some(at) = at {
            self.app
                .client
                .execute(
                    "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({block: 'start'});",
                    vec![json!(css(at))],
                )
                .await?;
        }
        self.shots.n += 1;
        self.app
            .screenshot_to(
                &self
                    .shots
                    .dir
                    .join(format!("{:02}-{name}.png", self.shots.n)),
            )
            .await?;
        let violations = self.app.axe_violations().await?;
        assert!(violations.is_empty(), "axe-core on {name}: {violations:#?}");
        Ok(())
    }

    async fn key(&self, key: char) -> TestResult {
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.app.client.perform_actions(actions).await?;
        Ok(())
    }

    /// Tabs until the element matching `selector` has the focus, and checks the focus shows.
    async fn tab_to(&mut self, selector: &str) -> TestResult {
        self.app.find_css(selector).await?;
        for _ in 0..200 {
            let state = self
                .app
                .client
                .execute(
                    "const a = document.activeElement;
                     if (!a || !a.matches(arguments[0])) return 'no';
                     const s = getComputedStyle(a);
                     return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none' ? 'visible' : 'hidden';",
                    vec![json!(selector)],
                )
                .await?;
            match state.as_str() {
                Some("visible") => return Ok(()),
                Some("hidden") => {
                    return Err(format!("{selector} has the focus but no visible outline").into());
                }
                _ => {}
            }
            self.key(Key::Tab.into()).await?;
            self.shots.tabs += 1;
        }
        Err(format!("Tab never reached {selector}").into())
    }

    /// Clicks, or tabs to it and presses Enter (Space for a checkbox).
    async fn press(&mut self, selector: &str) -> TestResult {
        match self.input {
            Input::Mouse => self.app.find_css(selector).await?.click().await?,
            Input::Keyboard => {
                self.tab_to(selector).await?;
                let checkbox = self
                    .app
                    .client
                    .execute("return document.activeElement.type === 'checkbox';", vec![])
                    .await?;
                self.key(if checkbox == json!(true) {
                    ' '
                } else {
                    Key::Enter.into()
                })
                .await?;
            }
        }
        Ok(())
    }

    /// Types into a field (replacing what is there).
    async fn fill(&mut self, selector: &str, text: &str) -> TestResult {
        if self.input == Input::Keyboard {
            self.tab_to(selector).await?;
        }
        let field = self.app.find_css(selector).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Waits until the text of `testid` differs from `before`.
    async fn wait_change(&self, testid: &str, before: &str) -> TestResult {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.text(testid).await? == before {
            if Instant::now() > deadline {
                return Err(format!("{testid} stayed 「{before}」").into());
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        Ok(())
    }

    /// Confirms every guard of the step not confirmed yet, as she does after looking.
    async fn confirm_guards(&mut self) -> TestResult {
        let open = "[data-testid^=\"guard-check-\"]:not(:checked):not(:disabled)";
        for _ in 0..5 {
            if self
                .app
                .client
                .find_all(Locator::Css(open))
                .await?
                .is_empty()
            {
                return Ok(());
            }
            self.press(open).await?;
            let deadline = Instant::now() + Duration::from_secs(10);
            while self
                .app
                .find_css("[data-testid^=\"guard-check-\"]")
                .await?
                .prop("disabled")
                .await?
                != Some("true".into())
                && !self
                    .app
                    .client
                    .find_all(Locator::Css(open))
                    .await?
                    .is_empty()
                && Instant::now() < deadline
            {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        Ok(())
    }

    /// 「次へ」 through the steps until the one that records `label`.
    async fn next_until_record(&mut self, label: &str) -> TestResult {
        for _ in 0..12 {
            self.confirm_guards().await?;
            if let Some(button) = self.app.find_all("wizard-record").await?.into_iter().next()
                && button.text().await?.contains(label)
                && self.app.find_all("wizard-step-done").await?.is_empty()
            {
                return Ok(());
            }
            let before = self.text("wizard-title").await?;
            self.press(&css("wizard-next")).await?;
            self.wait_change("wizard-title", &before).await?;
        }
        Err(format!("no step records 「{label}」").into())
    }

    /// Records the current wizard step (the date typed in the mouse run; today's default with
    /// the keyboard) and waits for the notice.
    async fn record(&mut self, date: &str) -> TestResult {
        if self.input == Input::Mouse {
            self.fill(&css("wizard-date"), date).await?;
        }
        self.press(&css("wizard-record")).await?;
        let notice = self.text("wizard-notice").await?;
        assert!(notice.contains("記録しました"), "{notice}");
        Ok(())
    }

    /// 「届きました」 on the waiting item for `event` (and terminal).
    async fn arrived(&mut self, event: &str, terminal: &str, date: &str) -> TestResult {
        let item = format!(
            "[data-testid=\"waiting-item\"][data-event=\"{event}\"][data-terminal=\"{terminal}\"]"
        );
        if self.input == Input::Mouse {
            self.fill(&format!("{item} [data-testid=\"waiting-date\"]"), date)
                .await?;
        }
        self.press(&format!("{item} [data-testid=\"waiting-arrived\"]"))
            .await?;
        let notice = self.text("home-notice").await?;
        assert!(notice.contains("記録しました"), "{notice}");
        Ok(())
    }

    /// Opens 今やること and goes past the intro when it shows.
    async fn open_next(&mut self) -> TestResult {
        self.press(&css("home-next-start")).await?;
        self.app
            .find_css("[data-testid=\"wizard-intro\"], [data-testid=\"wizard-progress\"]")
            .await?;
        if !self.app.find_all("wizard-begin").await?.is_empty() {
            self.press(&css("wizard-begin")).await?;
        }
        Ok(())
    }
}

/// The whole journey; returns the step-to-step times of the first week (click → next step's
/// heading shown, WebDriver round trips included).
async fn journey(ctx: &Ctx, input: Input) -> Res<Vec<Duration>> {
    let mut shots = Shots {
        dir: ctx.artifacts.clone(),
        n: 0,
        tabs: 0,
    };
    let mut step_times = Vec::new();
    // ── 12/1: register, the situation, its questions, the steps, the guard, send ──
    let app = ctx.launch_on(Some("2026-12-01")).await?;
    {
        let mut u = User {
            app: &app,
            input,
            shots: &mut shots,
        };
        app.find("mode-reception").await?;
        if input == Input::Mouse {
            u.shot("register", None).await?;
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
        }
        app.find("situation-picker").await?;
        u.shot("situations", None).await?;
        u.press(&css("situation-shokei")).await?;
        app.find("situation-form").await?;
        u.fill(&css("situation-question-new-code"), "０７１２３７０")
            .await?;
        u.fill(&css("situation-question-terminals"), "受付PC、診察室PC")
            .await?;
        let needs = u.text("situation-procedures").await?;
        assert!(
            needs.contains("承継") && needs.contains("電子証明書"),
            "{needs}"
        );
        u.shot("questions", None).await?;
        u.press(&css("situation-start")).await?;

        let next = u.text("home-next").await?;
        assert!(
            next.contains("承継") && next.contains("ステップ 1 /"),
            "{next}"
        );
        u.shot("home-first", None).await?;
        u.press(&css("home-next-start")).await?;
        let intro = u.text("wizard-intro").await?;
        assert!(
            intro.contains("最大1か月"),
            "the prerequisites come first: {intro}"
        );
        u.shot("intro", None).await?;
        let t = Instant::now();
        u.press(&css("wizard-begin")).await?;
        let progress = u.text("wizard-progress").await?;
        step_times.push(t.elapsed());
        assert!(progress.starts_with("ステップ 1 /"), "{progress}");

        // To the form: the values to type, the answers still missing, the guard.
        for _ in 0..2 {
            let before = u.text("wizard-title").await?;
            let t = Instant::now();
            u.press(&css("wizard-next")).await?;
            u.wait_change("wizard-title", &before).await?;
            step_times.push(t.elapsed());
        }
        assert!(
            u.text("wizard-breadcrumb")
                .await?
                .contains("保険医療機関等承継届出")
        );
        let fields = u.text("wizard-fields").await?;
        assert!(
            fields.contains("0712370"),
            "the new code is prepared: {fields}"
        );
        u.fill(&css("answer-opening-date"), "2026-12-01").await?;
        u.fill(&css("answer-owner-name"), "医療法人オン資会")
            .await?;
        u.press(&css("answer-save")).await?;
        app.wait_gone("answer-form").await?;
        let fields = u.text("wizard-fields").await?;
        assert!(fields.contains("医療法人オン資会"), "{fields}");
        // 「次へ」 waits for the guard.
        let next = app.find("wizard-next").await?;
        assert!(
            next.attr("disabled").await?.is_some(),
            "次へ before the guard"
        );
        u.shot("guard", Some("guard-shokei-history")).await?;
        u.confirm_guards().await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while app
            .find("wizard-next")
            .await?
            .attr("disabled")
            .await?
            .is_some()
        {
            assert!(Instant::now() < deadline, "the guard did not open 次へ");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        u.next_until_record("送信しました").await?;
        u.shot("send", Some("wizard-record")).await?;
        u.record("2026/12/1").await?;
        let waiting = u.text("wizard-waiting").await?;
        assert!(waiting.contains("メール1"), "{waiting}");
        u.shot("waiting-mail-1", None).await?;
        u.press(&css("wizard-home")).await?;
        assert!(u.text("home-waiting").await?.contains("メール1"));
    }
    app.quit().await?;

    // ── 12/8: mail 1 arrives; the restart kept the confirmation ──
    let app = ctx.launch_on(Some("2026-12-08")).await?;
    {
        let mut u = User {
            app: &app,
            input,
            shots: &mut shots,
        };
        u.arrived("shokei-mail-1", "", "2026年12月8日").await?;
        let waiting = u.text("home-waiting").await?;
        assert!(waiting.contains("メール2"), "{waiting}");
        u.shot("waiting-mail-2", Some("home-waiting")).await?;
    }
    app.quit().await?;
    let store = onshi_core::Store::open_dir(&ctx.data_dir)?;
    let clinic = store.list_clinics()?.remove(0);
    let stored = store.case(&clinic.id)?.confirmations;
    drop(store);
    assert_eq!(stored.len(), 1, "the guard's confirmation is stored once");
    assert_eq!(stored[0].danger_id, "shokei-history");
    assert_eq!(stored[0].role, onshi_core::checklist::Role::Receptionist);

    // ── 12/22: mail 2, then the switch to the new code ──
    let app = ctx.launch_on(Some("2026-12-22")).await?;
    {
        let mut u = User {
            app: &app,
            input,
            shots: &mut shots,
        };
        u.arrived("shokei-mail-2", "", "2026-12-22").await?;
        let switch = u.text("home-switch").await?;
        assert!(
            switch.contains("0712362") && switch.contains("0712370"),
            "{switch}"
        );
        u.shot("switch", None).await?;
        u.press(&css("home-switch-code")).await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while u.text("home-code").await? != "0712370" {
            assert!(Instant::now() < deadline, "the code did not switch");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let next = u.text("home-next").await?;
        assert!(
            next.contains("電子証明書") && next.contains("受付PC"),
            "{next}"
        );
    }
    app.quit().await?;

    // ── 12/25: two certificate applications, one per terminal, under the new code ──
    let app = ctx.launch_on(Some("2026-12-25")).await?;
    {
        let mut u = User {
            app: &app,
            input,
            shots: &mut shots,
        };
        for terminal in ["受付PC", "診察室PC"] {
            let next = u.text("home-next").await?;
            assert!(next.contains(terminal), "{next}");
            u.open_next().await?;
            u.next_until_record("送信しました").await?;
            let page = u.text("wizard").await?;
            assert!(
                page.contains(terminal),
                "the step names its terminal: {page}"
            );
            if terminal == "受付PC" {
                u.shot("certificate-send", Some("wizard-progress")).await?;
            }
            u.record("2026-12-25").await?;
            assert!(
                u.text("wizard-waiting")
                    .await?
                    .contains("2027年1月7日(木)ごろ")
            );
            u.press(&css("wizard-home")).await?;
            app.find("home").await?;
        }
        app.find("home-waiting").await?;
        let letter = Locator::Css(
            "[data-testid=\"waiting-item\"][data-event=\"certificate-notice-arrived\"]",
        );
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut letters = app.client.find_all(letter).await?;
        while letters.len() < 2 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(100)).await;
            letters = app.client.find_all(letter).await?;
        }
        assert_eq!(letters.len(), 2, "one 通知書 per terminal");
        for l in &letters {
            assert!(l.text().await?.contains("2027年1月7日(木)ごろ"));
        }
        u.shot("waiting-letters", Some("home-waiting")).await?;
    }
    app.quit().await?;

    // ── 2027/1/7: both letters arrive; the arrival report is next ──
    let app = ctx.launch_on(Some("2027-01-07")).await?;
    {
        let mut u = User {
            app: &app,
            input,
            shots: &mut shots,
        };
        for terminal in ["受付PC", "診察室PC"] {
            u.arrived("certificate-notice-arrived", terminal, "2027/1/7")
                .await?;
        }
        let next = u.text("home-next").await?;
        assert!(next.contains("到着"), "{next}");
        u.shot("arrival", None).await?;
        if input == Input::Keyboard {
            println!(
                "keyboard run: {} Tab presses over the journey",
                u.shots.tabs
            );
        }
    }
    app.quit().await?;
    Ok(step_times)
}

#[tokio::test]
#[ignore = "needs tauri-driver, WebKitWebDriver, Xvfb and D-Bus: run `make test-e2e`"]
async fn a_receptionist_does_a_shokei_with_two_terminals_over_five_weeks() {
    run("reception-shokei", |ctx| async move {
        let mut times = journey(&ctx, Input::Mouse).await?;
        times.sort();
        println!(
            "step to step (click → next heading, WebDriver round trips included): median {:?}, worst {:?}",
            times[times.len() / 2],
            times[times.len() - 1]
        );
        Ok(())
    })
    .await;
}

#[tokio::test]
#[ignore = "needs tauri-driver, WebKitWebDriver, Xvfb and D-Bus: run `make test-e2e`"]
async fn the_same_shokei_can_be_done_with_the_keyboard_alone() {
    run("reception-keyboard", |ctx| async move {
        // Registered beforehand (the register form's selects are the technician's tests');
        // everything from 「何がありましたか」 on is Tab, Enter and Space.
        let mut store = onshi_core::Store::open_dir(&ctx.data_dir)?;
        let (clinic, _) = onshi_core::NewClinicForm {
            name: "オン資ナビ内科クリニック".into(),
            prefecture: "34".into(),
            score_table: "1".into(),
            medical_code: "0712362".into(),
        }
        .validate()?;
        store.add_clinic(&clinic, jiff::Timestamp::now())?;
        drop(store);
        journey(&ctx, Input::Keyboard).await?;
        Ok(())
    })
    .await;
}
