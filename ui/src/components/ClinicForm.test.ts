// The form's UI-only behaviour, with the Rust side mocked at the IPC boundary: nothing typed is
// lost on failure, errors are announced, warnings need an explicit confirmation.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ClinicForm from "./ClinicForm.svelte";
import type { AddedClinic, FormOptions, FormReport, NewClinicForm } from "../lib/api";

const options: FormOptions = {
  prefectures: [
    { code: "13", name: "東京都" },
    { code: "34", name: "広島県" },
  ],
  score_tables: [
    { code: "1", name: "医科" },
    { code: "3", name: "歯科" },
  ],
};

afterEach(() => {
  cleanup();
  clearMocks();
});

async function fill(code: string) {
  await fireEvent.input(screen.getByTestId("clinic-name"), { target: { value: "山田医院" } });
  await fireEvent.change(screen.getByTestId("clinic-prefecture"), { target: { value: "34" } });
  await fireEvent.change(screen.getByTestId("clinic-score-table"), { target: { value: "1" } });
  await fireEvent.input(screen.getByTestId("clinic-code"), { target: { value: code } });
}

describe("ClinicForm", () => {
  it("shows the core's errors, focuses the summary and keeps every value", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "validate_clinic") {
        return {
          issues: [
            {
              field: "medical_code",
              severity: "error",
              code: "medical-code.length",
              message: "医療機関コードは数字7桁です（入力は5桁）。",
            },
          ],
        } satisfies FormReport;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const onsaved = vi.fn();
    render(ClinicForm, { options, onsaved });
    await fill("12345");
    await fireEvent.click(screen.getByTestId("clinic-submit"));

    const summary = await screen.findByTestId("error-summary");
    expect(summary.textContent).toContain("医療機関コード");
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(screen.getByTestId("error-medical_code").textContent).toContain("7桁");
    expect((screen.getByTestId("clinic-code") as HTMLInputElement).value).toBe("12345");
    expect((screen.getByTestId("clinic-name") as HTMLInputElement).value).toBe("山田医院");
    expect(calls).toEqual(["validate_clinic"]);
    expect(onsaved).not.toHaveBeenCalled();
  });

  it("asks before saving with warnings, then saves and clears", async () => {
    const calls: string[] = [];
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === "validate_clinic") {
        return {
          issues: [
            {
              field: "medical_code",
              severity: "warning",
              code: "medical-code.check-digit",
              message: "最後の桁は 2 になるはずです",
            },
          ],
        } satisfies FormReport;
      }
      if (cmd === "add_clinic") {
        const form = (args as { form: NewClinicForm }).form;
        return {
          clinic: {
            id: "x",
            name: form.name,
            pref_code: form.prefecture,
            prefecture: "広島県",
            score_table: form.score_table,
            score_table_name: "医科",
            medical_code: form.medical_code,
            full_code: `${form.prefecture}${form.score_table}${form.medical_code}`,
            created_at: "2026-12-01T00:00:00Z",
          },
          warnings: { issues: [] },
        } satisfies AddedClinic;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const onsaved = vi.fn();
    render(ClinicForm, { options, onsaved });
    await fill("0712360");
    await fireEvent.click(screen.getByTestId("clinic-submit"));
    await screen.findByTestId("warning-summary");
    expect(calls).toEqual(["validate_clinic"]);

    await fireEvent.click(screen.getByTestId("confirm-warnings"));
    const ok = await screen.findByTestId("save-success");
    expect(ok.textContent).toContain("山田医院");
    expect(calls).toEqual(["validate_clinic", "validate_clinic", "add_clinic"]);
    expect(onsaved).toHaveBeenCalledOnce();
    expect((screen.getByTestId("clinic-code") as HTMLInputElement).value).toBe("");
  });

  it("keeps the input when saving fails in storage", async () => {
    mockIPC((cmd) => {
      if (cmd === "validate_clinic") return { issues: [] } satisfies FormReport;
      if (cmd === "add_clinic") {
        throw { kind: "storageUnavailable", message: "データを保存または読み込みできませんでした。", issues: [] };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(ClinicForm, { options, onsaved: vi.fn() });
    await fill("0712362");
    await fireEvent.click(screen.getByTestId("clinic-submit"));
    const summary = await screen.findByTestId("error-summary");
    expect(summary.textContent).toContain("保存できませんでした");
    expect((screen.getByTestId("clinic-code") as HTMLInputElement).value).toBe("0712362");
  });

  describe("reported problems", () => {
    const lengthError = {
      field: "medical_code",
      severity: "error",
      code: "medical-code.length",
      message: "医療機関コードは数字7桁です（入力は5桁）。",
    } as const;
    const nameError = { field: "name", severity: "error", code: "name.empty", message: "医療機関名を入力してください。" } as const;
    const checkDigit = {
      field: "medical_code",
      severity: "warning",
      code: "medical-code.check-digit",
      message: "最後の桁は 2 になるはずです",
    } as const;

    /** validate_clinic answers by the code typed: 5 digits → the length error. */
    function mockByCode(extra: (form: NewClinicForm) => FormReport["issues"] = () => []) {
      mockIPC((cmd, args) => {
        const form = (args as { form: NewClinicForm }).form;
        if (cmd === "validate_clinic") {
          return { issues: [...(form.medical_code.length === 5 ? [lengthError] : []), ...extra(form)] };
        }
        throw new Error(`unexpected ${cmd}`);
      });
    }

    it("a. drops the error summary when the blur check finds the error fixed", async () => {
      mockByCode();
      render(ClinicForm, { options, onsaved: vi.fn() });
      await fill("12345");
      await fireEvent.click(screen.getByTestId("clinic-submit"));
      await screen.findByTestId("error-summary");

      const code = screen.getByTestId("clinic-code");
      await fireEvent.input(code, { target: { value: "0712362" } });
      await fireEvent.blur(code);
      await waitFor(() => expect(screen.queryByTestId("error-medical_code")).toBeNull());
      expect(screen.queryByTestId("error-summary")).toBeNull();
    });

    it("a. lists only the errors still there after a blur check", async () => {
      mockByCode((form) => (form.name === "" ? [nameError] : []));
      render(ClinicForm, { options, onsaved: vi.fn() });
      await fill("12345");
      await fireEvent.input(screen.getByTestId("clinic-name"), { target: { value: "" } });
      await fireEvent.click(screen.getByTestId("clinic-submit"));
      const summary = await screen.findByTestId("error-summary");
      expect(summary.querySelectorAll("li")).toHaveLength(2);

      const name = screen.getByTestId("clinic-name");
      await fireEvent.input(name, { target: { value: "山田医院" } });
      await fireEvent.blur(name);
      await waitFor(() => expect(screen.getByTestId("error-summary").querySelectorAll("li")).toHaveLength(1));
      expect(screen.getByTestId("error-summary").textContent).toContain("7桁");
      expect(screen.getByTestId("error-summary").textContent).not.toContain("医療機関名を入力してください");
    });

    it("a. (already fine) a corrected field saved again leaves no old message", async () => {
      mockByCode((form) => (form.medical_code === "0712360" ? [checkDigit] : []));
      render(ClinicForm, { options, onsaved: vi.fn() });
      await fill("12345");
      await fireEvent.click(screen.getByTestId("clinic-submit"));
      await screen.findByTestId("error-summary");
      await fireEvent.input(screen.getByTestId("clinic-code"), { target: { value: "0712360" } });
      await fireEvent.click(screen.getByTestId("clinic-submit"));
      await screen.findByTestId("warning-summary");
      expect(screen.queryByTestId("error-summary")).toBeNull();
      expect(screen.queryByTestId("error-medical_code")).toBeNull();
    });

    it("a. keeps a storage failure on blur (the save has not happened yet)", async () => {
      mockIPC((cmd) => {
        if (cmd === "validate_clinic") return { issues: [] } satisfies FormReport;
        if (cmd === "add_clinic") {
          throw { kind: "storageUnavailable", message: "データを保存または読み込みできませんでした。", issues: [] };
        }
        throw new Error(`unexpected ${cmd}`);
      });
      render(ClinicForm, { options, onsaved: vi.fn() });
      await fill("0712362");
      await fireEvent.click(screen.getByTestId("clinic-submit"));
      await screen.findByTestId("error-summary");
      await fireEvent.blur(screen.getByTestId("clinic-code"));
      await new Promise((r) => setTimeout(r, 20));
      expect(screen.getByTestId("error-summary").textContent).toContain("保存できませんでした");
    });

    it("b. marks a warning as a warning (注意, amber), never aria-invalid; an error stays invalid", async () => {
      mockByCode((form) => [
        ...(form.medical_code === "0712360" ? [checkDigit] : []),
        { field: "score_table", severity: "warning", code: "score-table.unusual", message: "この点数表で正しいですか。" },
      ]);
      render(ClinicForm, { options, onsaved: vi.fn() });
      await fill("0712360");
      await fireEvent.click(screen.getByTestId("clinic-submit"));
      await screen.findByTestId("warning-summary");

      const code = screen.getByTestId("clinic-code");
      expect(code.getAttribute("aria-invalid")).toBe("false");
      expect(code.classList.contains("has-warning")).toBe(true);
      expect(screen.getByTestId("warning-medical_code").textContent).toBe("注意：最後の桁は 2 になるはずです");
      expect(screen.getByTestId("warning-medical_code").classList.contains("warning")).toBe(true);
      const table = screen.getByTestId("clinic-score-table");
      expect(table.getAttribute("aria-invalid")).toBe("false");
      expect(table.classList.contains("has-warning")).toBe(true);

      // The same field with an error: invalid, not amber.
      await fireEvent.input(code, { target: { value: "12345" } });
      await fireEvent.click(screen.getByTestId("clinic-submit"));
      await screen.findByTestId("error-summary");
      expect(code.getAttribute("aria-invalid")).toBe("true");
      expect(code.classList.contains("has-warning")).toBe(false);
      expect(screen.getByTestId("error-medical_code").textContent).not.toContain("注意");
    });

    it("c. moves the focus to the success message after 「このまま保存する」", async () => {
      mockIPC((cmd, args) => {
        if (cmd === "validate_clinic") return { issues: [checkDigit] } satisfies FormReport;
        if (cmd === "add_clinic") {
          const form = (args as { form: NewClinicForm }).form;
          return {
            clinic: {
              id: "x",
              name: form.name,
              pref_code: form.prefecture,
              prefecture: "広島県",
              score_table: form.score_table,
              score_table_name: "医科",
              medical_code: form.medical_code,
              full_code: "",
              created_at: "2026-12-01T00:00:00Z",
            },
            warnings: { issues: [] },
          } satisfies AddedClinic;
        }
        throw new Error(`unexpected ${cmd}`);
      });
      render(ClinicForm, { options, onsaved: vi.fn() });
      await fill("0712360");
      await fireEvent.click(screen.getByTestId("clinic-submit"));
      const accept = await screen.findByTestId("confirm-warnings");
      accept.focus();
      await fireEvent.click(accept);
      const ok = await screen.findByTestId("save-success");
      await waitFor(() => expect(document.activeElement).toBe(ok));
    });
  });
});
