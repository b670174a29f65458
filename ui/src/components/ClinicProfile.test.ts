// The profile screen's UI-only behaviour with the Rust side mocked: a postal code with several
// addresses offers a choice, and choosing fills 所在地 and 所在地カナ.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ClinicProfile from "./ClinicProfile.svelte";
import type {
  AddressFill,
  Clinic,
  ClinicProfile as Profile,
  ClinicWithProfile,
  FormIssue,
  FormReport,
  SavedProfile,
} from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const clinic: Clinic = {
  id: "c1",
  name: "テスト医院",
  pref_code: "24",
  prefecture: "三重県",
  score_table: "1",
  score_table_name: "医科",
  medical_code: "0712362",
  full_code: "2410712362",
  created_at: "2026-11-23T00:00:00Z",
};
const empty: Profile = { postal_code: "", address: "", address_kana: "", phone: "", contact_person: "", paired_code: "" };

describe("ClinicProfile", () => {
  it("offers every address of a shared postal code and fills the chosen one", async () => {
    mockIPC((cmd, args) => {
      if (cmd === "clinic_profile") return { clinic, profile: empty } satisfies ClinicWithProfile;
      if (cmd === "postal_candidates") {
        expect((args as { code: string }).code).toBe("4980000");
        const found: AddressFill[] = [
          { postal_code: "4980000", pref_code: "23", address: "愛知県弥富市", address_kana: "アイチケンヤトミシ", office: null },
          { postal_code: "4980000", pref_code: "24", address: "三重県桑名郡木曽岬町", address_kana: "ミエケンクワナグンキソサキチョウ", office: null },
        ];
        return found;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(ClinicProfile, { clinicId: "c1", onclose: () => {} });
    const postal = await screen.findByTestId("profile-postal-code");
    await fireEvent.input(postal, { target: { value: "4980000" } });
    await fireEvent.click(screen.getByTestId("profile-postal-fill"));
    const choices = await screen.findAllByTestId("postal-candidate");
    expect(choices.map((c) => c.textContent?.trim())).toEqual(["愛知県弥富市", "三重県桑名郡木曽岬町"]);
    await fireEvent.click(choices[1]!);
    expect((screen.getByTestId("profile-address") as HTMLInputElement).value).toBe("三重県桑名郡木曽岬町");
    expect((screen.getByTestId("profile-address-kana") as HTMLInputElement).value).toBe(
      "ミエケンクワナグンキソサキチョウ",
    );
    expect(screen.queryAllByTestId("postal-candidate")).toHaveLength(0);
  });

  it("says so when the postal code is unknown and keeps what was typed", async () => {
    mockIPC((cmd) => {
      if (cmd === "clinic_profile") return { clinic, profile: { ...empty, address: "手入力の住所" } };
      if (cmd === "postal_candidates") return [];
      throw new Error(`unexpected ${cmd}`);
    });
    render(ClinicProfile, { clinicId: "c1", onclose: () => {} });
    const postal = await screen.findByTestId("profile-postal-code");
    await fireEvent.input(postal, { target: { value: "9999999" } });
    await fireEvent.click(screen.getByTestId("profile-postal-fill"));
    expect((await screen.findByTestId("profile-fill-note")).textContent).toContain("見つかりません");
    expect((screen.getByTestId("profile-address") as HTMLInputElement).value).toBe("手入力の住所");
  });

  it("keeps its close label in the technician view and takes another one when given", async () => {
    mockIPC((cmd) => {
      if (cmd === "clinic_profile") return { clinic, profile: empty };
      throw new Error(`unexpected ${cmd}`);
    });
    const onclose = vi.fn();
    const { unmount } = render(ClinicProfile, { clinicId: "c1", onclose });
    expect(screen.getByTestId("profile-close").textContent).toBe("← 医療機関を追加に戻る");
    await fireEvent.click(screen.getByTestId("profile-close"));
    expect(onclose).toHaveBeenCalledOnce();
    unmount();
    render(ClinicProfile, { clinicId: "c1", onclose, closeLabel: "← 手順に戻る" });
    expect(screen.getByTestId("profile-close").textContent).toBe("← 手順に戻る");
  });

  it("shows a warning as 注意 (not invalid), and after 「このまま保存する」 focuses the saved message", async () => {
    const kana: FormIssue = {
      field: "address_kana",
      severity: "warning",
      code: "kana.half-width",
      message: "半角カナは全角に直して保存します。",
    };
    const onsaved = vi.fn();
    mockIPC((cmd, args) => {
      if (cmd === "clinic_profile") return { clinic, profile: empty };
      if (cmd === "validate_clinic_profile") return { issues: [kana] } satisfies FormReport;
      if (cmd === "save_clinic_profile") {
        return { profile: (args as { form: Profile }).form, warnings: { issues: [] } } satisfies SavedProfile;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(ClinicProfile, { clinicId: "c1", onclose: () => {}, onsaved });
    await fireEvent.input(await screen.findByTestId("profile-address-kana"), { target: { value: "ﾐｴｹﾝ" } });
    await fireEvent.click(screen.getByTestId("profile-submit"));
    const accept = await screen.findByTestId("confirm-warnings");
    const input = screen.getByTestId("profile-address-kana");
    expect(input.getAttribute("aria-invalid")).toBe("false");
    expect(input.classList.contains("has-warning")).toBe(true);
    expect(screen.getByTestId("warning-address_kana").textContent).toContain("注意");

    accept.focus();
    await fireEvent.click(accept);
    const saved = await screen.findByTestId("profile-saved");
    await waitFor(() => expect(document.activeElement).toBe(saved));
    expect(onsaved).toHaveBeenCalledOnce();
  });

  it("clears the error summary when the field's blur check passes", async () => {
    const phone: FormIssue = { field: "phone", severity: "error", code: "phone.digits", message: "電話番号は数字で入力してください。" };
    mockIPC((cmd, args) => {
      if (cmd === "clinic_profile") return { clinic, profile: empty };
      if (cmd === "validate_clinic_profile") {
        return { issues: /^[0-9]*$/.test((args as { form: Profile }).form.phone) ? [] : [phone] } satisfies FormReport;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(ClinicProfile, { clinicId: "c1", onclose: () => {} });
    const input = await screen.findByTestId("profile-phone");
    await fireEvent.input(input, { target: { value: "03-1234" } });
    await fireEvent.click(screen.getByTestId("profile-submit"));
    expect((await screen.findByTestId("error-summary")).textContent).toContain("電話番号は数字で入力してください。");
    await fireEvent.input(input, { target: { value: "031234" } });
    await fireEvent.blur(input);
    await waitFor(() => expect(screen.queryByTestId("error-summary")).toBeNull());
    expect(screen.queryByTestId("error-phone")).toBeNull();
  });
});
