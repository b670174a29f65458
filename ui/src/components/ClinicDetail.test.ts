// The clinic's two screens are real tabs: one tab stop, arrow keys move, the panel names its tab.
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
    const profile = screen.getByTestId("tab-profile");
    expect(checklist.getAttribute("tabindex")).toBe("0");
    expect(profile.getAttribute("tabindex")).toBe("-1");
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("tab-checklist");
    checklist.focus();
    await fireEvent.keyDown(checklist, { key: "ArrowRight" });
    expect(profile.getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(profile);
    expect(profile.getAttribute("tabindex")).toBe("0");
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("tab-profile");
    await fireEvent.keyDown(profile, { key: "Home" });
    expect(document.activeElement).toBe(checklist);
  });
});
