// The clinic's home with the Rust side mocked: the next step, what the clinic waits for, and
// 「届きました」 recording the date typed (and the terminal) for that awaited item.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Home from "./Home.svelte";
import type { Awaited, Home as HomeData, HomeView } from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const awaited: Awaited = {
  procedure_id: "certificate",
  procedure_title: "電子証明書の発行申請",
  terminal: "受付",
  code: null,
  what: "電子証明書の発行通知メール",
  channel: "email",
  channel_label: "メール",
  sender: "オンライン資格確認等コールセンター",
  due: "2026-11-20",
  due_text: "2026年11月20日(金)ごろ",
  overdue: true,
  problem: false,
  next_action: "予定日を過ぎています。迷惑メールフォルダも確かめてください。",
  event_id: "certificate-issued",
  event_title: "発行通知が届いた",
};

const home = (over: Partial<HomeData> = {}): HomeView => ({
  today: "2026-12-01",
  home: {
    clinic_id: "c1",
    clinic_name: "山田医院",
    medical_code: "0712362",
    situations: [{ id: "new-clinic", title: "新しく開業する" }],
    plan: [],
    next: {
      procedure_id: "oqs",
      procedure_title: "オンライン資格確認 利用申請",
      terminal: null,
      code: null,
      step_id: "fill-form",
      step_title: "申請内容を入力する",
      step_number: 2,
      step_count: 5,
      fresh: false,
      reason: null,
    },
    waiting: [awaited],
    deadlines: [{ id: "grace", date: "2027-03-31", explanation: "承継の猶予期限です。", provisional: false }],
    switch_code: null,
    all_done: false,
    ...over,
  },
});

describe("Home", () => {
  it("shows the next step and records an arrival with the typed date and the terminal", async () => {
    const forms: unknown[] = [];
    let loads = 0;
    mockIPC((cmd, args) => {
      if (cmd === "clinic_home") {
        loads++;
        return loads === 1 ? home() : home({ waiting: [] });
      }
      if (cmd === "record_event") {
        forms.push(args);
        return { seq: 3, procedure_id: "certificate", started: false, terminal: "受付", date_text: "2026年11月30日(月)" };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const onopen = vi.fn();
    render(Home, { clinicId: "c1", onopen });

    const next = await screen.findByTestId("home-next");
    expect(next.textContent).toContain("オンライン資格確認 利用申請");
    expect(next.textContent).toContain("ステップ 2 / 5");
    expect(next.textContent).toContain("申請内容を入力する");
    const start = screen.getByTestId("home-next-start");
    expect(start.textContent?.trim()).toBe("続ける");
    await fireEvent.click(start);
    expect(onopen).toHaveBeenCalledWith({ procedureId: "oqs", terminal: undefined, code: undefined });

    const item = screen.getByTestId("waiting-item");
    expect(item.dataset.event).toBe("certificate-issued");
    expect(item.dataset.terminal).toBe("受付");
    expect(item.textContent).toContain("届く目安：2026年11月20日(金)ごろ");
    expect(item.textContent).toContain("予定日を過ぎています");
    expect(screen.getByTestId("home-deadlines").textContent).toContain("2027/3/31");

    const date = screen.getByTestId("waiting-date") as HTMLInputElement;
    expect(date.value).toBe("2026/12/1");
    await fireEvent.input(date, { target: { value: "2026/11/30" } });
    await fireEvent.click(screen.getByTestId("waiting-arrived"));

    expect((await screen.findByTestId("home-notice")).textContent).toContain("2026年11月30日(月)");
    expect(forms).toEqual([
      {
        clinicId: "c1",
        form: {
          event_id: "certificate-issued",
          date: "2026/11/30",
          terminal: "受付",
          code: undefined,
          procedure: "certificate",
        },
      },
    ]);
    expect(loads).toBe(2);
    expect(screen.queryByTestId("waiting-item")).toBeNull();
  });

  it("shows a refused date beside the item and keeps it", async () => {
    mockIPC((cmd) => {
      if (cmd === "clinic_home") return home();
      if (cmd === "record_event") {
        throw { kind: "invalidDate", message: "2026年12月5日は今日より後の日付です。", issues: [] };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Home, { clinicId: "c1", onopen: vi.fn() });
    const date = (await screen.findByTestId("waiting-date")) as HTMLInputElement;
    await fireEvent.input(date, { target: { value: "2026年12月5日" } });
    await fireEvent.click(screen.getByTestId("waiting-arrived"));
    const error = await screen.findByTestId("waiting-error");
    expect(error.textContent).toContain("今日より後の日付です");
    expect((screen.getByTestId("waiting-date") as HTMLInputElement).value).toBe("2026年12月5日");
  });

  it("offers the code switch instead of the next step, and the done message", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "clinic_home") {
        return calls.includes("switch_code")
          ? home({ next: null, waiting: [], all_done: true })
          : home({ switch_code: { old_code: "0712362", new_code: "0712999" }, waiting: [] });
      }
      if (cmd === "switch_code") return {};
      throw new Error(`unexpected ${cmd}`);
    });
    render(Home, { clinicId: "c1", onopen: vi.fn() });
    const card = await screen.findByTestId("home-switch");
    expect(card.textContent).toContain("0712362");
    expect(card.textContent).toContain("0712999");
    expect(screen.queryByTestId("home-next")).toBeNull();
    await fireEvent.click(screen.getByTestId("home-switch-code"));
    expect((await screen.findByTestId("home-done")).textContent).toContain("すべての手続きが完了しました");
  });

  it("shows the situation picker when no situation is started yet", async () => {
    mockIPC((cmd) => {
      if (cmd === "clinic_home") return home({ situations: [], next: null, waiting: [] });
      if (cmd === "situations") return [];
      if (cmd === "clinic_checklist") throw new Error("not needed");
      throw new Error(`unexpected ${cmd}`);
    });
    render(Home, { clinicId: "c1", onopen: vi.fn() });
    expect((await screen.findByTestId("situation-picker")).textContent).toContain("何がありましたか");
    expect(screen.queryByTestId("home")).toBeNull();
  });
});
