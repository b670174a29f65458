import { describe, expect, it } from "vitest";
import { issuesByField, severityOf, toShownError } from "./errors";
import type { FormIssue } from "./api";

describe("toShownError", () => {
  it("keeps the core's Japanese message and adds a heading per kind", () => {
    const shown = toShownError({
      kind: "storageCorrupt",
      message: "データベースファイルが壊れているか…",
      issues: [],
    });
    expect(shown.title).toBe("データベースを読み込めません");
    expect(shown.message).toBe("データベースファイルが壊れているか…");
  });

  it("passes field issues through", () => {
    const issue: FormIssue = {
      field: "medical_code",
      severity: "error",
      code: "medical-code.length",
      message: "医療機関コードは数字7桁です",
    };
    expect(toShownError({ kind: "invalidInput", message: "x", issues: [issue] }).issues).toEqual([
      issue,
    ]);
  });

  it("still speaks Japanese for shapes it does not know", () => {
    for (const value of ["boom", new Error("boom"), { kind: "martian", message: "m" }, null]) {
      const shown = toShownError(value);
      expect(shown.title).toBe("予期しないエラーが発生しました");
      expect(shown.message).toContain("入力内容は残っています");
    }
  });
});

describe("issuesByField", () => {
  it("groups by field with errors before warnings", () => {
    const map = issuesByField([
      { field: "medical_code", severity: "warning", code: "w", message: "w" },
      { field: "name", severity: "error", code: "n", message: "n" },
      { field: "medical_code", severity: "error", code: "e", message: "e" },
    ]);
    expect([...map.keys()].sort()).toEqual(["medical_code", "name"]);
    expect(map.get("medical_code")?.map((i) => i.code)).toEqual(["e", "w"]);
  });
});

describe("severityOf", () => {
  const issue = (severity: FormIssue["severity"]): FormIssue => ({ field: "f", severity, code: severity, message: "" });
  it("marks a field invalid only for an error; warnings alone are a warning", () => {
    expect(severityOf([])).toBeNull();
    expect(severityOf([issue("warning")])).toBe("warning");
    expect(severityOf([issue("warning"), issue("error")])).toBe("error");
  });
});
