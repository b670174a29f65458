// The header's settings with the Rust side mocked: the saved mode and text size are applied on
// start, and a change is applied at once and saved.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import type { Clinic } from "./lib/api";

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
      if (cmd === "dashboard") return [];
      throw new Error(`unexpected ${cmd}`);
    });
    render(App);
    const technician = await screen.findByTestId("mode-technician");
    expect(technician.getAttribute("aria-pressed")).toBe("true");
    expect(document.documentElement.dataset.textSize).toBe("large");
    expect(await screen.findByTestId("clinic-list")).toBeTruthy();

    await fireEvent.click(screen.getByTestId("text-size-extra-large"));
    expect(document.documentElement.dataset.textSize).toBe("extra-large");
    expect(screen.getByTestId("text-size-extra-large").getAttribute("aria-pressed")).toBe("true");

    await fireEvent.click(screen.getByTestId("mode-reception"));
    expect(await screen.findByTestId("reception-pick-b")).toBeTruthy();
    expect(screen.queryByTestId("clinic-list")).toBeNull();
    await waitFor(() =>
      expect(saved).toEqual([
        { settings: { mode: "technician", text_size: "extra-large" } },
        { settings: { mode: "reception", text_size: "extra-large" } },
      ]),
    );
  });
});
