import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The app serves ui/dist through Tauri's own protocol (no dev server): `npm run build` before cargo.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebView2 on Windows 10 (Chromium ≥ 105) and WebKitGTK 2.40+.
    target: ["es2021", "chrome105", "safari15"],
    // No inline <script>/<style> (the CSP allows only 'self').
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
