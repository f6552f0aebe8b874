import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MemberRole } from "@crm/schema";
import { createServer, type RunningServer } from "@crm/sync-server";
import { MuxClient } from "@crm/sync-server/net";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clientWrite, waitUntil } from "../testing.js";

/*
 * Webhooks through the whole server (`createServer` with the peer on, as `npm start` runs it):
 * `/api/v1/webhooks` and the REST hooks over real HTTP, and a receiver on 127.0.0.1
 * (WEBHOOK_ALLOWED_HOSTS=127.0.0.1) that verifies every delivery with `standardwebhooks`.
 */

let previousAllowed: string | undefined;
beforeAll(() => {
  previousAllowed = process.env.WEBHOOK_ALLOWED_HOSTS;
  process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
});
afterAll(() => {
  if (previousAllowed === undefined) delete process.env.WEBHOOK_ALLOWED_HOSTS;
  else process.env.WEBHOOK_ALLOWED_HOSTS = previousAllowed;
});

let dir: string;
let server: RunningServer;
let workspace: string;
let token: (role: MemberRole) => string;
let receiver: Server;
let hookUrl: string;
let received: { headers: IncomingHttpHeaders; body: string }[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-webhooks-"));
  server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    peer: { enabled: true, runJobs: true },
  });
  const store = server.auth!;
  const owner = store.createUser({ email: "owner@example.test", name: "Owner", passwordHash: "x" });
  workspace = store.createWorkspace("Test", owner.id).id;
  token = (role) => store.mintToken({ workspaceId: workspace, role, name: `test ${role}`, createdBy: owner.id }).token;
  received = [];
  receiver = createHttpServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { "content-type": "text/plain" }).end("thanks");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterEach(async () => {
  await server.close();
  await new Promise((r) => receiver.close(r));
  rmSync(dir, { recursive: true, force: true });
});

function call(bearer: string, method: string, path: string, body?: unknown) {
  return fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${bearer}`,
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

type Problem = { status: number; errors?: { field: string; code: string; message: string }[] };

describe("/api/v1/webhooks", () => {
  it("is for owners and admins, and names the field it refuses", async () => {
    const editor = token("editor");
    expect((await call(editor, "GET", "/webhooks")).status).toBe(403);
    expect((await call(editor, "POST", "/webhooks", { url: hookUrl, events: ["*"] })).status).toBe(403);
    expect((await call(token("viewer"), "POST", "/hooks", { target_url: hookUrl, event: "*" })).status).toBe(403);

    const admin = token("admin");
    const cases: [unknown, string, string][] = [
      [{ events: ["*"] }, "url", "required"],
      [{ url: "ftp://example.com/", events: ["*"] }, "url", "scheme"],
      [{ url: "http://localhost:8787/", events: ["*"] }, "url", "forbidden-address"],
      [{ url: "http://169.254.169.254/", events: ["*"] }, "url", "forbidden-address"],
      [{ url: "http://[::ffff:10.0.0.1]/", events: ["*"] }, "url", "forbidden-address"],
      [{ url: "http://user:pw@127.0.0.1/", events: ["*"] }, "url", "credentials"],
      [{ url: hookUrl }, "events", "required"],
      [{ url: hookUrl, events: ["accounts.created", "planets.created"] }, "events[1]", "unknown-event"],
      [{ url: hookUrl, events: ["accounts.renamed"] }, "events[0]", "unknown-event"],
    ];
    for (const [body, field, code] of cases) {
      const res = await call(admin, "POST", "/webhooks", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(((await res.json()) as Problem).errors).toEqual([expect.objectContaining({ field, code })]);
    }
    const hook = await call(admin, "POST", "/hooks", { target_url: "http://10.1.1.1/", event: "accounts.created" });
    expect(hook.status).toBe(422);
    expect(((await hook.json()) as Problem).errors?.[0]?.field).toBe("target_url");
  });

  it("delivers a browser's edit with old and new values, signed; logs it; redelivers it with the same webhook-id", async () => {
    const admin = token("owner");
    const created = await call(admin, "POST", "/webhooks", {
      url: hookUrl,
      events: ["accounts.created", "accounts.updated"],
      description: "CRM sync",
    });
    expect(created.status).toBe(201);
    const endpoint = (await created.json()) as { id: string; secret: string; status: string };
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(endpoint.status).toBe("enabled");
    // The secret is shown once.
    const listed = (await (await call(admin, "GET", "/webhooks")).json()) as { data: Record<string, unknown>[] };
    expect(listed.data).toEqual([expect.objectContaining({ id: endpoint.id, url: hookUrl, description: "CRM sync" })]);
    expect(JSON.stringify(listed)).not.toContain(endpoint.secret.slice(6));

    // Changes count from the peer's first sync on (what it finds then is the starting state).
    await server.peers!.peer(workspace)!.ready();
    const browser = await MuxClient.open(`${server.wsUrl}?token=${token("editor")}`);
    try {
      await clientWrite(browser, workspace, "accounts", "acc1", { name: "Initech", status: "prospect" }, "user-bo");
      await clientWrite(browser, workspace, "accounts", "acc1", { name: "Initrode" }, "user-bo");
    } finally {
      await browser.close();
    }
    await waitUntil("two deliveries", () => received.length >= 2, 20_000);
    const hook = new Webhook(endpoint.secret);
    const events = received.map((r) => hook.verify(r.body, r.headers as Record<string, string>)) as {
      type: string;
      data: { id: string; changes: Record<string, { old: unknown; new: unknown }> };
    }[];
    expect(events.map((e) => e.type)).toEqual(["accounts.created", "accounts.updated"]);
    expect(events[1]!.data).toMatchObject({ id: "acc1", changes: { name: { old: "Initech", new: "Initrode" } } });

    const log = (await (await call(admin, "GET", `/webhooks/${endpoint.id}/deliveries`)).json()) as {
      data: { id: string; webhookId: string; ok: boolean; response: { status: number; body: string } }[];
    };
    expect(log.data).toHaveLength(2);
    expect(log.data[0]).toMatchObject({ ok: true, response: { status: 200, body: "thanks" } });
    const again = await call(admin, "POST", `/webhooks/${endpoint.id}/deliveries/${log.data[0]!.id}/redeliver`);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ ok: true, trigger: "redeliver", webhookId: log.data[0]!.webhookId });
    expect(received).toHaveLength(3);
    expect(received[2]!.headers["webhook-id"]).toBe(log.data[0]!.webhookId);
    expect(received[2]!.body).toBe(received[1]!.body);
    hook.verify(received[2]!.body, received[2]!.headers as Record<string, string>);

    // Disable, enable, delete.
    const off = await call(admin, "PATCH", `/webhooks/${endpoint.id}`, { enabled: false });
    expect(await off.json()).toMatchObject({ enabled: false, status: "disabled", disabledReason: "admin" });
    const bad = await call(admin, "PATCH", `/webhooks/${endpoint.id}`, { events: ["nope"] });
    expect(((await bad.json()) as Problem).errors?.[0]?.field).toBe("events[0]");
    const on = await call(admin, "PATCH", `/webhooks/${endpoint.id}`, { enabled: true, events: ["*"] });
    expect(await on.json()).toMatchObject({ enabled: true, events: ["*"] });
    expect((await call(admin, "DELETE", `/webhooks/${endpoint.id}`)).status).toBe(204);
    expect((await call(admin, "GET", `/webhooks/${endpoint.id}`)).status).toBe(404);
  });

  it("is described in openapi.json, every reference resolving", async () => {
    const doc = (await (await call(token("admin"), "GET", "/openapi.json")).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
      components: { schemas: Record<string, unknown> };
    };
    const ops = Object.entries(doc.paths)
      .filter(([path]) => /^\/api\/v1\/(webhooks|hooks)\b/.test(path))
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((k) => k !== "parameters")
          .map((m) => `${m} ${path}`),
      );
    expect(ops.sort()).toEqual(
      [
        "get /api/v1/webhooks",
        "post /api/v1/webhooks",
        "get /api/v1/webhooks/{id}",
        "patch /api/v1/webhooks/{id}",
        "delete /api/v1/webhooks/{id}",
        "get /api/v1/webhooks/{id}/deliveries",
        "post /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver",
        "post /api/v1/hooks",
        "delete /api/v1/hooks/{id}",
      ].sort(),
    );
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    for (const name of new Set(refs)) expect(doc.components.schemas, name).toHaveProperty([name]);
  });

  it("subscribes and unsubscribes REST hooks the way Zapier and n8n do", async () => {
    const admin = token("admin");
    const sub = await call(admin, "POST", "/hooks", { target_url: hookUrl, event: "contacts.created" });
    expect(sub.status).toBe(201);
    const { id, secret } = (await sub.json()) as { id: string; secret: string };
    const made = await call(admin, "POST", "/contacts", { firstName: "Ada", lastName: "Lovelace" });
    expect(made.status).toBe(201);
    await waitUntil("the hook fired", () => received.length === 1, 20_000);
    expect(new Webhook(secret).verify(received[0]!.body, received[0]!.headers as Record<string, string>)).toMatchObject(
      {
        type: "contacts.created",
        data: { record: { firstName: "Ada" } },
      },
    );
    expect((await call(admin, "DELETE", `/hooks/${id}`)).status).toBe(204);
    expect((await call(admin, "DELETE", `/hooks/${id}`)).status).toBe(404);
  });
});
