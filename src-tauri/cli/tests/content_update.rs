//! Signed content updates against a real HTTP server on 127.0.0.1: the good update applied and
//! used by `procedure show`, then each refusal with its message and the content in use kept, and
//! kill -9 during the swap. The publisher side is the real `onshi bundle keygen|sign`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use serde_json::Value;

/// Far enough ahead that the good bundles never expire while these tests exist.
const EXPIRES: &str = "2099-12-31";

fn onshi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(args)
        .output()
        .expect("onshi runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A static file server: GET /<path> answers the file under `root`, with its length.
struct Server {
    url: String,
}

fn serve(root: PathBuf) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || answer(stream, &root));
        }
    });
    Server {
        url: format!("http://127.0.0.1:{port}/stable"),
    }
}

fn answer(mut stream: TcpStream, root: &Path) {
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Skip the headers.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) <= 2 {
            break;
        }
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let file = root.join(path.trim_start_matches('/'));
    let response = match std::fs::read(&file) {
        Ok(body) if file.is_file() => {
            let mut r = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            r.extend(body);
            r
        }
        _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    };
    let _ = stream.write_all(&response);
}

/// The publisher: a key pair, and bundles of the repo's manuals with a marker in a title.
struct Publisher {
    dir: tempfile::TempDir,
}

impl Publisher {
    fn new() -> Publisher {
        let dir = tempfile::tempdir().unwrap();
        let out = onshi(&[
            "bundle",
            "keygen",
            "--out",
            dir.path().join("keys").to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        Publisher { dir }
    }

    fn key(&self) -> PathBuf {
        self.dir.path().join("keys/onshi-content.key")
    }

    fn pubkey(&self) -> String {
        self.dir
            .path()
            .join("keys/onshi-content.pub")
            .to_string_lossy()
            .into_owned()
    }

    /// Signs the repo's manuals as `version`, the login procedure's title marked with it, into
    /// `<publisher>/<name>/stable`, and returns that folder's parent (the server's root).
    fn bundle(&self, name: &str, version: u64, expires: &str) -> PathBuf {
        let content = self.dir.path().join(format!("content-{name}"));
        copy_dir(&manuals(), &content);
        let login = content.join("procedures/login.toml");
        let marked = std::fs::read_to_string(&login).unwrap().replacen(
            "title = \"ポータルへのログイン\"",
            &format!("title = \"ポータルへのログイン（配信版{version}）\""),
            1,
        );
        std::fs::write(&login, marked).unwrap();
        self.sign(&content, name, version, expires)
    }

    /// Signs the folder `content` as `version` into `<publisher>/<name>/stable`; returns the
    /// server's root (`<publisher>/<name>`).
    fn sign(&self, content: &Path, name: &str, version: u64, expires: &str) -> PathBuf {
        let root = self.dir.path().join(name);
        let out = onshi(&[
            "bundle",
            "sign",
            "--key",
            self.key().to_str().unwrap(),
            "--content",
            content.to_str().unwrap(),
            "--version",
            &version.to_string(),
            "--expires",
            expires,
            "--out",
            root.join("stable").to_str().unwrap(),
            // A fixed issue date, so an expiry in the past is still after it.
            "--today",
            "2019-01-01",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        root
    }
}

impl Publisher {
    /// Like [`Publisher::bundle`], with the app's postal and holiday tables as data files.
    fn bundle_with_data(&self, name: &str, version: u64) -> PathBuf {
        let content = self.dir.path().join(format!("content-{name}"));
        let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets");
        std::fs::create_dir_all(content.join("data")).unwrap();
        std::fs::copy(
            assets.join("postal/postal.bin"),
            content.join("data/postal.bin"),
        )
        .unwrap();
        std::fs::copy(
            assets.join("holidays/syukujitsu.tsv"),
            content.join("data/syukujitsu.tsv"),
        )
        .unwrap();
        self.bundle(name, version, EXPIRES)
    }
}

fn manuals() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../manuals")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A clinic PC's data folder.
struct Pc {
    dir: tempfile::TempDir,
    pubkey: String,
}

impl Pc {
    fn new(publisher: &Publisher) -> Pc {
        Pc {
            dir: tempfile::tempdir().unwrap(),
            pubkey: publisher.pubkey(),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut all = vec![
            "--data-dir",
            self.dir.path().to_str().unwrap(),
            "--pubkey",
            &self.pubkey,
        ];
        all.extend_from_slice(args);
        onshi(&all)
    }

    fn update(&self, server: &Server) -> Output {
        self.run(&["content", "update", "--url", &server.url])
    }

    fn status(&self) -> Value {
        let out = self.run(&["content", "status"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// The login procedure's title as `procedure show` prints it.
    fn login_title(&self) -> String {
        let out = self.run(&["procedure", "show", "login"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["title"].as_str().unwrap().to_string()
    }

    /// Asserts a refusal: exit 1, the message names `reason`, and the content in use is `version`.
    fn assert_refused(&self, out: &Output, reason: &str, version: u64) {
        let said = text(out);
        assert_eq!(out.status.code(), Some(1), "{said}");
        assert!(said.contains(reason), "expected 「{reason}」 in: {said}");
        assert!(
            said.contains(&format!("今の内容（版{version}）のまま")),
            "{said}"
        );
        assert_eq!(self.status()["version"], version, "{said}");
    }
}

#[test]
fn a_good_update_is_applied_and_used_then_the_same_version_changes_nothing() {
    let publisher = Publisher::new();
    let server = serve(publisher.bundle("good", 2, EXPIRES));
    let pc = Pc::new(&publisher);
    assert_eq!(pc.status()["source"], "embedded");
    assert_eq!(pc.login_title(), "ポータルへのログイン");

    let out = pc.update(&server);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("版2に更新しました"), "{}", text(&out));
    let status = pc.status();
    assert_eq!(status["version"], 2);
    assert_eq!(status["source"], "downloaded");
    assert_eq!(status["highest_seen"], 2);
    assert_eq!(status["expires"], EXPIRES);
    assert_eq!(pc.login_title(), "ポータルへのログイン（配信版2）");

    let again = pc.update(&server);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    assert!(text(&again).contains("すでに最新"), "{}", text(&again));
    assert_eq!(pc.status()["version"], 2);
}

#[test]
fn a_full_bundle_with_the_postal_and_holiday_tables_is_applied_and_used() {
    let publisher = Publisher::new();
    let pc = Pc::new(&publisher);
    let root = publisher.bundle_with_data("full", 2);
    let server = serve(root);
    let t0 = Instant::now();
    let out = pc.update(&server);
    let elapsed = t0.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    eprintln!("full bundle (postal + holidays) fetched, verified and applied in {elapsed:?}");
    assert!(text(&out).contains("19ファイル"), "{}", text(&out));
    // The next start verifies all of it again and uses the downloaded tables.
    assert_eq!(pc.status()["source"], "downloaded");
    let postal = pc.run(&["postal", "1000001"]);
    assert_eq!(postal.status.code(), Some(0), "{}", text(&postal));
    assert!(text(&postal).contains("千代田"), "{}", text(&postal));
    let holiday = pc.run(&["calendar", "is-business-day", "2027-01-01"]);
    assert_eq!(holiday.status.code(), Some(0), "{}", text(&holiday));
    assert_eq!(String::from_utf8_lossy(&holiday.stdout).trim(), "false");
}

#[test]
fn every_bad_bundle_is_refused_with_its_reason_and_the_content_kept() {
    let publisher = Publisher::new();
    let pc = Pc::new(&publisher);
    let v2 = publisher.bundle("v2", 2, EXPIRES);
    let out = pc.update(&serve(v2.clone()));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // A tampered byte in a file.
    let tampered = publisher.bundle("tampered", 3, EXPIRES);
    let events = tampered.join("stable/events.toml");
    let mut bytes = std::fs::read(&events).unwrap();
    bytes[10] ^= 0x01;
    std::fs::write(&events, bytes).unwrap();
    pc.assert_refused(&pc.update(&serve(tampered)), "SHA-256", 2);

    // Signed by a key this PC does not trust.
    let stranger = Publisher::new();
    let foreign = stranger.bundle("foreign", 3, EXPIRES);
    pc.assert_refused(&pc.update(&serve(foreign)), "信頼する鍵", 2);

    // An expired manifest.
    let expired = publisher.bundle("expired", 3, "2020-01-01");
    pc.assert_refused(&pc.update(&serve(expired)), "有効期限", 2);

    // A truncated file.
    let truncated = publisher.bundle("truncated", 3, EXPIRES);
    let login = truncated.join("stable/procedures/login.toml");
    let bytes = std::fs::read(&login).unwrap();
    std::fs::write(&login, &bytes[..bytes.len() / 2]).unwrap();
    pc.assert_refused(&pc.update(&serve(truncated)), "大きさが目録と違います", 2);

    // A file longer than the manifest says.
    let longer = publisher.bundle("longer", 3, EXPIRES);
    let events = longer.join("stable/events.toml");
    let mut bytes = std::fs::read(&events).unwrap();
    bytes.extend_from_slice(b"\n# and then some\n");
    std::fs::write(&events, bytes).unwrap();
    pc.assert_refused(&pc.update(&serve(longer)), "大きさが目録と違います", 2);

    // Mix-and-match: version 3's manifest with one of version 2's files.
    let mixed = publisher.bundle("mixed", 3, EXPIRES);
    std::fs::copy(
        v2.join("stable/procedures/login.toml"),
        mixed.join("stable/procedures/login.toml"),
    )
    .unwrap();
    pc.assert_refused(&pc.update(&serve(mixed)), "SHA-256", 2);

    // The server is down (a port nothing listens on).
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = pc.run(&[
        "content",
        "update",
        "--url",
        &format!("http://127.0.0.1:{port}/stable"),
    ]);
    pc.assert_refused(&down, "接続できません", 2);

    // A replayed older version, after version 3 was applied.
    let v3 = publisher.bundle("v3", 3, EXPIRES);
    let out = pc.update(&serve(v3));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    pc.assert_refused(&pc.update(&serve(v2)), "より古いもの", 3);
    assert_eq!(pc.login_title(), "ポータルへのログイン（配信版3）");

    // No staging folder of the refused bundles is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(pc.dir.path().join("content"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_manifest_listing_a_path_outside_the_bundle_is_refused_before_any_file_is_fetched() {
    let publisher = Publisher::new();
    let pc = Pc::new(&publisher);
    let root = publisher.bundle("escape", 2, EXPIRES);
    let stable = root.join("stable");
    let mut manifest: Value =
        serde_json::from_slice(&std::fs::read(stable.join("manifest.json")).unwrap()).unwrap();
    manifest["files"][0]["path"] = Value::from("../escaped.toml");
    let bytes = serde_json::to_vec_pretty(&manifest).unwrap();
    std::fs::write(stable.join("manifest.json"), &bytes).unwrap();
    // Signed properly with the trusted key: the path check must stop it, not the signature.
    let key =
        minisign::SecretKeyBox::from_string(&std::fs::read_to_string(publisher.key()).unwrap())
            .unwrap()
            .into_unencrypted_secret_key()
            .unwrap();
    let sig = minisign::sign(None, &key, std::io::Cursor::new(&bytes), None, None).unwrap();
    std::fs::write(stable.join("manifest.json.minisig"), sig.into_string()).unwrap();
    std::fs::write(root.join("escaped.toml"), "x").unwrap();

    pc.assert_refused(&pc.update(&serve(root)), "置けない場所", 1);
    // Nothing was written anywhere a `../` from the staging folder or the data folder could reach.
    assert!(!pc.dir.path().join("escaped.toml").exists());
    assert!(!pc.dir.path().join("content/escaped.toml").exists());
    let staged: Vec<_> = std::fs::read_dir(pc.dir.path().join("content"))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name())
                .filter(|n| n != ".lock")
                .collect()
        })
        .unwrap_or_default();
    assert!(staged.is_empty(), "{staged:?}");
}

#[test]
fn a_bundle_signed_by_the_minisign_tool_with_our_key_is_accepted() {
    assert!(
        Command::new("minisign").arg("-v").output().is_ok(),
        "the minisign tool is missing: `scripts/setup-system.sh test` installs it"
    );
    let publisher = Publisher::new();
    let pc = Pc::new(&publisher);
    let root = publisher.bundle("tool", 2, EXPIRES);
    let stable = root.join("stable");
    std::fs::remove_file(stable.join("manifest.json.minisig")).unwrap();
    let out = Command::new("minisign")
        .args(["-S", "-s"])
        .arg(publisher.key())
        .arg("-m")
        .arg(stable.join("manifest.json"))
        .args(["-t", "signed by the minisign tool"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let out = pc.update(&serve(root));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(pc.login_title(), "ポータルへのログイン（配信版2）");
}

#[test]
fn kill_9_during_the_swap_leaves_the_old_or_the_new_content_never_a_mix() {
    let publisher = Publisher::new();
    let v2 = publisher.bundle("v2", 2, EXPIRES);
    let v3 = publisher.bundle("v3", 3, EXPIRES);
    let (s2, s3) = (serve(v2), serve(v3));
    // How long one whole update takes here, so the kills can be spread over all of it.
    let timing = Pc::new(&publisher);
    let t0 = Instant::now();
    let out = timing.update(&s3);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let full = t0.elapsed();
    // 40 rounds spread over 1.3× one update; if no kill landed after the swap (the machine got
    // slower than the timing run), more rounds with longer waits, up to 40 more.
    let rounds = 40u32;
    let mut seen_old = 0;
    let mut seen_new = 0;
    let started = Instant::now();
    for round in 0..rounds * 2 {
        if round >= rounds && seen_new > 0 {
            break;
        }
        let pc = Pc::new(&publisher);
        let out = pc.update(&s2);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        let mut child = Command::new(env!("CARGO_BIN_EXE_onshi"))
            .args([
                "--data-dir",
                pc.dir.path().to_str().unwrap(),
                "--pubkey",
                &pc.pubkey,
                "content",
                "update",
                "--url",
                &s3.url,
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Spread the kills over the whole update (start, fetch, staging, rename, pointer) and a
        // little past it.
        let share = if round < rounds {
            1.3 * f64::from(round) / f64::from(rounds)
        } else {
            1.3 + 0.1 * f64::from(round - rounds)
        };
        std::thread::sleep(full.mul_f64(share));
        let _ = child.kill();
        let _ = child.wait();
        let version = pc.status()["version"].as_u64().unwrap();
        let title = pc.login_title();
        assert_eq!(
            title,
            format!("ポータルへのログイン（配信版{version}）"),
            "round {round}: status says {version}, the content says {title}"
        );
        match version {
            2 => seen_old += 1,
            3 => seen_new += 1,
            other => panic!("round {round}: version {other}"),
        }
        // The interrupted update can always be completed.
        let out = pc.update(&s3);
        assert_eq!(out.status.code(), Some(0), "round {round}: {}", text(&out));
        assert_eq!(pc.status()["version"], 3);
    }
    eprintln!(
        "kill -9 during update ({full:?} each): {seen_old} rounds kept version 2, {seen_new} had version 3 ({:?})",
        started.elapsed()
    );
    assert!(seen_old > 0, "no kill landed before the swap");
    assert!(seen_new > 0, "no kill landed after the swap");
}

#[test]
fn a_clinic_in_the_middle_of_a_procedure_follows_the_new_content_only_when_accepted() {
    let publisher = Publisher::new();
    let pc = Pc::new(&publisher);
    let added = pc.run(&[
        "clinic",
        "add",
        "--name",
        "テスト内科",
        "--pref",
        "34",
        "--tensu",
        "1",
        "--code",
        "0712362",
    ]);
    assert_eq!(added.status.code(), Some(0), "{}", text(&added));
    let id = serde_json::from_slice::<Value>(&added.stdout).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let started = pc.run(&["procedure", "start", &id, "login"]);
    assert_eq!(started.status.code(), Some(0), "{}", text(&started));
    let pinned = || -> i64 {
        let db = rusqlite::Connection::open(pc.dir.path().join("onshi-navi.sqlite3")).unwrap();
        db.query_row(
            "SELECT content_version FROM procedures WHERE procedure_id = 'login'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let embedded = pinned();

    // The publisher changes a step of the login procedure: a higher version and its notice.
    let content = publisher.dir.path().join("content-changed");
    copy_dir(&manuals(), &content);
    let login = content.join("procedures/login.toml");
    let text_of = std::fs::read_to_string(&login).unwrap();
    let next = embedded + 1;
    let changed = text_of.replacen(
        &format!("version = {embedded}"),
        &format!("version = {next}"),
        1,
    ) + &format!(
        "\n[[change]]\nversion = {next}\nsteps = [\"sign-in\"]\nsummary = \"ログイン画面のボタン名が変わりました。\"\n"
    );
    std::fs::write(&login, changed).unwrap();
    let root = publisher.sign(&content, "changed", 2, EXPIRES);
    let out = pc.update(&serve(root));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // The new content is in use, but the clinic keeps the version it started with …
    let shown: Value =
        serde_json::from_slice(&pc.run(&["procedure", "show", "login"]).stdout).unwrap();
    assert_eq!(shown["version"], next);
    assert_eq!(pinned(), embedded);
    // … until someone accepts the change.
    let accepted = pc.run(&["procedure", "accept-update", &id, "login"]);
    assert_eq!(accepted.status.code(), Some(0), "{}", text(&accepted));
    assert_eq!(pinned(), next);
}
