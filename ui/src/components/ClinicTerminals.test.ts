// 端末と電子証明書 with the Rust side mocked: the core's statuses and dates are listed, a change
// is sent as typed, a refusal keeps what was typed beside its field, and retiring asks first.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ClinicTerminals from "./ClinicTerminals.svelte";
import type { TerminalCertificate, TerminalsPage } from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const terminal = (name: string, over: Partial<TerminalCertificate> = {}): TerminalCertificate => ({
  terminal: name,
  former_names: [],
  added_on: null,
  code: null,
  score_table: null,
  status: "waiting",
  status_label: "ラベル待機",
  applied_on: "2026-12-25",
  notice_arrived_on: null,
  installed_on: null,
  expires_on: null,
  renewal_from: null,
  renewal_explanation: null,
  changeable: true,
  renewal_due: false,
  ...over,
});

const pageOf = (terminals: TerminalCertificate[]): TerminalsPage => ({
  today: "2026-12-28",
  view: { terminals, note: "注記（コアから）", retired: [], changes: [] },
});

describe("ClinicTerminals", () => {
  it("lists each terminal's certificate with the core's label and dates", async () => {
    mockIPC((cmd) => {
      if (cmd === "clinic_terminals")
        return pageOf([
          terminal("受付1", {
            former_names: ["受付PC"],
            status: "done",
            status_label: "ラベル完了",
            installed_on: "2027-01-08",
            expires_on: "2030-03-25",
            renewal_from: "2029-12-25",
          }),
          terminal("診察室PC"),
        ]);
      throw new Error(`unexpected ${cmd}`);
    });
    render(ClinicTerminals, { clinicId: "c1" });
    const rows = await screen.findAllByTestId("terminal-row");
    expect(rows.map((r) => r.dataset.terminal)).toEqual(["受付1", "診察室PC"]);
    const first = rows[0]!.textContent ?? "";
    for (const text of ["ラベル完了", "旧名：受付PC", "2026/12/25", "2027/1/8", "2030/3/25", "2029/12/25"])
      expect(first).toContain(text);
    expect(rows[1]!.textContent).toContain("ラベル待機");
    // The note is the core's (the validity and renewal months come from the content).
    expect(screen.getByTestId("terminals-note").textContent).toBe("注記（コアから）");
  });

  it("offers rename and retire only for terminals the core says can change", async () => {
    mockIPC((cmd) => {
      if (cmd === "clinic_terminals")
        return pageOf([terminal("受付PC"), terminal("提案名", { changeable: false, status: "blocked" })]);
      throw new Error(`unexpected ${cmd}`);
    });
    render(ClinicTerminals, { clinicId: "c1" });
    const rows = await screen.findAllByTestId("terminal-row");
    expect(rows[0]!.querySelector("[data-testid=rename-start]")).not.toBeNull();
    expect(rows[1]!.querySelector("[data-testid=rename-start]")).toBeNull();
    expect(rows[1]!.querySelector("[data-testid=retire-start]")).toBeNull();
  });

  it("adds a terminal, and a refusal stays beside the field with the name kept", async () => {
    const sent: unknown[] = [];
    let refuse = true;
    mockIPC((cmd, args) => {
      if (cmd === "clinic_terminals") return pageOf(refuse ? [terminal("受付PC")] : [terminal("受付PC"), terminal("処置室PC")]);
      if (cmd === "change_terminal") {
        sent.push(args);
        if (refuse) {
          refuse = false;
          throw {
            kind: "invalidInput",
            message: "入力内容に誤りがあります。",
            issues: [{ field: "terminal", severity: "error", code: "terminal-name.used", message: "端末「受付PC」はすでにあります。" }],
          };
        }
        return { change: { kind: "add", name: "処置室PC", new_name: null, date: "2026-12-28", role: "technician", recorded_at: "" }, what: "端末「処置室PC」を追加", role_label: "技術者" };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(ClinicTerminals, { clinicId: "c1" });
    await screen.findAllByTestId("terminal-row");
    const input = screen.getByTestId("add-terminal-input") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "受付PC" } });
    await fireEvent.submit(screen.getByTestId("add-terminal-form"));
    expect(await screen.findByTestId("error-terminal")).toBeTruthy();
    expect(screen.getByTestId("error-terminal").textContent).toContain("すでにあります");
    expect(input.value).toBe("受付PC");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    await fireEvent.input(input, { target: { value: "処置室PC" } });
    await fireEvent.submit(screen.getByTestId("add-terminal-form"));
    expect((await screen.findByTestId("terminals-done")).textContent).toBe("端末「処置室PC」を追加しました。");
    await waitFor(() => expect(screen.getAllByTestId("terminal-row")).toHaveLength(2));
    expect(input.value).toBe("");
    expect(sent).toEqual([
      { clinicId: "c1", form: { kind: "add", name: "受付PC" } },
      { clinicId: "c1", form: { kind: "add", name: "処置室PC" } },
    ]);
  });

  it("asks before retiring, and the safe answer changes nothing", async () => {
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "clinic_terminals") return pageOf([terminal("受付PC"), terminal("診察室PC")]);
      if (cmd === "change_terminal") {
        sent.push(args);
        return { change: { kind: "retire", name: "診察室PC", new_name: null, date: "2026-12-28", role: "technician", recorded_at: "" }, what: "端末「診察室PC」を撤去", role_label: "技術者" };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(ClinicTerminals, { clinicId: "c1" });
    await screen.findAllByTestId("terminal-row");
    await fireEvent.click(screen.getByRole("button", { name: "撤去（診察室PC）" }));
    const guard = screen.getByTestId("retire-guard");
    expect(guard.textContent).toContain("端末「診察室PC」を撤去しますか？");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("retire-cancel")));
    await fireEvent.click(screen.getByTestId("retire-cancel"));
    expect(screen.queryByTestId("retire-guard")).toBeNull();
    expect(sent).toEqual([]);
    await fireEvent.click(screen.getByRole("button", { name: "撤去（診察室PC）" }));
    await fireEvent.click(screen.getByTestId("retire-confirm"));
    await waitFor(() => expect(sent).toEqual([{ clinicId: "c1", form: { kind: "retire", name: "診察室PC" } }]));
    // The guard is gone; the focus goes to what happened.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("terminals-done")));
    expect(screen.getByTestId("terminals-done").textContent).toContain("端末「診察室PC」を撤去しました。");
  });
});
