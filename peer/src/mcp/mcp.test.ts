import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MemberRole } from "@crm/schema";
import { createServer, type RunningServer } from "@crm/sync-server";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * `/mcp` answering the SDK's own client over real HTTP on 127.0.0.1, with service tokens of
 * different roles: the tools an assistant sees, a search, a write and its read-back, and the
 * refusals (a viewer's write, no token, a foreign Origin).
 */

let server: RunningServer;
let dir: string;
let workspace: string;
const tokens = {} as Record<MemberRole, string>;
const clients: Client[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-mcp-"));
  server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    peer: { enabled: true, runJobs: true },
  });
  const store = server.auth!;
  const owner = store.createUser({ email: "owner@example.test", name: "Owner", passwordHash: "x" });
  workspace = store.createWorkspace("Test", owner.id).id;
  for (const role of ["owner", "editor", "support", "viewer"] as const)
    tokens[role] = store.mintToken({ workspaceId: workspace, role, name: role, createdBy: owner.id }).token;
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function connect(role: MemberRole): Promise<Client> {
  const client = new Client({ name: "test-assistant", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${tokens[role]}` } },
    }),
  );
  clients.push(client);
  return client;
}

const call = async (client: Client, name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult;

const json = (r: CallToolResult) => JSON.parse((r.content[0] as { text: string }).text);

async function rest(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${tokens.owner}`, "Content-Type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { data?: unknown[] } };
}

describe("the MCP endpoint", () => {
  it("lists its tools, the writes marked as such", async () => {
    const client = await connect("editor");
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual([
      "create_record",
      "get_record",
      "query_records",
      "search_records",
      "update_record",
    ]);
    for (const name of ["create_record", "update_record"]) {
      expect(byName[name]!.description).toMatch(/^WRITES to the CRM/);
      expect(byName[name]!.annotations?.readOnlyHint).toBe(false);
    }
    expect(byName.update_record!.annotations?.destructiveHint).toBe(true);
    expect(byName.create_record!.annotations?.destructiveHint).toBe(false);
    for (const name of ["get_record", "query_records", "search_records"]) {
      expect(byName[name]!.description).toMatch(/^Read-only/);
      expect(byName[name]!.annotations?.readOnlyHint).toBe(true);
    }
    expect(byName.search_records!.inputSchema.properties).toHaveProperty("collection");
  });

  it("searches an account by name, creates a task about it and gets it back", async () => {
    await rest("POST", "/accounts", { name: "Initech Holdings", industry: "" });
    await rest("POST", "/accounts", { name: "Globex" });
    const client = await connect("editor");

    const found = await call(client, "search_records", { collection: "accounts", query: "initech" });
    expect(found.isError).toBeFalsy();
    const { records, more } = json(found) as { records: { id: string; name: string }[]; more: boolean };
    expect(records.map((r) => r.name)).toEqual(["Initech Holdings"]);
    expect(more).toBe(false);
    const account = records[0]!;

    const created = await call(client, "create_record", {
      collection: "activities",
      fields: {
        kind: "task",
        subject: "Call Initech about the renewal",
        dueAt: Date.UTC(2026, 11, 24),
        relatedType: "account",
        relatedId: account.id,
        accountId: account.id,
      },
    });
    expect(created.isError, JSON.stringify(created.content)).toBeFalsy();
    const task = json(created) as { id: string; subject: string; createdBy: string };
    expect(task.subject).toBe("Call Initech about the renewal");
    expect(task.createdBy).toMatch(/^token:/);

    const got = json(await call(client, "get_record", { collection: "activities", id: task.id }));
    expect(got).toMatchObject({ id: task.id, subject: "Call Initech about the renewal", accountId: account.id });
    // The REST API sees the same record: MCP wrote through the peer like any client.
    expect((await rest("GET", `/activities/${task.id}`)).status).toBe(200);

    const updated = await call(client, "update_record", {
      collection: "activities",
      id: task.id,
      fields: { done: true },
    });
    expect(json(updated)).toMatchObject({ done: true, subject: "Call Initech about the renewal" });
  });

  it("returns the REST API's problem, naming the field, as a tool error", async () => {
    const client = await connect("editor");
    const refused = await call(client, "create_record", { collection: "accounts", fields: { name: "" } });
    expect(refused.isError).toBe(true);
    expect(json(refused)).toMatchObject({ status: 422, code: "invalid", errors: [{ field: "name" }] });
    const unknown = await call(client, "update_record", { collection: "accounts", id: "nope", fields: { name: "x" } });
    expect(unknown.isError).toBe(true);
  });

  it("answers read-only queries: a page with chosen fields and a grouped aggregate", async () => {
    const accountId = (await rest("POST", "/accounts", { name: "Deals Inc" })).body.id;
    for (const [name, stage, amount] of [
      ["A", "qualification", 100],
      ["B", "qualification", 250],
      ["C", "proposal", 1000],
    ] as const)
      expect((await rest("POST", "/opportunities", { name, stage, amount, accountId })).status).toBe(201);
    const client = await connect("viewer");
    const page = json(
      await call(client, "query_records", {
        collection: "opportunities",
        filters: [{ field: "amount", op: "gte", value: "200" }],
        sort: "-amount",
        fields: ["name", "amount"],
      }),
    );
    expect(page.data).toEqual([
      expect.objectContaining({ name: "C", amount: 1000 }),
      expect.objectContaining({ name: "B" }),
    ]);
    expect(Object.keys(page.data[0]).sort()).toEqual(["amount", "id", "name"]);

    const sums = json(
      await call(client, "query_records", {
        collection: "opportunities",
        aggregate: { op: "sum", field: "amount", groupBy: "stage" },
      }),
    );
    expect(sums.groups).toEqual([
      { key: "qualification", count: 2, value: 350 },
      { key: "proposal", count: 1, value: 1000 },
    ]);
    const bad = await call(client, "query_records", {
      collection: "opportunities",
      aggregate: { op: "sum", field: "name" },
    });
    expect(bad.isError).toBe(true);
    expect(json(bad).errors[0].field).toBe("field");
  });

  it("gives a token exactly its role's rights", async () => {
    const viewer = await connect("viewer");
    const before = (await rest("GET", "/contacts?limit=500")).body.data!.length;
    const refused = await call(viewer, "create_record", { collection: "contacts", fields: { lastName: "Nobody" } });
    expect(refused.isError).toBe(true);
    expect(json(refused)).toMatchObject({ status: 403, code: "forbidden" });
    expect((await rest("GET", "/contacts?limit=500")).body.data!.length).toBe(before);

    const support = await connect("support");
    const deals = await call(support, "search_records", { collection: "opportunities", query: "" });
    expect(deals.isError).toBe(true);
    expect((await call(support, "query_records", { collection: "opportunities" })).isError).toBe(true);
  });

  it("refuses a request without a token (401) and one from a foreign page (403)", async () => {
    const body = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } },
    });
    const headers = { "Content-Type": "application/json", Accept: "application/json, text/event-stream" };
    const anonymous = await fetch(`${server.url}/mcp`, { method: "POST", headers, body });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);

    const client = new Client({ name: "no-token", version: "1.0.0" });
    await expect(client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`)))).rejects.toThrow();

    const foreign = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { ...headers, Authorization: `Bearer ${tokens.owner}`, Origin: "http://evil.example" },
      body,
    });
    expect(foreign.status).toBe(403);
    // fetch may not set Host: a raw request, as a DNS-rebinding page's browser would send it.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${server.url}/mcp`,
        { method: "POST", headers: { ...headers, Authorization: `Bearer ${tokens.owner}`, Host: "evil.example" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    expect(rebound).toBe(403);
    const ok = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { ...headers, Authorization: `Bearer ${tokens.owner}` },
      body,
    });
    expect(ok.status).toBe(200);
    expect((await fetch(`${server.url}/mcp`, { headers: { Authorization: `Bearer ${tokens.owner}` } })).status).toBe(
      405,
    );
  });
});
