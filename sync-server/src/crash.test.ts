import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MuxClient, provisionWorkspace } from "./testing/clients.js";
import { exited, freePort, serveCrm } from "./testing/processes.js";

describe("a server process killed with SIGKILL", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-kill-"));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("keeps every update it acknowledged, across 20 kills while a writer keeps writing", async () => {
    const { workspace, token } = await provisionWorkspace(dataDir, "editor");
    const DOC = `${workspace}/records/orders/11`;
    const port = await freePort();
    /** Keys the server acknowledged as persisted (before it was killed). */
    const acknowledged: string[] = [];
    let written = 0;
    for (let round = 0; round < 20; round++) {
      const server = await serveCrm(port, dataDir);
      children.push(server.child);
      const writer = await MuxClient.open(`${server.url.replace("http", "ws")}/sync?token=${token}`);
      const doc = writer.subscribe(DOC);
      await writer.waitSynced(DOC);
      const entry = writer.entry(DOC);
      // Message index (in this connection's count of sent updates) → the key it carried.
      const keyAt = new Map<number, string>();
      const timer = setInterval(() => {
        const key = `r${round}-k${written++}`;
        doc.getMap("orders").set(key, { total: written, text: "x".repeat(200) });
        keyAt.set(entry.sent, key);
      }, 2);
      // Kill at a different moment each round, mid-stream: once this round has had a few updates
      // acknowledged (on a loaded machine the first can take longer than any fixed delay), then
      // after a delay that differs per round.
      const target = 3 + (round % 7);
      const deadline = Date.now() + 30_000;
      while (entry.persisted < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, (round * 37) % 120));
      const persisted = entry.persisted;
      server.child.kill("SIGKILL");
      clearInterval(timer);
      for (let i = 1; i <= persisted; i++) if (keyAt.has(i)) acknowledged.push(keyAt.get(i)!);
      expect(await exited(server.child)).toEqual({ code: null, signal: "SIGKILL" });
      await writer.close();
    }
    expect(acknowledged.length).toBeGreaterThan(100);

    const last = await serveCrm(port, dataDir);
    children.push(last.child);
    const reader = await MuxClient.open(`${last.url.replace("http", "ws")}/sync?token=${token}`);
    const copy = reader.subscribe(DOC);
    await reader.waitSynced(DOC);
    const stored = copy.getMap("orders");
    const missing = acknowledged.filter((k) => !stored.has(k));
    expect(missing).toEqual([]);
    await reader.close();

    // A clean stop on SIGTERM exits 0.
    last.child.kill("SIGTERM");
    expect(await exited(last.child)).toEqual({ code: 0, signal: null });
  }, 120_000);
});
