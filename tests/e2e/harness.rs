//! E2E harness: starts tauri-driver on free ports, opens one WebDriver session per app launch
//! (the session *is* the app process), and saves a screenshot and the app log under
//! `target/e2e-artifacts/<test>/` when a test fails.

use std::future::Future;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use futures_util::FutureExt;
use serde_json::json;

/// WebKitWebDriver 2.50 (Debian 12) matches sessions only with this browserName
/// (ecosystem.md §2a). One constant, so a driver upgrade is a one-line change.
const BROWSER_NAME: &str = "wry";
const WAIT: Duration = Duration::from_secs(20);

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// `target/`, found from the test binary's temp dir (`target/tmp`).
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("target"))
}

pub fn artifacts_dir(test: &str) -> PathBuf {
    let dir = target_dir().join("e2e-artifacts").join(test);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn tauri_driver_path() -> PathBuf {
    if let Ok(p) = std::env::var("TAURI_DRIVER") {
        return p.into();
    }
    let home_bin = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|_| std::env::var("HOME").map(|h| Path::new(&h).join(".cargo")))
        .map(|d| d.join("bin").join("tauri-driver"));
    match home_bin {
        Ok(p) if p.exists() => p,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// A running tauri-driver (killed on drop).
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start() -> Driver {
        let port = free_port();
        let native_port = free_port();
        let mut command = Command::new(tauri_driver_path());
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        // Its own process group, so that dropping the driver also ends WebKitWebDriver and any
        // app it started (tauri-driver does not always take them down with it).
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .spawn()
            .expect("tauri-driver starts (run `make test-e2e`, which installs it)");
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The app under test: the debug build cargo made for this test, or `ONSHI_APP` (the release
/// build, for `make bench-window`).
pub fn app_binary() -> String {
    std::env::var("ONSHI_APP").unwrap_or_else(|_| env!("CARGO_BIN_EXE_onshi-navi").to_string())
}

/// One launch of the real app binary with `--data-dir`.
pub struct App {
    pub client: Client,
}

impl App {
    pub async fn launch(
        driver: &Driver,
        data_dir: &Path,
        today: Option<&str>,
        extra: &[&str],
    ) -> Result<App, Box<dyn std::error::Error>> {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!(BROWSER_NAME));
        let mut args = vec![json!("--data-dir"), json!(data_dir)];
        if let Some(day) = today {
            args.extend([json!("--today"), json!(day)]);
        }
        // 「PDFで保存」 writes here, without the system's dialog (which WebDriver cannot drive).
        args.extend([json!("--save-dir"), json!(data_dir.join("saved"))]);
        // No test reaches the publisher's real address: the start-up content check goes to a
        // port nothing listens on (a test that wants a server passes its own `--content-url`).
        if !extra.contains(&"--content-url") {
            args.extend([json!("--content-url"), json!("http://127.0.0.1:9/stable/")]);
        }
        args.extend(extra.iter().map(|a| json!(a)));
        caps.insert(
            "tauri:options".into(),
            json!({
                "application": app_binary(),
                "args": args,
            }),
        );
        // A previous launch may still be shutting down and hold the single-instance name for a
        // moment: retry instead of failing on a race.
        wait_until_exited(data_dir).await;
        let mut last = None;
        for _ in 0..10 {
            // A session whose app never comes up would wait forever: bound each attempt.
            let attempt = tokio::time::timeout(
                WAIT,
                ClientBuilder::native()
                    .capabilities(caps.clone())
                    .connect(&driver.url()),
            )
            .await;
            let connected = attempt.unwrap_or_else(|_| {
                Err(fantoccini::error::NewSessionError::NotW3C(json!(
                    "session start timed out"
                )))
            });
            match connected {
                Ok(client) => {
                    let app = App { client };
                    app.find("app-title").await?;
                    return Ok(app);
                }
                Err(err) => {
                    last = Some(err);
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        Err(format!("could not start a session: {last:?}").into())
    }

    /// Waits for the element with `data-testid=id`.
    pub async fn find(&self, id: &str) -> Result<Element, fantoccini::error::CmdError> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&format!("[data-testid=\"{id}\"]")))
            .await
    }

    /// Waits for the first element matching a CSS selector (e.g. a test id inside one line).
    pub async fn find_css(&self, css: &str) -> Result<Element, fantoccini::error::CmdError> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
    }

    pub async fn find_all(&self, id: &str) -> Result<Vec<Element>, fantoccini::error::CmdError> {
        self.client
            .find_all(Locator::Css(&format!("[data-testid=\"{id}\"]")))
            .await
    }

    /// Waits until no element with `data-testid=id` is left (e.g. a message the app clears).
    pub async fn wait_gone(&self, id: &str) -> TestResult {
        let deadline = std::time::Instant::now() + WAIT;
        while !self.find_all(id).await?.is_empty() {
            if std::time::Instant::now() > deadline {
                return Err(format!("{id} is still shown after {WAIT:?}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    pub async fn type_into(&self, id: &str, text: &str) -> TestResult {
        let el = self.find(id).await?;
        el.clear().await?;
        el.send_keys(text).await?;
        Ok(())
    }

    /// The text of the element with `data-testid=id` as the DOM has it (`textContent`).
    /// WebKitWebDriver's visible text leaves out the board rows' first line, which the
    /// screenshots show, so the board's tests read the DOM.
    /// Read in one script, so a list that re-renders between finding and reading (the board
    /// under a new sort or search) never leaves a stale element behind.
    pub async fn dom_text(&self, id: &str) -> Result<String, Box<dyn std::error::Error>> {
        self.find(id).await?;
        let text = self
            .client
            .execute(
                "const e = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);
                 return e ? e.textContent : '';",
                vec![json!(id)],
            )
            .await?;
        Ok(text.as_str().unwrap_or_default().to_string())
    }

    /// Waits (bounded) until the DOM text of `data-testid=id` contains `needle` — a message
    /// the app says after a command — and returns that text.
    pub async fn wait_text(
        &self,
        id: &str,
        needle: &str,
    ) -> Result<String, Box<dyn std::error::Error>> {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let said = self.dom_text(id).await?;
            if said.contains(needle) {
                return Ok(said);
            }
            if std::time::Instant::now() > deadline {
                return Err(format!("「{needle}」 not said in {id}: {said}").into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Presses a key on whatever has the focus (WebDriver actions: no element to go stale).
    pub async fn press_key(&self, key: char) -> TestResult {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let actions = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client.perform_actions(actions).await?;
        Ok(())
    }

    pub async fn value_of(&self, id: &str) -> Result<String, Box<dyn std::error::Error>> {
        Ok(self
            .find(id)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    pub async fn screenshot_to(&self, path: &Path) -> TestResult {
        let png = self.client.screenshot().await?;
        std::fs::write(path, png)?;
        Ok(())
    }

    /// Runs axe-core (WCAG 2.0–2.2 A and AA rules) inside the real webview on the page as it is
    /// now; returns each violation as "rule: help (n nodes)".
    pub async fn axe_violations(&self) -> Result<Vec<String>, Box<dyn std::error::Error>> {
        static AXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let source = AXE.get_or_init(|| {
            std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../ui/node_modules/axe-core/axe.min.js"
            ))
            .expect("axe-core is installed with the UI's npm packages (make ui-deps)")
        });
        let loaded = self
            .client
            .execute("return typeof window.axe !== 'undefined';", vec![])
            .await?;
        if loaded != json!(true) {
            self.client.execute(source, vec![]).await?;
        }
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 window.axe.run(document, { runOnly: { type: 'tag', values:
                   ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
                   .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ' nodes: ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ') + ')')))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(result)?)
    }

    /// Ends the session, which closes the app.
    pub async fn quit(self) -> TestResult {
        self.client.close().await?;
        Ok(())
    }
}

/// Waits (bounded) until no app process for `data_dir` is left, so a relaunch does not race the
/// previous instance's single-instance name on the session bus.
async fn wait_until_exited(data_dir: &Path) {
    let pattern = format!("onshi-navi --data-dir {}", data_dir.display());
    for _ in 0..100 {
        let running = Command::new("pgrep")
            .args(["-f", &pattern])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if !running {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Longest one E2E test may take before it fails (instead of hanging CI).
const TEST_LIMIT: Duration = Duration::from_secs(300);

/// Runs one E2E test with a fresh data dir and driver; on failure (error or panic) saves the
/// last screenshot and the app log under `target/e2e-artifacts/<name>/`, then fails the test.
pub async fn run<F, Fut>(name: &str, body: F)
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = TestResult>,
{
    run_within(name, TEST_LIMIT, body).await;
}

/// [`run`] with its own time limit (a test that restarts the app many times).
pub async fn run_within<F, Fut>(name: &str, limit: Duration, body: F)
where
    F: FnOnce(Ctx) -> Fut,
    Fut: Future<Output = TestResult>,
{
    let data = tempfile::tempdir().expect("temp dir");
    let ctx = Ctx {
        driver: std::sync::Arc::new(Driver::start()),
        data_dir: data.path().to_path_buf(),
        artifacts: artifacts_dir(name),
        last_app: std::sync::Arc::new(tokio::sync::Mutex::new(None)),
    };
    let outcome = tokio::time::timeout(
        limit,
        std::panic::AssertUnwindSafe(body(ctx.clone())).catch_unwind(),
    )
    .await;
    let failure = match outcome {
        Err(_) => Some(format!("did not finish within {limit:?}")),
        Ok(Ok(Ok(()))) => None,
        Ok(Ok(Err(err))) => Some(err.to_string()),
        Ok(Err(panic)) => Some(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into()),
        ),
    };
    if let Some(message) = failure {
        if let Some(client) = ctx.last_app.lock().await.as_ref()
            && let Ok(png) = client.screenshot().await
        {
            let _ = std::fs::write(ctx.artifacts.join("failure.png"), png);
        }
        copy_logs(&ctx.data_dir.join("logs"), &ctx.artifacts);
        panic!(
            "{name} failed: {message}\n(screenshot and app log in {})",
            ctx.artifacts.display()
        );
    }
}

fn copy_logs(from: &Path, to: &Path) {
    if let Ok(entries) = std::fs::read_dir(from) {
        for entry in entries.flatten() {
            let _ = std::fs::copy(entry.path(), to.join(entry.file_name()));
        }
    }
}

/// What a test body gets: the driver, its data dir and artifacts dir.
#[derive(Clone)]
pub struct Ctx {
    driver: std::sync::Arc<Driver>,
    pub data_dir: PathBuf,
    pub artifacts: PathBuf,
    last_app: std::sync::Arc<tokio::sync::Mutex<Option<Client>>>,
}

impl Ctx {
    /// Launches the app on this test's data dir, in 技術者モード (the full view these tests
    /// were written for; the setting is kept, so every later launch opens in it too).
    pub async fn launch(&self) -> Result<App, Box<dyn std::error::Error>> {
        let app = self.launch_on(None).await?;
        app.find("mode-technician").await?.click().await?;
        app.find_css("#clinics-heading").await?;
        Ok(app)
    }

    /// Launches the app as it opens for a receptionist, with `--today` when given (the
    /// journey's weeks pass between launches).
    pub async fn launch_on(&self, today: Option<&str>) -> Result<App, Box<dyn std::error::Error>> {
        self.launch_with(today, &[]).await
    }

    /// [`Ctx::launch_on`] with more of the app's launch options (e.g. `--clipboard-seconds`).
    pub async fn launch_with(
        &self,
        today: Option<&str>,
        extra: &[&str],
    ) -> Result<App, Box<dyn std::error::Error>> {
        let app = App::launch(&self.driver, &self.data_dir, today, extra).await?;
        *self.last_app.lock().await = Some(app.client.clone());
        Ok(app)
    }
}
