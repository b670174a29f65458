// The header's settings with the Rust side mocked: the saved mode and text size are applied on
// start, and a change is applied at once and saved.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import type { Board, BoardRow, Clinic } from "./lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
  delete document.documentElement.dataset.textSize;
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

const boardRow = (id: string, name: string): BoardRow => ({
  clinic_id: id,
  name,
  prefecture: "",
  medical_code: "0712362",
  full_code: "1310712362",
  situation: null,
  urgency: "idle",
  urgency_label: "",
  procedure: null,
  next_action: null,
  waiting_for: null,
  due: null,
  deadline: null,
  deadline_id: null,
  expiring: false,
});

const board: Board = {
  total: 2,
  counts: [],
  matched: 2,
  offset: 0,
  rows: [boardRow("a", "山田医院"), boardRow("b", "田中歯科")],
};

describe("App settings", () => {
  it("applies the saved settings and saves a change of mode and text size", async () => {
    const saved: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "get_settings") return { mode: "technician", text_size: "large" };
      if (cmd === "save_settings") {
        saved.push(args);
        return null;
      }
      if (cmd === "form_options") return { prefectures: [], score_tables: [] };
      if (cmd === "list_clinics") return [clinic("a", "山田医院"), clinic("b", "田中歯科")];
      if (cmd === "board_refresh") return board;
      throw new Error(`unexpected ${cmd}`);
    });
    render(App);
    const technician = await screen.findByTestId("mode-technician");
    expect(technician.getAttribute("aria-pressed")).toBe("true");
    expect(document.documentElement.dataset.textSize).toBe("large");
    expect(await screen.findByTestId("dashboard")).toBeTruthy();
    expect((await screen.findAllByTestId("board-row")).map((r) => r.dataset.clinicId)).toEqual(["a", "b"]);

    await fireEvent.click(screen.getByTestId("text-size-extra-large"));
    expect(document.documentElement.dataset.textSize).toBe("extra-large");
    expect(screen.getByTestId("text-size-extra-large").getAttribute("aria-pressed")).toBe("true");

    await fireEvent.click(screen.getByTestId("mode-reception"));
    expect(await screen.findByTestId("reception-pick-b")).toBeTruthy();
    expect(screen.queryByTestId("dashboard")).toBeNull();
    await waitFor(() =>
      expect(saved).toEqual([
        { settings: { mode: "technician", text_size: "extra-large" } },
        { settings: { mode: "reception", text_size: "extra-large" } },
      ]),
    );
  });
});

describe("技術者モード", () => {
  it("opens a clinic from the dashboard, and Esc brings the focus back to its row", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "get_settings") return { mode: "technician", text_size: "standard" };
      if (cmd === "form_options") return { prefectures: [], score_tables: [] };
      if (cmd === "list_clinics") return [clinic("a", "山田医院"), clinic("b", "田中歯科")];
      if (cmd === "board_refresh") return board;
      // The clinic's own screens stay loading: this test is about the way there and back.
      return new Promise(() => {});
    });
    render(App);
    const rows = await screen.findAllByTestId("board-row");
    expect(calls.filter((c) => c === "board_refresh")).toHaveLength(1);
    rows[0]!.focus();
    await fireEvent.keyDown(rows[0]!, { key: "ArrowDown" });
    await waitFor(() => expect(document.activeElement).toBe(rows[1]));
    await fireEvent.keyDown(rows[1]!, { key: "Enter" });
    const tab = await screen.findByTestId("tab-checklist");
    expect(screen.getByRole("heading", { name: "田中歯科" })).toBeTruthy();
    tab.focus();
    await fireEvent.keyDown(tab, { key: "Escape" });
    await waitFor(() => expect(document.activeElement).toBe(rows[1]));
    // Back at the list, the board is derived afresh; the detail stays open beside it.
    await waitFor(() => expect(calls.filter((c) => c === "board_refresh")).toHaveLength(2));
    expect(screen.getByTestId("tab-checklist")).toBeTruthy();

    await fireEvent.click(screen.getByTestId("dashboard-add"));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("heading", { name: "医療機関を追加" })));
  });
});
