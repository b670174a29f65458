//! Tauri commands for clinics and their profile: parse → call the core → map the error. No
//! rules here. Every command is declared in `command_list.rs`.

use onshi_core::clinic::ClinicJson;
use onshi_core::operation;
use onshi_core::postal::PostalTable;
use onshi_core::profile::{AddressFill, ClinicProfile, ProfileForm, address_candidates};
use onshi_core::validate::FormReport;
use onshi_core::{Clinic, ClinicId, NewClinicForm, Prefecture, ScoreTable};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// One choice of a list (都道府県, 点数表): the number the portal uses and its name.
#[derive(Debug, Serialize, TS)]
pub struct CodeName {
    pub code: String,
    pub name: String,
}

/// Choices for the clinic form, from the core (the UI never keeps its own copy).
#[derive(Debug, Serialize, TS)]
pub struct FormOptions {
    pub prefectures: Vec<CodeName>,
    pub score_tables: Vec<CodeName>,
}

#[tauri::command]
pub fn form_options() -> FormOptions {
    FormOptions {
        prefectures: Prefecture::all()
            .map(|p| CodeName {
                code: p.code(),
                name: p.name().to_string(),
            })
            .collect(),
        score_tables: ScoreTable::ALL
            .iter()
            .map(|t| CodeName {
                code: t.code(),
                name: t.name().to_string(),
            })
            .collect(),
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
#[derive(Debug, Serialize, TS)]
pub struct AddedClinic {
    #[ts(as = "ClinicJson")]
    pub clinic: Clinic,
    pub warnings: FormReport,
}

#[tauri::command]
pub async fn add_clinic(
    state: State<'_, AppState>,
    form: NewClinicForm,
) -> Result<AddedClinic, IpcError> {
    let (clinic, warnings) =
        state.with_store(|store| operation::add_clinic(store, &form, jiff::Timestamp::now()))?;
    Ok(AddedClinic { clinic, warnings })
}

/// A clinic with its profile, for the 医療機関情報 screen.
#[derive(Debug, Serialize, TS)]
pub struct ClinicWithProfile {
    #[ts(as = "ClinicJson")]
    pub clinic: Clinic,
    pub profile: ClinicProfile,
}

#[tauri::command]
pub async fn clinic_profile(
    state: State<'_, AppState>,
    clinic_id: String,
) -> Result<ClinicWithProfile, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    Ok(state.with_store(|store| {
        Ok(ClinicWithProfile {
            clinic: store.clinic(&id)?,
            profile: store.profile(&id)?,
        })
    })?)
}

/// Checks the profile form without saving (on blur, and before confirming warnings).
#[tauri::command]
pub async fn validate_clinic_profile(
    state: State<'_, AppState>,
    clinic_id: String,
    form: ProfileForm,
) -> Result<FormReport, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let clinic = state.with_store(|store| store.clinic(&id))?;
    Ok(match form.validate_for(&clinic, PostalTable::embedded()?) {
        Ok((_, report)) => report,
        Err(err) => err.report().cloned().unwrap_or_default(),
    })
}

/// What a successful profile save returns.
#[derive(Debug, Serialize, TS)]
pub struct SavedProfile {
    pub profile: ClinicProfile,
    pub warnings: FormReport,
}

/// Checks the form against the clinic as stored and saves it, in one transaction.
#[tauri::command]
pub async fn save_clinic_profile(
    state: State<'_, AppState>,
    clinic_id: String,
    form: ProfileForm,
) -> Result<SavedProfile, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let postal = PostalTable::embedded()?;
    let (profile, warnings) = state.with_store(|store| {
        operation::save_profile(store, &id, &form, postal, jiff::Timestamp::now())
    })?;
    Ok(SavedProfile { profile, warnings })
}

/// 住所の候補 for the 「住所を入力」 button (empty when the code is unknown or malformed).
#[tauri::command]
pub fn postal_candidates(code: String) -> Result<Vec<AddressFill>, IpcError> {
    Ok(address_candidates(PostalTable::embedded()?, &code))
}
