// The step guide with the Rust side mocked: values come ready to copy, a missing value says what
// to fill in, a dangerous choice shows the safe one, and source conflicts are stated.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Guide from "./Guide.svelte";
import type { WizardPage, WizardStep } from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
  vi.unstubAllGlobals();
});

const step: WizardStep = {
  id: "fill-form",
  title: "申請内容を入力する",
  portal_path: ["オンライン資格確認等システム", "利用申請"],
  instructions: "画面の項目を入力します。",
  expect: "確認画面が表示されます。",
  warnings: [],
  sources: ["001:3-1"],
  ours: "確認画面の見方はオン資ナビの補足です。",
  done_when: null,
  only_if: null,
  field: [],
  danger: [],
  conflict: [
    { topic: "発行料", claims: ["1,500円", "1,800円"], chosen: "1,500円", why: "公開資料はすべて1,500円です。" },
  ],
  wait: null,
  secrets: [],
  prepared: [
    { label: "医療機関コード", from: "clinic.medical_code", answer_key: null, profile_key: null, value: "0712362", errors: [], warnings: [], note: null },
    {
      label: "電話番号",
      from: "profile.phone", answer_key: null, profile_key: "phone",
      value: null,
      errors: [{ code: "field.missing", message: "「電話番号」がまだ登録されていません。" }],
      warnings: [],
      note: null,
    },
  ],
  guards: [
    {
      id: "line-type",
      question: "電気通信回線種別",
      safe_choice: "1（NTT フレッツ・光コラボ）",
      dangerous_choice: "2",
      consequence: "設置日に接続できません",
      confirm: "回線種別を確かめました",
      only_if: null,
      sources: ["001:3-2"],
    },
  ],
  event: null,
  done: false,
  confirmed: [],
  all_confirmed: false,
  missing_answers: [],
};

/** The core's wizard page around these steps (the guide reads its steps). */
const page = (steps: WizardStep[]): WizardPage => ({
  today: "2026-12-01",
  wizard: {
    procedure_id: "oqs",
    title: "オンライン資格確認 利用開始・変更申請",
    summary: "",
    prerequisites: [],
    terminal: null,
    code: null,
    started: true,
    steps,
    current: 0,
    status: "in-progress",
    status_label: "進行中",
    due_text: null,
    next_action: null,
    questions: [],
  },
});

describe("Guide", () => {
  it("shows each value ready to copy, what is missing, the safe choice and the conflict", async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "procedure_wizard") {
        calls.push(args);
        return page([step]);
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    render(Guide, { clinicId: "c1", procedureId: "oqs", terminal: "受付", code: "0712376" });
    const value = (await screen.findByTestId("guide-value")) as HTMLInputElement;
    expect(value.value).toBe("0712362");
    expect(calls).toEqual([{ clinicId: "c1", procedureId: "oqs", terminal: "受付", code: "0712376" }]);
    expect(screen.getByTestId("guide-path").textContent).toBe("オンライン資格確認等システム › 利用申請");
    expect(screen.getByTestId("guide-field-error").textContent).toContain("電話番号");
    const guard = screen.getByTestId("guide-guard").textContent ?? "";
    expect(guard).toContain("1（NTT フレッツ・光コラボ）");
    expect(guard).toContain("設置日に接続できません");
    expect(screen.getByTestId("guide-conflict").textContent).toContain("1,800円");
    // What no seed supports is marked as ours.
    expect(screen.getByTestId("guide-ours").textContent).toContain("オン資ナビの補足");

    await fireEvent.click(screen.getByTestId("guide-copy"));
    expect(writeText).toHaveBeenCalledWith("0712362");
    expect((await screen.findByRole("status")).textContent).toContain("コピーしました");
  });

  it("falls back to selecting the value when the clipboard is not available", async () => {
    mockIPC(() => page([step]));
    vi.stubGlobal("navigator", { clipboard: { writeText: () => Promise.reject(new Error("denied")) } });
    render(Guide, { clinicId: "c1", procedureId: "oqs" });
    await fireEvent.click(await screen.findByTestId("guide-copy"));
    expect((await screen.findByRole("status")).textContent).toContain("Ctrl+C");
  });
});

describe("Guide guards", () => {
  it("stores the confirmation in the core and shows it confirmed", async () => {
    let confirmed: string[] = [];
    const stored: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "procedure_wizard") return page([{ ...step, confirmed, all_confirmed: confirmed.length === step.guards.length }]);
      if (cmd === "confirm_danger") {
        stored.push(args);
        confirmed = ["line-type"];
        return null;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Guide, { clinicId: "c1", procedureId: "oqs", terminal: "受付" });
    const box = (await screen.findByTestId("guide-confirm")) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await fireEvent.click(box);
    await vi.waitFor(() => expect((screen.getByTestId("guide-confirm") as HTMLInputElement).disabled).toBe(true));
    expect(stored).toEqual([{ clinicId: "c1", procedureId: "oqs", dangerId: "line-type", terminal: "受付" }]);
    expect(screen.getByTestId("guide-guard").textContent).toContain("確認済み");
  });
});
