// The app ACL manifest makes every app command subject to the capability files: a command that is
// not granted in `capabilities/main.json` cannot be called, even from our own UI.
/// Every `#[tauri::command]` of the app; keep in step with `generate_handler!` in `src/lib.rs`
/// (the IPC tests fail when the two drift).
const COMMANDS: &[&str] = &[
    "form_options",
    "list_clinics",
    "validate_clinic",
    "add_clinic",
    "clinic_profile",
    "validate_clinic_profile",
    "save_clinic_profile",
    "postal_candidates",
    "clinic_checklist",
    "dashboard",
    "record_event",
    "procedure_guide",
    "procedure_questions",
    "start_procedure",
    "accept_content_update",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {err:#}");
    }
}
