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
