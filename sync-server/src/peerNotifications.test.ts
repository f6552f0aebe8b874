import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type InboxItem, inboxDocName, readInbox, recordDocName, recordTypes, writeRecord } from "@crm/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "./app.js";
import { person, type TestPerson } from "./auth/testing.js";
import { MuxClient, waitUntil } from "./testing/clients.js";

/*
 * In-app notifications with the automation peer running inside the server (peer/src/notifications/
 * attached by features.ts), over real sockets and HTTP: an assignment made in a "browser" reaches
 * the assignee's inbox; `POST /api/v1/notifications/mentions` notifies a mentioned member once per
 * mention, and refuses what the caller may not say.
 */

let server: RunningServer;
let dir: string;
let W: string;
let ada: TestPerson;
let bo: TestPerson;
let sam: TestPerson;
let stranger: TestPerson;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-peer-notify-"));
  server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    peer: { enabled: true, runJobs: true },
  });
  ada = await person(server, "Ada");
  W = server.auth!.createWorkspace("Acme", ada.userId).id;
  bo = await person(server, "Bo", { workspaceId: W, role: "editor" });
  sam = await person(server, "Sam", { workspaceId: W, role: "support" });
  stranger = await person(server, "Stranger");
  // The workspace is newer than the server's start: a request opens its peer now (not at the next
  // scan), and answers once the peer's first sync is done — changes from then on are in its feed.
  const ready = await fetch(`${server.url}/api/v1/accounts`, { headers: { Cookie: ada.cookie, "CRM-Workspace": W } });
  expect(ready.status).toBe(200);
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function inboxOf(p: TestPerson): Promise<{ client: MuxClient; items(): InboxItem[] }> {
  const client = await MuxClient.open(server.wsUrl, { Cookie: p.cookie });
  const name = inboxDocName(W, p.userId);
  const doc = client.subscribe(name);
  await client.waitSynced(name);
  return { client, items: () => readInbox(doc, null) };
}

async function write(p: TestPerson, collection: "accounts" | "opportunities", id: string, fields: object) {
  const client = await MuxClient.open(server.wsUrl, { Cookie: p.cookie });
  const type = recordTypes[collection];
  const name = recordDocName(W, type, id);
  client.subscribe(name);
  await client.waitSynced(name);
  writeRecord(client.doc(name), id, fields as Record<string, unknown>, {
    actor: p.userId,
    now: Date.now(),
    version: type.version,
  });
  await client.waitPersisted(name);
  await client.close();
}

function mention(p: TestPerson, body: unknown) {
  return fetch(`${server.url}/api/v1/notifications/mentions`, {
    method: "POST",
    headers: { Cookie: p.cookie, "CRM-Workspace": W, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("notifications through the server's peer", () => {
  it("assigning a record to someone else notifies them; taking it yourself does not", async () => {
    const inbox = await inboxOf(bo);
    await write(ada, "accounts", "acc1", { name: "Initech", owner: ada.userId });
    await write(ada, "accounts", "acc1", { owner: bo.userId });
    await waitUntil("bo's assignment", () => inbox.items().length === 1, 15_000);
    expect(inbox.items()[0]).toMatchObject({
      kind: "assignment",
      title: "Initech",
      record: { collection: "accounts", id: "acc1" },
      actor: ada.userId,
      read: false,
    });
    // Bo takes another account himself: nobody is told.
    await write(bo, "accounts", "acc2", { name: "Globex", owner: bo.userId });
    await write(ada, "accounts", "acc3", { name: "Hooli", owner: bo.userId });
    await waitUntil("the next assignment", () => inbox.items().length === 2, 15_000);
    expect(inbox.items().map((i) => i.title)).toEqual(["Hooli", "Initech"]);
    await inbox.client.close();
  });

  it("a mention notifies the member once, however often it is sent; others are refused or skipped", async () => {
    await write(ada, "accounts", "acc9", { name: "Umbrella", owner: ada.userId });
    await write(ada, "opportunities", "opp9", { name: "Big deal", stage: "prospecting", amount: 10 });
    const inbox = await inboxOf(bo);
    const before = inbox.items().length;
    const body = { record: { collection: "accounts", id: "acc9" }, mentions: [{ id: "m-1", userId: bo.userId }] };
    const first = await mention(ada, body);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ delivered: [bo.userId], had: [], skipped: [] });
    const again = await mention(ada, body);
    expect(await again.json()).toEqual({ delivered: [], had: [bo.userId], skipped: [] });
    await waitUntil("bo's mention", () => inbox.items().length === before + 1);
    expect(inbox.items()[0]).toMatchObject({ kind: "mention", title: "Umbrella", actor: ada.userId });

    // A non-member and oneself are skipped, not notified.
    const others = await mention(ada, {
      record: { collection: "accounts", id: "acc9" },
      mentions: [
        { id: "m-2", userId: stranger.userId },
        { id: "m-3", userId: ada.userId },
      ],
    });
    expect(await others.json()).toEqual({ delivered: [], had: [], skipped: [stranger.userId, ada.userId] });
    // Support may not read deals, so may not mention anyone in one; a missing record is 404.
    const forbidden = await mention(sam, { record: { collection: "opportunities", id: "opp9" }, mentions: [] });
    expect(forbidden.status).toBe(403);
    const missing = await mention(ada, { record: { collection: "accounts", id: "nope" }, mentions: [] });
    expect(missing.status).toBe(404);
    const bad = await mention(ada, { record: { collection: "accounts", id: "acc9" }, mentions: [{ id: "x y" }] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].field).toBe("mentions[0]");
    // A stranger is no member of the workspace at all: for them it does not exist.
    expect((await mention(stranger, body)).status).toBe(404);
    expect(inbox.items().length).toBe(before + 1);
    await inbox.client.close();
  });
});
