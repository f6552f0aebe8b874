import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { INBOUND_DEFAULTS } from "@crm/peer";
import type { MemberRole } from "@crm/schema";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "./app.js";
import { BODY_LIMITS } from "./guards.js";
import { holderIsGone, JobsLease, peerSettingsFromEnv } from "./peerHost.js";

/*
 * The automation peer inside the server (peerHost.ts) and the REST API it serves at `/api/v1`,
 * over real HTTP against a real server process's sockets: the peer is a sync client of the
 * server it runs in, so every write below travels the sync protocol before it is answered.
 */

interface World {
  server: RunningServer;
  dir: string;
  workspace: string;
  token(role: MemberRole): string;
}

async function world(peer: { testJobsDelayMs?: number } = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), "crm-peerHost-"));
  const server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    peer: { enabled: true, runJobs: true, ...peer },
  });
  const store = server.auth!;
  const owner = store.createUser({ email: "owner@example.test", name: "Owner", passwordHash: "x" });
  const workspace = store.createWorkspace("Test", owner.id).id;
  const token = (role: MemberRole) =>
    store.mintToken({ workspaceId: workspace, role, name: `test ${role}`, createdBy: owner.id }).token;
  return { server, dir, workspace, token };
}

let w: World | undefined;
afterEach(async () => {
  await w?.server.close();
  if (w) rmSync(w.dir, { recursive: true, force: true });
  w = undefined;
});

function call(token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${w!.server.url}/api/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

describe("/api/v1 through the server's automation peer", () => {
  beforeEach(async () => {
    w = await world();
  });

  it("creates, lists with a filter, patches, deletes and restores a record", async () => {
    const editor = w!.token("editor");
    const created = await call(editor, "POST", "/accounts", { name: "Initech", status: "prospect" });
    expect(created.status).toBe(201);
    const account = (await created.json()) as { id: string; name: string; createdBy: string };
    expect(account).toMatchObject({ name: "Initech", createdBy: expect.stringMatching(/^token:/) });
    expect(created.headers.get("location")).toBe(`/api/v1/accounts/${account.id}`);
    await call(editor, "POST", "/accounts", { name: "Globex", status: "customer" });

    const listed = await call(editor, "GET", "/accounts?filter[status]=prospect&sort=-name");
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as { data: { name: string }[]; nextCursor: string | null };
    expect(page.data.map((a) => a.name)).toEqual(["Initech"]);

    const patched = await call(editor, "PATCH", `/accounts/${account.id}`, { status: "customer" });
    expect(await patched.json()).toMatchObject({ id: account.id, name: "Initech", status: "customer" });

    expect((await call(editor, "DELETE", `/accounts/${account.id}`)).status).toBe(200);
    const remaining = (await (await call(editor, "GET", "/accounts")).json()) as { data: { name: string }[] };
    expect(remaining.data.map((a) => a.name)).toEqual(["Globex"]);

    const restored = await call(editor, "POST", `/accounts/${account.id}/restore`);
    expect(await restored.json()).toMatchObject({ id: account.id, deletedAt: null });
    expect(await (await call(editor, "GET", `/accounts/${account.id}`)).json()).toMatchObject({ status: "customer" });
  });

  it("grants exactly the role's rights, and answers every refusal as a problem naming the field", async () => {
    const viewer = await call(w!.token("viewer"), "POST", "/accounts", { name: "Nope" });
    expect(viewer.status).toBe(403);
    expect(viewer.headers.get("content-type")).toBe("application/problem+json");
    expect(await viewer.json()).toMatchObject({ status: 403, code: "forbidden" });

    expect((await call(w!.token("support"), "GET", "/opportunities")).status).toBe(403);
    expect((await call(w!.token("support"), "GET", "/contacts")).status).toBe(200);
    expect((await call("crm_not-a-token", "GET", "/accounts")).status).toBe(401);
    const anonymous = await fetch(`${w!.server.url}/api/v1/accounts`);
    expect(anonymous.status).toBe(401);

    const invalid = await call(w!.token("editor"), "POST", "/accounts", { name: "" });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ code: "invalid", errors: [{ field: "name", code: "required" }] });
    const badQuery = await call(w!.token("editor"), "GET", "/accounts?filter[status][near]=x");
    expect(await badQuery.json()).toMatchObject({ status: 400, errors: [{ field: "filter[status][near]" }] });
  });

  it("replays a POST with the same Idempotency-Key instead of creating twice", async () => {
    const editor = w!.token("editor");
    const first = await call(
      editor,
      "POST",
      "/contacts",
      { firstName: "Ada", lastName: "Lovelace" },
      { "Idempotency-Key": "k-1" },
    );
    const again = await call(
      editor,
      "POST",
      "/contacts",
      { firstName: "Ada", lastName: "Lovelace" },
      { "Idempotency-Key": "k-1" },
    );
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    const other = await call(
      editor,
      "POST",
      "/contacts",
      { firstName: "Grace", lastName: "Hopper" },
      { "Idempotency-Key": "k-1" },
    );
    expect(await other.json()).toMatchObject({ status: 422, code: "idempotency-key-reused" });
    const contacts = (await (await call(editor, "GET", "/contacts")).json()) as { data: unknown[] };
    expect(contacts.data).toHaveLength(1);
  });

  it("takes a record up to 1 MiB and refuses more as a problem", async () => {
    const big = await call(w!.token("editor"), "POST", "/accounts", { name: "x".repeat(BODY_LIMITS.records) });
    expect(big.status).toBe(413);
    expect(big.headers.get("content-type")).toBe("application/problem+json");
    expect(await big.json()).toMatchObject({ code: "too-large" });
  });

  it("serves its OpenAPI description", async () => {
    const res = await fetch(`${w!.server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/accounts", "/api/v1/accounts/{id}", "/api/v1/accounts/{id}/restore"]),
    );
  });
});

describe("/api/v1 with the app's session cookie", () => {
  it("takes the workspace from CRM-Workspace (or the only one), with the person's role", async () => {
    w = await world();
    const store = w.server.auth!;
    const person = store.createUser({ email: "ada@example.test", name: "Ada", passwordHash: "x" });
    store.addMember(w.workspace, person.id, "editor");
    const { secret } = store.createSession(person.id, 3_600_000);
    const asPerson = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
      fetch(`${w!.server.url}/api/v1${path}`, {
        method,
        headers: {
          Cookie: `crm_session=${secret}`,
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    // One workspace: no header needed; writes are stamped with the person.
    const made = await asPerson("POST", "/accounts", {}, { name: "Cookie Co" });
    expect(made.status).toBe(201);
    expect(await made.json()).toMatchObject({ createdBy: person.id, updatedBy: person.id });

    // Two workspaces: the header names one, and is required.
    const other = store.createWorkspace("Other", person.id).id;
    const ambiguous = await asPerson("GET", "/accounts");
    expect(ambiguous.status).toBe(400);
    expect(await ambiguous.json()).toMatchObject({ errors: [{ field: "CRM-Workspace" }] });
    // The document is anyone's: the built-in fields when the workspace is not named.
    expect((await asPerson("GET", "/openapi.json")).status).toBe(200);
    const listed = await asPerson("GET", "/accounts", { "CRM-Workspace": w.workspace });
    expect(((await listed.json()) as { data: { name: string }[] }).data.map((a) => a.name)).toEqual(["Cookie Co"]);
    await expect
      .poll(async () => (await asPerson("GET", "/accounts", { "CRM-Workspace": other })).status, { timeout: 10_000 })
      .toBe(200);
    expect((await asPerson("GET", "/accounts", { "CRM-Workspace": "nope" })).status).toBe(404);

    // The person's role in that workspace, exactly.
    store.setRole(w.workspace, person.id, "viewer");
    const viewer = await asPerson("POST", "/accounts", { "CRM-Workspace": w.workspace }, { name: "Nope" });
    expect(viewer.status).toBe(403);
    // Another origin's page is refused; an ended session is 401.
    const foreign = await asPerson("GET", "/accounts", {
      "CRM-Workspace": w.workspace,
      Origin: "https://evil.example",
    });
    expect(foreign.status).toBe(403);
    store.revokeSession(secret);
    const ended = await asPerson("GET", "/accounts", { "CRM-Workspace": w.workspace });
    expect(ended.status).toBe(401);
    expect(ended.headers.get("content-type")).toBe("application/problem+json");
  });
});

describe("jobs in the server's peer", () => {
  it("runs a delayed job from the change feed once per record (PEER_TEST_JOBS)", async () => {
    w = await world({ testJobsDelayMs: 0 });
    const editor = w.token("editor");
    const made = (await (await call(editor, "POST", "/accounts", { name: "Job Acme" })).json()) as { id: string };
    await call(editor, "POST", "/accounts", { name: "Plain Co" });
    const tasks = async () =>
      ((await (await call(editor, "GET", "/activities")).json()) as { data: { subject: string; accountId: string }[] })
        .data;
    await expect
      .poll(tasks, { timeout: 10_000 })
      .toEqual([expect.objectContaining({ subject: "Follow up Job Acme", accountId: made.id })]);
    // One job, done, for the one matching account.
    const peer = w.server.peers!.peer(w.workspace)!;
    await expect.poll(async () => (await peer.jobs.counts()).done).toBe(1);
    expect(await peer.jobs.counts()).toMatchObject({ done: 1 });
  });
});

describe("peer settings and the jobs lease", () => {
  it("reads PEER, PEER_JOBS, PEER_DIR and refuses nonsense", () => {
    expect(peerSettingsFromEnv({})).toEqual({ enabled: true, runJobs: true, inbound: INBOUND_DEFAULTS });
    expect(peerSettingsFromEnv({ PEER: "off", PEER_JOBS: "off", PEER_DIR: "/x", API_RATE_LIMIT: "5" })).toEqual({
      enabled: false,
      runJobs: false,
      dir: "/x",
      apiRateLimit: 5,
      inbound: INBOUND_DEFAULTS,
    });
    // Inbound mail: off without a port; its limits in MiB and seconds.
    expect(
      peerSettingsFromEnv({ INBOUND_SMTP_PORT: "2525", INBOUND_DOMAIN: "Mail.Example.com", INBOUND_MAX_MB: "5" })
        .inbound,
    ).toMatchObject({ port: 2525, domain: "mail.example.com", maxBytes: 5 * 2 ** 20 });
    expect(() => peerSettingsFromEnv({ INBOUND_SMTP_PORT: "70000" })).toThrow(/INBOUND_SMTP_PORT/);
    expect(() => peerSettingsFromEnv({ INBOUND_DOMAIN: "a b" })).toThrow(/INBOUND_DOMAIN/);
    expect(peerSettingsFromEnv({ PEER_HOT_MIB: "64" })).toMatchObject({ hotMiB: 64 });
    expect(() => peerSettingsFromEnv({ PEER: "maybe" })).toThrow(/PEER must be on or off/);
    expect(() => peerSettingsFromEnv({ PEER_TEST_JOBS: "-1" })).toThrow(/non-negative integer/);
  });

  it("lets one process run the jobs of a data directory until it releases or stops renewing", async () => {
    w = await world();
    const store = w.server.auth!;
    // The server's own peers hold the lease already.
    const worker = new JobsLease(store, "worker");
    const held = worker.take();
    expect(held).toMatchObject({ ok: false, holder: expect.stringMatching(/^server /) });
    // A lease not renewed for 30 s is free.
    expect(worker.take(Date.now() + 31_000)).toEqual({ ok: true });
    worker.release();
  });

  it("frees at once a lease whose holder was a process of this machine that is gone (a SIGKILLed server)", async () => {
    w = await world();
    const store = w.server.auth!;
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    expect(holderIsGone(`server ${hostname()} pid ${dead}`)).toBe(true);
    expect(holderIsGone(`server ${hostname()} pid ${process.pid}`)).toBe(false);
    expect(holderIsGone(`server other-machine pid ${dead}`)).toBe(false);
    store.db
      .prepare("UPDATE auth_meta SET value = ? WHERE key = 'jobs-runner'")
      .run(JSON.stringify({ holder: `server ${hostname()} pid ${dead}`, at: Date.now() }));
    const worker = new JobsLease(store, "worker");
    expect(worker.take()).toEqual({ ok: true });
    worker.release();
  });
});
