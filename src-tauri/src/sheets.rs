//! Sheet commands (印刷・PDFで保存): the core's sheets for the window's print view, the same
//! sheets saved as PDF through a save dialog (written atomically), and a clinic's timeline
//! strip. The dialog is opened from here, never from the page: the page is granted none of the
//! dialog plugin's commands, so it cannot choose a path to write to.

use std::path::PathBuf;

use jiff::civil::Date;
use onshi_core::checklist::{self, Env, TimelineStrip};
use onshi_core::sheet::{self, ChecklistSheet, HandoffSheet, VisitSheet};
use onshi_core::{ClinicId, ErrorKind, calendar};
use onshi_print::{Template, render, write_atomically};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::dialogs::{Ask, choose};
use crate::ipc_error::IpcError;
use crate::state::AppState;

/// Which sheet: a clinic's checklist, a blank one for a visit, the receptionist's hand-off
/// sheet, or the technician's visit sheet for several clinics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum SheetKind {
    Checklist,
    Blank,
    Handoff,
    Visit,
}

impl SheetKind {
    /// The word the file name starts with.
    fn file_word(self) -> &'static str {
        match self {
            SheetKind::Checklist => "チェックリスト",
            SheetKind::Blank => "記入用チェックリスト",
            SheetKind::Handoff => "受付用メモ",
            SheetKind::Visit => "訪問用シート",
        }
    }
}

/// What the print view and 「PDFで保存」 ask for: one clinic (or several for a visit sheet).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct SheetRequest {
    pub kind: SheetKind,
    pub clinic_ids: Vec<String>,
}

/// A sheet as the print view shows it: exactly one of the three is set, as `kind` says.
#[derive(Debug, Serialize, TS)]
pub struct SheetView {
    pub kind: SheetKind,
    pub checklist: Option<ChecklistSheet>,
    pub handoff: Option<HandoffSheet>,
    pub visit: Option<VisitSheet>,
    /// The name 「PDFで保存」 offers.
    pub file_name: String,
}

/// A saved PDF, as the print view reports it.
#[derive(Debug, Serialize, TS)]
pub struct SavedPdf {
    pub path: String,
    pub pages: usize,
    /// Characters the font lacks, in Japanese (they print as empty boxes).
    pub warnings: Vec<String>,
}

/// The timeline strip of a clinic on a day (none before anything has a date).
#[derive(Debug, Serialize, TS)]
pub struct StripPage {
    #[serde(serialize_with = "calendar::ser_date")]
    #[ts(type = "string")]
    pub today: Date,
    pub strip: Option<TimelineStrip>,
}

/// A sheet derived by the core, ready for the view or the PDF.
enum Built {
    Checklist(ChecklistSheet),
    Handoff(HandoffSheet),
    Visit(VisitSheet),
}

/// The most clinics one visit sheet takes: a visit is a day's round, and each clinic adds
/// pages (about 7 ms of layout each).
const MAX_VISIT_CLINICS: usize = 300;

fn build(state: &AppState, request: &SheetRequest) -> Result<(Built, String), IpcError> {
    let today = state.today()?;
    let env = Env::embedded(today)?;
    let ids = request
        .clinic_ids
        .iter()
        .map(|id| ClinicId::from_input(id))
        .collect::<onshi_core::Result<Vec<_>>>()?;
    if ids.is_empty() {
        return Err(IpcError::plain(
            ErrorKind::InvalidInput,
            "印刷する医療機関が選ばれていません。一覧でチェックを付けてから、もう一度お試しください。",
        ));
    }
    if request.kind != SheetKind::Visit && ids.len() != 1 {
        return Err(IpcError::plain(
            ErrorKind::InvalidInput,
            "このシートは1つの医療機関ごとに印刷します。医療機関を1つだけ選んでください。",
        ));
    }
    if ids.len() > MAX_VISIT_CLINICS {
        return Err(IpcError::plain(
            ErrorKind::InvalidInput,
            format!(
                "訪問用シートは一度に{MAX_VISIT_CLINICS}件までです（{}件選ばれています）。分けて印刷してください。",
                ids.len()
            ),
        ));
    }
    let cases: Vec<onshi_core::case::Case> =
        state.with_store(|store| ids.iter().map(|id| store.case(id)).collect())?;
    let first_name = (cases.len() == 1).then(|| cases[0].clinic.name.as_str());
    let file_name = sheet::file_name(request.kind.file_word(), first_name, today);
    let built = match request.kind {
        SheetKind::Checklist => Built::Checklist(sheet::checklist_sheet(&env, &cases[0], false)?),
        SheetKind::Blank => Built::Checklist(sheet::checklist_sheet(&env, &cases[0], true)?),
        SheetKind::Handoff => Built::Handoff(sheet::handoff_sheet(&env, &cases[0])?),
        SheetKind::Visit => Built::Visit(sheet::visit_sheet(&env, &cases)?),
    };
    Ok((built, file_name))
}

#[tauri::command]
pub async fn sheet_view(
    state: State<'_, AppState>,
    request: SheetRequest,
) -> Result<SheetView, IpcError> {
    let (built, file_name) = build(&state, &request)?;
    let mut view = SheetView {
        kind: request.kind,
        checklist: None,
        handoff: None,
        visit: None,
        file_name,
    };
    match built {
        Built::Checklist(s) => view.checklist = Some(s),
        Built::Handoff(s) => view.handoff = Some(s),
        Built::Visit(s) => view.visit = Some(s),
    }
    Ok(view)
}

/// Runs blocking work (layout, a modal dialog, a disk write) off the command's async worker.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|e| {
        IpcError::from(onshi_core::Error::Internal {
            detail: e.to_string(),
        })
    })?
}

/// Where to save: the folder given at launch (`--save-dir`, no dialog), or the user's choice
/// in the system's save dialog. `None`: the user cancelled.
async fn choose_path<R: Runtime>(
    app: &AppHandle<R>,
    save_dir: Option<PathBuf>,
    file_name: String,
) -> Result<Option<PathBuf>, IpcError> {
    if let Some(dir) = save_dir {
        return Ok(Some(dir.join(file_name)));
    }
    let filter = ("PDF", &["pdf"][..]);
    let Some(mut path) = choose(app, "PDFで保存", filter, Ask::Save(file_name)).await? else {
        return Ok(None);
    };
    // A name typed without the extension still saves as a PDF the OS opens.
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    {
        path.as_mut_os_string().push(".pdf");
        // The dialog asked about replacing the name as typed, not this one: never replace a
        // file without asking.
        if path.exists() {
            return Err(IpcError::plain(
                ErrorKind::FileNotSaved,
                format!(
                    "「{}」がすでにあります。別の名前を付けて、もう一度保存してください。何も保存していません。",
                    path.display()
                ),
            ));
        }
    }
    Ok(Some(path))
}

/// 「PDFで保存」: renders the sheet, asks where to save it, writes it atomically. `null` when
/// the user cancelled the dialog (nothing written).
#[tauri::command]
pub async fn save_sheet_pdf<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: SheetRequest,
) -> Result<Option<SavedPdf>, IpcError> {
    let (built, file_name) = build(&state, &request)?;
    // Laid out first: a failure is said before the user picks a place for it.
    let pdf = blocking(move || {
        match &built {
            Built::Checklist(s) => render(Template::Checklist, s),
            Built::Handoff(s) => render(Template::Handoff, s),
            Built::Visit(s) => render(Template::Visit, s),
        }
        // The template failed: a bug of ours, and the message says so.
        .map_err(|e| IpcError::plain(ErrorKind::Internal, e.to_string()))
    })
    .await?;
    let Some(path) = choose_path(&app, state.save_dir().cloned(), file_name).await? else {
        return Ok(None);
    };
    let bytes = pdf.bytes;
    let written = path.clone();
    blocking(move || {
        write_atomically(&written, &bytes)
            .map_err(|e| IpcError::plain(ErrorKind::FileNotSaved, e.to_string()))
    })
    .await?;
    log::info!("PDF saved ({} pages)", pdf.pages);
    Ok(Some(SavedPdf {
        path: path.display().to_string(),
        pages: pdf.pages,
        warnings: pdf.warnings,
    }))
}

/// The clinic's timeline strip, for its checklist screen.
#[tauri::command]
pub async fn clinic_strip(
    state: State<'_, AppState>,
    clinic_id: String,
) -> Result<StripPage, IpcError> {
    let id = ClinicId::from_input(&clinic_id)?;
    let today = state.today()?;
    let env = Env::embedded(today)?;
    let case = state.with_store(|store| store.case(&id))?;
    let status = checklist::status(&env, &case)?;
    Ok(StripPage {
        today,
        strip: checklist::timeline_strip(&env, &case, &status)?,
    })
}
