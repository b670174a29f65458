// The only module that talks to the Rust side. The types are generated from the Rust types
// (bindings.ts, by `make bindings`); the command names are checked against the app's command
// list by the type `Command`. This file only names the calls.
import { invoke } from "@tauri-apps/api/core";
import type {
  AddedClinic,
  AddressFill,
  BackupLine,
  BackupsPage,
  Answer,
  CheckResult,
  ContentPanel,
  Board,
  ChangeLine,
  Checklist,
  Clinic,
  ClinicWithProfile,
  Command,
  EventForm,
  ExportedFile,
  ExpiringPage,
  Filter,
  FormOptions,
  FormReport,
  GuideStep,
  HistoryEntry,
  HomeView,
  ImportView,
  NewClinicForm,
  Overview,
  ProcedureStatus,
  ProfileForm,
  Recorded,
  QuarantineView,
  RestoredView,
  SavedPdf,
  SecretKind,
  SecretsPage,
  SavedProfile,
  Settings,
  SheetRequest,
  SheetView,
  Situation,
  Sort,
  StripPage,
  TerminalForm,
  TerminalsPage,
  WizardPage,
} from "./bindings";

export type * from "./bindings";

/** One line of the checklist: where the procedure stands (its lead run), plus its runs. */
export type ProcedureLine = ProcedureStatus;
/** A question a procedure asks when it starts. */
export type Question = Answer;

const call = <T>(command: Command, args?: Record<string, unknown>) => invoke<T>(command, args);

export const formOptions = () => call<FormOptions>("form_options");
export const listClinics = () => call<Clinic[]>("list_clinics");
export const validateClinic = (form: NewClinicForm) => call<FormReport>("validate_clinic", { form });
export const addClinic = (form: NewClinicForm) => call<AddedClinic>("add_clinic", { form });

export const clinicProfile = (clinicId: string) =>
  call<ClinicWithProfile>("clinic_profile", { clinicId });
export const validateClinicProfile = (clinicId: string, form: ProfileForm) =>
  call<FormReport>("validate_clinic_profile", { clinicId, form });
export const saveClinicProfile = (clinicId: string, form: ProfileForm) =>
  call<SavedProfile>("save_clinic_profile", { clinicId, form });
export const postalCandidates = (code: string) => call<AddressFill[]>("postal_candidates", { code });

// ── チェックリスト (the core derives everything; the UI only shows it) ──

export const clinicChecklist = (clinicId: string) => call<Checklist>("clinic_checklist", { clinicId });
export const dashboard = () => call<Overview[]>("dashboard");
/** 担当一覧: every clinic's row derived afresh (costly) and kept by the app for boardQuery;
 * the first `limit` rows come back (all of them with null). */
export const boardRefresh = (limit: number | null = null) => call<Board>("board_refresh", { limit });
/** The kept rows filtered, searched and sorted by the core (cheap: per keystroke), `limit` of
 * them from `offset` on (all of them with null). */
export const boardQuery = (
  filter: Filter | null,
  search: string | null,
  sort: Sort | null = null,
  offset = 0,
  limit: number | null = null,
) => call<Board>("board_query", { filter, search, sort, offset, limit });
export const recordEvent = (clinicId: string, form: EventForm) =>
  call<Recorded>("record_event", { clinicId, form });
export const procedureQuestions = (procedureId: string) =>
  call<Answer[]>("procedure_questions", { procedureId });
export const startProcedure = (clinicId: string, procedureId: string, answers: Record<string, string>) =>
  call<null>("start_procedure", { clinicId, procedureId, answers });
export const acceptContentUpdate = (clinicId: string, procedureId: string) =>
  call<null>("accept_content_update", { clinicId, procedureId });

// ── 手順ガイド (the steps of a procedure, with every value to type prepared by the core) ──

export const procedureGuide = (clinicId: string, procedureId: string, terminal?: string, code?: string) =>
  call<GuideStep[]>("procedure_guide", { clinicId, procedureId, terminal, code });

// ── 受付モード (situations, the clinic's home and the step-by-step wizard) ──

export const situations = () => call<Situation[]>("situations");
export const situationQuestions = (situationId: string) =>
  call<Answer[]>("situation_questions", { situationId });
export const startSituation = (clinicId: string, situationId: string, answers: Record<string, string>) =>
  call<null>("start_situation", { clinicId, situationId, answers });
export const clinicHome = (clinicId: string) => call<HomeView>("clinic_home", { clinicId });
export const procedureWizard = (clinicId: string, procedureId: string, terminal?: string, code?: string) =>
  call<WizardPage>("procedure_wizard", { clinicId, procedureId, terminal, code });
export const confirmDanger = (clinicId: string, procedureId: string, dangerId: string, terminal?: string) =>
  call<null>("confirm_danger", { clinicId, procedureId, dangerId, terminal });
export const switchCode = (clinicId: string) => call<Clinic>("switch_code", { clinicId });
export const getSettings = () => call<Settings>("get_settings");
export const saveSettings = (settings: Settings) => call<null>("save_settings", { settings });
/** Opens the portal in the default browser (the core knows the address). */
export const openPortal = () => call<null>("open_portal");

// ── 履歴 (everything recorded for a clinic, newest first) ──

export const clinicHistory = (clinicId: string) => call<HistoryEntry[]>("clinic_history", { clinicId });

// ── 端末と電子証明書 (the terminal register and each terminal's certificate) ──

export const clinicTerminals = (clinicId: string) => call<TerminalsPage>("clinic_terminals", { clinicId });
export const changeTerminal = (clinicId: string, form: TerminalForm) =>
  call<ChangeLine>("change_terminal", { clinicId, form });
/** 「証明書の期限」: every clinic's certificates expiring within `months` months. */
export const expiringCertificates = (months: number) => call<ExpiringPage>("expiring_certificates", { months });

// ── 印刷 (the sheets, as the print view shows them and as PDF) ──

export const sheetView = (request: SheetRequest) => call<SheetView>("sheet_view", { request });
/** Renders the sheet as PDF, asks where to save it (the app's own dialog) and writes it; null
 * when the user cancelled. */
export const saveSheetPdf = (request: SheetRequest) => call<SavedPdf | null>("save_sheet_pdf", { request });
export const clinicStrip = (clinicId: string) => call<StripPage>("clinic_strip", { clinicId });

// ── 秘密情報 (kept in the OS keychain; no call ever returns a value) ──

export const clinicSecrets = (clinicId: string) => call<SecretsPage>("clinic_secrets", { clinicId });
export const setSecret = (clinicId: string, kind: SecretKind, value: string) =>
  call<null>("set_secret", { clinicId, kind, value });
export const deleteSecret = (clinicId: string, kind: SecretKind) => call<boolean>("delete_secret", { clinicId, kind });
/** Copies the secret to the clipboard from Rust; answers how many seconds until it is cleared. */
export const copySecret = (clinicId: string, kind: SecretKind) => call<number>("copy_secret", { clinicId, kind });

// ── バックアップ (automatic copies of the database; putting one back) ──

export const backupsPage = () => call<BackupsPage>("backups_page");
export const backupNow = () => call<BackupLine>("backup_now");
export const restoreBackup = (name: string) => call<RestoredView>("restore_backup", { name });
/** Opens the system's file dialog (from the app) and restores the chosen file; null if cancelled. */
export const restoreBackupFile = () => call<RestoredView | null>("restore_backup_file");
/** Whether the database was damaged and set aside (隔離) at start; null when it is usable. */
export const databaseState = () => call<QuarantineView | null>("database_state");
/** After a quarantine: start with an empty database instead of restoring. */
export const startEmptyData = () => call<null>("start_empty_data");

// ── 書き出し・読み込み (clinics moved between PCs; the dialogs are the app's own) ──

/** Writes the clinics (all when none given) to a file the user picks; null if cancelled. */
export const exportClinicsJson = (clinicIds: string[]) => call<ExportedFile | null>("export_clinics_json", { clinicIds });
/** Reads a file the user picks; null if cancelled. */
export const importClinicsJson = () => call<ImportView | null>("import_clinics_json");
export const contentPanel = () => call<ContentPanel>("content_panel");
export const checkContentUpdate = () => call<CheckResult>("check_content_update");
export const restartApp = () => call<null>("restart_app");
