//! Tauri commands: parse → call the core → map the error. No rules here.
//! Every command must also be listed in `build.rs` and granted in `capabilities/main.json`.

use onshi_core::validate::FormReport;
use onshi_core::{Clinic, NewClinicForm, Prefecture, ScoreTable};
use serde::Serialize;
use tauri::State;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Choices for the clinic form, from the core (the UI never keeps its own copy).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormOptions {
    pub prefectures: Vec<Prefecture>,
    pub score_tables: Vec<ScoreTable>,
}

#[tauri::command]
pub fn form_options() -> FormOptions {
    FormOptions {
        prefectures: Prefecture::all().collect(),
        score_tables: ScoreTable::ALL.to_vec(),
    }
}

#[tauri::command]
pub async fn list_clinics(state: State<'_, AppState>) -> Result<Vec<Clinic>, IpcError> {
    Ok(state.with_store(|store| store.list_clinics())?)
}

/// Checks the form without saving (used on blur and before asking to confirm warnings).
#[tauri::command]
pub fn validate_clinic(form: NewClinicForm) -> FormReport {
    match form.validate() {
        Ok((_, report)) => report,
        Err(err) => err.report().cloned().unwrap_or_default(),
    }
}

/// What a successful save returns: the stored clinic and the warnings the user accepted.
#[derive(Debug, Serialize)]
pub struct AddedClinic {
    pub clinic: Clinic,
    pub warnings: FormReport,
}

#[tauri::command]
pub async fn add_clinic(
    state: State<'_, AppState>,
    form: NewClinicForm,
) -> Result<AddedClinic, IpcError> {
    let (clinic, warnings) = form.validate()?;
    let clinic = state.with_store(|store| store.add_clinic(&clinic, jiff::Timestamp::now()))?;
    Ok(AddedClinic { clinic, warnings })
}
