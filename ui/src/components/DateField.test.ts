// The date field: one input that keeps what was typed, and a calendar that fills a date.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import DateField from "./DateField.svelte";

afterEach(cleanup);

describe("DateField", () => {
  it("shows the default, and the calendar fills the day clicked", async () => {
    render(DateField, { id: "d", label: "届いた日", value: "2026/12/1", today: "2026-12-01", testid: "date" });
    const input = screen.getByLabelText("届いた日") as HTMLInputElement;
    expect(input.value).toBe("2026/12/1");
    const toggle = screen.getByTestId("date-calendar");
    expect(toggle.getAttribute("tabindex")).toBe("-1");
    await fireEvent.click(toggle);
    expect(screen.getByTestId("calendar-title").textContent).toBe("2026年12月");
    const month = screen.getByTestId("date-month");
    expect([...month.querySelectorAll("th")].map((th) => th.textContent)).toEqual(["日", "月", "火", "水", "木", "金", "土"]);
    // 2026-12-01 is a Tuesday: two empty cells first.
    const firstRow = month.querySelectorAll("tbody tr")[0]!;
    expect(firstRow.querySelectorAll("td")[2]!.textContent?.trim()).toBe("1");

    await fireEvent.click(screen.getByTestId("calendar-next"));
    expect(screen.getByTestId("calendar-title").textContent).toBe("2027年1月");
    await fireEvent.click(screen.getByTestId("calendar-prev"));
    await fireEvent.click(screen.getByTestId("calendar-prev"));
    expect(screen.getByTestId("calendar-title").textContent).toBe("2026年11月");
    await fireEvent.click(screen.getByTestId("calendar-next"));

    const day8 = screen.getAllByTestId("calendar-day").find((b) => b.textContent === "8")!;
    await fireEvent.click(day8);
    expect(input.value).toBe("2026/12/8");
    expect(screen.queryByTestId("date-month")).toBeNull();
    expect(document.activeElement).toBe(input);
  });

  it("keeps what was typed, full-width digits included, and opens the calendar on that month", async () => {
    render(DateField, { id: "d", label: "日付", value: "", today: "2026-12-01", testid: "date" });
    const input = screen.getByTestId("date") as HTMLInputElement;
    await fireEvent.input(input, { target: { value: "２０２６年１１月３日" } });
    expect(input.value).toBe("２０２６年１１月３日");
    await fireEvent.click(screen.getByTestId("date-calendar"));
    expect(screen.getByTestId("calendar-title").textContent).toBe("2026年11月");
  });
});
