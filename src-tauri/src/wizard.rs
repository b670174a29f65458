//! Wizard commands (受付モード): situations, the clinic's home, one procedure run step by step,
//! confirming a dangerous choice, switching to a 承継's new code, the window's settings, and
//! opening the portal. Parse → call the core → map the error, like every command.

use std::collections::BTreeMap;

use jiff::civil::Date;
use onshi_core::checklist::{self, Env, Home, Role, Target, WizardView};
use onshi_core::procedure::{Answer, Catalog};
use onshi_core::settings::{Mode, Settings};
use onshi_core::situation::Situation;
use onshi_core::{Clinic, ClinicId, Repository, calendar, operation};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Who the window records as: the mode it is in (a technician uses 技術者モード).
pub(crate) fn role_of(store: &dyn Repository) -> onshi_core::Result<Role> {
    Ok(match store.settings()?.mode {
        Mode::Reception => Role::Receptionist,
        Mode::Technician => Role::Technician,
    })
}

/// Every situation (何がありましたか), in the content's order.
#[tauri::command]
pub fn situations() -> Result<Vec<Situation>, IpcError> {
    Ok(Catalog::embedded()?.situations.clone())
}

/// The questions a situation asks up front.
#[tauri::command]
pub fn situation_questions(situation_id: String) -> Result<Vec<Answer>, IpcError> {
    let catalog = Catalog::embedded()?;
    Ok(catalog
        .situation(&situation_id)?
        .questions(catalog)
        .into_iter()
        .cloned()
        .collect())
}

#[tauri::command]
pub async fn start_situation(
    state: State<'_, AppState>,
    clinic_id: String,
    situation_id: String,
    answers: BTreeMap<String, String>,
) -> Result<(), IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let env = Env::embedded(state.today()?)?;
    let pairs: Vec<(String, String)> = answers.into_iter().collect();
    state.with_store(|store| {
        let role = role_of(store)?;
        operation::start_situation(
            store,
            &env,
            &id,
            &situation_id,
            &pairs,
            role,
            jiff::Timestamp::now(),
        )
    })?;
    Ok(())
}

/// The receptionist's home and the date it was derived for.
#[derive(Debug, Serialize, TS)]
pub struct HomeView {
    #[serde(serialize_with = "calendar::ser_date")]
    #[ts(type = "string")]
    pub today: Date,
    pub home: Home<'static>,
}

#[tauri::command]
pub async fn clinic_home(
    state: State<'_, AppState>,
    clinic_id: String,
) -> Result<HomeView, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let today = state.today()?;
    let env = Env::embedded(today)?;
    let case = state.with_store(|store| store.case(&id))?;
    Ok(HomeView {
        today,
        home: checklist::home(&env, &case)?,
    })
}

/// One procedure run, step by step, and the date it was derived for.
#[derive(Debug, Serialize, TS)]
pub struct WizardPage {
    #[serde(serialize_with = "calendar::ser_date")]
    #[ts(type = "string")]
    pub today: Date,
    pub wizard: WizardView<'static>,
}

#[tauri::command]
pub async fn procedure_wizard(
    state: State<'_, AppState>,
    clinic_id: String,
    procedure_id: String,
    terminal: Option<String>,
    code: Option<String>,
) -> Result<WizardPage, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let today = state.today()?;
    let env = Env::embedded(today)?;
    let procedure = env.catalog.procedure(&procedure_id)?;
    let case = state.with_store(|store| store.case(&id))?;
    let target = Target::new(terminal.as_deref(), None, code.as_deref());
    Ok(WizardPage {
        today,
        wizard: checklist::wizard_view(&env, &case, procedure, &target)?,
    })
}

#[tauri::command]
pub async fn confirm_danger(
    state: State<'_, AppState>,
    clinic_id: String,
    procedure_id: String,
    danger_id: String,
    terminal: Option<String>,
) -> Result<(), IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let env = Env::embedded(state.today()?)?;
    state.with_store(|store| {
        let role = role_of(store)?;
        operation::confirm(
            store,
            &env,
            &id,
            &procedure_id,
            &danger_id,
            terminal.as_deref(),
            role,
            jiff::Timestamp::now(),
        )
    })?;
    Ok(())
}

#[tauri::command]
pub async fn switch_code(
    state: State<'_, AppState>,
    clinic_id: String,
) -> Result<Clinic, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let env = Env::embedded(state.today()?)?;
    Ok(state.with_store(|store| {
        let role = role_of(store)?;
        operation::switch_code(store, &env, &id, role, jiff::Timestamp::now())
    })?)
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, IpcError> {
    Ok(state.with_store(|store| store.settings())?)
}

#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, settings: Settings) -> Result<(), IpcError> {
    state.with_store(|store| store.save_settings(&settings))?;
    Ok(())
}

/// Opens the portal in the default browser. It takes no address: the page cannot make the app
/// open anything but the portal.
#[tauri::command]
pub fn open_portal<R: Runtime>(app: AppHandle<R>) -> Result<(), IpcError> {
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_url(checklist::PORTAL_URL, None::<&str>)
        .map_err(|e| {
            IpcError::from(onshi_core::Error::Browser {
                url: checklist::PORTAL_URL,
                detail: e.to_string(),
            })
        })
}
