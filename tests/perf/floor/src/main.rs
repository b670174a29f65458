//! Empty Tauri 2 app: a static page; with `--startup-probe` it prints `startup-ms=N` when the
//! page has loaded and exits, exactly as onshi-navi does, so the two start times compare.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::time::Instant;

use tauri::Manager;

fn main() {
    let started = Instant::now();
    let probe = std::env::args().any(|a| a == "--startup-probe");
    let builder = tauri::Builder::default();
    let builder = if probe {
        builder.on_page_load(move |webview, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                println!("startup-ms={}", started.elapsed().as_millis());
                webview.app_handle().exit(0);
            }
        })
    } else {
        builder
    };
    if let Err(err) = builder.run(tauri::generate_context!()) {
        eprintln!("floor app failed: {err}");
        std::process::exit(1);
    }
}
