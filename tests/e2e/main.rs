//! The E2E tier: the real app binary in a real WebKitGTK webview, driven through tauri-driver +
//! WebKitWebDriver. Needs a display (Xvfb) and a session bus; run with `make test-e2e`, which
//! installs and starts everything. Selectors are `data-testid`s, never label text.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod backups;
mod clinic_flow;
mod content;
mod dashboard;
mod harness;
mod perf;
mod print;
mod reception;
mod reliability;
mod secrets;
// The core tests' builders (seeding through the core as the app writes).
#[allow(dead_code)]
#[path = "../core/support/mod.rs"]
mod support;
mod terminals;
mod transfer;
