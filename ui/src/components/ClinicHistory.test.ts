// The clinic's history lists what the core recorded, newest first, with who and when.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ClinicHistory from "./ClinicHistory.svelte";
import type { HistoryEntry } from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const entries: HistoryEntry[] = [
  {
    kind: "event",
    what: "承継届出を送信した",
    procedure: "承継（医療機関等コードの変更）",
    date: "2026-12-01",
    terminal: null,
    code: "3410712370",
    role: "receptionist",
    role_label: "受付",
    recorded_at: "2026-12-01T00:30:00Z",
    recorded_text: "2026/12/1 09:30",
    content_version: 3,
  },
  {
    kind: "confirmation",
    what: "確認：閲覧を希望しますを選んだことを画面で確かめました",
    procedure: "承継（医療機関等コードの変更）",
    date: null,
    terminal: null,
    code: null,
    role: "technician",
    role_label: "技術者",
    recorded_at: "2026-11-30T23:00:00Z",
    recorded_text: "2026/12/1 08:00",
    content_version: null,
  },
];

describe("ClinicHistory", () => {
  it("lists each entry with its date, who recorded it, when (Japan time) and the content version", async () => {
    mockIPC((cmd, args) => {
      if (cmd === "clinic_history") {
        expect(args).toEqual({ clinicId: "c1" });
        return entries;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(ClinicHistory, { clinicId: "c1" });
    const items = await screen.findAllByTestId("history-entry");
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain("2026/12/1の出来事");
    expect(items[0]!.textContent).toContain("記録：受付・2026/12/1 09:30");
    expect(items[0]!.textContent).toContain("手順書 第3版");
    expect(items[1]!.getAttribute("data-kind")).toBe("confirmation");
    expect(items[1]!.textContent).toContain("記録：技術者・2026/12/1 08:00");
  });

  it("says when nothing is recorded yet", async () => {
    mockIPC(() => []);
    render(ClinicHistory, { clinicId: "c1" });
    expect((await screen.findByTestId("history-empty")).textContent).toContain("まだ何も記録されていません");
  });
});
