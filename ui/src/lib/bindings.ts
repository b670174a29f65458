// Generated from the Rust types by tests/ipc/bindings.rs (ts-rs). Do not edit:
// change the Rust type, then run `make bindings`.

export type IpcError = { kind: ErrorKind, message: string, issues: Array<FormIssue>, 
/**
 * Boxed: the error stays small on the `Result` path of every command.
 */
data: ErrorData, };

export type ErrorKind = "invalidInput" | "notFound" | "duplicate" | "invalidDate" | "dateOutOfRange" | "storageBusy" | "storageCorrupt" | "storageTooNew" | "storageUnavailable" | "contentInvalid" | "outOfOrder" | "blocked" | "codeRequired" | "unknownCode" | "unknownTerminal" | "notInProcedure" | "confirmationRequired" | "answersRequired" | "codeSwitchRequired" | "browserUnavailable" | "timeZoneUnavailable" | "keychainUnavailable" | "fileNotSaved" | "internal";

export type ErrorData = { 
/**
 * [`ErrorKind::CodeRequired`], [`ErrorKind::UnknownCode`]: the clinic's codes.
 */
codes: Array<CodeChoice>, 
/**
 * [`ErrorKind::UnknownTerminal`]: the terminals of the procedure.
 */
terminals: Array<string>, 
/**
 * [`ErrorKind::OutOfOrder`], [`ErrorKind::Blocked`]: the event to record first.
 */
must_come_first: EventRef | null, 
/**
 * [`ErrorKind::OutOfOrder`]: the earliest date the event may have (YYYY-MM-DD).
 */
earliest_date: string | null, 
/**
 * [`ErrorKind::ConfirmationRequired`]: the choices to confirm.
 */
confirmations: Array<DangerRef>, 
/**
 * [`ErrorKind::AnswersRequired`]: the questions to answer.
 */
answers: Array<AnswerRef>, };

export type CodeChoice = { 
/**
 * The 7 digits.
 */
code: string, 
/**
 * 点数表 name, e.g. 医科.
 */
score_table: string, };

export type EventRef = { event_id: string, title: string, };

export type FormReport = { issues: Array<FormIssue>, };

export type FormIssue = { field: string, severity: Severity, code: string, message: string, };

export type Severity = "error" | "warning";

export type Issue = { code: string, message: string, };

export type FormOptions = { prefectures: Array<CodeName>, score_tables: Array<CodeName>, };

export type CodeName = { code: string, name: string, };

export type Clinic = { id: string, name: string, 
/**
 * 都道府県番号 "01"–"47".
 */
pref_code: string, prefecture: string, 
/**
 * 点数表番号 "1" | "3" | "4" | "6".
 */
score_table: string, score_table_name: string, medical_code: string, 
/**
 * 都道府県(2) + 点数表(1) + 7 digits.
 */
full_code: string, created_at: string, };

export type NewClinicForm = { name: string, 
/**
 * 都道府県番号 "01"–"47".
 */
prefecture: string, 
/**
 * 点数表番号 "1" | "3" | "4" | "6".
 */
score_table: string, 
/**
 * 医療機関コード, 7 digits (a 10-digit paste is accepted).
 */
medical_code: string, };

export type AddedClinic = { clinic: Clinic, warnings: FormReport, };

export type ClinicWithProfile = { clinic: Clinic, profile: ClinicProfile, };

export type ClinicProfile = { 
/**
 * 郵便番号, 7 digits.
 */
postal_code: string, 
/**
 * 所在地 (kanji), including the prefecture.
 */
address: string, 
/**
 * 所在地カナ, full-width katakana.
 */
address_kana: string, 
/**
 * 電話番号, digits only.
 */
phone: string, 
/**
 * 担当者 (the 通知書 is addressed to this person).
 */
contact_person: string, 
/**
 * 医科歯科併設: the 7-digit code under the other 点数表 (歯科 for a 医科 clinic, and the
 * reverse); "" for a clinic with one code.
 */
paired_code: string, };

export type ProfileForm = { postal_code: string, address: string, address_kana: string, phone: string, contact_person: string, paired_code: string, };

export type SavedProfile = { profile: ClinicProfile, warnings: FormReport, };

export type AddressFill = { postal_code: string, pref_code: string, 
/**
 * 都道府県 + 市区町村 + 町域 (+ 番地 for a 事業所).
 */
address: string, 
/**
 * The same in full-width katakana, as far as Japan Post gives it.
 */
address_kana: string, office: string | null, };

export type Checklist = { today: string, status: ClinicStatus, };

export type ClinicStatus = { clinic_id: string, 
/**
 * The procedure ids of the clinic's plan, in order (from its situations).
 */
plan: Array<string>, procedures: Array<ProcedureStatus>, deadlines: Array<Deadline>, };

export type ProcedureStatus = { id: string, title: string, 
/**
 * Is it in the clinic's plan (its situations need it) or under way? The others are listed
 * under 「その他の手続き」.
 */
applies: boolean, status: Status, status_label: string, waiting_for: string | null, due: string | null, overdue: boolean, next_action: string | null, reason: string | null, step: string | null, 
/**
 * The event the UI offers to record next (see [`Track::next_event`]) and its title.
 */
next_event: string | null, next_event_title: string | null, terminals?: Array<TerminalTrack>, content_update?: ContentUpdate, };

export type TerminalTrack = { terminal: string, 
/**
 * 医科歯科併設 only: the 7-digit code and its 点数表 this run is for.
 */
code?: string, score_table?: string, status: Status, 
/**
 * `status` in Japanese; set only through [`Track::at`] and [`Track::set_status`].
 */
status_label: string, 
/**
 * The step to do or wait on now.
 */
step: string | null, waiting_for: string | null, due: string | null, overdue: boolean, next_action: string | null, 
/**
 * Why a step reopened, why the procedure is blocked, or how the due date was computed.
 */
reason: string | null, 
/**
 * The event to record to move on (the awaited mail or letter, or the pending milestone),
 * and its title.
 */
next_event: string | null, next_event_title: string | null, };

export type Track = { status: Status, 
/**
 * `status` in Japanese; set only through [`Track::at`] and [`Track::set_status`].
 */
status_label: string, 
/**
 * The step to do or wait on now.
 */
step: string | null, waiting_for: string | null, due: string | null, overdue: boolean, next_action: string | null, 
/**
 * Why a step reopened, why the procedure is blocked, or how the due date was computed.
 */
reason: string | null, 
/**
 * The event to record to move on (the awaited mail or letter, or the pending milestone),
 * and its title.
 */
next_event: string | null, next_event_title: string | null, };

export type Status = "blocked" | "not-started" | "in-progress" | "waiting" | "problem" | "done";

export type ContentUpdate = { from: number, to: number, changes: Array<string>, };

export type Deadline = { id: string, date: string, explanation: string, terminal?: string, 
/**
 * 医科歯科併設 only: the 7-digit code whose certificate this is.
 */
code?: string, provisional: boolean, };

export type Overview = { clinic_id: string, 
/**
 * 0 問題あり, 1 予定日超過, 2 待機中, 3 進行中, 4 nothing under way: sort by it.
 */
rank: number, problem: number, overdue: number, waiting: number, in_progress: number, done: number, 
/**
 * The earliest due date of a wait.
 */
next_due: string | null, 
/**
 * The earliest deadline (承継 grace, certificate expiry, …) and its id.
 */
next_deadline: string | null, next_deadline_id: string | null, 
/**
 * One line for the list, e.g. 「問題あり：電子証明書 発行申請」.
 */
headline: string, };

export type EventForm = { event_id: string, 
/**
 * YYYY-MM-DD as typed.
 */
date: string, terminal?: string, code?: string, procedure?: string, };

export type Recorded = { seq: number, procedure_id: string, started: boolean, terminal: string | null, 
/**
 * The event's date as a sentence shows it (「2026年12月25日(金)」).
 */
date_text: string, };

export type Role = "receptionist" | "technician";

export type GuideStep = { prepared: Array<PreparedField>, 
/**
 * The dangerous choices that apply with these answers.
 */
guards: Array<Danger>, id: string, title: string, 
/**
 * The click path on the portal.
 */
portal_path: Array<string>, instructions: string, 
/**
 * What the user should see next.
 */
expect: string, warnings: Array<string>, 
/**
 * Seed file and step, e.g. `"001:2-4"`.
 */
sources: Array<string>, 
/**
 * What this step says that no seed supports (オン資ナビの補足), shown as such. A step
 * needs sources, or this, or both.
 */
ours: string | null, 
/**
 * The event that completes this step.
 */
done_when: string | null, 
/**
 * Shown only when an answer has one of these values.
 */
only_if: Condition | null, field: Array<Field>, danger: Array<Danger>, conflict: Array<Conflict>, wait: Wait | null, 
/**
 * The secrets the portal asks for on this screen (秘密情報): the guide offers to copy each
 * one kept in the keychain.
 */
secrets: Array<SecretKind>, };

export type PreparedField = { label: string, from: string, 
/**
 * In portal format, ready to copy (`None` when missing or wrong).
 */
value: string | null, errors: Array<Issue>, warnings: Array<Issue>, note: string | null, 
/**
 * The procedure's question this value comes from (`new-code`; `terminals` for 端末名称),
 * so the window can offer 「変更」 for it; `None` for the clinic's own and profile values.
 */
answer_key: string | null, 
/**
 * The 医療機関情報 field this value comes from (`phone`, as the content names it), so the
 * window can open the profile form there; `None` for every other source.
 */
profile_key: string | null, };

export type Step = { id: string, title: string, 
/**
 * The click path on the portal.
 */
portal_path: Array<string>, instructions: string, 
/**
 * What the user should see next.
 */
expect: string, warnings: Array<string>, 
/**
 * Seed file and step, e.g. `"001:2-4"`.
 */
sources: Array<string>, 
/**
 * What this step says that no seed supports (オン資ナビの補足), shown as such. A step
 * needs sources, or this, or both.
 */
ours: string | null, 
/**
 * The event that completes this step.
 */
done_when: string | null, 
/**
 * Shown only when an answer has one of these values.
 */
only_if: Condition | null, field: Array<Field>, danger: Array<Danger>, conflict: Array<Conflict>, wait: Wait | null, 
/**
 * The secrets the portal asks for on this screen (秘密情報): the guide offers to copy each
 * one kept in the keychain.
 */
secrets: Array<SecretKind>, };

export type Field = { label: string, 
/**
 * `clinic.<name>`, `profile.<name>`, `answer.<key>` or `terminal`.
 */
from: string, 
/**
 * Where the value comes from when `from` is empty (e.g. the 承継's new name: the current
 * name unless the answer gives another).
 */
otherwise: string | null, 
/**
 * Asked only when an answer has one of these values (e.g. the お客さまID: NTT lines only).
 */
only_if: Condition | null, validator: string, note: string | null, };

export type Danger = { id: string, question: string, safe_choice: string, dangerous_choice: string, consequence: string, confirm: string, only_if: Condition | null, sources: Array<string>, };

export type Conflict = { topic: string, claims: Array<string>, chosen: string, why: string, };

export type Wait = { event: string, what: string, 
/**
 * `email`, `letter` or `portal`.
 */
channel: string, sender: string | null, sender_domain: string | null, 
/**
 * Timeline rule giving the expected date (none = no published ETA).
 */
rule: string | null, 
/**
 * The event the wait starts from.
 */
from_event: string, if_late: Array<string>, 
/**
 * Business days after the due date (or after the start, without a due date) to call the
 * コールセンター.
 */
call_center_after_business_days: number, };

export type Condition = { answer: string, in: Array<string>, };

export type Answer = { key: string, label: string, validator: string, default: string | null, required: boolean, choices: Array<Choice>, };

export type Choice = { value: string, label: string, };

export type AnswerRef = { procedure_id: string, key: string, label: string, };

export type DangerRef = { procedure_id: string, danger_id: string, 
/**
 * The sentence the user confirms.
 */
confirm: string, };

export type Situation = { 
/**
 * The `onshi situation start` id (a contract: never renamed).
 */
id: string, title: string, summary: string, 
/**
 * The answer keys asked up front (questions of the situation's procedures).
 */
ask: Array<string>, procedure: Array<PlannedProcedure>, };

export type PlannedProcedure = { id: string, 
/**
 * The procedure's title, filled in from the procedures when the content loads (not
 * written in situations.toml).
 */
title: string, 
/**
 * Needed only when an answer has one of these values.
 */
only_if: Condition | null, };

export type HomeView = { today: string, home: Home, };

export type Home = { clinic_id: string, clinic_name: string, 
/**
 * The 7 digits.
 */
medical_code: string, situations: Array<StartedSituation>, plan: Array<PlanLine>, 
/**
 * The next step, unless only waiting is left (or the code switch comes first).
 */
next: NextStep | null, waiting: Array<Awaited>, deadlines: Array<Deadline>, switch_code: SwitchOffer | null, 
/**
 * Every procedure of the plan is done.
 */
all_done: boolean, };

export type StartedSituation = { id: string, title: string, };

export type PlanLine = { procedure_id: string, title: string, status: Status, status_label: string, };

export type NextStep = { procedure_id: string, procedure_title: string, terminal: string | null, 
/**
 * 医科歯科併設 only: the code of the run.
 */
code: string | null, step_id: string | null, step_title: string | null, 
/**
 * 1-based, of `step_count` (「ステップ 3 / 8」).
 */
step_number: number, step_count: number, 
/**
 * Not started yet (the button says 「始める」 rather than 「続ける」).
 */
fresh: boolean, reason: string | null, };

export type Awaited = { procedure_id: string, procedure_title: string, terminal: string | null, code: string | null, what: string, 
/**
 * `email`, `letter` or `portal`, and how it comes in Japanese (メール, 郵便, ポータルのお知らせ).
 */
channel: string, channel_label: string, sender: string | null, due: string | null, 
/**
 * 「2027年1月7日(木)ごろ」, or that no date is published.
 */
due_text: string, overdue: boolean, 
/**
 * Well past due: call the コールセンター (the text says so).
 */
problem: boolean, next_action: string | null, event_id: string, event_title: string, };

export type SwitchOffer = { old_code: string, new_code: string, };

export type WizardPage = { today: string, wizard: WizardView, };

export type WizardView = { procedure_id: string, title: string, summary: string, prerequisites: Array<Prerequisite>, terminal: string | null, code: string | null, started: boolean, steps: Array<WizardStep>, 
/**
 * The index of the step to do (or wait on) now; `steps.len()` when all are done.
 */
current: number, status: Status, status_label: string, 
/**
 * While waiting: when it is expected (「2027年1月7日(木)ごろ」) and what to do if late.
 */
due_text: string | null, next_action: string | null, questions: Array<QuestionValue>, };

export type WizardStep = { 
/**
 * The milestone this step records, if any.
 */
event: StepEvent | null, 
/**
 * Recorded already (in this run).
 */
done: boolean, 
/**
 * The dangerous choices of this step confirmed already (their ids).
 */
confirmed: Array<string>, 
/**
 * Every dangerous choice of the step is confirmed: 「次へ」 and the record may be used.
 */
all_confirmed: boolean, 
/**
 * The answers this step types that are still missing.
 */
missing_answers: Array<AnswerRef>, prepared: Array<PreparedField>, 
/**
 * The dangerous choices that apply with these answers.
 */
guards: Array<Danger>, id: string, title: string, 
/**
 * The click path on the portal.
 */
portal_path: Array<string>, instructions: string, 
/**
 * What the user should see next.
 */
expect: string, warnings: Array<string>, 
/**
 * Seed file and step, e.g. `"001:2-4"`.
 */
sources: Array<string>, 
/**
 * What this step says that no seed supports (オン資ナビの補足), shown as such. A step
 * needs sources, or this, or both.
 */
ours: string | null, 
/**
 * The event that completes this step.
 */
done_when: string | null, 
/**
 * Shown only when an answer has one of these values.
 */
only_if: Condition | null, field: Array<Field>, danger: Array<Danger>, conflict: Array<Conflict>, wait: Wait | null, 
/**
 * The secrets the portal asks for on this screen (秘密情報): the guide offers to copy each
 * one kept in the keychain.
 */
secrets: Array<SecretKind>, };

export type StepEvent = { id: string, title: string, fact: Fact, };

export type QuestionValue = { value: string | null, key: string, label: string, validator: string, default: string | null, required: boolean, choices: Array<Choice>, };

export type Prerequisite = { title: string, detail: string, sources: Array<string>, };

export type Fact = "sent" | "confirmed" | "received" | "done";

export type Settings = { mode: Mode, text_size: TextSize, 
/**
 * The clinic 受付モード opens (the one last chosen), so a PC that keeps several clinics
 * opens the receptionist's own without a list first.
 */
clinic_id: string | null, };

export type Mode = "reception" | "technician";

export type TextSize = "standard" | "large" | "extra-large";

export type Board = { total: number, counts: Array<FilterCount>, 
/**
 * How many rows the filter and search keep, and where `rows` starts among them: a window
 * asks for the rows it shows, not for 10,000 at once.
 */
matched: number, offset: number, rows: Array<BoardRow>, };

export type BoardRow = { clinic_id: string, name: string, prefecture: string, 
/**
 * The 7 digits, and the 10-digit 都道府県+点数表+コード.
 */
medical_code: string, full_code: string, 
/**
 * The latest situation started (何がありましたか), if any.
 */
situation: string | null, urgency: Urgency, urgency_label: string, 
/**
 * The most urgent procedure, what to do there, what it waits for and until when.
 */
procedure: string | null, next_action: string | null, waiting_for: string | null, due: string | null, 
/**
 * The nearest deadline (承継 grace, certificate expiry, …) and its id.
 */
deadline: string | null, deadline_id: string | null, 
/**
 * A certificate expires within [`EXPIRING_MONTHS`] months.
 */
expiring: boolean, };

export type FilterCount = { filter: Filter, label: string, count: number, };

export type Filter = "problem" | "overdue" | "week" | "waiting" | "in-progress" | "done" | "expiring";

export type Urgency = "problem" | "overdue" | "week" | "waiting" | "in-progress" | "done" | "idle";

export type HistoryEntry = { kind: EntryKind, 
/**
 * What happened, in Japanese (the event's title, the confirmed sentence, the codes).
 */
what: string, procedure: string | null, 
/**
 * The day it happened (YYYY-MM-DD) for an event or a switch; `None` for a confirmation.
 */
date: string | null, terminal: string | null, 
/**
 * The 10-digit code an event was recorded for, when it snapshots it.
 */
code: string | null, role: Role, 
/**
 * 受付 or 技術者.
 */
role_label: string, 
/**
 * When it was written (RFC 3339, UTC), and the same in Japan's time as a list shows it
 * (「2026/12/1 09:30」).
 */
recorded_at: string, recorded_text: string, 
/**
 * The content version the clinic followed (events only).
 */
content_version: number | null, };

export type EntryKind = "event" | "confirmation" | "code-switch" | "terminal";

export type Sort = { key: SortKey, descending: boolean, };

export type SortKey = "urgency" | "name" | "code" | "prefecture" | "situation" | "due" | "deadline";

export type TerminalsPage = { today: string, view: TerminalsView, };

export type TerminalsView = { terminals: Array<TerminalCertificate>, 
/**
 * How the expiry and the renewal day are counted, from the content's rules.
 */
note: string, retired: Array<RegisteredTerminal>, changes: Array<ChangeLine>, };

export type TerminalCertificate = { terminal: string, 
/**
 * Its earlier names (renamed in the register), oldest first.
 */
former_names: Array<string>, 
/**
 * The day it was added to the register (`None`: a procedure's answers named it).
 */
added_on: string | null, 
/**
 * 医科歯科併設 only: the 7-digit code and its 点数表.
 */
code: string | null, score_table: string | null, status: Status, status_label: string, applied_on: string | null, notice_arrived_on: string | null, installed_on: string | null, 
/**
 * The expiry of the installed certificate (3年3か月 from its 発行日).
 */
expires_on: string | null, 
/**
 * The day to start renewing it (更新の準備: 3か月前, an UNCERTAIN rule of thumb), and how
 * it was computed.
 */
renewal_from: string | null, renewal_explanation: string | null, 
/**
 * The day to start renewing has come (today is on or after `renewal_from`).
 */
renewal_due: boolean, 
/**
 * In the register (端末台帳), so it can be renamed or retired; a name the certificate
 * procedure only suggests (before it starts) cannot.
 */
changeable: boolean, };

export type RegisteredTerminal = { name: string, 
/**
 * Its earlier names, oldest first.
 */
former_names: Array<string>, 
/**
 * The day it was added here; `None` when a procedure's answers named it.
 */
added_on: string | null, retired_on: string | null, };

export type TerminalChange = { kind: ChangeKind, name: string, 
/**
 * The new name ([`ChangeKind::Rename`] only).
 */
new_name: string | null, date: string, role: Role, 
/**
 * When it was written (RFC 3339, UTC).
 */
recorded_at: string, };

export type ChangeLine = { change: TerminalChange, 
/**
 * The change in a sentence (「端末の名前を「受付PC」から「受付1」に変更」).
 */
what: string, 
/**
 * 受付 or 技術者.
 */
role_label: string, };

export type ChangeKind = "add" | "rename" | "retire";

export type TerminalForm = { kind: ChangeKind, name: string, new_name?: string, };

export type ExpiringPage = { today: string, months: number, certificates: Array<ExpiringCertificate>, };

export type ExpiringCertificate = { clinic_id: string, name: string, prefecture: string, medical_code: string, terminal: string, code: string | null, score_table: string | null, expires_on: string, renewal_from: string | null, 
/**
 * Already past its expiry on `today`.
 */
expired: boolean, };

export type SheetKind = "checklist" | "blank" | "handoff" | "visit";

export type SheetRequest = { kind: SheetKind, clinic_ids: Array<string>, };

export type SheetView = { kind: SheetKind, checklist: ChecklistSheet | null, handoff: HandoffSheet | null, visit: VisitSheet | null, 
/**
 * The name 「PDFで保存」 offers.
 */
file_name: string, };

export type SavedPdf = { path: string, pages: number, 
/**
 * Characters the font lacks, in Japanese (they print as empty boxes).
 */
warnings: Array<string>, };

export type StripPage = { today: string, strip: TimelineStrip | null, };

export type ChecklistSheet = { title: string, clinic: SheetClinic, 
/**
 * 「2026年12月6日(日)」
 */
printed_on: string, 
/**
 * 「手順書 電子証明書 第3版、…」: the content each procedure follows.
 */
content_version: string, blank: boolean, procedures: Array<SheetProcedure>, 
/**
 * Said when no procedure is under way or planned.
 */
empty_note: string | null, deadlines: Array<SheetDeadline>, 
/**
 * The procedures on a date axis (none on a blank form, or before anything has a date).
 */
strip: TimelineStrip | null, };

export type HandoffSheet = { title: string, clinic: SheetClinic, printed_on: string, waits: Array<HandoffWait>, 
/**
 * Said when nothing is awaited.
 */
nothing: string | null, call_center_label: string, call_center: string, call_center_hours: string, };

export type HandoffWait = { what: string, 
/**
 * 「端末：受付PC（歯科 0712376）」: which ones, when several are awaited. The same letter
 * awaited for several terminals on the same day is one wait listing them all.
 */
runs: Array<string>, 
/**
 * メール, 郵便, ポータルのお知らせ.
 */
channel: string, from: string | null, 
/**
 * 「2027年1月7日(木)ごろ」
 */
expected: string, late: boolean, 
/**
 * 「※予定を過ぎています」 when late.
 */
late_note: string | null, 
/**
 * What to do when it arrives (which button to press in the app).
 */
on_arrival: string, 
/**
 * What to check, and whom to call, if it is late.
 */
if_late: Array<string>, };

export type VisitSheet = { title: string, printed_on: string, summary: Array<VisitRow>, clinics: Array<ChecklistSheet>, };

export type VisitRow = { name: string, medical_code: string, prefecture: string, urgency: string, next: string, due: string | null, };

export type SheetClinic = { name: string, 
/**
 * The 7 digits and the 10-digit 都道府県+点数表+コード.
 */
medical_code: string, full_code: string, prefecture: string, score_table: string, };

export type SheetDeadline = { date: string, what: string, };

export type SheetProcedure = { title: string, status_label: string, next_action: string | null, runs: Array<SheetRun>, };

export type SheetRun = { 
/**
 * 「端末：受付PC」「歯科 0712376」, or none for a procedure done once.
 */
label: string | null, status_label: string, steps: Array<SheetStep>, 
/**
 * What it waits for and when it should arrive, with how that date was computed.
 */
waiting: string | null, 
/**
 * The values this run types (per run: a 医科歯科併設 clinic types another code in each).
 */
values: Array<SheetValue>, };

export type SheetStep = { title: string, done: boolean, 
/**
 * 2026/12/25
 */
done_on: string | null, };

export type SheetValue = { label: string, value: string, };

export type TimelineStrip = { 
/**
 * The axis's first and last day, 「2026/12/1」.
 */
from: string, to: string, today_at: number, today_label: string, ticks: Array<StripTick>, rows: Array<StripRow>, 
/**
 * 「予定を過ぎているもの：1件」 or that nothing is late.
 */
summary: string, 
/**
 * How many rows are late (the summary is shown as a warning when any is).
 */
late: number, };

export type StripRow = { 
/**
 * 「電子証明書 発行申請 端末：受付PC」
 */
label: string, status_label: string, late: boolean, spans: Array<StripSpan>, marks: Array<StripMark>, };

export type StripSpan = { kind: SpanKind, from: number, to: number, 
/**
 * 「12/25 申請 → 2027/1/7ごろ」: said beside or under the span.
 */
text: string, };

export type StripMark = { at: number, text: string, };

export type StripTick = { at: number, label: string, };

export type SpanKind = "done" | "working" | "waiting" | "late" | "grace";

export type SecretsPage = { available: boolean, message: string | null, slots: Array<SecretSlot>, 
/**
 * How long a copied secret stays on the clipboard.
 */
clear_after_seconds: number, };

export type SecretSlot = { kind: SecretKind, label: string, stored: boolean, };

export type SecretKind = "portal-login" | "portal-password" | "master-pin" | "cert-download-id" | "cert-download-password";

export type BackupsPage = { 
/**
 * Newest first.
 */
backups: Array<BackupLine>, 
/**
 * 「作ってから14日間残します（…）。」
 */
kept: string, };

export type BackupLine = { 
/**
 * The file's name (what `restore_backup` takes).
 */
name: string, 
/**
 * 「2026/12/7 11:48」 (Japan time)
 */
written: string, bytes: number, };

export type RestoredView = { clinics: number, message: string, };

export type QuarantineView = { 
/**
 * What happened and what to do, in words.
 */
message: string, 
/**
 * The kept file's name in the data folder.
 */
kept_as: string, 
/**
 * The newest automatic backup (what 「最新のバックアップに戻す」 restores).
 */
latest_backup: BackupLine | null, };

export type ExportedFile = { path: string, clinics: number, };

export type ImportView = { added: Array<string>, merged: Array<string>, rows_added: number, already_here: number, 
/**
 * 「みどり内科：oqs-submitted　このパソコン 2026-12-03／取り込んだファイル 2026-12-02」
 */
conflicts: Array<string>, skipped: Array<string>, };

export type ContentPanel = { status: ContentStatus, 
/**
 * 「組み込み（版1）」 or 「ダウンロード（版3、2026-12-07 発行、2027-06-01 まで）」.
 */
summary: string, 
/**
 * The publisher's address the check uses.
 */
url: string, 
/**
 * A version applied in this session, used from the next start.
 */
pending: number | null, 
/**
 * The last check's result, if one ran in this session.
 */
last: CheckResult | null, };

export type ContentStatus = { version: number, source: ContentOrigin, 
/**
 * YYYY-MM-DD; none for the embedded content.
 */
issued: string | null, expires: string | null, highest_seen: number | null, embedded_version: number, 
/**
 * Why a downloaded bundle is not in use, or that the one in use has expired (Japanese).
 */
warning: string | null, };

export type ContentOrigin = "embedded" | "downloaded";

export type CheckResult = { outcome: CheckOutcome, 
/**
 * Japanese, for the panel.
 */
message: string, 
/**
 * 「2026/12/7 14:03」 (Japan time).
 */
checked_at: string, };

export type CheckOutcome = "applied" | "current" | "unreachable" | "refused" | "storage" | "busy";

export type ContentProgress = { done_bytes: number, total_bytes: number, file: string, };

/** Every command of the app (src-tauri/src/command_list.rs). */
export type Command = "form_options" | "list_clinics" | "validate_clinic" | "add_clinic" | "clinic_profile" | "validate_clinic_profile" | "save_clinic_profile" | "postal_candidates" | "clinic_checklist" | "dashboard" | "record_event" | "procedure_guide" | "procedure_questions" | "start_procedure" | "accept_content_update" | "situations" | "situation_questions" | "start_situation" | "clinic_home" | "procedure_wizard" | "confirm_danger" | "switch_code" | "get_settings" | "save_settings" | "open_portal" | "board_refresh" | "board_query" | "clinic_history" | "clinic_terminals" | "change_terminal" | "expiring_certificates" | "sheet_view" | "save_sheet_pdf" | "clinic_strip" | "clinic_secrets" | "set_secret" | "delete_secret" | "copy_secret" | "backups_page" | "backup_now" | "restore_backup" | "restore_backup_file" | "database_state" | "start_empty_data" | "export_clinics_json" | "import_clinics_json" | "content_panel" | "check_content_update" | "restart_app";
