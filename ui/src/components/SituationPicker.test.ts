// 「何がありましたか」 with the Rust side mocked: choose a situation, answer its questions (defaults
// filled in), start it; a refusal is shown beside the form and the answers stay.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import SituationPicker from "./SituationPicker.svelte";
import type { Answer, Situation } from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const situation: Situation = {
  id: "succession",
  title: "開設者が変わった（承継）",
  summary: "前の開設者から医療機関を引き継いだとき",
  ask: ["line_type", "new_name"],
  procedure: [
    { id: "oqs", title: "オンライン資格確認 利用申請", only_if: null },
    // A title the core could not fill in: the id is shown.
    { id: "line-change", title: "", only_if: { answer: "line_type", in: ["2"] } },
  ],
};

const questions: Answer[] = [
  {
    key: "line_type",
    label: "回線の種類",
    validator: "",
    default: "1",
    required: true,
    choices: [
      { value: "1", label: "NTT フレッツ・光コラボ" },
      { value: "2", label: "その他の回線" },
    ],
  },
  { key: "new_name", label: "新しい医療機関名", validator: "", default: null, required: false, choices: [] },
];

function mock(start: (args: unknown) => unknown) {
  mockIPC((cmd, args) => {
    if (cmd === "situations") return [situation];
    if (cmd === "situation_questions") return questions;
    if (cmd === "start_situation") return start(args);
    throw new Error(`unexpected ${cmd}`);
  });
}

describe("SituationPicker", () => {
  it("asks the situation's questions and starts it with the answers", async () => {
    const starts: unknown[] = [];
    mock((args) => {
      starts.push(args);
      return null;
    });
    const onstarted = vi.fn();
    render(SituationPicker, { clinicId: "c1", onstarted });
    expect(screen.getByTestId("situation-picker").textContent).toContain("何がありましたか");
    const button = await screen.findByTestId("situation-succession");
    expect(button.textContent).toContain("前の開設者から");
    await fireEvent.click(button);

    await screen.findByTestId("situation-form");
    expect((screen.getByTestId("situation-question-line_type-1") as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId("situation-question-line_type").tagName).toBe("FIELDSET");
    const procedures = screen.getByTestId("situation-procedures").textContent ?? "";
    expect(procedures).toContain("オンライン資格確認 利用申請");
    expect(procedures).toContain("line-change");

    await fireEvent.click(screen.getByTestId("situation-question-line_type-2"));
    await fireEvent.input(screen.getByTestId("situation-question-new_name"), { target: { value: "山田医院" } });
    await fireEvent.click(screen.getByTestId("situation-start"));

    await vi.waitFor(() => expect(onstarted).toHaveBeenCalled());
    expect(starts).toEqual([
      { clinicId: "c1", situationId: "succession", answers: { line_type: "2", new_name: "山田医院" } },
    ]);
  });

  it("shows the core's refusal beside the form and keeps what was typed", async () => {
    mock(() => {
      throw {
        kind: "invalidInput",
        message: "答えを確認してください。",
        issues: [{ field: "new_name", severity: "error", code: "name.long", message: "医療機関名が長すぎます。" }],
        data: { codes: [], terminals: [], must_come_first: null, earliest_date: null, confirmations: [], answers: [] },
      };
    });
    const onstarted = vi.fn();
    render(SituationPicker, { clinicId: "c1", onstarted });
    await fireEvent.click(await screen.findByTestId("situation-succession"));
    const name = (await screen.findByTestId("situation-question-new_name")) as HTMLInputElement;
    await fireEvent.input(name, { target: { value: "とても長い名前" } });
    await fireEvent.click(screen.getByTestId("situation-start"));
    const error = await screen.findByTestId("situation-error");
    expect(error.textContent).toContain("医療機関名が長すぎます。");
    expect((screen.getByTestId("situation-question-new_name") as HTMLInputElement).value).toBe("とても長い名前");
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(onstarted).not.toHaveBeenCalled();
  });
});
