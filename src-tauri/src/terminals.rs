//! Terminal commands (端末と電子証明書): one clinic's terminals with their certificates, a
//! change of its terminal register, and every certificate expiring soon across clinics.
//! Parse → call the core → map the error, like every command.

use jiff::civil::Date;
use onshi_core::checklist::{self, ChangeLine, Env, ExpiringCertificate, TerminalsView};
use onshi_core::terminal_register::{ChangeKind, TerminalRequest};
use onshi_core::{ClinicId, calendar, operation};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::ipc_error::IpcError;
use crate::state::AppState;
use crate::wizard::role_of;

/// A clinic's terminal screen and the day it was derived for.
#[derive(Debug, Serialize, TS)]
pub struct TerminalsPage {
    #[serde(serialize_with = "calendar::ser_date")]
    #[ts(type = "string")]
    pub today: Date,
    pub view: TerminalsView,
}

#[tauri::command]
pub async fn clinic_terminals(
    state: State<'_, AppState>,
    clinic_id: String,
) -> Result<TerminalsPage, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let today = state.today()?;
    let env = Env::embedded(today)?;
    let case = state.with_store(|store| store.case(&id))?;
    Ok(TerminalsPage {
        today,
        view: checklist::terminals_view(&env, &case)?,
    })
}

/// What the terminal screen's forms send: 追加 (name), 名前の変更 (name → new_name), 撤去 (name).
#[derive(Debug, serde::Deserialize, TS)]
pub struct TerminalForm {
    pub kind: ChangeKind,
    pub name: String,
    #[serde(default)]
    #[ts(optional)]
    pub new_name: Option<String>,
}

#[tauri::command]
pub async fn change_terminal(
    state: State<'_, AppState>,
    clinic_id: String,
    form: TerminalForm,
) -> Result<ChangeLine, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let today = state.today()?;
    let request = match form.kind {
        ChangeKind::Add => TerminalRequest::Add { name: form.name },
        ChangeKind::Rename => TerminalRequest::Rename {
            old: form.name,
            new: form.new_name.unwrap_or_default(),
        },
        ChangeKind::Retire => TerminalRequest::Retire { name: form.name },
    };
    let change = state.with_store(|store| {
        let role = role_of(store)?;
        operation::change_terminal(store, &id, &request, today, role, jiff::Timestamp::now())
    })?;
    Ok(change.into())
}

/// 「証明書の期限」: every certificate of every clinic expiring within `months` months (or
/// already expired), soonest first.
#[derive(Debug, Serialize, TS)]
pub struct ExpiringPage {
    #[serde(serialize_with = "calendar::ser_date")]
    #[ts(type = "string")]
    pub today: Date,
    pub months: u8,
    pub certificates: Vec<ExpiringCertificate>,
}

/// The months the view offers at most (five years: longer than any certificate lives).
const MAX_MONTHS: u8 = 60;

#[tauri::command]
pub async fn expiring_certificates(
    state: State<'_, AppState>,
    months: u8,
) -> Result<ExpiringPage, IpcError> {
    let today = state.today()?;
    let env = Env::embedded(today)?;
    let months = months.clamp(1, MAX_MONTHS);
    let cases = state.with_store(|store| store.cases())?;
    let statuses = checklist::status_many(&env, &cases, 2)?;
    Ok(ExpiringPage {
        today,
        months,
        certificates: checklist::expiring_certificates(&env, &cases, &statuses, months)?,
    })
}
