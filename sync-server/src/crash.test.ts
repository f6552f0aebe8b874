import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { MuxClient, waitUntil } from "./testing/clients.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const DOC = "default/records/orders/11";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `src/main.ts` as its own process. `node --import tsx` runs it in ONE process (the `tsx`
 * CLI would fork a child that a SIGKILL of the parent leaves running).
 */
async function startServer(port: number, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    cwd: REPO,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => {
    out += d;
  });
  child.stderr!.on("data", (d) => {
    err += d;
  });
  try {
    await waitUntil("the server to listen", () => out.includes('"msg":"listening"') || child.exitCode !== null, 20_000);
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${err}`);
  const line = out.split("\n").find((l) => l.includes('"msg":"listening"'))!;
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

async function exited(
  child: ChildProcess,
  timeoutMs = 10_000,
): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("the server did not exit"));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

describe("a server process killed with SIGKILL", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-kill-"));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps every acknowledged update", async () => {
    const port = await freePort();
    const first = await startServer(port, dataDir);
    children.push(first.child);
    const wsUrl = `${first.url.replace("http", "ws")}/sync`;

    const writer = await MuxClient.open(wsUrl);
    const doc = writer.subscribe(DOC);
    await writer.waitSynced(DOC);
    for (let i = 0; i < 200; i++) doc.getMap("orders").set(`o${i}`, { total: i * 10 });
    doc.getText("log").insert(0, "x".repeat(5000));
    await writer.waitPersisted(DOC, 10_000);
    const expected = doc.toJSON();

    first.child.kill("SIGKILL");
    const { signal } = await exited(first.child);
    expect(signal).toBe("SIGKILL");
    await writer.close();

    const second = await startServer(port, dataDir);
    children.push(second.child);
    const reader = await MuxClient.open(wsUrl);
    const copy = reader.subscribe(DOC);
    copy.getMap("orders");
    copy.getText("log");
    await reader.waitSynced(DOC);
    expect(copy.toJSON()).toEqual(expected);
    await reader.close();

    // A clean stop on SIGTERM exits 0.
    second.child.kill("SIGTERM");
    expect(await exited(second.child)).toEqual({ code: 0, signal: null });
  }, 60_000);
});
