import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../app.js";
import { defaultAuthConfig } from "../auth/gate.js";
import { AuthStore } from "../auth/store.js";
import { api, person, type TestPerson } from "../auth/testing.js";
import { createApi } from "./index.js";

let server: RunningServer;
let dataDir: string;
let W: string;
let owner: TestPerson;
let editor: TestPerson;

async function start() {
  server = await createServer({ port: 0, host: "127.0.0.1", dataDir });
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "crm-seq-"));
  await start();
  owner = await person(server, "Owner");
  W = server.auth!.createWorkspace("Acme", owner.userId).id;
  editor = await person(server, "Editor", { workspaceId: W, role: "editor" });
});
afterEach(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const reserve = (who: { cookie?: string }, kind: string, body: unknown, ws = W) =>
  api(server, "POST", `/api/workspaces/${ws}/sequences/${kind}`, { ...who, body });

async function withToken(role: "editor" | "viewer", kind: string, body: unknown) {
  const { token } = server.auth!.mintToken({ workspaceId: W, role, name: "importer", createdBy: owner.userId });
  const res = await fetch(`${server.url}/api/workspaces/${W}/sequences/${kind}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("number blocks", () => {
  it("hands out consecutive blocks per workspace and kind, never the same number twice", async () => {
    expect((await reserve(owner, "quote", { count: 20, atLeast: 0 })).json).toEqual({ first: 1, last: 20 });
    expect((await reserve(editor, "quote", { count: 20, atLeast: 0 })).json).toEqual({ first: 21, last: 40 });
    // Orders count on their own; another workspace too.
    expect((await reserve(editor, "order", { count: 5 })).json).toEqual({ first: 1, last: 5 });
    const other = server.auth!.createWorkspace("Other", owner.userId).id;
    expect((await reserve(owner, "quote", { count: 3 }, other)).json).toEqual({ first: 1, last: 3 });
    expect((await reserve(owner, "quote", { count: 1 })).json).toEqual({ first: 41, last: 41 });
  });

  it("starts above the highest number a device has seen (migration), and never goes back", async () => {
    expect((await reserve(editor, "quote", { count: 10, atLeast: 42 })).json).toEqual({ first: 43, last: 52 });
    // A lower atLeast (a device that has seen less) changes nothing.
    expect((await reserve(owner, "quote", { count: 10, atLeast: 7 })).json).toEqual({ first: 53, last: 62 });
    expect((await reserve(owner, "quote", { count: 1, atLeast: 100 })).json).toEqual({ first: 101, last: 101 });
  });

  it("refuses bad bodies with a message naming the field, and hands nothing out", async () => {
    const cases: [unknown, string, string][] = [
      [{}, "count", "count: a whole number of numbers to reserve"],
      [{ count: "20" }, "count", "count: a whole number of numbers to reserve"],
      [{ count: 2.5 }, "count", "count: a whole number of numbers to reserve"],
      [{ count: 0 }, "count", "count: at least 1"],
      [{ count: 1001 }, "count", "count: at most 1000"],
      [{ count: 5, atLeast: -1 }, "atLeast", "atLeast: 0 or more"],
      [{ count: 5, atLeast: "9" }, "atLeast", "atLeast: the highest number this device has seen (a whole number)"],
      [{ count: 5, atLeast: 1e12 }, "atLeast", "atLeast: at most 999999999"],
    ];
    for (const [body, field, message] of cases) {
      const res = await reserve(editor, "quote", body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error, JSON.stringify(body)).toMatchObject({ code: "invalid", field, message });
    }
    const notJson = await fetch(`${server.url}/api/workspaces/${W}/sequences/quote`, {
      method: "POST",
      headers: { Cookie: editor.cookie, "Content-Type": "application/json" },
      body: "{count: 5",
    });
    expect(notJson.status).toBe(400);
    const kind = await reserve(editor, "invoice", { count: 5 });
    expect(kind.status).toBe(404);
    expect(kind.json.error).toMatchObject({ code: "no-sequence", message: expect.stringContaining("quote, order") });
    expect((await reserve(editor, "quote", { count: 1 })).json).toEqual({ first: 1, last: 1 });
  });

  it("is for members who may create quotes (orders): viewers and support are refused, outsiders see nothing", async () => {
    const viewer = await person(server, "Viewer", { workspaceId: W, role: "viewer" });
    const support = await person(server, "Support", { workspaceId: W, role: "support" });
    const outsider = await person(server, "Outsider");
    server.auth!.createWorkspace("Elsewhere", outsider.userId);
    for (const kind of ["quote", "order"]) {
      const v = await reserve(viewer, kind, { count: 5 });
      expect(v.status).toBe(403);
      expect(v.json.error).toMatchObject({ code: "forbidden", message: expect.stringContaining("viewer") });
      expect((await reserve(support, kind, { count: 5 })).status).toBe(403);
      expect((await reserve(outsider, kind, { count: 5 })).status).toBe(404);
      expect((await reserve({}, kind, { count: 5 })).status).toBe(401);
    }
    // A refused request even with a bad body says "forbidden": rights are checked first.
    expect((await reserve(viewer, "quote", { count: -1 })).status).toBe(403);
    expect((await reserve(owner, "quote", { count: 5 })).json).toEqual({ first: 1, last: 5 });
  });

  it("a service token with write rights reserves too (Authorization: Bearer); a viewer token does not", async () => {
    expect(await withToken("editor", "order", { count: 100, atLeast: 0 })).toEqual({
      status: 200,
      json: { first: 1, last: 100 },
    });
    expect((await withToken("viewer", "order", { count: 1 })).status).toBe(403);
    const bad = await fetch(`${server.url}/api/workspaces/${W}/sequences/order`, {
      method: "POST",
      headers: {
        Authorization: "Bearer crm_nonexistent1_aaaaaaaaaaaaaaaaaaaaaaaa",
        "Content-Type": "application/json",
      },
      body: JSON.stringify({ count: 1 }),
    });
    expect(bad.status).toBe(401);
  });

  it("concurrent requests get disjoint blocks that together cover the range", async () => {
    const people = [owner, editor, await person(server, "Third", { workspaceId: W, role: "admin" })];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => reserve(people[i % 3]!, "quote", { count: 7, atLeast: 0 })),
    );
    const blocks = results.map((r) => r.json as { first: number; last: number }).sort((x, y) => x.first - y.first);
    expect(blocks).toHaveLength(30);
    blocks.forEach((b, i) => {
      expect(b.last - b.first).toBe(6);
      expect(b.first).toBe(i * 7 + 1); // no overlap, no gap
    });
  });

  it("keeps counting across a restart (the counter is in crm.sqlite)", async () => {
    expect((await reserve(editor, "quote", { count: 20 })).json).toEqual({ first: 1, last: 20 });
    await server.close();
    await start();
    const fresh = `crm_session=${server.auth!.createSession(editor.userId, 3600_000).secret}`;
    expect((await reserve({ cookie: fresh }, "quote", { count: 20 })).json).toEqual({ first: 21, last: 40 });
  });

  it("limits how often one principal may ask, with Retry-After", async () => {
    const store = new AuthStore();
    const clock = { t: 1_000_000 };
    const app = createApi(store, defaultAuthConfig, { blocksPerMinute: 3, now: () => clock.t });
    const user = store.createUser({ email: "r@example.test", name: "R", passwordHash: "x" });
    const ws = store.createWorkspace("R", user.id);
    const { secret } = store.createSession(user.id, 3600_000, clock.t);
    const ask = () =>
      app.request(`/workspaces/${ws.id}/sequences/quote`, {
        method: "POST",
        headers: { Cookie: `crm_session=${secret}`, "Content-Type": "application/json" },
        body: JSON.stringify({ count: 1 }),
      });
    for (let i = 0; i < 3; i++) expect((await ask()).status).toBe(200);
    const refused = await ask();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    clock.t += 61_000;
    expect(await (await ask()).json()).toEqual({ first: 4, last: 4 });
    store.close();
  });
});
