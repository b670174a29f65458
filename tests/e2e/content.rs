//! 手順の内容の更新 in the real window: the app checks a publisher (a real HTTP server on
//! 127.0.0.1) whose bundle is signed by a key the app does not trust. The window says so in
//! Japanese and keeps its built-in content, and nothing is written to the data folder.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

use onshi_core::bundle::Manifest;

use crate::harness::run;

/// A bundle of the repo's manuals at version 2, signed by a fresh key (not the publisher's):
/// path → bytes, manifest and signature included.
fn foreign_bundle() -> BTreeMap<String, Vec<u8>> {
    let manuals = Path::new(env!("CARGO_MANIFEST_DIR")).join("../manuals");
    let mut files = BTreeMap::new();
    for dir in [manuals.clone(), manuals.join("procedures")] {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_file() {
                let rel = path
                    .strip_prefix(&manuals)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let manifest = Manifest::describe(
        2,
        jiff::civil::date(2026, 12, 1),
        jiff::civil::date(2099, 12, 31),
        &files,
    )
    .unwrap();
    let manifest_bytes = serde_json::to_vec(&manifest).unwrap();
    let pair = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let sig = minisign::sign(
        None,
        &pair.sk,
        std::io::Cursor::new(&manifest_bytes),
        None,
        None,
    )
    .unwrap();
    files.insert("manifest.json".into(), manifest_bytes);
    files.insert(
        "manifest.json.minisig".into(),
        sig.into_string().into_bytes(),
    );
    files
}

/// Serves `files` under `/stable/` on 127.0.0.1; returns the directory URL.
fn serve(files: BTreeMap<String, Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let _ = reader.read_line(&mut line);
            let mut header = String::new();
            while reader.read_line(&mut header).unwrap_or(0) > 2 {
                header.clear();
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/");
            let body = path.strip_prefix("/stable/").and_then(|p| files.get(p));
            let response = match body {
                Some(b) => {
                    let mut r = format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        b.len()
                    )
                    .into_bytes();
                    r.extend_from_slice(b);
                    r
                }
                None => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_vec(),
            };
            let _ = stream.write_all(&response);
        }
    });
    format!("http://127.0.0.1:{port}/stable/")
}

#[tokio::test]
#[ignore = "needs tauri-driver, WebKitWebDriver, Xvfb and D-Bus: run `make test-e2e`"]
async fn a_bundle_signed_by_an_unknown_key_is_refused_in_the_window_and_the_content_kept() {
    run("content-update", |ctx| async move {
        let url = serve(foreign_bundle());
        let app = ctx.launch_with(None, &["--content-url", &url]).await?;
        // The window's Japanese is drawn with the font the app carries, not one of the PC's.
        let font = app
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 document.fonts.load('16px \"Onshi IPAexGothic\"', '医療機関').then(
                   (faces) => done(faces.length > 0 && faces[0].status === 'loaded'
                     && getComputedStyle(document.body).fontFamily.startsWith('\"Onshi IPAexGothic\"')),
                   () => done(false));",
                vec![],
            )
            .await?;
        assert_eq!(font, serde_json::Value::Bool(true), "the bundled UI font did not load");
        app.find("open-backups").await?.click().await?;
        let summary = app
            .wait_text("content-summary", "アプリに組み込みの内容（版1）")
            .await?;
        assert!(summary.contains("使っている内容"), "{summary}");

        // The start-up check against the same publisher may still be running: wait for the
        // button, then check; the earlier result is cleared when the new check starts.
        app.wait_text("content-check", "更新を確認").await?;
        app.find("content-check").await?.click().await?;
        let said = app
            .wait_text("content-result", "信頼する鍵で署名されていません")
            .await?;
        assert!(said.contains("今の内容（版1）のまま使います"), "{said}");
        app.wait_text("content-check", "更新を確認").await?;
        assert!(
            app.find_all("content-restart").await?.is_empty(),
            "no restart is offered"
        );
        app.client
            .execute(
                "document.querySelector('[data-testid=\"content-result\"]').scrollIntoView({block: 'center'})",
                vec![],
            )
            .await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        app.screenshot_to(&ctx.artifacts.join("01-refused.png"))
            .await?;

        // The content in use is the built-in one, and nothing was put in the data folder.
        app.wait_text("content-summary", "アプリに組み込みの内容（版1）")
            .await?;
        assert!(!ctx.data_dir.join("content/current").exists());
        Ok(())
    })
    .await
}
