// The wizard with the Rust side mocked: the intro, one step per screen, a guard that keeps the
// record button disabled until it is confirmed (stored by confirm_danger), a missing answer
// typed in place (start_procedure), and a refusal shown with the typed date kept.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import Wizard from "./Wizard.svelte";
import type { Clinic, ClinicProfile, FormReport, SavedProfile, WizardPage, WizardStep, WizardView } from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
  vi.unstubAllGlobals();
});

const step = (over: Partial<WizardStep>): WizardStep => ({
  event: null,
  done: false,
  confirmed: [],
  missing_answers: [],
  prepared: [],
  guards: [],
  id: "open-menu",
  title: "申請メニューを開く",
  portal_path: ["オンライン資格確認等システム", "利用申請"],
  instructions: "メニューを開きます。",
  expect: "申請画面が表示されます。",
  warnings: [],
  sources: ["001:3-1"],
  ours: null,
  done_when: null,
  only_if: null,
  field: [],
  danger: [],
  conflict: [],
  wait: null,
  secrets: [],
  ...over,
  // As the core says it: every guard of the step confirmed.
  all_confirmed: (over.guards ?? []).every((g) => (over.confirmed ?? []).includes(g.id)),
});

const guard = {
  id: "line-type",
  question: "電気通信回線種別はどれですか",
  safe_choice: "1（NTT フレッツ・光コラボ）",
  dangerous_choice: "2",
  consequence: "設置日に接続できません",
  confirm: "回線種別が 1 であることを確かめました",
  only_if: null,
  sources: ["001:3-2"],
};

const view = (over: Partial<WizardView>): WizardPage => ({
  today: "2026-12-01",
  wizard: {
    procedure_id: "oqs",
    title: "オンライン資格確認 利用申請",
    summary: "ポータルから利用申請をします。",
    prerequisites: [{ title: "アカウント", detail: "ポータルのアカウントが必要です。", sources: [] }],
    terminal: "受付",
    code: null,
    started: true,
    steps: [],
    current: 0,
    status: "in-progress",
    status_label: "進行中",
    due_text: null,
    next_action: null,
    questions: [
      {
        key: "line_type",
        label: "回線の種類",
        validator: "",
        default: null,
        required: true,
        value: null,
        choices: [
          { value: "1", label: "NTT フレッツ・光コラボ" },
          { value: "2", label: "その他" },
        ],
      },
    ],
    ...over,
  },
});

describe("Wizard", () => {
  it("starts with the intro, then shows the current step with the breadcrumb and focus on the title", async () => {
    mockIPC((cmd) => {
      if (cmd === "procedure_wizard") return view({ steps: [step({}), step({ id: "fill-form", title: "入力する" })] });
      throw new Error(`unexpected ${cmd}`);
    });
    render(Wizard, { clinicId: "c1", procedureId: "oqs", onhome: vi.fn() });
    const intro = await screen.findByTestId("wizard-intro");
    expect(intro.textContent).toContain("始める前に");
    expect(intro.textContent).toContain("ポータルのアカウントが必要です。");
    await fireEvent.click(screen.getByTestId("wizard-begin"));
    expect(screen.getByTestId("wizard-progress").textContent).toBe("ステップ 1 / 2");
    expect(screen.getByTestId("wizard-breadcrumb").textContent).toBe("オンライン資格確認等システム › 利用申請");
    const title = screen.getByTestId("wizard-title");
    expect(title.textContent).toBe("申請メニューを開く");
    expect(document.activeElement).toBe(title);
    await fireEvent.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-title").textContent).toBe("入力する");
    expect(document.activeElement).toBe(screen.getByTestId("wizard-title"));
  });

  it("keeps the record button disabled until the guard is confirmed, then records the milestone", async () => {
    const confirms: unknown[] = [];
    const records: unknown[] = [];
    let confirmed = false;
    let recorded = false;
    mockIPC((cmd, args) => {
      if (cmd === "procedure_wizard") {
        const submit = step({
          id: "submit",
          title: "申請を送信する",
          guards: [guard],
          confirmed: confirmed ? ["line-type"] : [],
          event: { id: "oqs-submitted", title: "利用申請を送信した", fact: "sent" },
          done: recorded,
          prepared: [
            { label: "医療機関コード", from: "clinic.medical_code", answer_key: null, profile_key: null, value: "0712362", errors: [], warnings: [], note: null },
          ],
        });
        return view({ steps: [step({ done: true }), submit], current: recorded ? 2 : 1 });
      }
      if (cmd === "confirm_danger") {
        confirms.push(args);
        confirmed = true;
        return null;
      }
      if (cmd === "record_event") {
        records.push(args);
        recorded = true;
        return { seq: 1, procedure_id: "oqs", started: true, terminal: "受付", date_text: "2026年12月1日(火)" };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal("navigator", { clipboard: { writeText } });
    render(Wizard, { clinicId: "c1", procedureId: "oqs", terminal: "受付", onhome: vi.fn() });

    const record = (await screen.findByTestId("wizard-record")) as HTMLButtonElement;
    expect(screen.queryByTestId("wizard-intro")).toBeNull();
    expect(screen.getByTestId("wizard-progress").textContent).toBe("ステップ 2 / 2");
    expect(record.textContent?.trim()).toBe("送信しました");
    expect(record.disabled).toBe(true);
    const card = screen.getByTestId("guard-line-type");
    expect(card.textContent).toContain("選ぶ");
    expect(card.textContent).toContain("選ばない");
    expect(card.textContent).toContain("設置日に接続できません");

    await fireEvent.click(screen.getByTestId("copy"));
    expect(writeText).toHaveBeenCalledWith("0712362");
    await waitFor(() => expect(screen.getByTestId("copy-status").textContent).toContain("コピーしました"));

    const box = screen.getByTestId("guard-check-line-type") as HTMLInputElement;
    await fireEvent.click(box);
    await waitFor(() => expect((screen.getByTestId("wizard-record") as HTMLButtonElement).disabled).toBe(false));
    expect(confirms).toEqual([{ clinicId: "c1", procedureId: "oqs", dangerId: "line-type", terminal: "受付" }]);
    const checked = screen.getByTestId("guard-check-line-type") as HTMLInputElement;
    expect(checked.checked).toBe(true);
    expect(checked.disabled).toBe(true);

    await fireEvent.input(screen.getByTestId("wizard-date"), { target: { value: "2026/11/30" } });
    await fireEvent.click(screen.getByTestId("wizard-record"));
    expect((await screen.findByTestId("wizard-complete")).textContent).toContain("この手続きは完了しました");
    expect(records).toEqual([
      {
        clinicId: "c1",
        form: { event_id: "oqs-submitted", date: "2026/11/30", terminal: "受付", code: undefined, procedure: "oqs" },
      },
    ]);
  });

  it("asks a missing answer in place and saves it with start_procedure, staying on the step", async () => {
    const starts: unknown[] = [];
    let answered = false;
    mockIPC((cmd, args) => {
      if (cmd === "procedure_wizard") {
        const fill = step({
          id: "fill-form",
          title: "回線を選ぶ",
          missing_answers: answered ? [] : [{ procedure_id: "oqs", key: "line_type", label: "回線の種類" }],
          prepared: [
            {
              label: "電気通信回線種別",
              from: "answer.line_type", answer_key: "line_type", profile_key: null,
              value: answered ? "1" : null,
              errors: answered ? [] : [{ code: "answer.missing", message: "回線の種類がまだ分かりません。" }],
              warnings: [],
              note: null,
            },
          ],
        });
        return view({ steps: [step({ done: true }), fill, step({ id: "last", title: "最後" })], current: 1 });
      }
      if (cmd === "start_procedure") {
        starts.push(args);
        answered = true;
        return null;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(Wizard, { clinicId: "c1", procedureId: "oqs", onhome: vi.fn() });
    expect((await screen.findByTestId("wizard-fields")).textContent).toContain("回線の種類がまだ分かりません。");
    const select = screen.getByTestId("answer-line_type") as HTMLSelectElement;
    expect(select.tagName).toBe("SELECT");
    await fireEvent.change(select, { target: { value: "1" } });
    await fireEvent.click(screen.getByTestId("answer-save"));
    await waitFor(() => expect(screen.getByTestId("prepared-value").textContent).toBe("1"));
    expect(starts).toEqual([{ clinicId: "c1", procedureId: "oqs", answers: { line_type: "1" } }]);
    expect(screen.getByTestId("wizard-title").textContent).toBe("回線を選ぶ");
    // An answer already given can be changed from its row.
    await fireEvent.click(screen.getByTestId("change-line_type"));
    expect((screen.getByTestId("answer-line_type") as HTMLSelectElement).value).toBe("");
  });

  it("shows a refused record in the error box and keeps the typed date", async () => {
    mockIPC((cmd) => {
      if (cmd === "procedure_wizard") {
        return view({
          steps: [
            step({ done: true }),
            step({
              id: "wait-mail",
              title: "受付メールを待つ",
              wait: {
                event: "oqs-accepted",
                what: "受付完了メール",
                channel: "email",
                sender: "ポータル",
                sender_domain: null,
                rule: null,
                from_event: "oqs-submitted",
                if_late: [],
                call_center_after_business_days: 5,
              },
            }),
          ],
          current: 1,
          due_text: "2026年12月8日(火)ごろ",
        });
      }
      if (cmd === "record_event") throw { kind: "invalidDate", message: "今日より後の日付は記録できません。", issues: [] };
      throw new Error(`unexpected ${cmd}`);
    });
    const onhome = vi.fn();
    render(Wizard, { clinicId: "c1", procedureId: "oqs", onhome });
    const waiting = await screen.findByTestId("wizard-waiting");
    expect(waiting.textContent).toContain("届く目安：2026年12月8日(火)ごろ");
    expect(screen.getByTestId("wizard-record").textContent?.trim()).toBe("届きました");
    await fireEvent.input(screen.getByTestId("wizard-date"), { target: { value: "2027/1/5" } });
    await fireEvent.click(screen.getByTestId("wizard-record"));
    expect((await screen.findByTestId("wizard-error")).textContent).toContain("今日より後の日付は記録できません。");
    expect((screen.getByTestId("wizard-date") as HTMLInputElement).value).toBe("2027/1/5");
    await fireEvent.click(screen.getByTestId("wizard-home"));
    expect(onhome).toHaveBeenCalled();
  });

  describe("医療機関情報 from 入力内容の確認", () => {
    const clinic: Clinic = {
      id: "c1",
      name: "テスト医院",
      pref_code: "34",
      prefecture: "広島県",
      score_table: "1",
      score_table_name: "医科",
      medical_code: "0712362",
      full_code: "3410712362",
      created_at: "2026-11-23T00:00:00Z",
    };
    const profile: ClinicProfile = {
      postal_code: "7300011",
      address: "広島市中区基町1-1",
      address_kana: "ヒロシマシナカクモトマチ1-1",
      phone: "",
      contact_person: "山田",
      paired_code: "",
    };

    /** A wizard on its second step whose 電話番号 comes from the profile (missing until saved). */
    function mockProfileWizard(save: (form: ClinicProfile) => SavedProfile) {
      const calls: string[] = [];
      let phone: string | null = null;
      mockIPC((cmd, args) => {
        calls.push(cmd);
        if (cmd === "procedure_wizard") {
          const fill = step({
            id: "fill-form",
            title: "申請内容を入力する",
            prepared: [
              { label: "医療機関名", from: "clinic.name", answer_key: null, profile_key: null, value: "テスト医院", errors: [], warnings: [], note: null },
              {
                label: "電話番号",
                from: "profile.phone", answer_key: null, profile_key: "phone",
                value: phone,
                errors: phone ? [] : [{ code: "profile.missing", message: "電話番号がまだ登録されていません。" }],
                warnings: [],
                note: null,
              },
              { label: "担当者", from: "profile.contact_person", answer_key: null, profile_key: "contact_person", value: "山田", errors: [], warnings: [], note: null },
            ],
          });
          return view({ steps: [step({ done: true }), fill, step({ id: "last", title: "最後" })], current: 1 });
        }
        if (cmd === "clinic_profile") return { clinic, profile: { ...profile, phone: phone ?? "" } };
        if (cmd === "validate_clinic_profile") return { issues: [] } satisfies FormReport;
        if (cmd === "save_clinic_profile") {
          const saved = save((args as { form: ClinicProfile }).form);
          phone = saved.profile.phone;
          return saved;
        }
        throw new Error(`unexpected ${cmd}`);
      });
      return calls;
    }

    it("offers 入力する / 変更 on profile rows only, edits in place and returns to the step", async () => {
      const calls = mockProfileWizard((form) => ({ profile: form, warnings: { issues: [] } }));
      const onhome = vi.fn();
      render(Wizard, { clinicId: "c1", procedureId: "oqs", onhome });
      const phoneButton = await screen.findByTestId("edit-profile-phone");
      expect(phoneButton.textContent?.trim()).toBe("入力する");
      expect(screen.getByTestId("edit-profile-contact_person").textContent?.trim()).toBe("変更");
      // clinic.* rows are not the profile's: no button.
      expect(screen.getAllByTestId("prepared-field")[0]!.querySelector("button[data-testid^='edit-profile']")).toBeNull();
      expect(screen.queryByTestId("wizard-profile")).toBeNull();

      await fireEvent.click(phoneButton);
      const section = screen.getByTestId("wizard-profile");
      const heading = section.querySelector("h3")!;
      expect(heading.textContent).toBe("医療機関情報");
      expect(document.activeElement).toBe(heading);
      expect((await screen.findByTestId("profile-close")).textContent).toBe("← 手順に戻る");

      const input = screen.getByTestId("profile-phone");
      await fireEvent.input(input, { target: { value: "0821234567" } });
      await fireEvent.click(screen.getByTestId("profile-submit"));

      await waitFor(() => expect(screen.queryByTestId("wizard-profile")).toBeNull());
      await waitFor(() => expect(screen.getAllByTestId("prepared-value").map((v) => v.textContent)).toContain("0821234567"));
      expect(screen.getByTestId("wizard-title").textContent).toBe("申請内容を入力する");
      expect(screen.getByTestId("wizard-notice").textContent).toContain("医療機関情報を保存しました");
      const again = screen.getByTestId("edit-profile-phone");
      expect(again.textContent?.trim()).toBe("変更");
      await waitFor(() => expect(document.activeElement).toBe(again));
      expect(onhome).not.toHaveBeenCalled();
      expect(calls.filter((c) => c === "procedure_wizard")).toHaveLength(2);
      expect(calls).toContain("save_clinic_profile");
    });

    it("closes with 「← 手順に戻る」 to the same step, and keeps what was typed on a refusal", async () => {
      const calls = mockProfileWizard(() => {
        throw { kind: "storageUnavailable", message: "データを保存または読み込みできませんでした。", issues: [] };
      });
      const onhome = vi.fn();
      render(Wizard, { clinicId: "c1", procedureId: "oqs", onhome });
      await fireEvent.click(await screen.findByTestId("edit-profile-contact_person"));
      const person = (await screen.findByTestId("profile-contact-person")) as HTMLInputElement;
      await fireEvent.input(person, { target: { value: "佐藤" } });
      await fireEvent.click(screen.getByTestId("profile-submit"));
      expect((await screen.findByTestId("error-summary")).textContent).toContain("保存できませんでした");
      expect(screen.getByTestId("wizard-profile")).toBeTruthy();
      expect((screen.getByTestId("profile-contact-person") as HTMLInputElement).value).toBe("佐藤");

      await fireEvent.click(screen.getByTestId("profile-close"));
      await waitFor(() => expect(screen.queryByTestId("wizard-profile")).toBeNull());
      expect(screen.getByTestId("wizard-title").textContent).toBe("申請内容を入力する");
      await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("edit-profile-contact_person")));
      expect(calls.filter((c) => c === "procedure_wizard")).toHaveLength(2);
      expect(onhome).not.toHaveBeenCalled();
    });
  });
});
