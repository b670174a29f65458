// 手順の内容の更新 with the Rust side mocked: the panel says which content is used; a check that
// applies a bundle offers the restart; a refused or offline check says why and keeps the content.
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ContentUpdate from "./ContentUpdate.svelte";
import type { CheckResult, ContentPanel } from "../lib/api";

afterEach(() => {
  cleanup();
  clearMocks();
});

const panel = (pending: number | null): ContentPanel => ({
  status: {
    version: 1,
    source: "embedded",
    issued: null,
    expires: null,
    highest_seen: null,
    embedded_version: 1,
    warning: null,
  },
  summary: "アプリに組み込みの内容（版1）",
  url: "https://content.example/stable/",
  pending,
  last: null,
});

describe("ContentUpdate", () => {
  it("applies a newer bundle and then offers the restart", async () => {
    let pending: number | null = null;
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "content_panel") return panel(pending);
      if (cmd === "check_content_update") {
        pending = 2;
        return {
          outcome: "applied",
          message: "新しい手順の内容（版2）を取り込みました。",
          checked_at: "2026/12/7 15:00",
        } satisfies CheckResult;
      }
      if (cmd === "restart_app") return null;
      throw new Error(`unexpected ${cmd}`);
    });
    render(ContentUpdate);
    expect((await screen.findByTestId("content-summary")).textContent).toContain("アプリに組み込みの内容（版1）");
    expect(screen.queryByTestId("content-restart")).toBeNull();
    await fireEvent.click(screen.getByTestId("content-check"));
    const result = await screen.findByTestId("content-result");
    expect(result.textContent).toContain("版2）を取り込みました");
    expect(result.dataset.outcome).toBe("applied");
    const restart = await screen.findByTestId("content-restart");
    expect(restart.textContent).toContain("再起動して新しい内容（版2）を使う");
    await fireEvent.click(restart);
    expect(calls).toContain("restart_app");
  });

  it("says why a check failed and offers no restart", async () => {
    mockIPC((cmd) => {
      if (cmd === "content_panel") return panel(null);
      if (cmd === "check_content_update")
        return {
          outcome: "refused",
          message: "更新の署名が正しくありません。…今の内容（版1）のまま使います。",
          checked_at: "2026/12/7 15:00",
        } satisfies CheckResult;
      throw new Error(`unexpected ${cmd}`);
    });
    render(ContentUpdate);
    await fireEvent.click(await screen.findByTestId("content-check"));
    const result = await screen.findByTestId("content-result");
    expect(result.textContent).toContain("今の内容（版1）のまま使います");
    expect(result.dataset.outcome).toBe("refused");
    expect(result.className).toContain("error");
    expect(screen.queryByTestId("content-restart")).toBeNull();
  });
});
