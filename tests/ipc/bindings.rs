//! The UI's IPC types, generated from the Rust types with ts-rs into `ui/src/lib/bindings.ts`.
//! The test fails when the committed file is stale; `make bindings` (UPDATE_BINDINGS=1) writes it.

use std::collections::BTreeSet;

use onshi_core::bundle::{ContentOrigin, ContentStatus};
use onshi_core::case::Role;
use onshi_core::checklist::board::{Board, BoardRow, Filter, FilterCount, Sort, SortKey, Urgency};
use onshi_core::checklist::history::{EntryKind, HistoryEntry};
use onshi_core::checklist::home::{
    Awaited, Home, NextStep, PlanLine, QuestionValue, StartedSituation, StepEvent, SwitchOffer,
    WizardStep, WizardView,
};
use onshi_core::checklist::strip::{
    SpanKind, StripMark, StripRow, StripSpan, StripTick, TimelineStrip,
};
use onshi_core::checklist::terminals::{
    ChangeLine, ExpiringCertificate, TerminalCertificate, TerminalsView,
};
use onshi_core::checklist::{
    ClinicStatus, ContentUpdate, Deadline, GuideStep, Overview, PreparedField, ProcedureStatus,
    Status, TerminalTrack, Track,
};
use onshi_core::clinic::ClinicJson;
use onshi_core::error::{AnswerRef, CodeChoice, DangerRef, ErrorData, EventRef};
use onshi_core::procedure::{
    Answer, Choice, Condition, Conflict, Danger, Fact, Field, Prerequisite, Step, Wait,
};
use onshi_core::profile::{AddressFill, ClinicProfile, ProfileForm};
use onshi_core::secret::SecretKind;
use onshi_core::settings::{Mode, Settings, TextSize};
use onshi_core::sheet::{
    ChecklistSheet, HandoffSheet, HandoffWait, SheetClinic, SheetDeadline, SheetProcedure,
    SheetRun, SheetStep, SheetValue, VisitRow, VisitSheet,
};
use onshi_core::situation::{PlannedProcedure, Situation};
use onshi_core::store::Recorded;
use onshi_core::terminal_register::{ChangeKind, RegisteredTerminal, TerminalChange};
use onshi_core::validate::{FormIssue, FormReport, Issue, Severity};
use onshi_core::{ErrorKind, NewClinicForm};
use onshi_navi_lib::backups::{BackupLine, BackupsPage, QuarantineView, RestoredView};
use onshi_navi_lib::checklist::{Checklist, EventForm};
use onshi_navi_lib::command_list::COMMANDS;
use onshi_navi_lib::commands::{
    AddedClinic, ClinicWithProfile, CodeName, FormOptions, SavedProfile,
};
use onshi_navi_lib::content::{CheckOutcome, CheckResult, ContentPanel, ContentProgress};
use onshi_navi_lib::ipc_error::IpcError;
use onshi_navi_lib::secrets::{SecretSlot, SecretsPage};
use onshi_navi_lib::sheets::{SavedPdf, SheetKind, SheetRequest, SheetView, StripPage};
use onshi_navi_lib::terminals::{ExpiringPage, TerminalForm, TerminalsPage};
use onshi_navi_lib::transfer::{ExportedFile, ImportView};
use onshi_navi_lib::wizard::{HomeView, WizardPage};
use ts_rs::{Config, TS};

/// One exported declaration, and the type names it uses.
struct Decl {
    name: String,
    text: String,
    uses: Vec<String>,
}

fn decl<T: TS + ?Sized + 'static>(cfg: &Config) -> Decl {
    Decl {
        name: T::ident(cfg),
        text: format!("export {}", T::decl(cfg)),
        uses: T::dependencies(cfg)
            .into_iter()
            .map(|d| d.ts_name)
            .collect(),
    }
}

fn decls() -> Vec<Decl> {
    let cfg = Config::new();
    vec![
        decl::<IpcError>(&cfg),
        decl::<ErrorKind>(&cfg),
        decl::<ErrorData>(&cfg),
        decl::<CodeChoice>(&cfg),
        decl::<EventRef>(&cfg),
        decl::<FormReport>(&cfg),
        decl::<FormIssue>(&cfg),
        decl::<Severity>(&cfg),
        decl::<Issue>(&cfg),
        decl::<FormOptions>(&cfg),
        decl::<CodeName>(&cfg),
        decl::<ClinicJson>(&cfg),
        decl::<NewClinicForm>(&cfg),
        decl::<AddedClinic>(&cfg),
        decl::<ClinicWithProfile>(&cfg),
        decl::<ClinicProfile>(&cfg),
        decl::<ProfileForm>(&cfg),
        decl::<SavedProfile>(&cfg),
        decl::<AddressFill>(&cfg),
        decl::<Checklist>(&cfg),
        decl::<ClinicStatus<'static>>(&cfg),
        decl::<ProcedureStatus<'static>>(&cfg),
        decl::<TerminalTrack<'static>>(&cfg),
        decl::<Track<'static>>(&cfg),
        decl::<Status>(&cfg),
        decl::<ContentUpdate>(&cfg),
        decl::<Deadline>(&cfg),
        decl::<Overview>(&cfg),
        decl::<EventForm>(&cfg),
        decl::<Recorded>(&cfg),
        decl::<Role>(&cfg),
        decl::<GuideStep<'static>>(&cfg),
        decl::<PreparedField>(&cfg),
        decl::<Step>(&cfg),
        decl::<Field>(&cfg),
        decl::<Danger>(&cfg),
        decl::<Conflict>(&cfg),
        decl::<Wait>(&cfg),
        decl::<Condition>(&cfg),
        decl::<Answer>(&cfg),
        decl::<Choice>(&cfg),
        decl::<AnswerRef>(&cfg),
        decl::<DangerRef>(&cfg),
        decl::<Situation>(&cfg),
        decl::<PlannedProcedure>(&cfg),
        decl::<HomeView>(&cfg),
        decl::<Home<'static>>(&cfg),
        decl::<StartedSituation<'static>>(&cfg),
        decl::<PlanLine<'static>>(&cfg),
        decl::<NextStep<'static>>(&cfg),
        decl::<Awaited<'static>>(&cfg),
        decl::<SwitchOffer>(&cfg),
        decl::<WizardPage>(&cfg),
        decl::<WizardView<'static>>(&cfg),
        decl::<WizardStep<'static>>(&cfg),
        decl::<StepEvent<'static>>(&cfg),
        decl::<QuestionValue<'static>>(&cfg),
        decl::<Prerequisite>(&cfg),
        decl::<Fact>(&cfg),
        decl::<Settings>(&cfg),
        decl::<Mode>(&cfg),
        decl::<TextSize>(&cfg),
        decl::<Board<'static>>(&cfg),
        decl::<BoardRow<'static>>(&cfg),
        decl::<FilterCount>(&cfg),
        decl::<Filter>(&cfg),
        decl::<Urgency>(&cfg),
        decl::<HistoryEntry>(&cfg),
        decl::<EntryKind>(&cfg),
        decl::<Sort>(&cfg),
        decl::<SortKey>(&cfg),
        decl::<TerminalsPage>(&cfg),
        decl::<TerminalsView>(&cfg),
        decl::<TerminalCertificate>(&cfg),
        decl::<RegisteredTerminal>(&cfg),
        decl::<TerminalChange>(&cfg),
        decl::<ChangeLine>(&cfg),
        decl::<ChangeKind>(&cfg),
        decl::<TerminalForm>(&cfg),
        decl::<ExpiringPage>(&cfg),
        decl::<ExpiringCertificate>(&cfg),
        decl::<SheetKind>(&cfg),
        decl::<SheetRequest>(&cfg),
        decl::<SheetView>(&cfg),
        decl::<SavedPdf>(&cfg),
        decl::<StripPage>(&cfg),
        decl::<ChecklistSheet>(&cfg),
        decl::<HandoffSheet>(&cfg),
        decl::<HandoffWait>(&cfg),
        decl::<VisitSheet>(&cfg),
        decl::<VisitRow>(&cfg),
        decl::<SheetClinic>(&cfg),
        decl::<SheetDeadline>(&cfg),
        decl::<SheetProcedure>(&cfg),
        decl::<SheetRun>(&cfg),
        decl::<SheetStep>(&cfg),
        decl::<SheetValue>(&cfg),
        decl::<TimelineStrip>(&cfg),
        decl::<StripRow>(&cfg),
        decl::<StripSpan>(&cfg),
        decl::<StripMark>(&cfg),
        decl::<StripTick>(&cfg),
        decl::<SpanKind>(&cfg),
        decl::<SecretsPage>(&cfg),
        decl::<SecretSlot>(&cfg),
        decl::<SecretKind>(&cfg),
        decl::<BackupsPage>(&cfg),
        decl::<BackupLine>(&cfg),
        decl::<RestoredView>(&cfg),
        decl::<QuarantineView>(&cfg),
        decl::<ExportedFile>(&cfg),
        decl::<ImportView>(&cfg),
        decl::<ContentPanel>(&cfg),
        decl::<ContentStatus>(&cfg),
        decl::<ContentOrigin>(&cfg),
        decl::<CheckResult>(&cfg),
        decl::<CheckOutcome>(&cfg),
        decl::<ContentProgress>(&cfg),
    ]
}

/// The whole generated file.
fn bindings() -> String {
    let mut out = String::from(
        "// Generated from the Rust types by tests/ipc/bindings.rs (ts-rs). Do not edit:\n\
         // change the Rust type, then run `make bindings`.\n\n",
    );
    for d in decls() {
        out.push_str(&d.text);
        out.push_str("\n\n");
    }
    let commands: Vec<String> = COMMANDS.iter().map(|c| format!("\"{c}\"")).collect();
    out.push_str("/** Every command of the app (src-tauri/src/command_list.rs). */\n");
    out.push_str(&format!(
        "export type Command = {};\n",
        commands.join(" | ")
    ));
    out
}

#[test]
fn every_type_a_binding_uses_is_generated_too() {
    let all = decls();
    let names: BTreeSet<&str> = all.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names.len(), all.len(), "two types share a TypeScript name");
    for d in &all {
        for used in &d.uses {
            assert!(
                names.contains(used.as_str()),
                "{} uses {used}, which is not generated",
                d.name
            );
        }
    }
}

#[test]
fn every_binding_uses_one_casing() {
    // Keys are snake_case: a capital letter before a colon would be a camelCase key.
    let comment = |text: &str| -> String {
        // Doc comments may say anything; only the declaration's own keys count.
        let mut out = String::new();
        let mut rest = text;
        while let Some(start) = rest.find("/**") {
            out.push_str(&rest[..start]);
            rest = rest[start..]
                .split_once("*/")
                .map_or("", |(_, after)| after);
        }
        out.push_str(rest);
        out
    };
    for d in decls() {
        for line in comment(&d.text).split([',', '{', ';']) {
            if let Some((key, _)) = line.split_once(':') {
                let key = key.trim().trim_end_matches('?');
                assert!(
                    !key.chars().any(|c| c.is_ascii_uppercase()) || key.contains(' '),
                    "{}: key {key} is not snake_case",
                    d.name
                );
            }
        }
    }
}

#[test]
fn the_committed_bindings_are_fresh() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/bindings.ts");
    let want = bindings();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/lib/bindings.ts is stale: run `make bindings` and commit it"
    );
}
