import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AUTOMATION_ROLE, addInboxEntry, inboxDocName, inboxReadDocName, markInboxRead, readInbox } from "@crm/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "../app.js";
import { MuxClient, RawSocket, waitUntil } from "../testing/clients.js";
import { person, type TestPerson } from "./testing.js";

/*
 * A person's inbox (schema's docs.ts/inbox.ts) over real sockets: only the automation peer writes
 * the notifications; their person reads them and writes only the read marks; nobody else —
 * another member, an owner, an owner's service token — opens either document.
 */

let server: RunningServer;
let dataDir: string;
let W: string;
let ada: TestPerson;
let bo: TestPerson;
let automation: string;
let ownerToken: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "crm-inbox-rights-"));
  server = await createServer({ port: 0, host: "127.0.0.1", dataDir });
  ada = await person(server, "Ada");
  W = server.auth!.createWorkspace("Acme", ada.userId).id;
  bo = await person(server, "Bo", { workspaceId: W, role: "editor" });
  const mint = (role: "owner" | typeof AUTOMATION_ROLE) =>
    server.auth!.mintToken({ workspaceId: W, role, name: `t ${role}`, createdBy: ada.userId }).token;
  automation = mint(AUTOMATION_ROLE);
  ownerToken = mint("owner");
});

afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a person's inbox documents", () => {
  it("the automation writes a notification; its person reads it live and marks it read", async () => {
    const INBOX = inboxDocName(W, bo.userId);
    const MARKS = inboxReadDocName(W, bo.userId);
    const peer = await MuxClient.open(`${server.wsUrl}?token=${automation}`);
    const bos = await MuxClient.open(server.wsUrl, { Cookie: bo.cookie });
    const seen = bos.subscribe(INBOX);
    const marks = bos.subscribe(MARKS);
    await bos.waitSynced(INBOX);
    await bos.waitSynced(MARKS);
    const written = peer.subscribe(INBOX);
    await peer.waitSynced(INBOX);
    addInboxEntry(written, { id: "n1", kind: "rule", title: "Hello", at: 1 });
    await peer.waitPersisted(INBOX);
    await waitUntil("bo sees the notification", () => readInbox(seen, marks).length === 1);
    markInboxRead(marks, ["n1"], 2);
    await bos.waitPersisted(MARKS);
    expect(bos.errors).toEqual([]);
    expect(server.storage.loadUpdates(MARKS).updates.length).toBeGreaterThan(0);
    await peer.close();
    await bos.close();
  });

  it("its person cannot write a notification: the update is refused and never stored", async () => {
    const INBOX = inboxDocName(W, bo.userId);
    const before = server.storage.loadUpdates(INBOX).updates.length;
    const bos = await MuxClient.open(server.wsUrl, { Cookie: bo.cookie });
    const doc = bos.subscribe(INBOX);
    await bos.waitSynced(INBOX);
    addInboxEntry(doc, { id: "forged", kind: "rule", title: "Forged", at: 3 });
    await waitUntil("the refusal", () => bos.errors.length > 0);
    expect(bos.errors[0]).toMatchObject({ docName: INBOX, code: "read-only" });
    expect(server.storage.loadUpdates(INBOX).updates.length).toBe(before);
    await bos.close();
  });

  it("another member, even the owner, cannot subscribe to it or write it; nor can a service token", async () => {
    for (const name of [inboxDocName(W, bo.userId), inboxReadDocName(W, bo.userId)]) {
      const before = server.storage.loadUpdates(name).updates.length;
      const adas = await MuxClient.open(server.wsUrl, { Cookie: ada.cookie });
      const doc = adas.subscribe(name);
      addInboxEntry(doc, { id: "snoop", kind: "rule", title: "Snoop", at: 4 });
      await waitUntil("the refusal", () => adas.errors.some((e) => e.docName === name));
      expect(adas.errors.find((e) => e.docName === name)?.code).toBe("forbidden");
      // Nothing of bo's inbox reached ada's copy; her update was not stored.
      expect(readInbox(doc, null).map((i) => i.id)).toEqual(["snoop"]);
      expect(server.storage.loadUpdates(name).updates.length).toBe(before);
      await adas.close();

      const script = await MuxClient.open(`${server.wsUrl}?token=${ownerToken}`);
      script.subscribe(name);
      await waitUntil("the token's refusal", () => script.errors.some((e) => e.docName === name));
      expect(script.errors[0]?.code).toBe("forbidden");
      await script.close();

      // The per-document endpoint refuses at the upgrade.
      const raw = await RawSocket.open(`${server.wsUrl}/${encodeURIComponent(name)}`, 5000, { Cookie: ada.cookie });
      expect((await raw.waitClosed()).code).toBe(4403);
    }
  });
});
