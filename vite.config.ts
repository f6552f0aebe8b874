import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { build as esbuild } from "esbuild";
import { VitePWA } from "vite-plugin-pwa";
import { defineConfig } from "vitest/config";

// One config for the SPA (root: web/) and for every unit test in the workspace.
export default defineConfig({
  root: "web",
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 2000 },
  worker: { format: "es" },
  optimizeDeps: { exclude: ["@duckdb/duckdb-wasm"] },
  server: {
    proxy: {
      "/sync": { target: "ws://127.0.0.1:8787", ws: true },
      "/api": { target: "http://127.0.0.1:8787" },
      "/mcp": { target: "http://127.0.0.1:8787" },
    },
  },
  plugins: [
    react(),
    {
      // The chat widget is its own tiny script for other sites (web/widget/), not part of the app.
      name: "crm-chat-widget",
      apply: "build",
      closeBundle: async () => {
        await esbuild({
          entryPoints: [fileURLToPath(new URL("./web/widget/widget.ts", import.meta.url))],
          outfile: fileURLToPath(new URL("./web/dist/widget.js", import.meta.url)),
          bundle: true,
          minify: true,
          format: "iife",
          target: "es2019",
          legalComments: "none",
        });
      },
    },
    VitePWA({
      // A new version waits until the person says "Reload" (web/src/app/UpdateBanner.tsx): it
      // never reloads a tab under someone typing.
      registerType: "prompt",
      injectRegister: false,
      manifest: {
        name: "CRM",
        short_name: "CRM",
        description: "A local-first, collaborative CRM",
        theme_color: "#1f3a5f",
        background_color: "#f6f7f9",
        display: "standalone",
        icons: [{ src: "icon.svg", sizes: "any", type: "image/svg+xml" }],
      },
      workbox: {
        // The app shell: every script, style and the page itself. DuckDB's wasm (34 MB) is
        // fetched on demand by the Analytics page and kept in its own runtime cache.
        // The first install controls the open tab at once (offline from the first visit).
        clientsClaim: true,
        globPatterns: ["**/*.{js,css,html,svg,woff2}"],
        globIgnores: ["**/duckdb-*"],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: "index.html",
        navigateFallbackDenylist: [/^\/sync/, /^\/healthz/, /^\/readyz/, /^\/metrics/, /^\/api\//, /^\/mcp/],
        runtimeCaching: [
          {
            urlPattern: ({ url }) => /duckdb-.*\.(wasm|js)$/.test(url.pathname),
            handler: "CacheFirst",
            options: { cacheName: "duckdb", expiration: { maxEntries: 8 } },
          },
        ],
      },
    }),
  ],
  test: {
    root: ".",
    include: ["{protocol,schema,sync-server,peer,analytics,web,tests}/**/*.test.ts"],
    exclude: ["**/node_modules/**", "tests/e2e/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
