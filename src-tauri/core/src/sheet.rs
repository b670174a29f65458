//! 印刷物 (sheets): what a printed checklist, a receptionist's hand-off sheet and a technician's
//! visit sheet say, decided here once. A renderer (the PDF templates, the window's print view)
//! only lays these out; it never works out a status, a date or a sentence itself.
//!
//! Nothing secret is in a sheet: the values to type are the clinic's own data in portal format
//! (the portal's passwords and the マスタアカウント's 秘密の番号 are never stored here).

use serde::Serialize;
use ts_rs::TS;

use crate::Result;
use crate::calendar::{long_date, month_day};
use crate::case::Case;
use crate::checklist::home::{awaited, runs_of, wizard_view_in};
use crate::checklist::strip::{TimelineStrip, run_events, timeline_strip};
use crate::checklist::{
    self, CALL_CENTER, CALL_CENTER_HOURS, Env, ProcedureStatus, Status, Target, answers_of,
};

/// The clinic a sheet is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SheetClinic {
    pub name: String,
    /// The 7 digits and the 10-digit 都道府県+点数表+コード.
    pub medical_code: String,
    pub full_code: String,
    pub prefecture: &'static str,
    pub score_table: &'static str,
}

/// One step with its box: done (■) or not (□), and the day it was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SheetStep {
    pub title: String,
    pub done: bool,
    /// 2026/12/25
    pub done_on: Option<String>,
}

/// A value to type on the portal, in portal format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SheetValue {
    pub label: String,
    pub value: String,
}

/// One run of a procedure (a terminal, a code) with its steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SheetRun {
    /// 「端末：受付PC」「歯科 0712376」, or none for a procedure done once.
    pub label: Option<String>,
    pub status_label: String,
    pub steps: Vec<SheetStep>,
    /// What it waits for and when it should arrive, with how that date was computed.
    pub waiting: Option<String>,
    /// The values this run types (per run: a 医科歯科併設 clinic types another code in each).
    pub values: Vec<SheetValue>,
}

/// One procedure of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SheetProcedure {
    pub title: String,
    pub status_label: String,
    pub next_action: Option<String>,
    pub runs: Vec<SheetRun>,
}

/// A deadline line: 2027/3/31 and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SheetDeadline {
    pub date: String,
    pub what: String,
}

/// A clinic's printed checklist (or a blank one for a visit: no state, no dates).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ChecklistSheet {
    pub title: String,
    pub clinic: SheetClinic,
    /// 「2026年12月6日(日)」
    pub printed_on: String,
    /// 「手順書 電子証明書 第3版、…」: the content each procedure follows.
    pub content_version: String,
    pub blank: bool,
    pub procedures: Vec<SheetProcedure>,
    /// Said when no procedure is under way or planned.
    pub empty_note: Option<String>,
    pub deadlines: Vec<SheetDeadline>,
    /// The procedures on a date axis (none on a blank form, or before anything has a date).
    pub strip: Option<TimelineStrip>,
}

/// What the receptionist waits for, on the hand-off sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HandoffWait {
    pub what: String,
    /// 「端末：受付PC（歯科 0712376）」: which ones, when several are awaited. The same letter
    /// awaited for several terminals on the same day is one wait listing them all.
    pub runs: Vec<String>,
    /// メール, 郵便, ポータルのお知らせ.
    pub channel: &'static str,
    pub from: Option<String>,
    /// 「2027年1月7日(木)ごろ」
    pub expected: String,
    pub late: bool,
    /// 「※予定を過ぎています」 when late.
    pub late_note: Option<String>,
    /// What to do when it arrives (which button to press in the app).
    pub on_arrival: String,
    /// What to check, and whom to call, if it is late.
    pub if_late: Vec<String>,
}

/// The one-page sheet by the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HandoffSheet {
    pub title: String,
    pub clinic: SheetClinic,
    pub printed_on: String,
    pub waits: Vec<HandoffWait>,
    /// Said when nothing is awaited.
    pub nothing: Option<String>,
    pub call_center_label: &'static str,
    pub call_center: &'static str,
    pub call_center_hours: &'static str,
}

/// One clinic in the visit sheet's summary table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct VisitRow {
    pub name: String,
    pub medical_code: String,
    pub prefecture: &'static str,
    pub urgency: String,
    pub next: String,
    pub due: Option<String>,
}

/// Many clinics for one visit: the summary first, then each clinic's checklist.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct VisitSheet {
    pub title: String,
    pub printed_on: String,
    pub summary: Vec<VisitRow>,
    pub clinics: Vec<ChecklistSheet>,
}

fn clinic_of(case: &Case) -> SheetClinic {
    let c = &case.clinic;
    SheetClinic {
        name: c.name.clone(),
        medical_code: c.medical_code.to_string(),
        full_code: c.full_code().to_string(),
        prefecture: c.prefecture.name(),
        score_table: c.score_table.name(),
    }
}

/// The lines a sheet lists: the plan's and those under way; for a blank form with neither,
/// every procedure (the visit decides which apply).
fn lines<'s, 'a>(
    status: &'s checklist::ClinicStatus<'a>,
    blank: bool,
) -> Vec<&'s ProcedureStatus<'a>> {
    let applying: Vec<_> = status.procedures.iter().filter(|l| l.applies).collect();
    if applying.is_empty() && blank {
        status.procedures.iter().collect()
    } else {
        applying
    }
}

/// The 点数表 of a run (医科歯科併設 only), from the line's runs.
fn score_table_of(
    line: &ProcedureStatus<'_>,
    terminal: Option<&str>,
    code: Option<&str>,
) -> Option<&'static str> {
    line.terminals
        .iter()
        .find(|t| Some(t.terminal.as_str()) == terminal && t.code.as_deref() == code)
        .and_then(|t| t.score_table)
}

fn run_label(terminal: Option<&str>, code: Option<&str>, table: Option<&str>) -> Option<String> {
    match (terminal, code) {
        (Some(t), Some(c)) => Some(format!("端末：{t}（{} {c}）", table.unwrap_or(""))),
        (Some(t), None) => Some(format!("端末：{t}")),
        (None, Some(c)) => Some(format!("{} {c}", table.unwrap_or(""))),
        (None, None) => None,
    }
}

/// A clinic's checklist on `env.today`; `blank` leaves out every state and date (a form to
/// fill in on a visit).
pub fn checklist_sheet(env: &Env<'_>, case: &Case, blank: bool) -> Result<ChecklistSheet> {
    let status = checklist::status(env, case)?;
    let mut procedures = Vec::new();
    let mut versions = Vec::new();
    for line in lines(&status, blank) {
        let p = env.catalog.procedure(line.id)?;
        // The steps printed are the content's current ones (a pending update shows them).
        versions.push(format!("{} 第{}版", p.title, p.version));
        let answers = answers_of(env, case, p);
        let mut runs = Vec::new();
        for (terminal, code, track) in runs_of(line, p, &answers) {
            let table = score_table_of(line, terminal.as_deref(), code.as_deref());
            let target = Target::new(terminal.as_deref(), None, code.as_deref());
            // The wizard of this run knows which steps are done (also those without an event
            // of their own, done because a later one is); the events give the days.
            let wizard = wizard_view_in(env, case, &status, p, &target)?;
            let steps = wizard
                .steps
                .iter()
                .map(|w| {
                    let done = !blank && w.done;
                    let done_on = w.event.as_ref().filter(|_| done).and_then(|event| {
                        run_events(case, &p.id, terminal.as_deref(), code.as_deref())
                            .filter(|e| e.event_id == event.id)
                            .last()
                            .map(|e| month_day(e.date))
                    });
                    SheetStep {
                        title: w.guide.step.title.clone(),
                        done,
                        done_on,
                    }
                })
                .collect();
            let guide: Vec<&checklist::GuideStep<'_>> =
                wizard.steps.iter().map(|w| &w.guide).collect();
            let mut values: Vec<SheetValue> = Vec::new();
            for field in guide.iter().flat_map(|g| g.prepared.iter()) {
                if let Some(value) = &field.value
                    && !values
                        .iter()
                        .any(|v| v.label == field.label && &v.value == value)
                {
                    values.push(SheetValue {
                        label: field.label.clone(),
                        value: value.clone(),
                    });
                }
            }
            let waiting = if blank {
                None
            } else {
                awaited(line, p, terminal.clone(), code.clone(), &track).map(|w| {
                    // While waiting the reason says how the date was counted; once it is a
                    // problem it says something else (the action), so it is left out.
                    match track
                        .reason
                        .as_deref()
                        .filter(|_| track.status == Status::Waiting)
                    {
                        Some(how) if !how.is_empty() => {
                            format!("{}　{}（{how}）", w.what, w.due_text)
                        }
                        _ => format!("{}　{}", w.what, w.due_text),
                    }
                })
            };
            runs.push(SheetRun {
                label: run_label(terminal.as_deref(), code.as_deref(), table),
                status_label: if blank {
                    String::new()
                } else {
                    track.status_label.to_string()
                },
                steps,
                waiting,
                values,
            });
        }
        procedures.push(SheetProcedure {
            title: line.title.to_string(),
            status_label: if blank {
                String::new()
            } else {
                line.status_label.to_string()
            },
            next_action: if blank || line.status == Status::Done {
                None
            } else {
                line.next_action.as_deref().map(str::to_string)
            },
            runs,
        });
    }
    Ok(ChecklistSheet {
        title: if blank {
            "訪問用チェックリスト（記入用）".into()
        } else {
            "手続きチェックリスト".into()
        },
        clinic: clinic_of(case),
        printed_on: long_date(env.today),
        content_version: versions.join("、"),
        blank,
        deadlines: if blank {
            Vec::new()
        } else {
            status
                .deadlines
                .iter()
                .map(|d| SheetDeadline {
                    date: month_day(d.date),
                    what: match run_label(d.terminal.as_deref(), d.code.as_deref(), None) {
                        Some(run) => format!("（{run}）{}", d.explanation),
                        None => d.explanation.clone(),
                    },
                })
                .collect()
        },
        strip: if blank {
            None
        } else {
            timeline_strip(env, case, &status)?
        },
        empty_note: procedures
            .is_empty()
            .then(|| "進行中・予定の手続きはありません（受付モードの「何がありましたか」で状況を選ぶと、必要な手続きが並びます）。".to_string()),
        procedures,
    })
}

/// The receptionist's hand-off sheet: what the clinic waits for, when, what to do.
pub fn handoff_sheet(env: &Env<'_>, case: &Case) -> Result<HandoffSheet> {
    let status = checklist::status(env, case)?;
    let mut waits = Vec::new();
    for line in lines(&status, false) {
        let p = env.catalog.procedure(line.id)?;
        let answers = answers_of(env, case, p);
        for (terminal, code, track) in runs_of(line, p, &answers) {
            let table = score_table_of(line, terminal.as_deref(), code.as_deref());
            let run = run_label(terminal.as_deref(), code.as_deref(), table);
            let Some(w) = awaited(line, p, terminal, code, &track) else {
                continue;
            };
            let wait = p
                .steps
                .iter()
                .filter_map(|s| s.wait.as_ref())
                .find(|x| x.event == w.event_id);
            let which = run
                .as_deref()
                .map_or_else(String::new, |r| format!("（{r}）"));
            let late = w.overdue || w.problem;
            let if_late = wait.map(|x| x.if_late.clone()).unwrap_or_default();
            // The same thing from the same sender on the same day for another terminal: one
            // wait that lists the terminals (a clinic with eight PCs gets one line, not eight
            // pages).
            if let Some(same) = waits.iter_mut().find(|x: &&mut HandoffWait| {
                x.what == w.what
                    && x.expected == w.due_text
                    && x.late == late
                    && x.if_late == if_late
                    && !x.runs.is_empty()
            }) && let Some(run) = run.clone()
            {
                same.runs.push(run);
                same.on_arrival = format!(
                    "オン資ナビの受付画面「待っているもの」で、届いたものごとに（{}通）届いた日を入れて「届きました」を押します。",
                    same.runs.len()
                );
                continue;
            }
            let on_arrival = if w.channel == "portal" {
                format!(
                    "オン資ナビの受付画面「待っているもの」の「{}{which}」で、ポータルで確認した日を入れて「届きました」を押します。",
                    w.what
                )
            } else {
                format!(
                    "オン資ナビの受付画面「待っているもの」の「{}{which}」で、届いた日を入れて「届きました」を押します。",
                    w.what
                )
            };
            waits.push(HandoffWait {
                what: w.what.to_string(),
                runs: run.into_iter().collect(),
                channel: w.channel_label,
                from: w
                    .sender
                    .map(str::to_string)
                    .or_else(|| wait.and_then(|x| x.sender_domain.clone())),
                expected: w.due_text.clone(),
                late,
                late_note: late.then(|| "※予定を過ぎています".to_string()),
                on_arrival,
                if_late,
            });
        }
    }
    Ok(HandoffSheet {
        title: "受付用メモ：届くのを待っているもの".into(),
        clinic: clinic_of(case),
        printed_on: long_date(env.today),
        nothing: waits
            .is_empty()
            .then(|| "いま届くのを待っているものはありません。".to_string()),
        waits,
        call_center_label: "困ったときの連絡先：オンライン資格確認等コールセンター",
        call_center: CALL_CENTER,
        call_center_hours: CALL_CENTER_HOURS,
    })
}

/// The technician's visit sheet for several clinics, in the order given.
pub fn visit_sheet(env: &Env<'_>, cases: &[Case]) -> Result<VisitSheet> {
    let mut summary = Vec::new();
    let mut clinics = Vec::new();
    for case in cases {
        let status = checklist::status(env, case)?;
        let row = checklist::board_row(env.catalog, case, &status, env.today);
        summary.push(VisitRow {
            name: row.name.clone(),
            medical_code: row.medical_code.clone(),
            prefecture: row.prefecture,
            urgency: row.urgency_label.to_string(),
            next: match (row.procedure, row.next_action.as_deref()) {
                (Some(p), Some(a)) => format!("{p}：{a}"),
                (Some(p), None) => p.to_string(),
                _ => "—".into(),
            },
            due: row.due.or(row.deadline).map(month_day),
        });
        clinics.push(checklist_sheet(env, case, false)?);
    }
    Ok(VisitSheet {
        title: "訪問用シート".into(),
        printed_on: long_date(env.today),
        summary,
        clinics,
    })
}

/// The file name a saved sheet is offered under: 「チェックリスト_みどり内科_2026-12-07.pdf」.
/// Characters Windows does not allow in a file name (and control characters) become 「_」, and
/// the clinic's name is cut short so the whole name stays well inside Windows' path limits.
pub fn file_name(what: &str, clinic: Option<&str>, today: jiff::civil::Date) -> String {
    const MAX_NAME_CHARS: usize = 40;
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_control()
                    || matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
                {
                    '_'
                } else {
                    c
                }
            })
            .take(MAX_NAME_CHARS)
            .collect::<String>()
            // Windows drops trailing dots and spaces; a leading dot hides the file elsewhere.
            .trim_matches(|c: char| c == '.' || c.is_whitespace())
            .to_string()
    };
    match clinic.map(clean).filter(|c| !c.is_empty()) {
        Some(name) => format!("{what}_{name}_{today}.pdf"),
        None => format!("{what}_{today}.pdf"),
    }
}

#[cfg(test)]
mod tests {
    use super::file_name;
    use jiff::civil::date;

    #[test]
    fn a_file_name_never_carries_characters_windows_refuses() {
        let today = date(2026, 12, 7);
        assert_eq!(
            file_name("チェックリスト", Some("みどり内科クリニック"), today),
            "チェックリスト_みどり内科クリニック_2026-12-07.pdf"
        );
        let odd = file_name("受付用メモ", Some("..A/B\\C:D*E?F\"G<H>I|J\u{7}. "), today);
        assert_eq!(odd, "受付用メモ_A_B_C_D_E_F_G_H_I_J__2026-12-07.pdf");
        assert_eq!(
            file_name("訪問用シート", Some("///"), today),
            "訪問用シート_____2026-12-07.pdf"
        );
        assert_eq!(
            file_name("訪問用シート", None, today),
            "訪問用シート_2026-12-07.pdf"
        );
        let long = file_name("チェックリスト", Some(&"長".repeat(100)), today);
        assert_eq!(long.chars().filter(|c| *c == '長').count(), 40);
    }
}
