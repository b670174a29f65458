//! Checklist commands (チェックリスト): the dashboard, one clinic's checklist, the step guide,
//! recording what happened, starting a procedure and accepting newer content. Parse → call the
//! core → map the error; the shell only supplies today's date (Asia/Tokyo) and the role (the
//! app on the clinic PC records as the receptionist).

use std::collections::BTreeMap;

use jiff::civil::Date;
use onshi_core::checklist::{
    self, Board, ClinicStatus, Env, Filter, GuideStep, HistoryEntry, Overview, Role, Sort, Target,
};
use onshi_core::operation;
use onshi_core::procedure::{Answer, Catalog};
use onshi_core::store::Recorded;
use onshi_core::{ClinicId, calendar};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::ipc_error::IpcError;
use crate::state::AppState;

/// The role the desktop app records under (team mode will let a technician sign in).
const ROLE: Role = Role::Receptionist;

/// A clinic's checklist and the date it was derived for (the record form's default date).
#[derive(Debug, Serialize, TS)]
pub struct Checklist {
    #[serde(serialize_with = "calendar::ser_date")]
    #[ts(type = "string")]
    pub today: Date,
    pub status: ClinicStatus<'static>,
}

#[tauri::command]
pub async fn clinic_checklist(
    state: State<'_, AppState>,
    clinic_id: String,
) -> Result<Checklist, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let today = state.today()?;
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
    let env = Env::embedded(state.today()?)?;
    let cases = state.with_store(|store| store.cases())?;
    let all = checklist::status_many(&env, &cases, 2)?;
    Ok(all.iter().map(checklist::overview).collect())
}

/// The technician's board, derived afresh for every clinic (when the board is shown): the
/// first `limit` rows in the default order (all without a limit).
#[tauri::command]
pub async fn board_refresh(
    state: State<'_, AppState>,
    limit: Option<usize>,
) -> Result<Board<'static>, IpcError> {
    Ok(state
        .refresh_board(|rows| checklist::board_page(rows, None, None, Sort::default(), 0, limit))?)
}

/// The board filtered, searched and sorted, `limit` rows from `offset` on (the rows a window
/// shows): over the rows kept by the last refresh, derived again if anything was written since.
#[tauri::command]
pub async fn board_query(
    state: State<'_, AppState>,
    filter: Option<Filter>,
    search: Option<String>,
    sort: Option<Sort>,
    offset: Option<usize>,
    limit: Option<usize>,
) -> Result<Board<'static>, IpcError> {
    Ok(state.with_board(|rows| {
        checklist::board_page(
            rows,
            filter,
            search.as_deref(),
            sort.unwrap_or_default(),
            offset.unwrap_or(0),
            limit,
        )
    })?)
}

/// Everything recorded for a clinic, newest first (who, when, under which content version).
#[tauri::command]
pub async fn clinic_history(
    state: State<'_, AppState>,
    clinic_id: String,
) -> Result<Vec<HistoryEntry>, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let env = Env::embedded(state.today()?)?;
    let case = state.with_store(|store| store.case(&id))?;
    Ok(checklist::history(&env, &case))
}

/// What the 「記録する」 form sends.
#[derive(Debug, serde::Deserialize, TS)]
pub struct EventForm {
    pub event_id: String,
    /// YYYY-MM-DD as typed.
    pub date: String,
    #[serde(default)]
    #[ts(optional)]
    pub terminal: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub code: Option<String>,
    #[serde(default)]
    #[ts(optional)]
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
    let today = state.today()?;
    // The order checks depend on the event's date, not on today.
    let env = Env::embedded(date)?;
    let target = Target::new(
        form.terminal.as_deref(),
        form.procedure.as_deref(),
        form.code.as_deref(),
    );
    Ok(state.with_store(|store| {
        operation::record_event(
            store,
            &env,
            &id,
            &form.event_id,
            date,
            today,
            &target,
            ROLE,
            jiff::Timestamp::now(),
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
    let env = Env::embedded(state.today()?)?;
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
    let env = Env::embedded(state.today()?)?;
    let pairs: Vec<(String, String)> = answers.into_iter().collect();
    state.with_store(|store| {
        operation::start_procedure(
            store,
            &env,
            &id,
            &procedure_id,
            &pairs,
            ROLE,
            jiff::Timestamp::now(),
        )
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
    let env = Env::embedded(state.today()?)?;
    state.with_store(|store| {
        operation::accept_update(
            store,
            &env,
            &id,
            &procedure_id,
            ROLE,
            jiff::Timestamp::now(),
        )
    })?;
    Ok(())
}
