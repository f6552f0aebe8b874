import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "./app.js";
import { NOT_BUILT_TEXT } from "./http.js";

describe("HTTP routes", () => {
  let staticDir: string;
  let server: RunningServer;
  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), "crm-static-"));
    mkdirSync(join(staticDir, "assets"));
    writeFileSync(join(staticDir, "index.html"), "<!doctype html><title>CRM</title>");
    writeFileSync(join(staticDir, "sw.js"), "self.skipWaiting()");
    writeFileSync(join(staticDir, "registerSW.js"), "// register");
    writeFileSync(join(staticDir, "manifest.webmanifest"), "{}");
    writeFileSync(join(staticDir, "icon.svg"), "<svg/>");
    writeFileSync(join(staticDir, "assets", "index-abc123.js"), "console.log(1)");
    server = await createServer({ port: 0, host: "127.0.0.1", staticDir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  const get = (path: string) => fetch(`${server.url}${path}`);

  it("answers /healthz", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("serves the shell files with no-cache and hashed assets as immutable", async () => {
    for (const path of ["/", "/index.html", "/sw.js", "/registerSW.js", "/manifest.webmanifest"]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("no-cache");
    }
    const asset = await get("/assets/index-abc123.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await asset.text()).toBe("console.log(1)");
  });

  it("falls back to index.html for client-side routes, but not for assets or /sync", async () => {
    const route = await get("/accounts/acc-1");
    expect(route.status).toBe(200);
    expect(route.headers.get("cache-control")).toBe("no-cache");
    expect(await route.text()).toContain("<title>CRM</title>");
    expect((await get("/assets/missing.js")).status).toBe(404);
    expect((await get("/sync")).status).toBe(404);
    expect((await get("/sync/default/records/accounts/01")).status).toBe(404);
  });

  it("does not serve files outside the static directory", async () => {
    const res = await get("/..%2f..%2fetc%2fpasswd");
    expect(await res.text()).not.toContain("root:");
  });
});

describe("HTTP without a built web app", () => {
  it("says how to build it", async () => {
    const empty = mkdtempSync(join(tmpdir(), "crm-empty-"));
    const server = await createServer({ port: 0, host: "127.0.0.1", staticDir: join(empty, "dist") });
    try {
      const res = await fetch(`${server.url}/`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(NOT_BUILT_TEXT);
    } finally {
      await server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("crm-server CLI", () => {
  it("lists its subcommands with --help", async () => {
    const bin = fileURLToPath(new URL("../bin/crmServer.js", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "--help"], { timeout: 20_000 });
    expect(stdout).toContain("Usage: crm-server");
    for (const command of ["serve", "backup <file>", "restore [--force] <file>"]) expect(stdout).toContain(command);
    for (const env of [
      "PORT",
      "HOST",
      "DATA_DIR",
      "STATIC_DIR",
      "ROOM_IDLE_MS",
      "MAX_FRAME_BYTES",
      "METRICS",
      "SHUTDOWN_DELAY_MS",
      "LOG_LEVEL",
      "PEER",
      "PEER_JOBS",
      "PEER_DIR",
      "API_RATE_LIMIT",
      "WEBHOOK_ALLOWED_HOSTS",
      "SMTP_URL",
      "MAIL_FROM",
      "MAIL_RATE_PER_SEC",
      "DKIM_DOMAIN",
      "DKIM_SELECTOR",
      "DKIM_PRIVATE_KEY_FILE",
    ]) {
      expect(stdout).toMatch(new RegExp(`^  ${env} `, "m"));
    }
  });
});
