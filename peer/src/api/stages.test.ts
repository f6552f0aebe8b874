import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type RunningServer } from "@crm/sync-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * A deal's stage moved through the REST API moves as the pipeline board moves it: the stage's
 * probability (unless the PATCH sets one) and the won/lost stamps — schema's `deriveChanges`,
 * applied by the peer's write check for every writer.
 */

let dir: string;
let server: RunningServer;
let token: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-stages-"));
  server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    peer: { enabled: true, runJobs: false },
  });
  const store = server.auth!;
  const owner = store.createUser({ email: "owner@example.test", name: "Owner", passwordHash: "x" });
  const workspace = store.createWorkspace("Test", owner.id).id;
  token = store.mintToken({ workspaceId: workspace, role: "editor", name: "test", createdBy: owner.id }).token;
}, 30_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Deal = { id: string; stage: string; probability: number; wonAt: number | null; lostAt: number | null };

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  expect(res.status, JSON.stringify(json)).toBeLessThan(300);
  return json as T;
}

describe("PATCH of a deal's stage over REST", () => {
  it("sets the stage's probability and stamps won, lost, and clears them when reopened", async () => {
    const account = await call<{ id: string }>("POST", "/accounts", { name: "Initech" });
    const deal = await call<Deal>("POST", "/opportunities", {
      name: "Initech renewal",
      accountId: account.id,
      stage: "proposal",
    });
    expect(deal).toMatchObject({ stage: "proposal", probability: 50, wonAt: null, lostAt: null });

    const before = Date.now();
    const won = await call<Deal>("PATCH", `/opportunities/${deal.id}`, { stage: "won" });
    expect(won).toMatchObject({ stage: "won", probability: 100, lostAt: null });
    expect(won.wonAt).toBeGreaterThanOrEqual(before);
    // Read back: stored, not only answered.
    expect(await call<Deal>("GET", `/opportunities/${deal.id}`)).toMatchObject({ probability: 100, wonAt: won.wonAt });

    const lost = await call<Deal>("PATCH", `/opportunities/${deal.id}`, { stage: "lost" });
    expect(lost).toMatchObject({ stage: "lost", probability: 0, wonAt: null });
    expect(lost.lostAt).toBeGreaterThanOrEqual(won.wonAt!);

    // A probability given in the same PATCH is kept; reopening clears the stamps.
    const reopened = await call<Deal>("PATCH", `/opportunities/${deal.id}`, { stage: "negotiation", probability: 60 });
    expect(reopened).toMatchObject({ stage: "negotiation", probability: 60, wonAt: null, lostAt: null });

    // Another field alone leaves the stage's fields be.
    const renamed = await call<Deal>("PATCH", `/opportunities/${deal.id}`, { name: "Initech renewal 2" });
    expect(renamed).toMatchObject({ stage: "negotiation", probability: 60, wonAt: null, lostAt: null });
  }, 30_000);

  it("stamps a deal created as won", async () => {
    const account = await call<{ id: string }>("POST", "/accounts", { name: "Globex" });
    const deal = await call<Deal>("POST", "/opportunities", { name: "Globex", accountId: account.id, stage: "won" });
    expect(deal).toMatchObject({ stage: "won", probability: 100, lostAt: null });
    expect(typeof deal.wonAt).toBe("number");
  }, 30_000);
});
