//! Onshi Navi (オン資ナビ) desktop shell: a thin Tauri 2 layer over `onshi-core`.
//!
//! Invariants:
//! - Commands only parse input, call the core and map errors ([`ipc_error::IpcError`]); no rule
//!   lives here.
//! - Every command is declared once, in `command_list.rs` (read by `build.rs` for the app ACL
//!   manifest); the IPC tests fail when `generate_handler!` below, `capabilities/main.json` or
//!   the UI's generated bindings drift from it.
//! - The single-instance plugin is registered first, so two windows never write one database.
//! - Logs go to the app log folder (or `<data-dir>/logs`; stderr only where that cannot be
//!   written) and never contain secrets.

pub mod backups;
pub mod checklist;
pub mod clipboard;
pub mod command_list;
pub mod commands;
pub mod content;
pub mod dialogs;
pub mod ipc_error;
pub mod launch;
pub mod secrets;
pub mod sheets;
pub mod state;
pub mod terminals;
pub mod transfer;
pub mod wizard;

use std::time::Instant;

use tauri::{Builder, Manager, Runtime};

pub use launch::LaunchOptions;
pub use state::AppState;

/// How often the app looks whether an automatic backup is due.
const BACKUP_CHECK: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// Starts the app: parses `--data-dir`/`--startup-probe`, registers the plugins, opens the window.
pub fn run() {
    let started = Instant::now();
    let launch = LaunchOptions::from_args(std::env::args_os().skip(1));

    let builder = Builder::default()
        // Must be first: a second launch only focuses the running window.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.unminimize();
                let _ = window.set_focus();
            }
        }))
        .plugin(log_plugin(&launch))
        // The portal opens in the default browser through this plugin, from the `open_portal`
        // command only: the page is granted none of the plugin's own commands.
        .plugin(tauri_plugin_opener::init())
        // 「PDFで保存」's save dialog, opened by the `save_sheet_pdf` command only: the page is
        // granted none of the plugin's commands, so it never picks a path itself.
        .plugin(tauri_plugin_dialog::init());
    let builder = if launch.startup_probe {
        builder.on_page_load(move |webview, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                // Measured by `make bench-startup`: main() → first page loaded.
                println!("startup-ms={}", started.elapsed().as_millis());
                webview.app_handle().exit(0);
            }
        })
    } else {
        builder
    };

    if let Err(err) = app(builder, launch).run(tauri::generate_context!()) {
        // Nothing is shown yet (no window): the terminal or the log is all we have.
        log::error!("オン資ナビを起動できませんでした: {err}");
        eprintln!("オン資ナビを起動できませんでした: {err}");
        std::process::exit(1);
    }
}

/// The app's wiring, generic over the runtime so the IPC tests build the very same app on
/// `tauri::test::mock_builder()`.
pub fn app<R: Runtime>(builder: Builder<R>, launch: LaunchOptions) -> Builder<R> {
    app_with_secrets(
        builder,
        launch,
        std::sync::Arc::new(onshi_keychain::Keychain::new()),
    )
}

/// [`app`] with secrets kept in `secrets` (the IPC tests keep them in memory).
pub fn app_with_secrets<R: Runtime>(
    builder: Builder<R>,
    launch: LaunchOptions,
    secrets: std::sync::Arc<dyn onshi_core::secret::SecretStore>,
) -> Builder<R> {
    let content = content::ContentState::new(launch.content_url.clone());
    app_with_parts(builder, launch, secrets, content)
}

/// [`app`] with the secrets' store and the content keys given (the IPC tests sign bundles with
/// a key of their own).
pub fn app_with_parts<R: Runtime>(
    builder: Builder<R>,
    launch: LaunchOptions,
    secrets: std::sync::Arc<dyn onshi_core::secret::SecretStore>,
    content: content::ContentState,
) -> Builder<R> {
    builder
        // Managed before setup (which runs once the event loop starts), so commands always find it.
        .manage(
            AppState::with_today(launch.data_dir, launch.today)
                .with_save_dir(launch.save_dir)
                .with_open_file(launch.open_file)
                .with_secrets(secrets)
                .with_clipboard_seconds(launch.clipboard_seconds)
                .with_content(content),
        )
        .setup(|app| {
            let state = app.state::<AppState>();
            if state.data_dir().is_none() {
                state.set_default_data_dir(app.path().app_data_dir()?);
            }
            state.hold_app_lock();
            log::info!(
                "オン資ナビ {} を起動しました (data dir: {:?})",
                env!("CARGO_PKG_VERSION"),
                state.data_dir()
            );
            // A verified content bundle in the data folder replaces the embedded manuals; this
            // must come before anything reads content (the warm-up below, any command).
            content::start(app.handle());
            // While the webview starts, parse the embedded manuals and postal table and open
            // the database, so the first screen does not wait for them (a failure here is
            // reported again, to the user, by the command that needs the part).
            let handle = app.handle().clone();
            // In 技術者モード the board's rows are derived too: the first screen is the board.
            std::thread::spawn(move || {
                let _ = onshi_core::procedure::Catalog::embedded();
                let _ = onshi_core::timeline::Rules::shared();
                let _ = onshi_core::calendar::Calendar::embedded();
                let state = handle.state::<AppState>();
                let settings = state.with_store(|store| store.settings());
                if settings.is_ok_and(|s| s.mode == onshi_core::settings::Mode::Technician) {
                    state.warm_up_board();
                }
                let _ = onshi_core::postal::PostalTable::embedded();
                // Automatic backups: one at start (unless the newest is under an hour old),
                // then whenever something was written, checked every few minutes.
                loop {
                    match state.auto_backup(jiff::Timestamp::now()) {
                        Ok(Some(b)) => log::info!("automatic backup written ({} bytes)", b.bytes),
                        Ok(None) => {}
                        Err(e) => log::warn!("automatic backup failed: {e:?}"),
                    }
                    std::thread::sleep(BACKUP_CHECK);
                }
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::form_options,
            commands::list_clinics,
            commands::validate_clinic,
            commands::add_clinic,
            commands::clinic_profile,
            commands::validate_clinic_profile,
            commands::save_clinic_profile,
            commands::postal_candidates,
            checklist::clinic_checklist,
            checklist::dashboard,
            checklist::record_event,
            checklist::procedure_guide,
            checklist::procedure_questions,
            checklist::start_procedure,
            checklist::accept_content_update,
            wizard::situations,
            wizard::situation_questions,
            wizard::start_situation,
            wizard::clinic_home,
            wizard::procedure_wizard,
            wizard::confirm_danger,
            wizard::switch_code,
            wizard::get_settings,
            wizard::save_settings,
            wizard::open_portal,
            checklist::board_refresh,
            checklist::board_query,
            checklist::clinic_history,
            terminals::clinic_terminals,
            terminals::change_terminal,
            terminals::expiring_certificates,
            sheets::sheet_view,
            sheets::save_sheet_pdf,
            sheets::clinic_strip,
            secrets::clinic_secrets,
            secrets::set_secret,
            secrets::delete_secret,
            secrets::copy_secret,
            backups::backups_page,
            backups::backup_now,
            backups::restore_backup,
            backups::restore_backup_file,
            backups::database_state,
            backups::start_empty_data,
            transfer::export_clinics_json,
            transfer::import_clinics_json,
            content::content_panel,
            content::check_content_update,
            content::restart_app,
        ])
}

fn log_plugin<R: Runtime>(launch: &LaunchOptions) -> tauri::plugin::TauriPlugin<R> {
    use tauri_plugin_log::{RotationStrategy, Target, TargetKind};
    let (file, folder) = match &launch.data_dir {
        // Tests pass --data-dir: keep the log beside the data so the harness can collect it.
        Some(dir) => (
            TargetKind::Folder {
                path: dir.join("logs"),
                file_name: Some(LOG_NAME.into()),
            },
            Some(dir.join("logs")),
        ),
        None => (
            TargetKind::LogDir {
                file_name: Some(LOG_NAME.into()),
            },
            // Where Tauri puts the app's logs on Windows and Linux.
            dirs::data_local_dir().map(|d| d.join(APP_IDENTIFIER).join("logs")),
        ),
    };
    let mut targets = vec![Target::new(TargetKind::Stderr)];
    // The plugin fails the whole start when it cannot create its file: a read-only data folder
    // (a locked-down PC, a write-protected stick) would leave the receptionist with no window
    // at all. Then the log goes to stderr only, and the window says what is wrong with the
    // folder when the data is used.
    if folder.as_deref().is_none_or(log_folder_writable) {
        targets.push(Target::new(file));
    }
    tauri_plugin_log::Builder::new()
        .targets(targets)
        .level(log::LevelFilter::Info)
        .max_file_size(1_000_000)
        .rotation_strategy(RotationStrategy::KeepSome(5))
        .build()
}

/// The log file's name (without `.log`).
const LOG_NAME: &str = "onshi-navi";
/// `identifier` in tauri.conf.json: the app's folders are named after it.
const APP_IDENTIFIER: &str = "jp.onshinavi.desktop";

/// Whether the log file can be created (or appended to) in `dir`.
fn log_folder_writable(dir: &std::path::Path) -> bool {
    std::fs::create_dir_all(dir).is_ok()
        && std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join(format!("{LOG_NAME}.log")))
            .is_ok()
}
