//! The IPC tier: the real app wiring on Tauri's mock runtime (no display, no WebKit process).
//! Proves command names, argument casing, the `{kind, message, issues}` error shape, and that
//! every command is granted by the capability — and nothing else is.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

use onshi_navi_lib::LaunchOptions;

mod bindings;

struct Harness {
    _dir: tempfile::TempDir,
    /// The app's secrets, kept in memory instead of the OS keychain.
    secrets: std::sync::Arc<onshi_core::secret::MemorySecretStore>,
    app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

/// A port nothing listens on (the discard port), so a content check is refused at once.
const CLOSED_URL: &str = "http://127.0.0.1:9/stable/";

fn harness() -> Harness {
    harness_with(tempfile::tempdir().unwrap())
}

/// The app on a data directory prepared beforehand.
fn harness_with(dir: tempfile::TempDir) -> Harness {
    let launch = LaunchOptions {
        data_dir: Some(dir.path().to_path_buf()),
        startup_probe: false,
        today: None,
        // 「PDFで保存」 writes here without a dialog (the folder is made by the tests that save).
        save_dir: Some(dir.path().join("saved")),
        clipboard_seconds: None,
        open_file: None,
        // Nothing listens there: the start-up check and 「更新を確認」 end at once, offline.
        content_url: Some(CLOSED_URL.into()),
    };
    let secrets = std::sync::Arc::new(onshi_core::secret::MemorySecretStore::default());
    let app = onshi_navi_lib::app_with_secrets(mock_builder(), launch, secrets.clone())
        .build(tauri::generate_context!("tauri.conf.json", test = true))
        .unwrap();
    let window = match app.get_webview_window("main") {
        Some(w) => w,
        None => WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap(),
    };
    Harness {
        _dir: dir,
        secrets,
        app,
        window,
    }
}

/// The origin the app's own pages have on this platform (remote origins never reach commands).
fn local_url() -> tauri::Url {
    if cfg!(windows) {
        "http://tauri.localhost".parse().unwrap()
    } else {
        "tauri://localhost".parse().unwrap()
    }
}

fn invoke(h: &Harness, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        &h.window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: local_url(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

fn good_form() -> Value {
    json!({"name": "テスト内科クリニック", "prefecture": "34", "score_table": "1", "medical_code": "0712362"})
}

/// The commands declared once in `command_list.rs` (read by build.rs for the ACL manifest).
fn manifest_commands() -> Vec<String> {
    onshi_navi_lib::command_list::COMMANDS
        .iter()
        .map(|c| c.to_string())
        .collect()
}

/// The command names `generate_handler!` registers in lib.rs, in its order.
fn registered_commands() -> Vec<String> {
    let lib_rs = include_str!("../../src-tauri/src/lib.rs");
    let list = lib_rs
        .split("generate_handler![")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("generate_handler! in lib.rs");
    list.split(',')
        .filter_map(|s| s.trim().rsplit("::").next())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn the_handler_registers_exactly_the_declared_commands() {
    let mut registered = registered_commands();
    let mut declared = manifest_commands();
    assert!(!declared.is_empty());
    registered.sort();
    declared.sort();
    assert_eq!(registered, declared);
}

#[test]
fn the_capability_grants_exactly_the_manifest_commands_to_main_only() {
    let cap: Value =
        serde_json::from_str(include_str!("../../src-tauri/capabilities/main.json")).unwrap();
    assert_eq!(cap["windows"], json!(["main"]), "one window, never \"*\"");
    let mut granted: Vec<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let mut expected: Vec<String> = manifest_commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    granted.sort();
    expected.sort();
    assert_eq!(granted, expected);
}

#[test]
fn every_manifest_command_is_registered_and_allowed() {
    let h = harness();
    let mut other = good_form();
    other["medical_code"] = json!("0712370");
    let id = invoke(&h, "add_clinic", json!({ "form": other })).unwrap()["clinic"]["id"].clone();
    let today = invoke(&h, "clinic_checklist", json!({ "clinicId": id })).unwrap()["today"].clone();
    std::fs::create_dir(h._dir.path().join("saved")).unwrap();
    for cmd in manifest_commands() {
        let args = match cmd.as_str() {
            "add_clinic" | "validate_clinic" => json!({ "form": good_form() }),
            "clinic_profile" | "clinic_checklist" => json!({ "clinicId": id }),
            "record_event" => {
                json!({ "clinicId": id, "form": { "event_id": "login-done", "date": today } })
            }
            "situation_questions" => json!({ "situationId": "shokei" }),
            "start_situation" => {
                json!({ "clinicId": id, "situationId": "closing", "answers": {} })
            }
            "set_secret" => {
                json!({ "clinicId": id, "kind": "master-pin", "value": "1234" })
            }
            "delete_secret" => json!({ "clinicId": id, "kind": "master-pin" }),
            // Needs a clipboard (none without a display): tested on its own below.
            "copy_secret" => continue,
            // Opens the system's dialog: the restore itself is tested through restore_backup.
            "restore_backup_file" => continue,
            "export_clinics_json" => json!({ "clinicIds": [id] }),
            // Opens the system's dialog without --open-file: tested in the E2E journey.
            "import_clinics_json" => continue,
            "restore_backup" => json!({ "name": "onshi-navi-19990101T000000Z.sqlite3" }),
            "sheet_view" | "save_sheet_pdf" => {
                json!({ "request": { "kind": "handoff", "clinic_ids": [id] } })
            }
            "clinic_home" | "switch_code" | "clinic_history" | "clinic_terminals"
            | "clinic_strip" | "clinic_secrets" => {
                json!({ "clinicId": id })
            }
            "change_terminal" => {
                json!({ "clinicId": id, "form": { "kind": "add", "name": "受付PC" } })
            }
            "expiring_certificates" => json!({ "months": 3 }),
            "procedure_wizard" => json!({ "clinicId": id, "procedureId": "shokei" }),
            "board_query" => json!({ "filter": "waiting", "search": "テスト",
                                      "sort": { "key": "name", "descending": true } }),
            "confirm_danger" => {
                json!({ "clinicId": id, "procedureId": "shokei", "dangerId": "shokei-history" })
            }
            "save_settings" => {
                json!({ "settings": { "mode": "technician", "text_size": "standard" } })
            }
            // It opens the default browser: what it may open is tested without calling it
            // (it takes no address), and calling it here would start a browser.
            "open_portal" => continue,
            // It restarts the running program (here: this test binary, which would run again).
            "restart_app" => continue,
            "procedure_questions" => json!({ "procedureId": "oqs" }),
            "procedure_guide" => json!({ "clinicId": id, "procedureId": "certificate" }),
            "start_procedure" => json!({ "clinicId": id, "procedureId": "login", "answers": {} }),
            "accept_content_update" => json!({ "clinicId": id, "procedureId": "login" }),
            "validate_clinic_profile" | "save_clinic_profile" => {
                json!({ "clinicId": id, "form": { "phone": "0821234567" } })
            }
            "postal_candidates" => json!({ "code": "1000001" }),
            _ => json!({}),
        };
        let result = invoke(&h, &cmd, args);
        if cmd == "restore_backup" {
            // Reached the command, which knows no such backup.
            assert_eq!(result.unwrap_err()["kind"], "notFound");
            continue;
        }
        if cmd == "switch_code" {
            // Reached the core, which refuses: this clinic has no finished 承継.
            let err = result.unwrap_err();
            assert_eq!(err["kind"], "codeSwitchRequired", "{err}");
            continue;
        }
        assert!(result.is_ok(), "{cmd} must be callable: {result:?}");
    }
}

#[test]
fn commands_outside_the_capability_are_refused() {
    let h = harness();
    // Registered commands that the capability does not grant: the log plugin's, and core
    // plugins' that every Tauri app has. These reach the ACL and must be refused by it.
    for cmd in [
        "plugin:log|log",
        "plugin:app|version",
        "plugin:window|close",
        "plugin:opener|open_url",
        "plugin:opener|open_path",
        // The save dialog is opened by `save_sheet_pdf` only: the page never picks a path.
        "plugin:dialog|save",
        "plugin:dialog|open",
        "plugin:fs|write_file",
        // Secrets are copied from Rust; the page can neither read nor write the clipboard.
        "plugin:clipboard-manager|read_text",
        "plugin:clipboard-manager|write_text",
    ] {
        let err = invoke(&h, cmd, json!({})).unwrap_err();
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
    }
    // A name nobody registered is refused too (by the router, not the ACL).
    let err = invoke(&h, "delete_everything", json!({})).unwrap_err();
    assert!(
        err.to_string().contains("not allowed") || err.to_string().contains("not found"),
        "{err}"
    );
}

#[test]
fn form_options_come_from_the_core() {
    let h = harness();
    let options = invoke(&h, "form_options", json!({})).unwrap();
    assert_eq!(options["prefectures"].as_array().unwrap().len(), 47);
    assert_eq!(
        options["prefectures"][12],
        json!({"code": "13", "name": "東京都"})
    );
    assert_eq!(
        options["score_tables"],
        json!([
            {"code": "1", "name": "医科"},
            {"code": "3", "name": "歯科"},
            {"code": "4", "name": "調剤"},
            {"code": "6", "name": "訪問看護ステーション"}
        ])
    );
}

#[test]
fn add_then_list_round_trips_through_sqlite() {
    let h = harness();
    assert_eq!(invoke(&h, "list_clinics", json!({})).unwrap(), json!([]));
    let added = invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap();
    assert_eq!(added["clinic"]["medical_code"], "0712362");
    assert_eq!(added["warnings"]["issues"], json!([]));
    let list = invoke(&h, "list_clinics", json!({})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], added["clinic"]["id"]);
    assert_eq!(list[0]["prefecture"], "広島県");
    let state = h.app.state::<onshi_navi_lib::AppState>();
    let on_disk = state.with_store(|s| s.list_clinics()).unwrap();
    assert_eq!(on_disk.len(), 1);
}

#[test]
fn a_bad_code_rejects_with_the_error_shape() {
    let h = harness();
    let mut form = good_form();
    form["medical_code"] = json!("12345");
    let err = invoke(&h, "add_clinic", json!({ "form": form })).unwrap_err();
    assert_eq!(err["kind"], "invalidInput");
    assert!(err["message"].as_str().unwrap().contains("入力内容"));
    assert_eq!(err["issues"][0]["field"], "medical_code");
    assert_eq!(err["issues"][0]["severity"], "error");
    assert_eq!(err["issues"][0]["code"], "medical-code.length");
    assert!(
        err["issues"][0]["message"]
            .as_str()
            .unwrap()
            .contains("7桁")
    );
    assert_eq!(invoke(&h, "list_clinics", json!({})).unwrap(), json!([]));
}

#[test]
fn a_duplicate_rejects_with_kind_duplicate() {
    let h = harness();
    invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap();
    let err = invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap_err();
    assert_eq!(err["kind"], "duplicate");
    assert_eq!(err["issues"], json!([]));
}

#[test]
fn validate_returns_warnings_without_saving() {
    let h = harness();
    let mut form = good_form();
    form["medical_code"] = json!("0712360");
    let report = invoke(&h, "validate_clinic", json!({ "form": form })).unwrap();
    assert_eq!(report["issues"][0]["severity"], "warning");
    assert_eq!(report["issues"][0]["code"], "medical-code.check-digit");
    assert_eq!(invoke(&h, "list_clinics", json!({})).unwrap(), json!([]));
}

#[test]
fn form_fields_are_snake_case_like_every_ipc_type() {
    let h = harness();
    let camel =
        json!({"name": "x", "prefecture": "34", "scoreTable": "1", "medicalCode": "0712362"});
    let err = invoke(&h, "add_clinic", json!({ "form": camel })).unwrap_err();
    assert!(err.to_string().contains("score_table"), "{err}");
    assert_eq!(invoke(&h, "list_clinics", json!({})).unwrap(), json!([]));
}

#[test]
fn the_cli_and_the_app_share_one_identifier() {
    let h = harness();
    assert_eq!(h.app.config().identifier, onshi_core::APP_IDENTIFIER);
    assert_eq!(
        h.app.config().app.windows[0].title,
        "オン資ナビ",
        "the window title is Japanese"
    );
}

#[test]
fn a_profile_round_trips_and_fills_from_the_postal_code() {
    let h = harness();
    let id =
        invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap()["clinic"]["id"].clone();
    let empty = invoke(&h, "clinic_profile", json!({ "clinicId": id })).unwrap();
    assert_eq!(empty["profile"]["postal_code"], "");
    assert_eq!(empty["clinic"]["name"], "テスト内科クリニック");

    let fill = invoke(&h, "postal_candidates", json!({ "code": "〒730-0011" })).unwrap();
    assert_eq!(fill[0]["address"], "広島県広島市中区基町");
    let form = json!({
        "postal_code": "730-0011",
        "address": fill[0]["address"],
        "address_kana": fill[0]["address_kana"],
        "phone": "082-123-4567",
        "contact_person": "受付 花子"
    });
    let saved = invoke(
        &h,
        "save_clinic_profile",
        json!({ "clinicId": id, "form": form }),
    )
    .unwrap();
    assert_eq!(saved["profile"]["postal_code"], "7300011");
    assert_eq!(saved["profile"]["phone"], "0821234567");
    let again = invoke(&h, "clinic_profile", json!({ "clinicId": id })).unwrap();
    assert_eq!(again["profile"], saved["profile"]);
}

#[test]
fn a_bad_profile_is_refused_with_field_issues_and_nothing_saved() {
    let h = harness();
    let id =
        invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap()["clinic"]["id"].clone();
    let form = json!({ "postal_code": "12", "phone": "abc" });
    let err = invoke(
        &h,
        "save_clinic_profile",
        json!({ "clinicId": id, "form": form }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "invalidInput");
    let fields: Vec<&str> = err["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["postal_code", "phone"]);
    let stored = invoke(&h, "clinic_profile", json!({ "clinicId": id })).unwrap();
    assert_eq!(stored["profile"]["phone"], "");
}

#[test]
fn an_unknown_clinic_id_is_not_found() {
    let h = harness();
    for id in ["00000000-0000-4000-8000-000000000000", "not-a-uuid"] {
        let err = invoke(&h, "clinic_profile", json!({ "clinicId": id })).unwrap_err();
        assert_eq!(err["kind"], "notFound", "{id}");
    }
}

#[test]
fn the_checklist_records_an_event_and_the_dashboard_follows() {
    let h = harness();
    let id =
        invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap()["clinic"]["id"].clone();
    let before = invoke(&h, "clinic_checklist", json!({ "clinicId": id })).unwrap();
    let today = before["today"].as_str().unwrap().to_string();
    let oqs = |checklist: &Value| {
        checklist["status"]["procedures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "oqs")
            .unwrap()
            .clone()
    };
    let line = oqs(&before);
    assert_eq!(line["status"], "not-started");
    assert_eq!(line["next_event"], "oqs-submitted");

    // Refused until the form's answers are given: the refusal names them for the UI.
    let err = invoke(
        &h,
        "record_event",
        json!({ "clinicId": id, "form": { "event_id": "oqs-submitted", "date": today } }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "answersRequired");
    assert_eq!(err["data"]["answers"][0]["key"], "customer-id");
    invoke(
        &h,
        "start_procedure",
        json!({ "clinicId": id, "procedureId": "oqs",
                "answers": { "line": "ipsec", "planned-month": "2027-01" } }),
    )
    .unwrap();
    let recorded = invoke(
        &h,
        "record_event",
        json!({ "clinicId": id, "form": { "event_id": "oqs-submitted", "date": today } }),
    )
    .unwrap();
    assert_eq!(recorded["procedure_id"], "oqs");
    let after = invoke(&h, "clinic_checklist", json!({ "clinicId": id })).unwrap();
    assert_eq!(oqs(&after)["status"], "waiting");

    let rows = invoke(&h, "dashboard", json!({})).unwrap();
    assert_eq!(rows[0]["clinic_id"], id);
    assert_eq!(rows[0]["rank"], 2, "{rows}");
    assert!(rows[0]["headline"].as_str().unwrap().starts_with("待機中"));
}

#[test]
fn recording_out_of_order_or_a_bad_date_is_refused_with_the_error_shape() {
    let h = harness();
    let id =
        invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap()["clinic"]["id"].clone();
    let err = invoke(
        &h,
        "record_event",
        json!({ "clinicId": id, "form": { "event_id": "shokei-mail-2", "date": "2026-12-01" } }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "outOfOrder");
    assert!(err["message"].as_str().unwrap().contains("前に"), "{err}");
    let err = invoke(
        &h,
        "record_event",
        json!({ "clinicId": id, "form": { "event_id": "oqs-submitted", "date": "2026-02-30" } }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "invalidDate");
    // What has not happened yet cannot be recorded: a date after today is refused.
    let err = invoke(
        &h,
        "record_event",
        json!({ "clinicId": id, "form": { "event_id": "oqs-submitted", "date": "2099/1/5" } }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "invalidDate");
    assert!(
        err["message"].as_str().unwrap().contains("より後の日付"),
        "{err}"
    );
    let checklist = invoke(&h, "clinic_checklist", json!({ "clinicId": id })).unwrap();
    assert!(
        checklist["status"]["procedures"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["status"] == "not-started" || p["status"] == "blocked"),
        "nothing was stored"
    );
}

#[test]
fn a_procedure_starts_with_its_answers_from_the_questions() {
    let h = harness();
    let id =
        invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap()["clinic"]["id"].clone();
    let questions = invoke(
        &h,
        "procedure_questions",
        json!({ "procedureId": "shokei" }),
    )
    .unwrap();
    let keys: Vec<&str> = questions
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["key"].as_str().unwrap())
        .collect();
    assert!(
        keys.contains(&"new-code") && keys.contains(&"reason"),
        "{keys:?}"
    );
    let bad = invoke(
        &h,
        "start_procedure",
        json!({ "clinicId": id, "procedureId": "shokei", "answers": { "new-code": "12" } }),
    )
    .unwrap_err();
    assert_eq!(bad["kind"], "invalidInput");
    invoke(
        &h,
        "start_procedure",
        json!({ "clinicId": id, "procedureId": "shokei", "answers": { "new-code": "0712370", "reason": "B" } }),
    )
    .unwrap();
    let checklist = invoke(&h, "clinic_checklist", json!({ "clinicId": id })).unwrap();
    let shokei = checklist["status"]["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "shokei")
        .unwrap()
        .clone();
    assert_eq!(shokei["status"], "in-progress");
    assert_eq!(shokei["next_event"], "shokei-submitted");
    // Nothing to accept: the clinic follows the newest content already.
    invoke(
        &h,
        "accept_content_update",
        json!({ "clinicId": id, "procedureId": "shokei" }),
    )
    .unwrap();
}

#[test]
fn the_guide_prepares_the_values_to_type_for_the_chosen_code() {
    let h = harness();
    let id =
        invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap()["clinic"]["id"].clone();
    let form =
        json!({ "phone": "082-123-4567", "contact_person": "受付 花子", "paired_code": "0712376" });
    invoke(
        &h,
        "save_clinic_profile",
        json!({ "clinicId": id, "form": form }),
    )
    .unwrap();
    let value = |steps: &Value, label: &str| {
        steps
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == "fill-form")
            .unwrap()["prepared"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["label"].as_str().unwrap().starts_with(label))
            .unwrap()["value"]
            .clone()
    };
    let own = invoke(
        &h,
        "procedure_guide",
        json!({ "clinicId": id, "procedureId": "certificate" }),
    )
    .unwrap();
    assert_eq!(value(&own, "医療機関コード"), "0712362");
    assert_eq!(value(&own, "電話番号"), "0821234567");
    let dental = invoke(
        &h,
        "procedure_guide",
        json!({ "clinicId": id, "procedureId": "certificate", "terminal": "受付", "code": "0712376" }),
    )
    .unwrap();
    assert_eq!(value(&dental, "医療機関コード"), "0712376");
    assert_eq!(value(&dental, "端末名称"), "受付");
    let err = invoke(
        &h,
        "procedure_guide",
        json!({ "clinicId": id, "procedureId": "nope" }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "notFound");
}

#[test]
fn a_situation_starts_and_the_home_and_wizard_follow_it() {
    let h = harness();
    let id =
        invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap()["clinic"]["id"].clone();
    let list = invoke(&h, "situations", json!({})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 8);
    let questions = invoke(
        &h,
        "situation_questions",
        json!({ "situationId": "shokei" }),
    )
    .unwrap();
    assert_eq!(questions[0]["key"], "new-code");
    invoke(
        &h,
        "start_situation",
        json!({ "clinicId": id, "situationId": "shokei",
                "answers": { "new-code": "0712370", "terminals": "受付PC、診察室PC" } }),
    )
    .unwrap();
    let page = invoke(&h, "clinic_home", json!({ "clinicId": id })).unwrap();
    assert_eq!(page["home"]["next"]["procedure_id"], "shokei");
    assert_eq!(page["home"]["situations"][0]["id"], "shokei");
    let wizard = invoke(
        &h,
        "procedure_wizard",
        json!({ "clinicId": id, "procedureId": "shokei" }),
    )
    .unwrap();
    assert_eq!(wizard["wizard"]["current"], 0);
    invoke(
        &h,
        "confirm_danger",
        json!({ "clinicId": id, "procedureId": "shokei", "dangerId": "shokei-history" }),
    )
    .unwrap();
    let wizard = invoke(
        &h,
        "procedure_wizard",
        json!({ "clinicId": id, "procedureId": "shokei" }),
    )
    .unwrap();
    let fill = wizard["wizard"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "fill-form")
        .unwrap()
        .clone();
    assert_eq!(fill["confirmed"], json!(["shokei-history"]));
    // The history shows the confirmation with who made it.
    let history = invoke(&h, "clinic_history", json!({ "clinicId": id })).unwrap();
    let confirmation = history
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "confirmation")
        .unwrap()
        .clone();
    assert_eq!(confirmation["role"], "receptionist");
    assert!(
        confirmation["what"]
            .as_str()
            .unwrap()
            .contains("閲覧を希望します")
    );
    // Settings round-trip; the default is 受付モード.
    assert_eq!(
        invoke(&h, "get_settings", json!({})).unwrap()["mode"],
        "reception"
    );
    invoke(
        &h,
        "save_settings",
        json!({ "settings": { "mode": "technician", "text_size": "extra-large" } }),
    )
    .unwrap();
    assert_eq!(
        invoke(&h, "get_settings", json!({})).unwrap(),
        json!({ "mode": "technician", "text_size": "extra-large", "clinic_id": null })
    );
}

#[test]
fn the_board_is_derived_once_and_filtered_per_query() {
    let h = harness();
    let mut other = good_form();
    other["medical_code"] = json!("0712370");
    other["name"] = json!("第二クリニック");
    invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap();
    invoke(&h, "add_clinic", json!({ "form": other })).unwrap();
    let all = invoke(&h, "board_refresh", json!({})).unwrap();
    assert_eq!(all["total"], 2);
    assert_eq!(all["rows"].as_array().unwrap().len(), 2);
    let found = invoke(&h, "board_query", json!({ "search": "第二" })).unwrap();
    assert_eq!(found["rows"].as_array().unwrap().len(), 1);
    assert_eq!(found["rows"][0]["name"], "第二クリニック");
    let none = invoke(&h, "board_query", json!({ "filter": "problem" })).unwrap();
    assert_eq!(none["rows"], json!([]));
    // A window asks for its rows only: one row from the second on, of two that match.
    let page = invoke(
        &h,
        "board_query",
        json!({ "offset": 1, "limit": 1,
                                                 "sort": { "key": "name", "descending": false } }),
    )
    .unwrap();
    assert_eq!(
        (page["matched"].clone(), page["offset"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(page["rows"].as_array().unwrap().len(), 1);
    // By code point: the katakana of テスト… come before the kanji of 第二….
    assert_eq!(page["rows"][0]["name"], "第二クリニック", "{page}");
    let first = invoke(&h, "board_refresh", json!({ "limit": 1 })).unwrap();
    assert_eq!(first["rows"].as_array().unwrap().len(), 1);
    assert_eq!(first["matched"], 2);
    // A filter that does not exist never reaches the core.
    assert!(invoke(&h, "board_query", json!({ "filter": "late" })).is_err());
}

#[test]
fn terminals_are_changed_and_listed_through_the_commands() {
    let h = harness();
    let id =
        invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap()["clinic"]["id"].clone();
    let change = |form: Value| {
        invoke(
            &h,
            "change_terminal",
            json!({ "clinicId": id, "form": form }),
        )
    };
    let added = change(json!({ "kind": "add", "name": "受付PC" })).unwrap();
    assert_eq!(added["change"]["kind"], "add");
    assert_eq!(added["what"], "端末「受付PC」を追加");
    // The window records as the mode it is in (受付モード by default).
    assert_eq!(added["change"]["role"], "receptionist");
    assert_eq!(added["role_label"], "受付");
    change(json!({ "kind": "rename", "name": "受付PC", "new_name": "受付1" })).unwrap();
    let page = invoke(&h, "clinic_terminals", json!({ "clinicId": id })).unwrap();
    assert_eq!(page["view"]["terminals"][0]["terminal"], "受付1");
    assert_eq!(
        page["view"]["terminals"][0]["former_names"],
        json!(["受付PC"])
    );
    assert_eq!(page["view"]["changes"].as_array().unwrap().len(), 2);

    // A refused change has the error shape the UI acts on: the kind, the message, the
    // terminals to choose from, or the field to fix.
    let err = change(json!({ "kind": "retire", "name": "事務室" })).unwrap_err();
    assert_eq!(err["kind"], "unknownTerminal", "{err}");
    assert_eq!(err["data"]["terminals"], json!(["受付1"]));
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("何も変更していません")
    );
    let err = change(json!({ "kind": "rename", "name": "受付1", "new_name": "　" })).unwrap_err();
    assert_eq!(err["kind"], "invalidInput", "{err}");
    assert_eq!(err["issues"][0]["field"], "new_terminal", "{err}");
    let err = change(json!({ "kind": "add", "name": "受付1" })).unwrap_err();
    assert_eq!(err["issues"][0]["field"], "terminal", "{err}");
    assert_eq!(err["issues"][0]["code"], "terminal-name.used", "{err}");

    // Nothing installed yet: nothing expires.
    let expiring = invoke(&h, "expiring_certificates", json!({ "months": 200 })).unwrap();
    assert_eq!(expiring["months"], 60, "clamped to five years");
    assert_eq!(expiring["certificates"], json!([]));
}

#[test]
fn the_board_derived_at_start_up_is_never_shown_after_a_write() {
    // What the start-up thread does in 技術者モード, then a clinic added before the board is
    // first shown: the first refresh must not serve the rows derived before it.
    let dir = tempfile::tempdir().unwrap();
    let state = onshi_navi_lib::AppState::new(Some(dir.path().to_path_buf()));
    state.warm_up_board();
    let (clinic, _) = onshi_core::NewClinicForm {
        name: "テスト内科クリニック".into(),
        prefecture: "34".into(),
        score_table: "1".into(),
        medical_code: "0712362".into(),
    }
    .validate()
    .unwrap();
    state
        .with_store(|store| store.add_clinic(&clinic, jiff::Timestamp::now()))
        .unwrap();
    let names = state
        .refresh_board(|rows| rows.iter().map(|r| r.name.clone()).collect::<Vec<_>>())
        .unwrap();
    assert_eq!(names, ["テスト内科クリニック"]);
    // The kept rows follow a later write too (here the CLI's, through another connection).
    let mut cli = onshi_core::Store::open_dir(dir.path()).unwrap();
    let (second, _) = onshi_core::NewClinicForm {
        medical_code: "0712370".into(),
        name: "第二クリニック".into(),
        ..onshi_core::NewClinicForm {
            name: String::new(),
            prefecture: "34".into(),
            score_table: "1".into(),
            medical_code: String::new(),
        }
    }
    .validate()
    .unwrap();
    cli.add_clinic(&second, jiff::Timestamp::now()).unwrap();
    assert_eq!(state.with_board(|rows| rows.len()).unwrap(), 2);

    // Without a write in between, the first refresh takes the rows derived at start-up.
    let quiet = tempfile::tempdir().unwrap();
    let state = onshi_navi_lib::AppState::new(Some(quiet.path().to_path_buf()));
    state
        .with_store(|store| store.add_clinic(&clinic, jiff::Timestamp::now()))
        .unwrap();
    state.warm_up_board();
    assert_eq!(state.refresh_board(|rows| rows.len()).unwrap(), 1);
}

#[test]
fn sheets_show_in_the_print_view_and_save_as_pdf_into_the_chosen_folder() {
    let h = harness();
    let id =
        invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap()["clinic"]["id"].clone();
    let today = invoke(&h, "clinic_checklist", json!({ "clinicId": id })).unwrap()["today"]
        .as_str()
        .unwrap()
        .to_string();
    invoke(
        &h,
        "start_procedure",
        json!({ "clinicId": id, "procedureId": "oqs",
                "answers": { "line": "ipsec", "planned-month": "2027-01", "customer-id": "CAF1234567890" } }),
    )
    .unwrap();
    invoke(
        &h,
        "record_event",
        json!({ "clinicId": id, "form": { "event_id": "oqs-submitted", "date": today } }),
    )
    .unwrap();

    let view = invoke(
        &h,
        "sheet_view",
        json!({ "request": { "kind": "checklist", "clinic_ids": [id] } }),
    )
    .unwrap();
    assert_eq!(view["kind"], "checklist");
    assert_eq!(view["checklist"]["clinic"]["name"], good_form()["name"]);
    assert!(view["handoff"].is_null() && view["visit"].is_null());
    let file_name = view["file_name"].as_str().unwrap().to_string();
    assert!(file_name.starts_with("チェックリスト_") && file_name.ends_with(".pdf"));
    // Applied today: the strip has the application's row, waiting.
    let strip = &view["checklist"]["strip"];
    assert!(
        strip["rows"].as_array().unwrap().iter().any(|r| r["spans"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["kind"] == "waiting")),
        "{strip}"
    );
    let page = invoke(&h, "clinic_strip", json!({ "clinicId": id })).unwrap();
    assert_eq!(&page["strip"], strip);

    // The save folder does not exist yet: refused with the kind the UI acts on, nothing left.
    let saved_dir = h._dir.path().join("saved");
    let err = invoke(
        &h,
        "save_sheet_pdf",
        json!({ "request": { "kind": "checklist", "clinic_ids": [id] } }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "fileNotSaved", "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("何も保存していません")
    );
    assert!(!saved_dir.exists());

    std::fs::create_dir(&saved_dir).unwrap();
    for kind in ["checklist", "blank", "handoff", "visit"] {
        let saved = invoke(
            &h,
            "save_sheet_pdf",
            json!({ "request": { "kind": kind, "clinic_ids": [id] } }),
        )
        .unwrap();
        let path = std::path::PathBuf::from(saved["path"].as_str().unwrap());
        assert_eq!(path.parent(), Some(saved_dir.as_path()));
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"%PDF-"), "{kind}");
        assert!(saved["pages"].as_u64().unwrap() >= 1, "{kind}");
    }
    let names: Vec<String> = std::fs::read_dir(&saved_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        4,
        "one file per sheet, no temporary left: {names:?}"
    );
    assert!(names.contains(&file_name), "{names:?}");

    // Asked wrongly: refused in Japanese, nothing written.
    let err = invoke(
        &h,
        "sheet_view",
        json!({ "request": { "kind": "visit", "clinic_ids": [] } }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "invalidInput");
    let err = invoke(
        &h,
        "save_sheet_pdf",
        json!({ "request": { "kind": "checklist", "clinic_ids": ["01ARZ3NDEKTSV4RRFFQ69G5FAV"] } }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "notFound", "{err}");
    assert_eq!(std::fs::read_dir(&saved_dir).unwrap().count(), 4);
}

#[test]
fn secrets_are_stored_listed_and_deleted_but_never_returned_to_the_page() {
    use onshi_core::secret::{SecretKind, SecretStore};
    let h = harness();
    let id =
        invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap()["clinic"]["id"].clone();
    let clinic = onshi_core::ClinicId::from_input(id.as_str().unwrap()).unwrap();
    let page = invoke(&h, "clinic_secrets", json!({ "clinicId": id })).unwrap();
    assert_eq!(page["available"], true);
    assert_eq!(page["slots"].as_array().unwrap().len(), 5);
    assert_eq!(page["clear_after_seconds"], 30);

    let secret = "Ipc-Pa55-秘密";
    let ok = invoke(
        &h,
        "set_secret",
        json!({ "clinicId": id, "kind": "portal-password", "value": secret }),
    )
    .unwrap();
    assert_eq!(ok, Value::Null, "nothing comes back");
    assert_eq!(
        h.secrets
            .get(&clinic, SecretKind::PortalPassword)
            .unwrap()
            .unwrap()
            .expose(),
        secret
    );
    let page = invoke(&h, "clinic_secrets", json!({ "clinicId": id })).unwrap();
    assert!(!page.to_string().contains(secret), "{page}");
    let stored: Vec<&str> = page["slots"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["stored"] == true)
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(stored, ["portal-password"]);

    // A bad value: refused in Japanese, the value not repeated, nothing stored.
    let err = invoke(
        &h,
        "set_secret",
        json!({ "clinicId": id, "kind": "master-pin", "value": "98x7" }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "invalidInput");
    assert!(!err.to_string().contains("98x7"), "{err}");
    assert!(
        h.secrets
            .get(&clinic, SecretKind::MasterPin)
            .unwrap()
            .is_none()
    );

    // Copying needs the system clipboard: here (no display) it says so in Japanese; with
    // one, it answers how long the secret stays there. Either way the value never comes back.
    match invoke(
        &h,
        "copy_secret",
        json!({ "clinicId": id, "kind": "portal-password" }),
    ) {
        Ok(seconds) => assert_eq!(seconds, 30),
        Err(err) => {
            assert!(
                err["message"].as_str().unwrap().contains("クリップボード"),
                "{err}"
            );
            assert!(!err.to_string().contains(secret));
        }
    }
    let err = invoke(
        &h,
        "copy_secret",
        json!({ "clinicId": id, "kind": "master-pin" }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "notFound", "{err}");

    assert_eq!(
        invoke(
            &h,
            "delete_secret",
            json!({ "clinicId": id, "kind": "portal-password" })
        )
        .unwrap(),
        true
    );
    assert!(
        h.secrets
            .get(&clinic, SecretKind::PortalPassword)
            .unwrap()
            .is_none()
    );
    // An unknown clinic: nothing filed under it.
    let err = invoke(
        &h,
        "set_secret",
        json!({ "clinicId": "01ARZ3NDEKTSV4RRFFQ69G5FAV", "kind": "master-pin", "value": "1234" }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "notFound");
}

#[test]
fn without_a_keychain_the_secrets_tab_says_so_and_the_rest_works() {
    let dir = tempfile::tempdir().unwrap();
    let launch = LaunchOptions {
        data_dir: Some(dir.path().to_path_buf()),
        ..LaunchOptions::default()
    };
    let secrets = std::sync::Arc::new(onshi_core::secret::MemorySecretStore::unavailable());
    let app = onshi_navi_lib::app_with_secrets(mock_builder(), launch, secrets.clone())
        .build(tauri::generate_context!("tauri.conf.json", test = true))
        .unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let h = Harness {
        _dir: dir,
        secrets,
        app,
        window,
    };
    let id =
        invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap()["clinic"]["id"].clone();
    let page = invoke(&h, "clinic_secrets", json!({ "clinicId": id })).unwrap();
    assert_eq!(page["available"], false);
    assert!(
        page["message"]
            .as_str()
            .unwrap()
            .contains("ほかの場所（ファイルなど）には保存しません"),
        "{page}"
    );
    let err = invoke(
        &h,
        "set_secret",
        json!({ "clinicId": id, "kind": "master-pin", "value": "1234" }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "keychainUnavailable");
    // The rest of the app does not depend on it.
    invoke(&h, "clinic_checklist", json!({ "clinicId": id })).unwrap();
}

#[test]
fn a_backup_is_listed_and_put_back_with_the_current_data_kept_aside() {
    let h = harness();
    invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap();
    let written = invoke(&h, "backup_now", json!({})).unwrap();
    let name = written["name"].as_str().unwrap().to_string();
    assert!(
        name.starts_with("onshi-navi-") && name.ends_with(".sqlite3"),
        "{name}"
    );
    assert!(written["bytes"].as_u64().unwrap() > 0);
    let page = invoke(&h, "backups_page", json!({})).unwrap();
    assert!(
        page["backups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["name"] == name.as_str()),
        "{page}"
    );
    assert!(page["kept"].as_str().unwrap().contains("14日間残します"));

    let mut other = good_form();
    other["medical_code"] = json!("0712370");
    invoke(&h, "add_clinic", json!({ "form": other })).unwrap();
    assert_eq!(
        invoke(&h, "list_clinics", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let restored = invoke(&h, "restore_backup", json!({ "name": name })).unwrap();
    assert_eq!(restored["clinics"], 1);
    assert!(
        restored["message"]
            .as_str()
            .unwrap()
            .contains("before-restore"),
        "{restored}"
    );
    // The store opens again on the next command, with the backup's data.
    assert_eq!(
        invoke(&h, "list_clinics", json!({}))
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // A name that is not a listed backup (a path, say) is refused.
    let err = invoke(
        &h,
        "restore_backup",
        json!({ "name": "../onshi-navi.sqlite3" }),
    )
    .unwrap_err();
    assert_eq!(err["kind"], "notFound");
}

#[test]
fn the_content_panel_says_what_is_used_and_an_offline_check_keeps_it() {
    let h = harness();
    let panel = invoke(&h, "content_panel", json!({})).unwrap();
    assert_eq!(panel["status"]["source"], "embedded");
    assert_eq!(
        panel["status"]["version"],
        panel["status"]["embedded_version"]
    );
    assert!(
        panel["summary"]
            .as_str()
            .unwrap()
            .starts_with("アプリに組み込みの内容（版"),
        "{panel}"
    );
    assert_eq!(panel["url"], CLOSED_URL);
    assert_eq!(panel["pending"], Value::Null);

    // The start-up check may still be running: one check at a time, the other says so.
    let mut checked = invoke(&h, "check_content_update", json!({})).unwrap();
    for _ in 0..50 {
        if checked["outcome"] != "busy" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        checked = invoke(&h, "check_content_update", json!({})).unwrap();
    }
    assert_eq!(checked["outcome"], "unreachable", "{checked}");
    let message = checked["message"].as_str().unwrap();
    assert!(message.contains("接続できません"), "{message}");
    assert!(message.contains("今の内容（版"), "{message}");
    // The panel remembers the check; the content in use is unchanged.
    let panel = invoke(&h, "content_panel", json!({})).unwrap();
    assert_eq!(panel["status"]["source"], "embedded");
    assert_eq!(panel["last"]["outcome"], "unreachable");
}

#[test]
fn a_damaged_database_is_quarantined_the_app_answers_and_the_latest_backup_ends_it() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = onshi_core::Store::open_dir(dir.path()).unwrap();
        let form: onshi_core::NewClinicForm = serde_json::from_value(good_form()).unwrap();
        store
            .add_clinic(&form.validate().unwrap().0, jiff::Timestamp::now())
            .unwrap();
        store
            .auto_backup(dir.path(), jiff::Timestamp::now())
            .unwrap()
            .expect("a backup");
    }
    let db = dir.path().join(onshi_core::store::DB_FILE_NAME);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::write(&db, b"overwritten by a bad copy".repeat(200)).unwrap();
    let h = harness_with(dir);

    let view = invoke(&h, "database_state", json!({})).unwrap();
    assert!(view["message"].as_str().unwrap().contains("隔離"), "{view}");
    let kept = view["kept_as"].as_str().unwrap();
    assert!(h._dir.path().join(kept).exists(), "{view}");
    let name = view["latest_backup"]["name"].as_str().unwrap().to_string();
    // Every other command says the same, and nothing creates an empty database meanwhile.
    let err = invoke(&h, "list_clinics", json!({})).unwrap_err();
    assert_eq!(err["kind"], "storageCorrupt", "{err}");
    assert!(!db.exists());

    invoke(&h, "restore_backup", json!({ "name": name })).unwrap();
    assert_eq!(
        invoke(&h, "database_state", json!({})).unwrap(),
        Value::Null
    );
    let clinics = invoke(&h, "list_clinics", json!({})).unwrap();
    assert_eq!(clinics.as_array().unwrap().len(), 1, "{clinics}");
}

#[test]
fn empty_data_after_a_quarantine_is_chosen_not_made() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(onshi_core::store::DB_FILE_NAME);
    std::fs::write(&db, b"not a database and no backup".repeat(200)).unwrap();
    let h = harness_with(dir);
    let view = invoke(&h, "database_state", json!({})).unwrap();
    assert_eq!(view["latest_backup"], Value::Null, "{view}");
    assert!(invoke(&h, "add_clinic", json!({ "form": good_form() })).is_err());
    invoke(&h, "start_empty_data", json!({})).unwrap();
    invoke(&h, "add_clinic", json!({ "form": good_form() })).unwrap();
    assert_eq!(
        invoke(&h, "database_state", json!({})).unwrap(),
        Value::Null
    );
}
