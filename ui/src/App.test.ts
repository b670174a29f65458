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
      if (cmd === "database_state") return null;
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

describe("a damaged database set aside at start (隔離)", () => {
  const view = {
    message: "データベースファイルが壊れているか、オン資ナビのファイルではなかったため、使わずに「onshi-navi.sqlite3.damaged-20261207T010203Z」という名前に変えて…",
    kept_as: "onshi-navi.sqlite3.damaged-20261207T010203Z",
    latest_backup: { name: "onshi-navi-20261206T230000.000Z.sqlite3", written: "2026/12/7 8:00:00", bytes: 40960 },
  };

  it("offers the newest backup behind a guard, loads nothing before, and the home after", async () => {
    const calls: [string, unknown][] = [];
    let restored = false;
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "database_state") return restored ? null : view;
      if (cmd === "restore_backup") {
        restored = true;
        return { clinics: 3, message: "バックアップから戻しました（医療機関 3 件）。" };
      }
      if (cmd === "get_settings") return { mode: "technician", text_size: "standard" };
      if (cmd === "form_options") return { prefectures: [], score_tables: [] };
      if (cmd === "board_refresh") return board;
      return new Promise(() => {});
    });
    render(App);
    expect((await screen.findByTestId("quarantine-message")).textContent).toContain("壊れている");
    expect(screen.getByTestId("quarantine-kept").textContent).toBe(view.kept_as);
    // Nothing else asked the core while the database is set aside.
    expect(calls.map(([c]) => c)).toEqual(["database_state"]);
    await fireEvent.click(screen.getByTestId("quarantine-restore"));
    expect(calls.some(([c]) => c === "restore_backup")).toBe(false);
    await fireEvent.click(await screen.findByTestId("quarantine-restore-confirm"));
    await waitFor(() => expect(calls).toContainEqual(["restore_backup", { name: view.latest_backup.name }]));
    expect((await screen.findByTestId("recovered")).textContent).toContain("医療機関 3 件");
    expect(await screen.findAllByTestId("board-row")).toHaveLength(2);
    expect(screen.queryByTestId("quarantine")).toBeNull();
  });

  it("starts with empty data only after its own guard", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "database_state") return { ...view, latest_backup: null };
      if (cmd === "start_empty_data") return null;
      if (cmd === "get_settings") return { mode: "reception", text_size: "standard" };
      if (cmd === "form_options") return { prefectures: [], score_tables: [] };
      if (cmd === "list_clinics") return [];
      return new Promise(() => {});
    });
    render(App);
    expect(await screen.findByTestId("quarantine-no-backup")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("quarantine-empty"));
    await fireEvent.click(screen.getByTestId("quarantine-empty-cancel"));
    expect(calls).not.toContain("start_empty_data");
    await fireEvent.click(screen.getByTestId("quarantine-empty"));
    await fireEvent.click(screen.getByTestId("quarantine-empty-confirm"));
    expect((await screen.findByTestId("recovered")).textContent).toContain("空のデータで始めました");
    await waitFor(() => expect(calls).toContain("list_clinics"));
  });
});
