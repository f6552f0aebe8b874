import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloseCode, decodeMessage, encodeAwareness, encodeSyncStep1, unwrapDoc, wrapForDoc } from "@crm/protocol";
import { ContactType, recordDocName, savedViewsDocName, writeRecord } from "@crm/schema";
import * as decoding from "lib0/decoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createServer, type RunningServer } from "../app.js";
import { MuxClient, RawSocket, waitUntil } from "../testing/clients.js";
import { api, person, type TestPerson } from "./testing.js";

/*
 * The auth matrix: every HTTP route and the WebSocket gate × {no credentials, expired session,
 * expired token, another workspace's member, a role that may not read the record type, a viewer
 * writing, a foreign Origin}. The workspace holds a marker string in a contact and an
 * opportunity; no refused request may get a byte of it, and nothing may change.
 */

const MARKER = "MARKER-7f3a9c";
const EVIL = "http://evil.example";

let server: RunningServer;
let dataDir: string;
let W: string;
let owner: TestPerson;
let editor: TestPerson;
let viewer: TestPerson;
let support: TestPerson;
let outsider: TestPerson;
let expiredSession: TestPerson;
let expiredToken: string;
let liveTokenId: string;
let inviteId: string;
let inviteSecret: string;
const contactId = "c0ntact1";
let CONTACT_DOC: string;
let OPP_DOC: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "crm-matrix-"));
  server = await createServer({ port: 0, host: "127.0.0.1", dataDir });
  const store = server.auth!;
  owner = await person(server, "Owner");
  W = store.createWorkspace("Acme", owner.userId).id;
  editor = await person(server, "Editor", { workspaceId: W, role: "editor" });
  viewer = await person(server, "Viewer", { workspaceId: W, role: "viewer" });
  support = await person(server, "Support", { workspaceId: W, role: "support" });
  outsider = await person(server, "Outsider");
  store.createWorkspace("Elsewhere", outsider.userId);
  expiredSession = await person(server, "Expired", { workspaceId: W, role: "owner" }, 1);
  expiredToken = store.mintToken({
    workspaceId: W,
    role: "owner",
    name: "old",
    createdBy: owner.userId,
    ttlMs: 1,
  }).token;
  const live = store.mintToken({ workspaceId: W, role: "editor", name: "live", createdBy: owner.userId });
  liveTokenId = live.info.id;
  const invite = store.createInvite({
    workspaceId: W,
    role: "editor",
    email: "",
    createdBy: owner.userId,
    ttlMs: 3600_000,
  });
  inviteId = invite.invite.id;
  inviteSecret = invite.secret;

  CONTACT_DOC = recordDocName(W, ContactType, contactId);
  OPP_DOC = `${W}/records/opportunities/00`;
  const writer = await MuxClient.open(`${server.wsUrl}?token=${live.token}`);
  const contacts = writer.subscribe(CONTACT_DOC);
  const opps = writer.subscribe(OPP_DOC);
  await writer.waitSynced(CONTACT_DOC);
  await writer.waitSynced(OPP_DOC);
  writeRecord(contacts, contactId, { lastName: MARKER, email: "m@example.test" }, { actor: "t", now: 1, version: 2 });
  opps.getMap("records").set("o1", new Y.Map([["name", MARKER]]));
  await writer.waitPersisted(CONTACT_DOC);
  await writer.waitPersisted(OPP_DOC);
  await writer.close();
  await new Promise((r) => setTimeout(r, 5)); // the 1 ms session and token have expired
});

afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Case = { name: string; cookie?: string; token?: string; origin?: string };
const cases = (): Case[] => [
  { name: "no credentials" },
  { name: "expired session", cookie: expiredSession.cookie },
  { name: "expired token", token: expiredToken },
  { name: "another workspace's member", cookie: outsider.cookie },
  { name: "role that may not read the type", cookie: support.cookie },
  { name: "viewer", cookie: viewer.cookie },
  { name: "foreign origin", cookie: owner.cookie, origin: EVIL },
];

/** Routes about one's own account: fine for any signed-in person, and they show nothing of W. */
const SELF_SERVICE = new Set(["GET /api/session", "POST /api/workspaces", "POST /api/sign-out"]);

function routes(): [method: string, path: string, body?: unknown][] {
  return [
    ["GET", "/api/setup"],
    [
      "POST",
      "/api/setup",
      { email: "x@example.test", name: "X", password: "violet-harbour-kettle-42", workspaceName: "X" },
    ],
    ["POST", "/api/sign-in", { email: owner.email, password: "not the password" }],
    ["GET", "/api/session"],
    ["POST", "/api/workspaces", { name: "Mine" }],
    ["GET", `/api/workspaces/${W}/members`],
    ["PATCH", `/api/workspaces/${W}/members/${editor.userId}`, { role: "owner" }],
    ["DELETE", `/api/workspaces/${W}/members/${editor.userId}`],
    ["GET", `/api/workspaces/${W}/invites`],
    ["POST", `/api/workspaces/${W}/invites`, { role: "owner", email: "" }],
    ["DELETE", `/api/workspaces/${W}/invites/${inviteId}`],
    ["GET", `/api/workspaces/${W}/tokens`],
    ["POST", `/api/workspaces/${W}/tokens`, { name: "x", role: "owner" }],
    ["DELETE", `/api/workspaces/${W}/tokens/${liveTokenId}`],
    ["GET", `/api/workspaces/${W}/audit`],
    ["GET", `/api/workspaces/${W}/contacts/${contactId}/export`],
    ["POST", `/api/workspaces/${W}/contacts/${contactId}/erase`, {}],
    ["POST", `/api/workspaces/${W}/sequences/quote`, { count: 5, atLeast: 0 }],
    ["GET", `/api/invites/${inviteSecret}`],
    ["POST", `/api/invites/${inviteSecret}/accept`, {}],
    ["POST", "/api/sign-out", {}],
  ];
}

describe("the auth matrix", () => {
  it("HTTP: every route refuses, or answers only about the caller's own account, and changes nothing", async () => {
    const store = server.auth!;
    const before = {
      members: JSON.stringify(store.members(W)),
      invites: JSON.stringify(store.invites(W)),
      tokens: JSON.stringify(store.tokens(W)),
    };
    const accepted: string[] = [];
    for (const c of cases()) {
      for (const [method, path, body] of routes()) {
        const key = `${method} ${path.replace(W, ":ws")}`;
        const signedIn = c.cookie && c.name !== "expired session" && !c.origin;
        // An invite link is itself the credential: a signed-in holder joins, as intended.
        if (signedIn && key.startsWith("POST /api/invites/")) continue;
        const res = await api(server, method, path, {
          ...(c.cookie ? { cookie: c.cookie } : {}),
          ...(c.origin ? { origin: c.origin } : {}),
          ...(body !== undefined ? { body } : {}),
        });
        // Never the marker, a member's email, or the workspace's tokens and invites.
        expect(res.text, `${c.name}: ${key}`).not.toContain(MARKER);
        expect(res.text, `${c.name}: ${key}`).not.toContain(owner.email);
        expect(res.text, `${c.name}: ${key}`).not.toContain(liveTokenId);
        const isPublic =
          key === "GET /api/setup" || key.startsWith("GET /api/invites/") || key === "POST /api/sign-out";
        if (res.status < 400) {
          accepted.push(`${c.name}: ${key}`);
          const allowed = (signedIn && SELF_SERVICE.has(`${method} ${path}`)) || (isPublic && !c.origin);
          expect(allowed, `${c.name}: ${key} answered ${res.status}`).toBe(true);
        }
        if (c.origin) expect(res.status, `${c.name}: ${key}`).toBe(403);
      }
    }
    // Only self-service, public and invite routes answered, and the workspace is as it was
    // (apart from the members who joined through the invite link on purpose).
    expect(accepted.every((a) => /session|workspaces$|sign-out|setup|invites\/[^/]+(\/accept)?$/.test(a))).toBe(true);
    expect(store.tokens(W)).toEqual(JSON.parse(before.tokens));
    const roles = Object.fromEntries(store.members(W).map((m) => [m.userId, m.role]));
    expect(roles[editor.userId]).toBe("editor");
    expect(roles[owner.userId]).toBe("owner");
    expect(JSON.parse(before.members).length).toBeGreaterThan(0);
    expect(store.invites(W).find((i) => i.id === inviteId)?.revokedAt).toBeNull();
    // The sign-out route ended the callers' sessions: the tests below need new ones.
    for (const p of [owner, editor, viewer, support, outsider]) {
      p.cookie = `crm_session=${store.createSession(p.userId, 3600_000).secret}`;
    }
  });

  it("WebSocket: refused before any document byte, with permanent close codes", async () => {
    const expectations: Record<string, { doc: number; docName: string }> = {
      "no credentials": { doc: CloseCode.unauthorized, docName: CONTACT_DOC },
      "expired session": { doc: CloseCode.unauthorized, docName: CONTACT_DOC },
      "expired token": { doc: CloseCode.unauthorized, docName: CONTACT_DOC },
      "another workspace's member": { doc: CloseCode.forbidden, docName: CONTACT_DOC },
      "role that may not read the type": { doc: CloseCode.forbidden, docName: OPP_DOC },
      "foreign origin": { doc: CloseCode.forbidden, docName: CONTACT_DOC },
    };
    for (const c of cases()) {
      const expected = expectations[c.name];
      if (!expected) continue;
      const headers: Record<string, string> = {};
      if (c.cookie) headers.Cookie = c.cookie;
      if (c.origin) headers.Origin = c.origin;
      const q = c.token ? `?token=${c.token}` : "";
      // The per-document endpoint (what a stock y-websocket provider uses).
      const doc = await RawSocket.open(`${server.wsUrl}/${expected.docName}${q}`, 5000, headers);
      const closed = await doc.waitClosed();
      expect(closed.code, `${c.name} on /sync/<doc>`).toBe(expected.doc);
      expect(doc.messages, `${c.name} on /sync/<doc>`).toEqual([]);
      // The multiplexed endpoint: refused whole without credentials; per document otherwise.
      const mux = await RawSocket.open(`${server.wsUrl}${q}`, 5000, headers);
      mux.send(wrapForDoc(expected.docName, encodeSyncStep1(new Uint8Array([0]))));
      if (expected.doc === CloseCode.unauthorized || c.origin) {
        expect((await mux.waitClosed()).code, `${c.name} on /sync`).toBe(expected.doc);
        expect(mux.messages).toEqual([]);
      } else {
        await waitUntil("a refusal", () => mux.messages.length > 0);
        for (const frame of mux.messages) {
          const { message } = unwrapDoc(frame);
          expect(decodeMessage(message).type, `${c.name} on /sync: only an error`).toBe("error");
          expect(Buffer.from(frame).toString()).toContain("forbidden");
        }
        await mux.close();
      }
    }
  });

  it("WebSocket: a viewer reads, but its updates are never applied, stored or relayed — and it is told why", async () => {
    const editorClient = await MuxClient.open(server.wsUrl, { Cookie: editor.cookie });
    const watched = editorClient.subscribe(CONTACT_DOC);
    await editorClient.waitSynced(CONTACT_DOC);
    const rowsBefore = server.storage.loadUpdates(CONTACT_DOC).updates.length;

    const viewerClient = await MuxClient.open(server.wsUrl, { Cookie: viewer.cookie });
    const copy = viewerClient.subscribe(CONTACT_DOC);
    await viewerClient.waitSynced(CONTACT_DOC);
    expect(JSON.stringify(copy.getMap("records").toJSON())).toContain(MARKER); // a viewer reads
    copy.getMap("records").set("forged", new Y.Map([["lastName", "forged"]]));
    await waitUntil("the refusal", () => viewerClient.errors.length > 0);
    expect(viewerClient.errors[0]).toMatchObject({ docName: CONTACT_DOC, code: "read-only" });
    await new Promise((r) => setTimeout(r, 50));
    expect(server.storage.loadUpdates(CONTACT_DOC).updates.length).toBe(rowsBefore);
    expect(watched.getMap("records").has("forged")).toBe(false);
    expect(viewerClient.socket.closed).toBeUndefined(); // still reading
    await viewerClient.close();
    await editorClient.close();
  });

  it("WebSocket: saved views are shared — an editor saves one, a viewer reads it but cannot save", async () => {
    const VIEWS_DOC = savedViewsDocName(W);
    const editorClient = await MuxClient.open(server.wsUrl, { Cookie: editor.cookie });
    const views = editorClient.subscribe(VIEWS_DOC);
    await editorClient.waitSynced(VIEWS_DOC);
    views.getMap("views").set("v1", new Y.Map([["name", "Big customers"]]));
    await editorClient.waitPersisted(VIEWS_DOC);
    const rowsBefore = server.storage.loadUpdates(VIEWS_DOC).updates.length;

    const viewerClient = await MuxClient.open(server.wsUrl, { Cookie: viewer.cookie });
    const copy = viewerClient.subscribe(VIEWS_DOC);
    await viewerClient.waitSynced(VIEWS_DOC);
    expect(JSON.stringify(copy.getMap("views").toJSON())).toContain("Big customers");
    copy.getMap("views").set("v2", new Y.Map([["name", "forged"]]));
    await waitUntil("the refusal", () => viewerClient.errors.length > 0);
    expect(viewerClient.errors[0]).toMatchObject({ docName: VIEWS_DOC, code: "read-only" });
    await new Promise((r) => setTimeout(r, 50));
    expect(server.storage.loadUpdates(VIEWS_DOC).updates.length).toBe(rowsBefore);
    expect(views.getMap("views").has("v2")).toBe(false);
    await viewerClient.close();
    await editorClient.close();
  });

  it("WebSocket: awareness carries the session's identity, whatever the client claims", async () => {
    const a = await MuxClient.open(server.wsUrl, { Cookie: editor.cookie });
    const b = await MuxClient.open(server.wsUrl, { Cookie: owner.cookie });
    a.subscribe(CONTACT_DOC);
    b.subscribe(CONTACT_DOC);
    await a.waitSynced(CONTACT_DOC);
    await b.waitSynced(CONTACT_DOC);
    const received: string[] = [];
    b.socket.ws.on("message", (data) => {
      const message = decodeMessage(unwrapDoc(new Uint8Array(data as Buffer)).message);
      if (message.type === "awareness") {
        const update = decoding.createDecoder(message.update);
        decoding.readVarUint(update);
        decoding.readVarUint(update);
        decoding.readVarUint(update);
        received.push(decoding.readVarString(update));
      }
    });
    const state = JSON.stringify({ user: { id: owner.userId, name: "Owner", color: "#f00" } });
    const payload = Buffer.concat([Buffer.from([1, 42, 1]), Buffer.from([state.length]), Buffer.from(state)]);
    a.socket.send(wrapForDoc(CONTACT_DOC, encodeAwareness(payload)));
    await waitUntil("the awareness relay", () => received.length > 0);
    expect(JSON.parse(received[0]!)).toEqual({ user: { id: editor.userId, name: "Editor", color: "#f00" } });
    await a.close();
    await b.close();
  });

  it("closes a removed member's sockets within 5 s and refuses them afterwards", async () => {
    const temp = await person(server, "Temp", { workspaceId: W, role: "editor" });
    const client = await MuxClient.open(server.wsUrl, { Cookie: temp.cookie });
    client.subscribe(CONTACT_DOC);
    await client.waitSynced(CONTACT_DOC);
    const started = Date.now();
    const res = await api(server, "DELETE", `/api/workspaces/${W}/members/${temp.userId}`, { cookie: owner.cookie });
    expect(res.status).toBe(200);
    const closed = await client.socket.waitClosed(5000);
    expect(closed.code).toBe(CloseCode.forbidden);
    expect(Date.now() - started).toBeLessThan(5000);
    const again = await RawSocket.open(`${server.wsUrl}/${CONTACT_DOC}`, 5000, { Cookie: temp.cookie });
    expect((await again.waitClosed()).code).toBe(CloseCode.forbidden);
  });
});
