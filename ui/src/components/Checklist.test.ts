// The checklist screen with the Rust side mocked: it shows what the core derived, records the
// next event with the chosen date, and on a refusal shows the core's message and keeps the date.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Checklist from "./Checklist.svelte";
import type { Checklist as ChecklistData, Deadline, EventForm, IpcError, ProcedureLine, Recorded, TerminalTrack, WizardPage } from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const line = (over: Partial<ProcedureLine>): ProcedureLine => ({
  id: "oqs",
  title: "オンライン資格確認 利用開始・変更申請",
  applies: true,
  status: "not-started",
  status_label: "未着手",
  waiting_for: null,
  due: null,
  overdue: false,
  next_action: "「オンライン資格確認 利用開始・変更申請」を始める",
  reason: null,
  step: "open-menu",
  next_event: "oqs-submitted",
  next_event_title: "利用申請を送信した",
  ...over,
});

const checklist = (procedures: ProcedureLine[], deadlines: Deadline[] = []): ChecklistData => ({
  today: "2026-12-01",
  status: { clinic_id: "c1", plan: procedures.filter((p) => p.applies).map((p) => p.id), procedures, deadlines },
});

describe("Checklist", () => {
  it("records the next event on the chosen date and shows the new state", async () => {
    const recorded: EventForm[] = [];
    let state = checklist([line({})]);
    mockIPC((cmd, args) => {
      if (cmd === "clinic_checklist") return state;
      if (cmd === "record_event") {
        recorded.push((args as { form: EventForm }).form);
        state = checklist([
          line({
            status: "waiting",
            status_label: "待機中",
            waiting_for: "受付完了のお知らせ",
            due: "2026-12-08",
            next_action: "届いたら記録してください。",
          }),
        ]);
        return { seq: 1, procedure_id: "oqs", started: true, terminal: null, date_text: "2026年11月30日(月)" } satisfies Recorded;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Checklist, { clinicId: "c1" });
    expect((await screen.findByTestId("line-status")).textContent).toBe("未着手");
    const date = screen.getByTestId("record-date") as HTMLInputElement;
    // The core's today, written the way people type it; no native date picker.
    expect(date.value).toBe("2026/12/1");
    expect(date.type).toBe("text");
    expect(screen.getByLabelText("記録日")).toBe(date);
    await fireEvent.input(date, { target: { value: "2026-11-30" } });
    await fireEvent.click(screen.getByTestId("record-event"));
    // The notice says the date as the core read it.
    expect((await screen.findByTestId("checklist-notice")).textContent).toContain("2026年11月30日(月)");
    expect(recorded).toEqual([{ event_id: "oqs-submitted", procedure: "oqs", date: "2026-11-30" }]);
    expect(screen.getByTestId("line-status").textContent).toBe("待機中");
    // A date the core sent as YYYY-MM-DD is printed with slashes.
    expect(screen.getByTestId("line-due").textContent).toContain("2026/12/8");
  });

  it("shows the core's refusal beside the line and keeps the typed date", async () => {
    mockIPC((cmd) => {
      if (cmd === "clinic_checklist") return checklist([line({})]);
      if (cmd === "record_event") {
        throw { kind: "outOfOrder", message: "日付が前の出来事より前です。", issues: [] };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Checklist, { clinicId: "c1" });
    const date = (await screen.findByTestId("record-date")) as HTMLInputElement;
    await fireEvent.input(date, { target: { value: "2026-01-05" } });
    await fireEvent.click(screen.getByTestId("record-event"));
    const alert = await screen.findByTestId("record-error");
    expect(alert.textContent).toContain("順番または日付を確認してください");
    expect(alert.textContent).toContain("日付が前の出来事より前です。");
    expect((screen.getByTestId("record-date") as HTMLInputElement).value).toBe("2026-01-05");
  });

  it("lists deadlines and one record button per terminal and code of a 併設 clinic", async () => {
    const run = (code: string, table: string): TerminalTrack => ({
      terminal: "受付",
      code,
      score_table: table,
      status: "in-progress",
      status_label: "進行中",
      step: "fill-form",
      waiting_for: null,
      due: null,
      overdue: false,
      next_action: null,
      reason: null,
      next_event: "certificate-submitted",
      next_event_title: "電子証明書の発行申請を送信した",
    });
    const forms: EventForm[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "clinic_checklist") {
        return checklist(
          [line({ id: "certificate", status: "in-progress", terminals: [run("0712362", "医科"), run("0712376", "歯科")] })],
          [{ id: "shokei-grace", date: "2027-03-31", explanation: "120日", provisional: false }],
        );
      }
      if (cmd === "record_event") {
        forms.push((args as { form: EventForm }).form);
        return { seq: 2, procedure_id: "certificate", started: false, terminal: "受付", date_text: "2026年11月30日(月)" } satisfies Recorded;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Checklist, { clinicId: "c1" });
    expect((await screen.findByTestId("deadline")).textContent).toContain("2027/3/31");
    const buttons = screen.getAllByTestId("run-record");
    expect(buttons).toHaveLength(2);
    // One typed date field per run, labelled with its terminal and code.
    const dates = screen.getAllByTestId("run-date") as HTMLInputElement[];
    expect(dates.map((d) => d.value)).toEqual(["2026/12/1", "2026/12/1"]);
    expect(screen.getByLabelText("受付（0712376）の記録日")).toBe(dates[1]);
    await fireEvent.input(dates[1]!, { target: { value: "2026年11月30日" } });
    await fireEvent.click(buttons[1]!);
    await screen.findByTestId("checklist-notice");
    expect(forms).toEqual([
      {
        event_id: "certificate-submitted",
        terminal: "受付",
        code: "0712376",
        procedure: "certificate",
        date: "2026年11月30日",
      },
    ]);
  });

  it("offers the clinic's codes when the core asks which one, and records with the chosen code", async () => {
    const forms: EventForm[] = [];
    const refusal: IpcError = {
      kind: "codeRequired",
      message: "医科歯科併設のため、どちらの医療機関コードの記録かを選んでください（医科 0712362／歯科 0712376）。何も記録していません。",
      issues: [],
      data: {
        codes: [
          { code: "0712362", score_table: "医科" },
          { code: "0712376", score_table: "歯科" },
        ],
        terminals: [],
        must_come_first: null,
        earliest_date: null,
        confirmations: [],
        answers: [],
      },
    };
    mockIPC((cmd, args) => {
      if (cmd === "clinic_checklist") return checklist([line({ id: "certificate-renewal", next_event: "renewal-submitted", next_event_title: "更新を申請した" })]);
      if (cmd === "record_event") {
        const form = (args as { form: EventForm }).form;
        forms.push(form);
        if (!form.code) throw refusal;
        return { seq: 2, procedure_id: "certificate-renewal", started: false, terminal: null, date_text: "2026年12月1日(火)" } satisfies Recorded;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Checklist, { clinicId: "c1" });
    await fireEvent.click(await screen.findByTestId("record-event"));
    const offered = await screen.findAllByTestId("retry-choice");
    expect(offered.map((b) => b.textContent?.trim())).toEqual(["医科 0712362 で記録する", "歯科 0712376 で記録する"]);
    await fireEvent.click(offered[1]!);
    expect(await screen.findByTestId("checklist-notice")).toBeTruthy();
    expect(forms.map((f) => f.code)).toEqual([undefined, "0712376"]);
    expect(forms[1]?.event_id).toBe("renewal-submitted");
  });
});

describe("Checklist grouping", () => {
  it("lists the procedures outside the plan under 「その他の手続き」, with a hint when there is no plan", async () => {
    mockIPC((cmd) => {
      if (cmd === "clinic_checklist") {
        return {
          today: "2026-12-01",
          status: {
            clinic_id: "c1",
            plan: [],
            procedures: [line({ id: "oqs", applies: false }), line({ id: "certificate", title: "電子証明書", applies: false })],
            deadlines: [],
          },
        } satisfies ChecklistData;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Checklist, { clinicId: "c1" });
    const others = await screen.findByTestId("other-procedures");
    expect(others.textContent).toContain("その他の手続き");
    expect(others.querySelectorAll("[data-testid=checklist-line]")).toHaveLength(2);
    expect(screen.getByTestId("no-plan-hint")).toBeTruthy();
  });

  it("puts the planned procedures first and the others after them", async () => {
    mockIPC((cmd) => {
      if (cmd === "clinic_checklist") {
        return checklist([line({ id: "extra", title: "その他", applies: false }), line({ id: "oqs" })]);
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Checklist, { clinicId: "c1" });
    const others = await screen.findByTestId("other-procedures");
    const ids = screen.getAllByTestId("checklist-line").map((li) => li.dataset.procedureId);
    expect(ids).toEqual(["oqs", "extra"]);
    expect(others.querySelector("[data-procedure-id=extra]")).toBeTruthy();
    expect(screen.queryByTestId("no-plan-hint")).toBeNull();
  });
});

describe("Checklist answers", () => {
  it("opens the answers a refused send asks for, filled with what was given, and saves them", async () => {
    const started: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "clinic_checklist")
        return checklist([line({ status: "in-progress", status_label: "進行中", next_event: "oqs-submitted" })]);
      if (cmd === "record_event")
        return Promise.reject({
          kind: "answersRequired",
          message: "「送信した」を記録する前に、ポータルに入力する次の項目を入力してください：「利用開始予定年月」。",
          issues: [],
          data: {
            codes: [],
            terminals: [],
            must_come_first: null,
            earliest_date: null,
            confirmations: [],
            answers: [{ procedure_id: "oqs", key: "planned-month", label: "利用開始予定年月" }],
          },
        });
      if (cmd === "procedure_wizard")
        return {
          today: "2026-12-01",
          wizard: {
            procedure_id: "oqs",
            title: "オン資",
            summary: "",
            prerequisites: [],
            terminal: null,
            code: null,
            started: true,
            steps: [],
            current: 0,
            status: "in-progress",
            status_label: "進行中",
            due_text: null,
            next_action: null,
            questions: [
              { key: "planned-month", label: "利用開始予定年月", validator: "planned-month", default: null, required: false, choices: [], value: null },
              { key: "line", label: "回線", validator: "choice", default: "ntt", required: false, choices: [{ value: "ntt", label: "NTT" }, { value: "ipsec", label: "IPsec" }], value: "ipsec" },
            ],
          },
        } satisfies WizardPage;
      if (cmd === "start_procedure") {
        started.push(args);
        return null;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Checklist, { clinicId: "c1" });
    await fireEvent.click(await screen.findByTestId("record-event"));
    const month = (await screen.findByLabelText("利用開始予定年月")) as HTMLInputElement;
    expect(screen.getByTestId("start-submit").textContent).toContain("回答を保存");
    await fireEvent.input(month, { target: { value: "2027-01" } });
    await fireEvent.click(screen.getByTestId("start-submit"));
    await vi.waitFor(() =>
      expect(started).toEqual([{ clinicId: "c1", procedureId: "oqs", answers: { "planned-month": "2027-01", line: "ipsec" } }]),
    );
  });
});
