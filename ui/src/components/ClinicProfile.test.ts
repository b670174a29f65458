// The profile screen's UI-only behaviour with the Rust side mocked: a postal code with several
// addresses offers a choice, and choosing fills 所在地 and 所在地カナ.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ClinicProfile from "./ClinicProfile.svelte";
import type { AddressFill, Clinic, ClinicProfile as Profile, ClinicWithProfile } from "../lib/api";

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
});
