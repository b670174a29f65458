// The print view with the Rust side mocked: it shows the sheet the core derived, prints through
// the WebView's dialog, saves the PDF through the app's command (saying where, or why not) and
// closes on Esc.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import PrintView from "./PrintView.svelte";
import TimelineStrip from "./TimelineStrip.svelte";
import type { ChecklistSheet, IpcError, SavedPdf, SheetRequest, SheetView, TimelineStrip as Strip } from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
  vi.restoreAllMocks();
});

const strip: Strip = {
  from: "2026/11/28",
  to: "2027/4/2",
  today_at: 0.25,
  today_label: "今日 2026/12/28",
  ticks: [{ at: 0.03, label: "2026年12月" }],
  rows: [
    {
      label: "電子証明書 発行申請　端末：受付PC",
      status_label: "待機中",
      late: false,
      spans: [{ kind: "waiting", from: 0.2, to: 0.3, text: "2026/12/25 → 電子証明書発行通知書 2027/1/7ごろ" }],
      marks: [],
    },
    {
      label: "電子証明書 発行申請　端末：診察室PC",
      status_label: "問題あり",
      late: true,
      spans: [
        { kind: "waiting", from: 0.1, to: 0.2, text: "2026/12/10 → 2026/12/17ごろ" },
        { kind: "late", from: 0.2, to: 0.25, text: "予定を過ぎています" },
      ],
      marks: [{ at: 0.9, text: "2027/3/30 猶予の期限" }],
    },
  ],
  summary: "予定を過ぎているもの：1件（赤で示しています）",
  late: 1,
};

const sheet: ChecklistSheet = {
  title: "手続きチェックリスト",
  clinic: {
    name: "みどり内科クリニック",
    medical_code: "0712370",
    full_code: "3410712370",
    prefecture: "広島県",
    score_table: "医科",
  },
  printed_on: "2026年12月28日(月)",
  content_version: "電子証明書 発行申請 第2版",
  blank: false,
  procedures: [
    {
      title: "電子証明書 発行申請",
      status_label: "待機中",
      next_action: null,
      runs: [
        {
          label: "端末：受付PC",
          status_label: "待機中",
          steps: [
            { title: "発行申請を送信する", done: true, done_on: "2026/12/25" },
            { title: "通知書を受け取る", done: false, done_on: null },
          ],
          waiting: "電子証明書発行通知書（簡易書留）　2027年1月7日(木)ごろ",
          values: [{ label: "端末名称", value: "受付PC" }],
        },
      ],
    },
  ],
  empty_note: null,
  deadlines: [{ date: "2027/3/30", what: "承継の猶予の期限" }],
  strip,
};

const view = (request: SheetRequest): SheetView => ({
  kind: request.kind,
  checklist: sheet,
  handoff: null,
  visit: null,
  file_name: "チェックリスト_みどり内科クリニック_2026-12-28.pdf",
});

describe("PrintView", () => {
  it("shows the core's sheet with its boxes, values and strip", async () => {
    mockIPC((cmd, args) => {
      if (cmd === "sheet_view") return view((args as { request: SheetRequest }).request);
      throw new Error(`unexpected ${cmd}`);
    });
    render(PrintView, { request: { kind: "checklist", clinic_ids: ["c1"] }, onclose: () => {} });
    expect((await screen.findByTestId("sheet-clinic-name")).textContent).toBe("みどり内科クリニック");
    const page = screen.getByTestId("sheet-checklist");
    expect(page.textContent).toContain("発行申請を送信する");
    expect(page.textContent).toContain("2026/12/25");
    expect(page.textContent).toContain("受付PC");
    expect(page.querySelectorAll(".box.done")).toHaveLength(1);
    expect(page.querySelectorAll(".box:not(.done)")).toHaveLength(1);
    expect(screen.getAllByTestId("strip-row")).toHaveLength(2);
    expect(document.activeElement).toBe(screen.getByTestId("print-heading"));
  });

  it("prints through the WebView and saves the PDF where the app says", async () => {
    const asked: SheetRequest[] = [];
    let answer: SavedPdf | null | IpcError = {
      path: "/home/u/チェックリスト.pdf",
      pages: 2,
      warnings: ["「𠮷」（U+20BB7）は印刷用の書体にないため、空白の四角で印刷されます。"],
    };
    mockIPC((cmd, args) => {
      if (cmd === "sheet_view") return view((args as { request: SheetRequest }).request);
      if (cmd === "save_sheet_pdf") {
        asked.push((args as { request: SheetRequest }).request);
        if (answer && "kind" in answer) throw answer;
        return answer;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    const request: SheetRequest = { kind: "visit", clinic_ids: ["c1", "c2"] };
    render(PrintView, { request, onclose: () => {} });
    await screen.findByTestId("sheet-checklist");
    await fireEvent.click(screen.getByTestId("print-print"));
    expect(print).toHaveBeenCalledTimes(1);

    await fireEvent.click(screen.getByTestId("print-save-pdf"));
    expect((await screen.findByTestId("print-saved")).textContent).toBe(
      "保存しました：/home/u/チェックリスト.pdf（2ページ）",
    );
    expect(screen.getByTestId("print-warning").textContent).toContain("U+20BB7");
    expect(asked).toEqual([request]);

    // Cancelled in the dialog: nothing said, nothing failed.
    answer = null;
    await fireEvent.click(screen.getByTestId("print-save-pdf"));
    await vi.waitFor(() => expect(asked).toHaveLength(2));
    expect(screen.queryByTestId("print-saved")).toBeNull();
    expect(screen.queryByTestId("print-save-error")).toBeNull();

    // Refused: the core's message, and the sheet is still there to try again.
    answer = {
      kind: "fileNotSaved",
      message: "「/x/a.pdf」に保存できませんでした（フォルダーがありません）。…何も保存していません。",
      issues: [],
      data: { codes: [], terminals: [], must_come_first: null, earliest_date: null, confirmations: [], answers: [] },
    };
    await fireEvent.click(screen.getByTestId("print-save-pdf"));
    const error = await screen.findByTestId("print-save-error");
    expect(error.textContent).toContain("ファイルを保存できませんでした");
    expect(error.textContent).toContain("何も保存していません");
    expect(screen.getByTestId("sheet-checklist")).toBeTruthy();
  });

  it("closes on Esc", async () => {
    mockIPC((cmd, args) => {
      if (cmd === "sheet_view") return view((args as { request: SheetRequest }).request);
      throw new Error(`unexpected ${cmd}`);
    });
    const onclose = vi.fn();
    render(PrintView, { request: { kind: "checklist", clinic_ids: ["c1"] }, onclose });
    await screen.findByTestId("sheet-checklist");
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(onclose).toHaveBeenCalledTimes(1);
  });
});

describe("TimelineStrip", () => {
  it("places each span where the core says and marks what is late", () => {
    render(TimelineStrip, { strip });
    const rows = screen.getAllByTestId("strip-row");
    expect(rows[0]!.textContent).toContain("2027/1/7ごろ");
    expect(rows[0]!.classList.contains("late")).toBe(false);
    expect(rows[1]!.classList.contains("late")).toBe(true);
    expect(rows[1]!.textContent).toContain("猶予の期限");
    const late = document.querySelector(".span.kind-late") as HTMLElement;
    expect(parseFloat(late.style.left)).toBeCloseTo(20);
    expect(parseFloat(late.style.width)).toBeCloseTo(5);
    expect(screen.getByTestId("strip-summary").classList.contains("late")).toBe(true);
  });
});
