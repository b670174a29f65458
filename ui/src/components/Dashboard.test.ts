// 担当一覧 with the Rust side mocked: the core's rows are shown, filter and search are asked of
// the core, only a window of a long list is rendered, and the keyboard walks and opens rows.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Dashboard from "./Dashboard.svelte";
import type { Board, BoardRow, Filter } from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const FILTERS: Filter[] = ["problem", "overdue", "week", "waiting", "in-progress", "done", "expiring"];

const row = (i: number, over: Partial<BoardRow> = {}): BoardRow => ({
  clinic_id: `c${i}`,
  name: `テスト医院${i}`,
  prefecture: "県名",
  medical_code: String(1000000 + i),
  full_code: String(3411000000 + i),
  situation: null,
  urgency: "waiting",
  urgency_label: "ラベルW",
  procedure: "手続きA",
  next_action: "書類を送る",
  waiting_for: "返事",
  due: "2027-01-05",
  deadline: "2026-12-25",
  deadline_id: "d",
  expiring: false,
  ...over,
});

const boardOf = (rows: BoardRow[], total = rows.length): Board => ({
  total,
  counts: FILTERS.map((filter, i) => ({ filter, label: `絞り${i}`, count: i })),
  matched: rows.length,
  offset: 0,
  rows,
});

describe("Dashboard", () => {
  it("shows the rows of board_refresh with the core's labels and dates", async () => {
    mockIPC((cmd) => {
      if (cmd === "board_refresh")
        return boardOf([row(1, { urgency: "problem", urgency_label: "ラベルP", situation: "移転した" }), row(2)]);
      throw new Error(`unexpected ${cmd}`);
    });
    render(Dashboard, { onopen: () => {}, onadd: () => {} });
    const rows = await screen.findAllByTestId("board-row");
    expect(rows.map((r) => r.dataset.clinicId)).toEqual(["c1", "c2"]);
    const first = rows[0]!.textContent ?? "";
    for (const text of ["ラベルP", "テスト医院1", "1000001", "県名", "移転した", "手続きA", "書類を送る", "返事"])
      expect(first).toContain(text);
    expect(first).toContain("2027/1/5");
    expect(first).toContain("2026/12/25");
    expect(screen.getByTestId("dashboard-count").textContent).toContain("2 件中 2 件");
    expect(screen.getByTestId("dashboard-count").getAttribute("aria-live")).toBe("polite");
    expect(screen.getByTestId("filter-overdue").textContent).toBe("絞り1 1");
    expect(screen.getByTestId("filter-all").getAttribute("aria-pressed")).toBe("true");
    // One tab stop: only the active row is in the tab order.
    expect(rows.map((r) => r.getAttribute("tabindex"))).toEqual(["0", "-1"]);
  });

  it("asks the core for a filter's rows, and clears it on a second click", async () => {
    const queries: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "board_refresh") return boardOf([row(1), row(2), row(3)]);
      if (cmd === "board_query") {
        queries.push(args);
        const { filter } = args as { filter: Filter | null };
        return filter === "problem" ? boardOf([row(3, { urgency: "problem" })], 3) : boardOf([row(1), row(2), row(3)]);
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Dashboard, { onopen: () => {}, onadd: () => {} });
    await screen.findAllByTestId("board-row");
    await fireEvent.click(screen.getByTestId("filter-problem"));
    await waitFor(() => expect(screen.getAllByTestId("board-row").map((r) => r.dataset.clinicId)).toEqual(["c3"]));
    expect(queries).toEqual([{ filter: "problem", search: null, sort: null, offset: 0, limit: 100 }]);
    expect(screen.getByTestId("filter-problem").getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByTestId("filter-all").getAttribute("aria-pressed")).toBe("false");
    expect(screen.getByTestId("dashboard-count").textContent).toContain("3 件中 1 件");

    await fireEvent.click(screen.getByTestId("filter-problem"));
    await waitFor(() => expect(screen.getAllByTestId("board-row")).toHaveLength(3));
    expect(queries[1]).toEqual({ filter: null, search: null, sort: null, offset: 0, limit: 100 });
    expect(screen.getByTestId("filter-problem").getAttribute("aria-pressed")).toBe("false");
  });

  it("searches through the core and keeps only the latest reply", async () => {
    const queries: unknown[] = [];
    const pending: Record<string, (b: Board) => void> = {};
    mockIPC((cmd, args) => {
      if (cmd === "board_refresh") return boardOf([row(1), row(2)]);
      if (cmd === "board_query") {
        queries.push(args);
        const { search } = args as { search: string };
        return new Promise<Board>((resolve) => (pending[search] = resolve));
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Dashboard, { onopen: () => {}, onadd: () => {} });
    await screen.findAllByTestId("board-row");
    const input = screen.getByLabelText("検索（医療機関名・医療機関コード・都道府県）");
    expect(input).toBe(screen.getByTestId("dashboard-search"));
    await fireEvent.input(input, { target: { value: "テ" } });
    await fireEvent.input(input, { target: { value: "テスト医院2" } });
    expect(queries).toEqual([
      { filter: null, search: "テ", sort: null, offset: 0, limit: 100 },
      { filter: null, search: "テスト医院2", sort: null, offset: 0, limit: 100 },
    ]);
    // The newer reply first, then the stale one: the stale one is ignored.
    pending["テスト医院2"]!(boardOf([row(2)], 2));
    await waitFor(() => expect(screen.getAllByTestId("board-row").map((r) => r.dataset.clinicId)).toEqual(["c2"]));
    pending["テ"]!(boardOf([row(1), row(2)], 2));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getAllByTestId("board-row").map((r) => r.dataset.clinicId)).toEqual(["c2"]);
  });

  it("renders only a window of 10,000 rows", async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => row(i));
    mockIPC((cmd) => {
      if (cmd === "board_refresh") return boardOf(many);
      throw new Error(`unexpected ${cmd}`);
    });
    render(Dashboard, { onopen: () => {}, onadd: () => {} });
    await screen.findAllByTestId("board-row");
    const rendered = screen.getAllByTestId("board-row");
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(100);
    expect(screen.getByTestId("dashboard-count").textContent).toContain("10000 件中 10000 件");
    // End jumps to the last row, which is then rendered and focused (the window moved).
    rendered[0]!.focus();
    await fireEvent.keyDown(rendered[0]!, { key: "End" });
    await waitFor(() => expect((document.activeElement as HTMLElement).dataset.clinicId).toBe("c9999"));
    expect(screen.getAllByTestId("board-row").length).toBeLessThan(100);
  });

  it("opens the second row with ArrowDown and Enter", async () => {
    const onopen = vi.fn();
    const onadd = vi.fn();
    mockIPC((cmd) => {
      if (cmd === "board_refresh") return boardOf([row(1), row(2), row(3)]);
      throw new Error(`unexpected ${cmd}`);
    });
    render(Dashboard, { onopen, onadd });
    const [first] = await screen.findAllByTestId("board-row");
    first!.focus();
    await fireEvent.keyDown(first!, { key: "ArrowDown" });
    const second = screen.getAllByTestId("board-row")[1]!;
    await waitFor(() => expect(document.activeElement).toBe(second));
    expect(second.getAttribute("tabindex")).toBe("0");
    expect(first!.getAttribute("tabindex")).toBe("-1");
    await fireEvent.keyDown(second, { key: "Enter" });
    expect(onopen).toHaveBeenCalledWith("c2", "checklist", "テスト医院2");
    await fireEvent.click(screen.getByTestId("dashboard-add"));
    expect(onadd).toHaveBeenCalledOnce();
  });

  it("says so when no clinic is registered", async () => {
    mockIPC((cmd) => {
      if (cmd === "board_refresh") return boardOf([]);
      throw new Error(`unexpected ${cmd}`);
    });
    render(Dashboard, { onopen: () => {}, onadd: () => {} });
    expect(await screen.findByTestId("clinic-empty")).toBeTruthy();
    expect(screen.queryAllByTestId("board-row")).toHaveLength(0);
  });

  it("sorts by a column through the core: ascending, descending, then the default order", async () => {
    const sorts: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "board_refresh") return boardOf([row(1), row(2)]);
      if (cmd === "board_query") {
        const { sort } = args as { sort: unknown };
        sorts.push(sort);
        return sort === null ? boardOf([row(1), row(2)]) : boardOf([row(2), row(1)]);
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Dashboard, { onopen: () => {}, onadd: () => {} });
    await screen.findAllByTestId("board-row");
    const name = screen.getByTestId("sort-name");
    expect(screen.getByTestId("sort-urgency").getAttribute("data-sort")).toBe("ascending");
    await fireEvent.click(name);
    await waitFor(() => expect(screen.getAllByTestId("board-row")[0]!.dataset.clinicId).toBe("c2"));
    expect(name.getAttribute("data-sort")).toBe("ascending");
    expect(name.getAttribute("aria-pressed")).toBe("true");
    expect(name.textContent).toContain("昇順");
    await fireEvent.click(name);
    await fireEvent.click(name);
    await waitFor(() => expect(sorts).toHaveLength(3));
    expect(sorts).toEqual([
      { key: "name", descending: false },
      { key: "name", descending: true },
      null,
    ]);
    await waitFor(() => expect(screen.getAllByTestId("board-row")[0]!.dataset.clinicId).toBe("c1"));
    expect(name.getAttribute("data-sort")).toBe("none");
  });

  it("ticks rows with Space or a click (Shift for a range) and keeps them across a filter", async () => {
    const onopen = vi.fn();
    mockIPC((cmd, args) => {
      if (cmd === "board_refresh") return boardOf([row(1), row(2), row(3), row(4)]);
      if (cmd === "board_query") {
        const { filter } = args as { filter: Filter | null };
        return filter === "problem" ? boardOf([row(4)], 4) : boardOf([row(1), row(2), row(3), row(4)]);
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Dashboard, { onopen, onadd: () => {} });
    const rows = await screen.findAllByTestId("board-row");
    rows[0]!.focus();
    await fireEvent.keyDown(rows[0]!, { key: " " });
    expect(onopen).not.toHaveBeenCalled();
    expect(screen.getByTestId("selection-count").textContent).toBe("1 件を選択中");
    const checks = screen.getAllByTestId("board-row-check") as HTMLInputElement[];
    expect(checks[0]!.checked).toBe(true);
    // Shift+click on the third ticks the second and the third.
    await fireEvent.click(checks[2]!, { shiftKey: true });
    expect(screen.getByTestId("selection-count").textContent).toBe("3 件を選択中");
    expect(checks.map((c) => c.checked)).toEqual([true, true, true, false]);
    // A filter shows other rows; the selection stays.
    await fireEvent.click(screen.getByTestId("filter-problem"));
    await waitFor(() => expect(screen.getAllByTestId("board-row")).toHaveLength(1));
    expect(screen.getByTestId("selection-count").textContent).toBe("3 件を選択中");
    await fireEvent.click(screen.getByTestId("select-shown"));
    expect(screen.getByTestId("selection-count").textContent).toBe("4 件を選択中");
    await fireEvent.click(screen.getByTestId("selection-clear"));
    expect(screen.queryByTestId("selection-bar")).toBeNull();
  });

  it("shows the certificates expiring soon and opens a clinic on its terminals", async () => {
    const onopen = vi.fn();
    const months: number[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "board_refresh") return boardOf([row(1)]);
      if (cmd === "expiring_certificates") {
        const m = (args as { months: number }).months;
        months.push(m);
        return {
          today: "2026-12-06",
          months: m,
          certificates: [
            {
              clinic_id: "c7",
              name: "期限医院",
              prefecture: "東京都",
              medical_code: "1000036",
              terminal: "受付PC",
              code: null,
              score_table: null,
              expires_on: "2026-11-01",
              renewal_from: "2026-08-01",
              expired: true,
            },
          ],
        };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Dashboard, { onopen, onadd: () => {} });
    await screen.findAllByTestId("board-row");
    await fireEvent.click(screen.getByTestId("expiry-view-toggle"));
    const table = await screen.findByTestId("expiry-table");
    expect(table.textContent).toContain("2026/11/1");
    expect(table.textContent).toContain("期限切れ");
    expect(table.textContent).toContain("2026/8/1");
    expect(months).toEqual([3]);
    await fireEvent.change(screen.getByTestId("expiry-months"), { target: { value: "12" } });
    await waitFor(() => expect(months).toEqual([3, 12]));
    await fireEvent.click(screen.getByTestId("expiry-open"));
    expect(onopen).toHaveBeenCalledWith("c7", "terminals", "期限医院");
    await fireEvent.click(screen.getByTestId("expiry-close"));
    expect(await screen.findAllByTestId("board-row")).toHaveLength(1);
  });

  it("asks the core for the rows that come into view, a page at a time", async () => {
    const many = Array.from({ length: 1000 }, (_, i) => row(i));
    const pages: { offset: number; limit: number | null }[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "board_refresh") {
        expect((args as { limit: number }).limit).toBe(100);
        return { ...boardOf(many.slice(0, 100)), matched: 1000, total: 1000 };
      }
      if (cmd === "board_query") {
        const { offset, limit } = args as { offset: number; limit: number };
        pages.push({ offset, limit });
        return { ...boardOf(many.slice(offset, offset + limit)), matched: 1000, total: 1000, offset };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Dashboard, { onopen: () => {}, onadd: () => {} });
    const rendered = await screen.findAllByTestId("board-row");
    expect(screen.getByTestId("dashboard-count").textContent).toContain("1000 件中 1000 件");
    expect(pages).toEqual([]);
    // End: the last row is not loaded; its page is asked for, then it has the focus.
    rendered[0]!.focus();
    await fireEvent.keyDown(rendered[0]!, { key: "End" });
    await waitFor(() => expect((document.activeElement as HTMLElement).dataset.clinicId).toBe("c999"));
    expect(pages).toContainEqual({ offset: 900, limit: 100 });
    expect(pages.every((p) => p.limit === 100)).toBe(true);
  });
});
