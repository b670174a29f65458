/// Every `#[tauri::command]` of the app, declared once. `build.rs` includes this file for the
/// app ACL manifest; the IPC tests check that `generate_handler!` in `lib.rs` registers exactly
/// these and that `capabilities/main.json` grants exactly these; the bindings test writes them
/// into `ui/src/lib/bindings.ts` as the `Command` type that the UI's `invoke` accepts.
pub const COMMANDS: &[&str] = &[
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
    "situations",
    "situation_questions",
    "start_situation",
    "clinic_home",
    "procedure_wizard",
    "confirm_danger",
    "switch_code",
    "get_settings",
    "save_settings",
    "open_portal",
    "board_refresh",
    "board_query",
    "clinic_history",
];
