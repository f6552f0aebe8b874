import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConsentKeys } from "@crm/peer";
import { createRestApi, jsonResponse, ProblemException, problemResponses } from "@crm/peer/api";
import { type CollectionName, generateDemo, type MemberRole, settingsDocName, writeSettings } from "@crm/schema";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "./app.js";
import { MuxClient } from "./testing/clients.js";
import { OpenApiChecker, type Operation } from "./testing/openapi.js";

/*
 * `/api/v1/openapi.json` is a valid OpenAPI 3.1 document (a standard validator says so), and
 * every operation it lists answers as it says, against a real server with the peer on over
 * HTTP: each path and method is called — the success and the refusals (no credentials, a
 * viewer's write, a missing record, a malformed or wrong body) — and every answer's status must
 * be documented and its body valid against the documented schema (Ajv, JSON Schema 2020-12).
 * The walk is driven by the document, so the routes features add through `ApiKit.describe` are
 * covered as soon as they are listed. Custom fields are part of the document and of the answers.
 */

interface World {
  server: RunningServer;
  dir: string;
  workspace: string;
  token(role: MemberRole): string;
  /** The owner's session cookie (the app's), for the routes only a person signed in may call. */
  ownerCookie: string;
}

async function world(apiRateLimit = 100_000): Promise<World> {
  // The webhook routes' examples subscribe https://example.com/…: allowed without resolving it
  // (this machine has no DNS for it; deliveries to it fail and are retried, which is not tested here).
  process.env.WEBHOOK_ALLOWED_HOSTS = "example.com";
  const dir = mkdtempSync(join(tmpdir(), "crm-openapi-"));
  const server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    peer: { enabled: true, runJobs: true, apiRateLimit },
  });
  const store = server.auth!;
  const owner = store.createUser({ email: "owner@example.test", name: "Owner", passwordHash: "x" });
  const workspace = store.createWorkspace("Test", owner.id).id;
  const token = (role: MemberRole) =>
    store.mintToken({ workspaceId: workspace, role, name: `test ${role}`, createdBy: owner.id }).token;
  const ownerCookie = `crm_session=${store.createSession(owner.id, 3_600_000).secret}`;
  return { server, dir, workspace, token, ownerCookie };
}

/** Adds custom fields to the workspace's settings as the app's Settings → Fields does. */
async function addCustomFields(w: World): Promise<void> {
  const client = await MuxClient.open(`${w.server.wsUrl}?token=${w.token("owner")}`);
  const name = settingsDocName(w.workspace);
  const doc = client.subscribe(name);
  await client.waitSynced(name);
  const written = writeSettings(doc, {
    customFields: {
      cfTierFld1: {
        id: "cfTierFld1",
        key: "cfTier",
        collection: "accounts",
        kind: "text",
        label: { en: "Tier", zh: "等级" },
        order: 0,
      },
      cfSeatsFld: {
        id: "cfSeatsFld",
        key: "cfSeats",
        collection: "accounts",
        kind: "number",
        label: { en: "Seats", zh: "席位" },
        order: 1,
      },
    },
  });
  expect(written.ok).toBe(true);
  await client.waitPersisted(name);
  await client.close();
}

// One record of each type from the demo generator, as the input of a create.
const demo = generateDemo("demo") as unknown as Record<CollectionName, Record<string, unknown>[]>;

describe("/api/v1 as its OpenAPI document describes it", () => {
  let w: World;
  let checker: OpenApiChecker;
  let limited: World | undefined;
  const problems: string[] = [];

  const send = async (
    o: Operation,
    init: {
      token?: string;
      cookie?: string;
      path?: string;
      query?: string;
      body?: string;
      contentType?: string;
      headers?: Record<string, string>;
    } = {},
  ) => {
    // Required query parameters take their documented example unless the call gives a query.
    const query =
      init.query ??
      o.parameters
        .filter((p) => p.in === "query" && p.required)
        .map((p) => `${p.name}=${encodeURIComponent(p.example ?? checker.sample(p.schema))}`)
        .join("&");
    const url = `${w.server.url}${init.path ?? o.path}${query ? `?${query}` : ""}`;
    const res = await fetch(url, {
      method: o.method.toUpperCase(),
      headers: {
        ...init.headers,
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...(init.cookie ? { Cookie: init.cookie } : {}),
        ...(init.body !== undefined ? { "Content-Type": init.contentType ?? "application/json" } : {}),
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const contentType = res.headers.get("content-type") ?? "";
    const text = await res.text();
    const body = /json/.test(contentType) ? JSON.parse(text) : text;
    problems.push(...checker.check(o, res.status, contentType, body));
    return { status: res.status, body, headers: res.headers };
  };

  beforeAll(async () => {
    w = await world();
    await addCustomFields(w);
    const owner = w.token("owner");
    // The document with the workspace's custom fields once the peer has them.
    let doc: { components: { schemas: Record<string, { properties: Record<string, unknown> }> } } | undefined;
    for (let i = 0; i < 200 && !doc?.components.schemas.Account?.properties.cfSeats; i++) {
      if (i) await new Promise((r) => setTimeout(r, 50));
      const res = await fetch(`${w.server.url}/api/v1/openapi.json`, { headers: { Authorization: `Bearer ${owner}` } });
      doc = await res.json();
    }
    checker = new OpenApiChecker(doc);
  }, 30_000);

  afterAll(async () => {
    await w?.server.close();
    if (w) rmSync(w.dir, { recursive: true, force: true });
    await limited?.server.close();
    if (limited) rmSync(limited.dir, { recursive: true, force: true });
  });

  it("is a valid OpenAPI 3.1 document (standard validator), with every record type and the custom fields", async () => {
    const result = await new Validator().validate(checker.doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const paths = Object.keys(checker.doc.paths);
    for (const collection of Object.keys(demo))
      expect(paths).toEqual(
        expect.arrayContaining([
          `/api/v1/${collection}`,
          `/api/v1/${collection}/{id}`,
          `/api/v1/${collection}/{id}/restore`,
        ]),
      );
    expect(checker.doc.components.schemas.Account.properties).toMatchObject({
      cfTier: { type: "string", title: "Tier" },
      cfSeats: { title: "Seats" },
    });
    expect(checker.doc.components.schemas.AccountInput.properties).toHaveProperty("cfTier");
    expect(checker.doc.components.schemas.Account.properties.cfTier["x-title-zh"]).toBe("等级");
    expect(checker.doc.paths["/api/v1/accounts"].post.summary).toBe("Create an account");
    // Without credentials: the built-in fields only.
    const anonymous = (await (await fetch(`${w.server.url}/api/v1/openapi.json`)).json()) as typeof checker.doc;
    expect(anonymous.components.schemas.Account.properties).not.toHaveProperty("cfTier");
    expect((await new Validator().validate(anonymous)).valid).toBe(true);
  });

  it("answers every documented operation as documented, successes and refusals", async () => {
    const owner = w.token("owner");
    const viewer = w.token("viewer");
    const ids = new Map<string, string>();
    const collectionOf = (path: string) => /^\/api\/v1\/([A-Za-z]+)/.exec(path)?.[1] as CollectionName;
    // The records' own operations; a feature's route under a record (`/cases/{id}/replies`) is walked like a feature's.
    const isRecords = (path: string) =>
      collectionOf(path) in demo && /^\/api\/v1\/[A-Za-z]+(\/\{id\}(\/restore)?)?$/.test(path);
    const fill = (o: Operation, missing = false) =>
      o.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const param = o.parameters.find((p) => p.in === "path" && p.name === name);
        if (missing) return "zz-missing-1";
        return ids.get(o.path.slice(0, o.path.indexOf("/{"))) ?? param?.example ?? "zz-missing-1";
      });
    const bodyFor = (o: Operation): string | undefined => {
      const schema = o.op.requestBody?.content?.["application/json"]?.schema;
      if (!schema) return undefined;
      const resolved = checker.resolve(schema);
      if (!isRecords(o.path)) return JSON.stringify(checker.sample(schema));
      const sample = demo[collectionOf(o.path)][0]!;
      const input = Object.fromEntries(Object.entries(sample).filter(([k]) => k in resolved.properties));
      if (o.method === "post") {
        if (collectionOf(o.path) === "accounts") Object.assign(input, { cfTier: "Gold", cfSeats: 40 });
        return JSON.stringify(input);
      }
      // A plain text field of the record, edited.
      const [key, value] = Object.entries(input).find(([k, v]) => {
        const p = resolved.properties[k];
        return typeof v === "string" && v !== "" && p.type === "string" && !p.enum && !p.anyOf && !p.description;
      })!;
      return JSON.stringify({ [key]: `${value} (edited)` });
    };

    for (const o of checker.operations()) {
      const security: object[] = o.op.security ?? checker.doc.security;
      const secured = !security.some((s) => Object.keys(s).length === 0);
      // Routes only a person may call (they refuse tokens) say so with the session cookie alone.
      const personOnly = security.every((s) => Object.keys(s).join() === "sessionCookie");
      const asOwner = personOnly ? { cookie: w.ownerCookie } : { token: owner };
      // The success, as an owner.
      const ok = await send(o, { ...asOwner, path: fill(o), ...(bodyFor(o) ? { body: bodyFor(o)! } : {}) });
      if (isRecords(o.path) || o.path.endsWith("openapi.json"))
        expect(ok.status, `${o.method} ${o.path}: ${JSON.stringify(ok.body)}`).toBeLessThan(300);
      if (ok.status === 201 && typeof (ok.body as { id?: unknown }).id === "string")
        ids.set(o.path, (ok.body as { id: string }).id);
      // No credentials.
      const anonymous = await send(o, { path: fill(o), ...(bodyFor(o) ? { body: bodyFor(o)! } : {}) });
      if (secured) expect(anonymous.status, `${o.method} ${o.path} without credentials`).toBe(401);
      if (!secured) continue;
      // A record that does not exist.
      if (o.path.includes("{")) {
        const missing = await send(o, {
          ...asOwner,
          path: fill(o, true),
          ...(bodyFor(o) ? { body: bodyFor(o)! } : {}),
        });
        if (isRecords(o.path)) expect(missing.status).toBe(404);
      }
      if (o.method === "get") continue;
      // A viewer may read, never write.
      const refused = await send(o, { token: viewer, path: fill(o), ...(bodyFor(o) ? { body: bodyFor(o)! } : {}) });
      if (isRecords(o.path)) expect(refused.status).toBe(403);
      // The malformed bodies below are JSON's; a raw body (a mail's MIME) is its route's own test.
      if (!o.op.requestBody?.content?.["application/json"]) continue;
      // A route may look its resource up before reading the body (404 first): judge bodies on one that exists.
      if (o.path.includes("{") && ok.status >= 300) continue;
      // Bodies that are not what the operation takes.
      expect((await send(o, { ...asOwner, path: fill(o), body: "[1," })).status).toBe(400);
      expect((await send(o, { ...asOwner, path: fill(o), body: "{}", contentType: "text/plain" })).status).toBe(415);
      const unknown = await send(o, { ...asOwner, path: fill(o), body: JSON.stringify({ zzNoSuchField: 1 }) });
      if (isRecords(o.path))
        expect(unknown.body).toMatchObject({
          status: 422,
          errors: [expect.objectContaining({ field: "zzNoSuchField" })],
        });
    }
    // The features' routes were walked as a person or token may call them (not only refused).
    const statuses = (path: string, method: string) =>
      checker.answers.filter((x) => x.op.path === path && x.op.method === method).map((x) => x.status);
    expect(statuses("/api/v1/rules/runs", "get")).toContain(200);
    expect(statuses("/api/v1/calendar/feed", "post")).toContain(201);
    expect(statuses("/api/v1/calendar/feed", "delete")).toContain(204);
    expect(statuses("/api/v1/notifications/mentions", "post")).toEqual(expect.arrayContaining([404, 400, 415, 401]));
    expect(problems).toEqual([]);
  }, 120_000);

  // Before the 413 below: the server closes that connection, and the next request on it fails.
  it("serves a person's calendar feed to a calendar client as documented (200, 304, revoked 404)", async () => {
    const create = checker.operation("post", "/api/v1/calendar/feed");
    const ics = checker.operation("get", "/api/v1/calendar/{secret}.ics");
    const made = await send(create, { cookie: w.ownerCookie });
    expect(made.status).toBe(201);
    const path = (made.body as { path: string }).path;
    // A calendar client: no cookie, no token.
    const feed = await send(ics, { path });
    expect(feed.status).toBe(200);
    expect(String(feed.body)).toContain("END:VCALENDAR");
    const again = await send(ics, { path, headers: { "If-None-Match": feed.headers.get("etag")! } });
    expect(again.status).toBe(304);
    expect((await send(checker.operation("delete", "/api/v1/calendar/feed"), { cookie: w.ownerCookie })).status).toBe(
      204,
    );
    expect((await send(ics, { path })).status).toBe(404);
    // A token has no person: refused, as documented.
    expect((await send(create, { token: w.token("owner") })).status).toBe(403);
    expect(problems).toEqual([]);
  });

  it("serves the public consent pages as documented (a sign-up, an expired confirmation link 410)", async () => {
    const base = `/api/v1/public/${w.workspace}`;
    const signup = checker.operation("post", "/api/v1/public/{workspace}/signup");
    const form = "application/x-www-form-urlencoded";
    const ok = await send(signup, {
      path: `${base}/signup`,
      body: "email=walk%40example.org&consent=yes",
      contentType: form,
    });
    expect(ok.status).toBe(200);
    const expired = new ConsentKeys(w.server.auth!.db).confirmation(w.workspace, "c1", Date.now() - 8 * 86_400_000);
    const page = checker.operation("get", "/api/v1/public/{workspace}/confirm");
    expect((await send(page, { path: `${base}/confirm`, query: `token=${expired}` })).status).toBe(410);
    const confirm = checker.operation("post", "/api/v1/public/{workspace}/confirm");
    const posted = await send(confirm, { path: `${base}/confirm`, body: `token=${expired}`, contentType: form });
    expect(posted.status).toBe(410);
    expect(problems).toEqual([]);
  });

  it("answers a rule's run log as documented", async () => {
    const runs = checker.operation("get", "/api/v1/rules/runs");
    const ok = await send(runs, { token: w.token("admin"), query: "rule=sla-escalation&limit=5" });
    expect(ok.status).toBe(200);
    expect((await send(runs, { token: w.token("admin"), query: "limit=5" })).status).toBe(400);
    expect((await send(runs, { token: w.token("editor") })).status).toBe(403);
    expect(problems).toEqual([]);
  });

  it("answers the list's filters, sort and pages, a custom field's check, a trashed record and roles as documented", async () => {
    const editor = w.token("editor");
    const list = checker.operation("get", "/api/v1/accounts");
    const create = checker.operation("post", "/api/v1/accounts");
    const patch = checker.operation("patch", "/api/v1/accounts/{id}");
    for (const [name, tier] of [
      ["Cursor A", "Pages"],
      ["Cursor B", "Other"],
      ["Cursor C", "Pages"],
    ])
      expect((await send(create, { token: editor, body: JSON.stringify({ name, cfTier: tier }) })).status).toBe(201);
    // Page by page (one record each) through the filtered, sorted list: each once, in order.
    const names: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const page = await send(list, {
        token: editor,
        query: `filter[cfTier]=Pages&sort=-name&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      });
      const body = page.body as { data: { name: string }[]; nextCursor: string | null };
      names.push(...body.data.map((a) => a.name));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(names).toEqual(["Cursor C", "Cursor A"]);
    expect(cursor).toBeNull();
    expect((await send(list, { token: editor, query: "filter[nope]=1" })).status).toBe(400);
    expect((await send(list, { token: editor, query: "limit=100000" })).status).toBe(400);
    expect((await send(list, { token: editor, query: "cursor=garbage" })).status).toBe(400);

    const wrongType = await send(create, { token: editor, body: JSON.stringify({ name: "Typed", cfSeats: "many" }) });
    expect(wrongType.body).toMatchObject({ status: 422, errors: [expect.objectContaining({ field: "cfSeats" })] });

    const made = (await send(create, { token: editor, body: JSON.stringify({ name: "Trashed" }) })).body as {
      id: string;
    };
    await send(checker.operation("delete", "/api/v1/accounts/{id}"), {
      token: editor,
      path: `/api/v1/accounts/${made.id}`,
    });
    const onTrashed = await send(patch, {
      token: editor,
      path: `/api/v1/accounts/${made.id}`,
      body: JSON.stringify({ name: "Still trashed" }),
    });
    expect(onTrashed.status).toBe(409);

    const support = w.token("support");
    expect((await send(checker.operation("get", "/api/v1/opportunities"), { token: support })).status).toBe(403);
    const big = await send(create, { token: editor, body: JSON.stringify({ name: "x".repeat(1_100_000) }) });
    expect(big.status).toBe(413);
    expect(problems).toEqual([]);
  }, 60_000);

  it("refuses beyond the rate limit with a documented 429 and Retry-After", async () => {
    limited = await world(3);
    const token = limited.token("editor");
    const list = checker.operation("get", "/api/v1/accounts");
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${limited.server.url}/api/v1/accounts`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const body = await res.json();
      problems.push(...checker.check(list, res.status, res.headers.get("content-type") ?? "", body));
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(problems).toEqual([]);
  }, 30_000);

  it("was answered with every status it documents (but 503, a server that cannot store)", () => {
    const documented = new Set(
      checker.operations().flatMap((o) => Object.keys(o.op.responses).filter((s) => s !== "default")),
    );
    const seen = new Set(checker.answers.map((a) => String(a.status)));
    expect([...documented].filter((s) => !seen.has(s)).sort()).toEqual(["503"]);
    // And every operation was called.
    const called = new Set(checker.answers.map((a) => `${a.op.method} ${a.op.path}`));
    expect(checker.operations().filter((o) => !called.has(`${o.method} ${o.path}`))).toEqual([]);
  });
});

describe("a feature's routes in the document (ApiKit.describe)", () => {
  it("adds its paths and schemas, which validate and which the walk calls like the records'", async () => {
    const things = new Map<string, { id: string; label: string }>();
    const api = createRestApi({
      peer: () => undefined,
      authenticate: (c) =>
        c.req.header("authorization") ? { workspace: "w", role: "owner", actor: "u", key: "u" } : undefined,
      extensions: [
        (app, kit) => {
          kit.describe({
            tags: [{ name: "things", description: "A feature's own resource" }],
            schemas: {
              Thing: {
                type: "object",
                properties: { id: { type: "string" }, label: { type: "string" } },
                required: ["id", "label"],
              },
            },
            paths: {
              "/things": {
                post: {
                  operationId: "create_thing",
                  tags: ["things"],
                  requestBody: {
                    required: true,
                    content: {
                      "application/json": {
                        schema: {
                          type: "object",
                          properties: { label: { type: "string", minLength: 1 } },
                          required: ["label"],
                        },
                      },
                    },
                  },
                  responses: {
                    201: jsonResponse({ $ref: "#/components/schemas/Thing" }, "Made"),
                    ...problemResponses(400, 401, 415, 422),
                  },
                },
              },
              "/things/{id}": {
                parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
                get: {
                  operationId: "get_thing",
                  tags: ["things"],
                  responses: {
                    200: jsonResponse({ $ref: "#/components/schemas/Thing" }, "The thing"),
                    ...problemResponses(401, 404),
                  },
                },
              },
            },
          });
          app.post("/things", async (c) => {
            kit.caller(c);
            const body = await kit.jsonBody(c);
            if (typeof body.label !== "string" || !body.label)
              throw new ProblemException(422, "invalid", "label: required", [
                { field: "label", code: "required", message: "required" },
              ]);
            const thing = { id: `t${things.size + 1}`, label: body.label };
            things.set(thing.id, thing);
            return c.json(thing, 201);
          });
          app.get("/things/:id", (c) => {
            kit.caller(c);
            const thing = things.get(c.req.param("id"));
            if (!thing) throw new ProblemException(404, "not-found", "no such thing");
            return c.json(thing);
          });
        },
      ],
    });
    const app = new Hono().route("/api/v1", api);
    const doc = await (await app.request("/api/v1/openapi.json")).json();
    expect((await new Validator().validate(doc)).valid).toBe(true);
    const checker = new OpenApiChecker(doc);
    const problems: string[] = [];
    const call = async (o: Operation, path: string, body?: unknown, token = true) => {
      const res = await app.request(path, {
        method: o.method.toUpperCase(),
        headers: {
          ...(token ? { Authorization: "Bearer x" } : {}),
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      problems.push(...checker.check(o, res.status, res.headers.get("content-type") ?? "", await res.json()));
      return res.status;
    };
    const create = checker.operation("post", "/api/v1/things");
    const get = checker.operation("get", "/api/v1/things/{id}");
    expect(
      await call(create, "/api/v1/things", checker.sample(create.op.requestBody.content["application/json"].schema)),
    ).toBe(201);
    expect(await call(create, "/api/v1/things", {})).toBe(422);
    expect(await call(get, "/api/v1/things/t1")).toBe(200);
    expect(await call(get, "/api/v1/things/t9")).toBe(404);
    expect(await call(get, "/api/v1/things/t1", undefined, false)).toBe(401);
    expect(problems).toEqual([]);
    // A route answering what its description does not say is caught.
    expect(checker.check(get, 200, "application/json", { id: "t1" })).toEqual([
      expect.stringContaining("must have required property 'label'"),
    ]);
    expect(checker.check(get, 500, "application/problem+json", {})).toEqual([
      expect.stringContaining("not documented"),
    ]);
  });
});
