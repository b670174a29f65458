// Turns whatever a command rejected with into something the screen can show in Japanese.
// The core writes the messages; this only supplies a heading per error kind.
import type { ErrorData, ErrorKind, FormIssue, IpcError } from "./api";

const TITLES: Record<ErrorKind, string> = {
  codeRequired: "どちらの医療機関コードかを選んでください",
  unknownCode: "医療機関コードを確認してください",
  unknownTerminal: "端末を確認してください",
  notInProcedure: "記録する出来事を確認してください",
  timeZoneUnavailable: "今日の日付が分かりません",
  internal: "内部の問題が起きました",
  invalidInput: "入力内容を確認してください",
  notFound: "見つかりません",
  duplicate: "すでに登録されています",
  invalidDate: "日付を確認してください",
  dateOutOfRange: "扱えない日付です",
  storageBusy: "データベースが使用中です",
  storageCorrupt: "データベースを読み込めません",
  storageTooNew: "新しいバージョンのデータです",
  storageUnavailable: "保存できませんでした",
  contentInvalid: "手順書のデータを読み込めません",
  outOfOrder: "順番または日付を確認してください",
  blocked: "まだ始められません",
  confirmationRequired: "注意事項の確認が必要です",
  answersRequired: "先に答えていただく質問があります",
  codeSwitchRequired: "医療機関コードの切り替えが必要です",
  browserUnavailable: "ブラウザーを開けませんでした",
  fileNotSaved: "ファイルを保存できませんでした",
  keychainUnavailable: "秘密情報の保管場所を使えません",
};

export interface ShownError {
  title: string;
  message: string;
  issues: FormIssue[];
  /** The core's kind and what the screen can act on (the codes or terminals to offer). */
  kind?: ErrorKind;
  data?: ErrorData;
}

function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as IpcError).kind === "string" &&
    typeof (value as IpcError).message === "string"
  );
}

/** Any rejection → heading + message + field issues. Unknown shapes still get Japanese text. */
export function toShownError(value: unknown): ShownError {
  if (isIpcError(value) && value.kind in TITLES) {
    return {
      title: TITLES[value.kind],
      message: value.message,
      issues: Array.isArray(value.issues) ? value.issues : [],
      kind: value.kind,
      data: value.data,
    };
  }
  const detail = value instanceof Error ? value.message : String(value);
  return {
    title: "予期しないエラーが発生しました",
    message: `操作を完了できませんでした。入力内容は残っています。もう一度お試しください。（詳細: ${detail}）`,
    issues: [],
  };
}

/** Field name → the messages to show beside that field, errors first. */
export function issuesByField(issues: FormIssue[]): Map<string, FormIssue[]> {
  const map = new Map<string, FormIssue[]>();
  const ordered = [...issues].sort(
    (a, b) => Number(a.severity === "warning") - Number(b.severity === "warning"),
  );
  for (const issue of ordered) {
    const list = map.get(issue.field) ?? [];
    list.push(issue);
    map.set(issue.field, list);
  }
  return map;
}

/** How a field's messages mark it: an error (aria-invalid, red), only warnings (amber, never
 * aria-invalid: the user may accept them), or nothing. */
export function severityOf(issues: FormIssue[]): "error" | "warning" | null {
  if (issues.some((i) => i.severity === "error")) return "error";
  return issues.length > 0 ? "warning" : null;
}

/** A choice the screen offers after a refusal: record again with this code or terminal. */
export interface RetryChoice {
  label: string;
  code?: string;
  terminal?: string;
}

/** The choices a refusal asks for: which 医療機関コード (医科歯科併設), or which terminal. The
 * core fills only the list that applies to the error, so the screen needs no rule of its own. */
export function retryChoices(error: ShownError | null | undefined): RetryChoice[] {
  if (!error?.data) return [];
  return [
    ...error.data.codes.map((c) => ({ label: `${c.score_table} ${c.code}`, code: c.code })),
    ...error.data.terminals.map((t) => ({ label: t, terminal: t })),
  ];
}
