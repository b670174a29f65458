// The 秘密情報 tab with the Rust side mocked: the page never receives a value; saving sends what
// was typed, copying says how long the clipboard keeps it, a refusal keeps what was typed, and
// without a keychain the tab says so and offers nothing to store.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ClinicSecrets from "./ClinicSecrets.svelte";
import type { IpcError, SecretKind, SecretsPage } from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const LABELS: Record<SecretKind, string> = {
  "portal-login": "ポータルのログインID（メールアドレス）",
  "portal-password": "ポータルのパスワード",
  "master-pin": "マスタアカウントの秘密の番号（4桁）",
  "cert-download-id": "電子証明書ダウンロード用のID",
  "cert-download-password": "電子証明書ダウンロード用のパスワード",
};

const page = (stored: SecretKind[], available = true): SecretsPage => ({
  available,
  message: available ? null : "このパソコンの資格情報の保管場所…ほかの場所（ファイルなど）には保存しません。",
  slots: (Object.keys(LABELS) as SecretKind[]).map((kind) => ({ kind, label: LABELS[kind], stored: stored.includes(kind) })),
  clear_after_seconds: 30,
});

const row = (kind: SecretKind) => document.querySelector(`[data-kind="${kind}"]`) as HTMLElement;

describe("ClinicSecrets", () => {
  it("stores what was typed, then copies it without ever receiving it", async () => {
    const stored: SecretKind[] = [];
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "clinic_secrets") return page(stored);
      if (cmd === "set_secret") {
        const a = args as { kind: SecretKind; value: string };
        sent.push(a);
        if (a.kind === "master-pin" && !/^\d{4}$/.test(a.value)) {
          throw {
            kind: "invalidInput",
            message: "マスタアカウントの秘密の番号（4桁）が数字4桁で入力してください。何も保存していません。",
            issues: [],
            data: { codes: [], terminals: [], must_come_first: null, earliest_date: null, confirmations: [], answers: [] },
          } satisfies IpcError;
        }
        stored.push(a.kind);
        return null;
      }
      if (cmd === "copy_secret") return 30;
      throw new Error(`unexpected ${cmd}`);
    });
    render(ClinicSecrets, { clinicId: "c1" });
    await screen.findAllByTestId("secret-row");
    await fireEvent.click(row("master-pin").querySelector("[data-testid=secret-edit]")!);
    const input = screen.getByTestId("secret-input") as HTMLInputElement;
    expect(input.type).toBe("password");
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: "12a4" } });
    await fireEvent.click(screen.getByTestId("secret-save"));
    expect((await screen.findByTestId("secrets-error")).textContent).toContain("数字4桁");
    expect((screen.getByTestId("secret-input") as HTMLInputElement).value).toBe("12a4");

    await fireEvent.input(screen.getByTestId("secret-input"), { target: { value: "1234" } });
    await fireEvent.click(screen.getByTestId("secret-save"));
    await vi_wait(() => screen.getByTestId("secrets-done").textContent!.includes("保存しました"));
    expect(sent).toEqual([
      { clinicId: "c1", kind: "master-pin", value: "12a4" },
      { clinicId: "c1", kind: "master-pin", value: "1234" },
    ]);
    await vi_wait(() => row("master-pin").querySelector("[data-testid=secret-copy]") !== null);
    expect(row("master-pin").querySelector("[data-testid=secret-state]")!.textContent).toBe("保存済み");
    await fireEvent.click(row("master-pin").querySelector("[data-testid=secret-copy]")!);
    await vi_wait(() => screen.getByTestId("secrets-done").textContent!.includes("コピーしました"));
    expect(screen.getByTestId("secrets-done").textContent).toContain("30秒後");
    expect(document.body.textContent).not.toContain("1234");
  });

  it("without a keychain says so and offers nothing to store", async () => {
    mockIPC((cmd) => {
      if (cmd === "clinic_secrets") return page([], false);
      throw new Error(`unexpected ${cmd}`);
    });
    render(ClinicSecrets, { clinicId: "c1" });
    expect((await screen.findByTestId("secrets-unavailable")).textContent).toContain("ファイルなど");
    for (const b of screen.getAllByTestId("secret-edit")) expect((b as HTMLButtonElement).disabled).toBe(true);
  });
});

async function vi_wait(ok: () => boolean) {
  for (let i = 0; i < 50 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(ok()).toBe(true);
}

describe("SecretCopy (a step's secrets)", () => {
  it("offers 「コピー」 only for the kept ones and says where to keep the others", async () => {
    const { default: SecretCopy } = await import("./SecretCopy.svelte");
    const copied: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "clinic_secrets") return page(["portal-password"]);
      if (cmd === "copy_secret") {
        copied.push(args);
        return 30;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(SecretCopy, { clinicId: "c1", kinds: ["portal-login", "portal-password"] });
    const buttons = await screen.findAllByTestId("step-secret-copy");
    expect(buttons.map((b) => b.dataset.kind)).toEqual(["portal-password"]);
    expect(screen.getByTestId("step-secrets").textContent).toContain("ポータルのログインID（メールアドレス）は保存されていません");
    await fireEvent.click(buttons[0]!);
    await vi_wait(() => screen.getByTestId("step-secret-said").textContent!.includes("30秒後"));
    expect(copied).toEqual([{ clinicId: "c1", kind: "portal-password" }]);
  });
});
