import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config";

// Svelte 5 needs the "browser" export condition under Vitest (ecosystem.md §8).
export default mergeConfig(
  viteConfig,
  defineConfig({
    resolve: { conditions: ["browser"] },
    test: {
      environment: "jsdom",
      include: ["src/**/*.test.ts"],
    },
  }),
);
