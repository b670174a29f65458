// The save flow every form shares: ask the core to check, stop on errors, ask the user to
// confirm warnings once, then save. The core decides what is an error; this only sequences.
import type { FormIssue, FormReport } from "./api";
import { toShownError, type ShownError } from "./errors";

export type SaveOutcome<T> =
  | { kind: "errors"; failure: ShownError; issues: FormIssue[] }
  | { kind: "warnings"; issues: FormIssue[] }
  | { kind: "saved"; value: T }
  | { kind: "failed"; failure: ShownError; issues: FormIssue[] };

/** The summary of a check's errors, or null when the fields have none (warnings only). */
export function fieldFailure(issues: FormIssue[]): ShownError | null {
  if (!issues.some((i) => i.severity === "error")) return null;
  return {
    title: "入力内容を確認してください",
    message: "次の項目を直してから、もう一度保存してください。",
    issues,
  };
}

export async function checkThenSave<T>(
  validate: () => Promise<FormReport>,
  save: () => Promise<T>,
  warningsAccepted: boolean,
): Promise<SaveOutcome<T>> {
  try {
    const report = await validate();
    const failure = fieldFailure(report.issues);
    if (failure) return { kind: "errors", issues: report.issues, failure };
    if (report.issues.length > 0 && !warningsAccepted) {
      return { kind: "warnings", issues: report.issues };
    }
    return { kind: "saved", value: await save() };
  } catch (e) {
    const failure = toShownError(e);
    return { kind: "failed", failure, issues: failure.issues };
  }
}
