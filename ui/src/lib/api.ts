// The only module that talks to the Rust side. Every command name and argument lives here once.
import { invoke } from "@tauri-apps/api/core";

export type ErrorKind =
  | "invalidInput"
  | "notFound"
  | "duplicate"
  | "invalidDate"
  | "dateOutOfRange"
  | "storageBusy"
  | "storageCorrupt"
  | "storageTooNew"
  | "storageUnavailable"
  | "contentInvalid"
  | "outOfOrder"
  | "blocked";

export type Severity = "error" | "warning";

export interface FormIssue {
  field: string;
  severity: Severity;
  code: string;
  message: string;
}

export interface FormReport {
  issues: FormIssue[];
}

/** The `{kind, message, issues}` shape every failing command rejects with. */
export interface IpcError {
  kind: ErrorKind;
  message: string;
  issues: FormIssue[];
}

export interface Option {
  code: string;
  name: string;
}

export interface FormOptions {
  prefectures: Option[];
  scoreTables: Option[];
}

export interface Clinic {
  id: string;
  name: string;
  pref_code: string;
  prefecture: string;
  tensu: string;
  tensu_name: string;
  medical_code: string;
  full_code: string;
  created_at: string;
}

export interface NewClinicForm {
  name: string;
  prefecture: string;
  scoreTable: string;
  medicalCode: string;
}

export interface AddedClinic {
  clinic: Clinic;
  warnings: FormReport;
}

export const formOptions = () => invoke<FormOptions>("form_options");
export const listClinics = () => invoke<Clinic[]>("list_clinics");
export const validateClinic = (form: NewClinicForm) =>
  invoke<FormReport>("validate_clinic", { form });
export const addClinic = (form: NewClinicForm) => invoke<AddedClinic>("add_clinic", { form });

/** 医療機関の基本情報, values in portal format ("" = not entered yet). */
export interface ClinicProfile {
  postalCode: string;
  address: string;
  addressKana: string;
  phone: string;
  contactPerson: string;
  /** 医科歯科併設: the code under the other 点数表 ("" when there is one code). */
  pairedCode: string;
}

/** The profile form as typed (same fields as ClinicProfile). */
export type ProfileForm = ClinicProfile;

export interface ClinicWithProfile {
  clinic: Clinic;
  profile: ClinicProfile;
}

export interface SavedProfile {
  profile: ClinicProfile;
  warnings: FormReport;
}

export interface AddressFill {
  postalCode: string;
  prefCode: string;
  address: string;
  addressKana: string;
  office: string | null;
}

export const clinicProfile = (clinicId: string) =>
  invoke<ClinicWithProfile>("clinic_profile", { clinicId });
export const validateClinicProfile = (clinicId: string, form: ProfileForm) =>
  invoke<FormReport>("validate_clinic_profile", { clinicId, form });
export const saveClinicProfile = (clinicId: string, form: ProfileForm) =>
  invoke<SavedProfile>("save_clinic_profile", { clinicId, form });
export const postalCandidates = (code: string) =>
  invoke<AddressFill[]>("postal_candidates", { code });

// ── チェックリスト (the core derives everything; the UI only shows it) ──

export type Status = "blocked" | "not-started" | "in-progress" | "waiting" | "problem" | "done";

export interface Track {
  status: Status;
  status_label: string;
  step: string | null;
  waiting_for: string | null;
  due: string | null;
  overdue: boolean;
  next_action: string | null;
  reason: string | null;
  next_event: string | null;
  next_event_title: string | null;
}

/** One run of a per-terminal (and, for 医科歯科併設, per-code) procedure. */
export interface TerminalTrack extends Track {
  terminal: string;
  code?: string;
  score_table?: string;
}

export interface ContentUpdate {
  from: number;
  to: number;
  changes: string[];
}

/** One line of the checklist: where the procedure stands (its lead run), plus its runs. */
export interface ProcedureLine extends Track {
  id: string;
  title: string;
  terminals?: TerminalTrack[];
  content_update?: ContentUpdate;
}

export interface Deadline {
  id: string;
  date: string;
  explanation: string;
  terminal?: string;
  code?: string;
  provisional: boolean;
}

export interface ClinicStatus {
  clinic_id: string;
  procedures: ProcedureLine[];
  deadlines: Deadline[];
}

export interface Checklist {
  today: string;
  status: ClinicStatus;
}

export interface Overview {
  clinic_id: string;
  rank: number;
  problem: number;
  overdue: number;
  waiting: number;
  in_progress: number;
  done: number;
  next_due: string | null;
  next_deadline: string | null;
  next_deadline_id: string | null;
  headline: string;
}

export interface EventForm {
  eventId: string;
  date: string;
  terminal?: string;
  code?: string;
  procedure?: string;
}

export interface Recorded {
  seq: number;
  procedure_id: string;
  started: boolean;
  terminal: string | null;
}

export interface Choice {
  value: string;
  label: string;
}

/** A question a procedure asks when it starts. */
export interface Question {
  key: string;
  label: string;
  validator: string;
  default: string | null;
  required: boolean;
  choices?: Choice[];
}

export const clinicChecklist = (clinicId: string) =>
  invoke<Checklist>("clinic_checklist", { clinicId });
export const dashboard = () => invoke<Overview[]>("dashboard");
export const recordEvent = (clinicId: string, form: EventForm) =>
  invoke<Recorded>("record_event", { clinicId, form });
export const procedureQuestions = (procedureId: string) =>
  invoke<Question[]>("procedure_questions", { procedureId });
export const startProcedure = (clinicId: string, procedureId: string, answers: Record<string, string>) =>
  invoke<null>("start_procedure", { clinicId, procedureId, answers });
export const acceptContentUpdate = (clinicId: string, procedureId: string) =>
  invoke<null>("accept_content_update", { clinicId, procedureId });

// ── 手順ガイド (the steps of a procedure, with every value to type prepared by the core) ──

export interface Issue {
  code: string;
  message: string;
}

export interface PreparedField {
  label: string;
  from: string;
  /** In portal format, ready to copy; null when missing or wrong (see errors). */
  value: string | null;
  errors: Issue[];
  warnings: Issue[];
  note: string | null;
}

export interface Danger {
  id: string;
  question: string;
  safe_choice: string;
  dangerous_choice: string;
  consequence: string;
  confirm: string;
}

export interface Conflict {
  topic: string;
  claims: string[];
  chosen: string;
  why: string;
}

export interface GuideWait {
  event: string;
  what: string;
  channel: string;
  sender: string | null;
  sender_domain: string | null;
  if_late: string[];
}

export interface GuideStep {
  id: string;
  title: string;
  portal_path: string[];
  instructions: string;
  expect: string;
  warnings: string[];
  sources: string[];
  conflicts: Conflict[];
  wait: GuideWait | null;
  prepared: PreparedField[];
  guards: Danger[];
}

export const procedureGuide = (clinicId: string, procedureId: string, terminal?: string, code?: string) =>
  invoke<GuideStep[]>("procedure_guide", { clinicId, procedureId, terminal, code });
