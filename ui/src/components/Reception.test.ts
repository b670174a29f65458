// 受付モード with the Rust side mocked: pick one of several clinics, open the wizard from the
// home's next step, come back, and change the clinic.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Reception from "./Reception.svelte";
import type { Clinic } from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const clinic = (id: string, name: string): Clinic => ({
  id,
  name,
  pref_code: "13",
  prefecture: "",
  score_table: "1",
  score_table_name: "",
  medical_code: "0712362",
  full_code: "1310712362",
  created_at: "2026-12-01T00:00:00Z",
});

describe("Reception", () => {
  it("picks a clinic, opens the wizard of the next step and goes back home", async () => {
    const wizardArgs: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "clinic_home") {
        return {
          today: "2026-12-01",
          home: {
            clinic_id: "b",
            clinic_name: "田中医院",
            medical_code: "0712362",
            situations: [{ id: "new-clinic", title: "新しく開業する" }],
            plan: [],
            next: {
              procedure_id: "oqs",
              procedure_title: "利用申請",
              terminal: "受付",
              code: null,
              step_id: "open-menu",
              step_title: "メニューを開く",
              step_number: 1,
              step_count: 3,
              fresh: true,
              reason: null,
            },
            waiting: [],
            deadlines: [],
            switch_code: null,
            all_done: false,
          },
        };
      }
      if (cmd === "procedure_wizard") {
        wizardArgs.push(args);
        return {
          today: "2026-12-01",
          wizard: {
            procedure_id: "oqs",
            title: "利用申請",
            summary: "",
            prerequisites: [],
            terminal: "受付",
            code: null,
            started: false,
            steps: [],
            current: 0,
            status: "not-started",
            status_label: "",
            due_text: null,
            next_action: null,
            questions: [],
          },
        };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Reception, {
      clinics: [clinic("a", "山田医院"), clinic("b", "田中医院")],
      options: { prefectures: [], score_tables: [] },
      loading: false,
      onclinicschanged: vi.fn(),
    });
    await fireEvent.click(screen.getByTestId("reception-pick-b"));
    const start = await screen.findByTestId("home-next-start");
    expect(start.textContent?.trim()).toBe("始める");
    await fireEvent.click(start);
    expect(await screen.findByTestId("wizard")).toBeTruthy();
    expect(wizardArgs).toEqual([{ clinicId: "b", procedureId: "oqs", terminal: "受付", code: undefined }]);
    await fireEvent.click(await screen.findByTestId("wizard-later"));
    expect(await screen.findByTestId("home")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("reception-change-clinic"));
    expect(screen.getByTestId("reception-pick-a")).toBeTruthy();
  });

  it("opens the only clinic directly and offers no clinic change", async () => {
    mockIPC((cmd) => {
      if (cmd === "clinic_home") throw { kind: "notFound", message: "見つかりません。", issues: [] };
      throw new Error(`unexpected ${cmd}`);
    });
    render(Reception, {
      clinics: [clinic("a", "山田医院")],
      options: { prefectures: [], score_tables: [] },
      loading: false,
      onclinicschanged: vi.fn(),
    });
    expect(await screen.findByTestId("home-load-error")).toBeTruthy();
    expect(screen.queryByTestId("reception-change-clinic")).toBeNull();
  });
});
