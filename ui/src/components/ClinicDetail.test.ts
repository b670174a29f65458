// The clinic's screens are real tabs: one tab stop, arrow keys move, the panel names its tab.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ClinicDetail from "./ClinicDetail.svelte";

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("ClinicDetail tabs", () => {
  it("moves with the arrow keys and keeps one tab stop", async () => {
    mockIPC(() => new Promise(() => {}));
    render(ClinicDetail, { clinicId: "c1", onclose: () => {}, onchange: () => {} });
    const checklist = screen.getByTestId("tab-checklist");
    const terminals = screen.getByTestId("tab-terminals");
    expect(checklist.getAttribute("tabindex")).toBe("0");
    expect(terminals.getAttribute("tabindex")).toBe("-1");
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("tab-checklist");
    checklist.focus();
    await fireEvent.keyDown(checklist, { key: "ArrowRight" });
    expect(terminals.getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(terminals);
    expect(terminals.getAttribute("tabindex")).toBe("0");
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("tab-terminals");
    await fireEvent.keyDown(terminals, { key: "End" });
    expect(document.activeElement).toBe(screen.getByTestId("tab-history"));
    await fireEvent.keyDown(document.activeElement!, { key: "Home" });
    expect(document.activeElement).toBe(checklist);
  });

  it("opens on the tab it is asked for (the expiry view opens the terminals)", () => {
    mockIPC(() => new Promise(() => {}));
    render(ClinicDetail, { clinicId: "c1", onclose: () => {}, onchange: () => {}, initialTab: "terminals" });
    expect(screen.getByTestId("tab-terminals").getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("terminals")).toBeTruthy();
  });
});
