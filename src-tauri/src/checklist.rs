//! Checklist commands (チェックリスト): the dashboard, one clinic's checklist, the step guide,
//! recording what happened, starting a procedure and accepting newer content. Parse → call the core → map the
//! error; the shell only supplies today's date (Asia/Tokyo) and the role (the app on the clinic
//! PC records as the receptionist).
//! Every command must also be listed in `build.rs` and granted in `capabilities/main.json`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use onshi_core::calendar;
use onshi_core::checklist::{self, ClinicStatus, Env, GuideStep, Overview, Role, Target};
use onshi_core::procedure::{Answer, Catalog};
use onshi_core::store::Recorded;
use onshi_core::{ClinicId, Error};
use serde::Serialize;
use tauri::State;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// The role the desktop app records under (team mode will let a technician sign in).
const ROLE: Role = Role::Receptionist;

fn today() -> Result<Date, Error> {
    calendar::tokyo_date(jiff::Timestamp::now())
}

/// A clinic's checklist and the date it was derived for (the record form's default date).
#[derive(Debug, Serialize)]
pub struct Checklist {
    #[serde(serialize_with = "onshi_core::timeline::ser_date")]
    pub today: Date,
    pub status: ClinicStatus<'static>,
}

#[tauri::command]
pub async fn clinic_checklist(
    state: State<'_, AppState>,
    clinic_id: String,
) -> Result<Checklist, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let today = today()?;
    let env = Env::embedded(today)?;
    let case = state.with_store(|store| store.case(&id))?;
    Ok(Checklist {
        today,
        status: checklist::status(&env, &case)?,
    })
}

/// The dashboard: one row per clinic, in the clinic list's order.
#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>) -> Result<Vec<Overview>, IpcError> {
    let env = Env::embedded(today()?)?;
    let cases = state.with_store(|store| store.cases())?;
    let all = checklist::status_many(&env, &cases, 2)?;
    Ok(all.iter().map(checklist::overview).collect())
}

/// What the 「記録する」 form sends.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventForm {
    pub event_id: String,
    /// YYYY-MM-DD as typed.
    pub date: String,
    #[serde(default)]
    pub terminal: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub procedure: Option<String>,
}

#[tauri::command]
pub async fn record_event(
    state: State<'_, AppState>,
    clinic_id: String,
    form: EventForm,
) -> Result<Recorded, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let date = calendar::parse_date(&form.date)?;
    // The order checks depend on the event's date, not on today.
    let env = Env::embedded(date)?;
    let target = Target::new(
        form.terminal.as_deref(),
        form.procedure.as_deref(),
        form.code.as_deref(),
    );
    Ok(state.with_store(|store| {
        store.record_event(
            &id,
            ROLE,
            jiff::Timestamp::now(),
            &form.event_id,
            date,
            |case| checklist::plan_event(&env, case, &form.event_id, date, &target),
        )
    })?)
}

/// The steps of a procedure for this clinic, with every value to type prepared and checked
/// (for one terminal and, for a 医科歯科併設 clinic, one code).
#[tauri::command]
pub async fn procedure_guide(
    state: State<'_, AppState>,
    clinic_id: String,
    procedure_id: String,
    terminal: Option<String>,
    code: Option<String>,
) -> Result<Vec<GuideStep<'static>>, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let env = Env::embedded(today()?)?;
    let procedure = env.catalog.procedure(&procedure_id)?;
    let case = state.with_store(|store| store.case(&id))?;
    let target = Target::new(terminal.as_deref(), None, code.as_deref());
    Ok(checklist::guide(&env, &case, procedure, &target)?)
}

/// The questions a procedure asks when it starts (labels, validators, choices, defaults).
#[tauri::command]
pub fn procedure_questions(procedure_id: String) -> Result<Vec<Answer>, IpcError> {
    Ok(Catalog::embedded()?
        .procedure(&procedure_id)?
        .answers
        .clone())
}

#[tauri::command]
pub async fn start_procedure(
    state: State<'_, AppState>,
    clinic_id: String,
    procedure_id: String,
    answers: BTreeMap<String, String>,
) -> Result<(), IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let today = today()?;
    let env = Env::embedded(today)?;
    let pairs: Vec<(String, String)> = answers.into_iter().collect();
    state.with_store(|store| {
        store.start_procedure(&id, ROLE, jiff::Timestamp::now(), today, |case| {
            checklist::plan_start(&env, case, &procedure_id, &pairs)
        })
    })?;
    Ok(())
}

/// Switches a clinic to the newest content of a procedure (after it has seen the changes).
#[tauri::command]
pub async fn accept_content_update(
    state: State<'_, AppState>,
    clinic_id: String,
    procedure_id: String,
) -> Result<(), IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let version = Catalog::embedded()?.procedure(&procedure_id)?.version;
    let today = today()?;
    state.with_store(|store| {
        store.accept_content(
            &id,
            &procedure_id,
            version,
            ROLE,
            jiff::Timestamp::now(),
            today,
        )
    })?;
    Ok(())
}
