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
});
