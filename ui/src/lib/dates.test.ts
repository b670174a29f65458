// The date helpers: how the UI prints the core's dates, and the calendar's month arithmetic.
import { describe, expect, it } from "vitest";
import { addMonths, monthOf, shownDate, tableDate } from "./dates";

describe("tableDate", () => {
  it("prints a YYYY-MM-DD date with slashes", () => {
    expect(tableDate("2026-12-25")).toBe("2026/12/25");
    expect(tableDate("2027-01-05")).toBe("2027/1/5");
  });

  it("leaves anything that is not a bare YYYY-MM-DD date alone", () => {
    expect(tableDate("")).toBe("");
    expect(tableDate("2026年12月25日")).toBe("2026年12月25日");
    expect(tableDate("予定 2026-12-25")).toBe("予定 2026-12-25");
  });
});

describe("shownDate", () => {
  it("writes the core's today the way people type it", () => {
    expect(shownDate("2026-12-07")).toBe("2026/12/7");
  });
});

describe("monthOf and addMonths", () => {
  it("finds the month of a typed date and moves across years", () => {
    expect(monthOf("２０２６年１１月３日")).toEqual({ year: 2026, month: 11 });
    expect(monthOf("12/1")).toBeNull();
    expect(addMonths({ year: 2026, month: 12 }, 1)).toEqual({ year: 2027, month: 1 });
    expect(addMonths({ year: 2027, month: 1 }, -1)).toEqual({ year: 2026, month: 12 });
  });
});
