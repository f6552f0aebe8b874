import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConsentType,
  ContactType,
  noteDocName,
  readHistory,
  readRecord,
  recordDocName,
  writeRecord,
} from "@crm/schema";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createServer, type RunningServer } from "./app.js";
import { api, person } from "./auth/testing.js";
import { MuxClient, waitUntil } from "./testing/clients.js";

const NAME = "Quartermaine";
const EMAIL = "zebulon.quartermaine@example.test";
const OLD_EMAIL = "zq-old-address@example.test";
/** A value that, once changed, lives on only in the contact's field history. */
const OLD_PHONE = "+4930123456";
/** What the contact agreed to and where from: a consent record's personal data. */
const CONSENT_SOURCE = "203.0.113.77";
const CONSENT_WORDING = "Quartermaine-wording: send me the newsletter";

let server: RunningServer | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fileContains(file: string, text: string): boolean {
  return existsSync(file) && readFileSync(file).includes(Buffer.from(text));
}

describe("GDPR", () => {
  it("exports a contact, then erases it so that its content is nowhere in the database file", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "crm-gdpr-"));
    dirs.push(dataDir);
    server = await createServer({ port: 0, host: "127.0.0.1", dataDir });
    const owner = await person(server, "Owner");
    const ws = server.auth!.createWorkspace("Acme", owner.userId).id;
    const id = "zq1";
    const RECORD = recordDocName(ws, ContactType, id);
    const NOTES = noteDocName(ws, "contact", id);

    // Someone keeps the record open while it is written, edited (the old email and phone stay
    // in the update log and in the record's field history), noted about, and erased.
    const client = await MuxClient.open(server.wsUrl, { Cookie: owner.cookie });
    const doc = client.subscribe(RECORD);
    const notes = client.subscribe(NOTES);
    await client.waitSynced(RECORD);
    await client.waitSynced(NOTES);
    const meta = { actor: owner.userId, now: 1, version: ContactType.version };
    writeRecord(doc, id, { firstName: "Zebulon", lastName: NAME, email: OLD_EMAIL, phone: OLD_PHONE }, meta);
    writeRecord(doc, id, { email: EMAIL }, meta);
    writeRecord(doc, id, { phone: "+4930999999" }, meta);
    expect(readHistory(doc, id).map((e) => e.changes)).toEqual([
      [["email", OLD_EMAIL, EMAIL]],
      [["phone", OLD_PHONE, "+4930999999"]],
    ]);
    writeRecord(doc, "other", { firstName: "Keep", lastName: "Me" }, meta);
    const text = new Y.XmlText();
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [text]);
    notes.getXmlFragment("notes").insert(0, [paragraph]);
    text.insert(0, `Met ${NAME} at the fair; write to ${EMAIL}.`);
    await client.waitPersisted(RECORD);
    await client.waitPersisted(NOTES);
    // Two marketing consents of the contact (in different shards or not), one of someone else.
    const consentMeta = { ...meta, version: ConsentType.version };
    const consentOf = (cid: string, contactId: string, wording: string, source = CONSENT_SOURCE) => {
      const name = recordDocName(ws, ConsentType, cid);
      const d = client.subscribe(name);
      return client.waitSynced(name).then(async () => {
        writeRecord(d, cid, { contactId, toStatus: "subscribed", method: "form", wording, source }, consentMeta);
        await client.waitPersisted(name);
        return d;
      });
    };
    const c1 = await consentOf("cs1", id, CONSENT_WORDING);
    await consentOf("cs2", id, CONSENT_WORDING);
    const kept = await consentOf("cs3", "other", "Keep-consent", "198.51.100.1");

    const exported = await api(server, "GET", `/api/workspaces/${ws}/contacts/${id}/export`, { cookie: owner.cookie });
    expect(exported.status).toBe(200);
    expect(exported.json).toMatchObject({
      record: { lastName: NAME, email: EMAIL },
      notes: expect.stringContaining(NAME),
    });

    const file = join(dataDir, "crm.sqlite");
    const erased = await api(server, "POST", `/api/workspaces/${ws}/contacts/${id}/erase`, {
      cookie: owner.cookie,
      body: {},
    });
    expect(erased.status).toBe(200);
    expect((erased.json as { documents: number }).documents).toBeGreaterThanOrEqual(3);

    // The open copy loses the content at once; the other contact is untouched.
    await waitUntil("the erasure to arrive", () => readRecord(doc, id)?.lastName === "");
    expect(readRecord(doc, id)).toMatchObject({ email: "", firstName: "", phone: "", deletedAt: expect.any(Number) });
    expect(readRecord(doc, "other")).toMatchObject({ lastName: "Me" });
    expect(notes.getXmlFragment("notes").length).toBe(0);
    expect(readHistory(doc, id)).toEqual([]);
    await waitUntil("the consents' erasure", () => readRecord(c1, "cs1")?.wording === "");
    expect(readRecord(c1, "cs1")).toMatchObject({ contactId: "", source: "", deletedAt: expect.any(Number) });
    expect(readRecord(kept, "cs3")).toMatchObject({ contactId: "other", wording: "Keep-consent" });

    // Nowhere in the database file or its write-ahead log, even before the server closes…
    for (const f of [file, `${file}-wal`]) {
      for (const secret of [NAME, EMAIL, OLD_EMAIL, OLD_PHONE, CONSENT_WORDING, CONSENT_SOURCE])
        expect(fileContains(f, secret), `${secret} in ${f}`).toBe(false);
    }
    expect(fileContains(file, "Keep")).toBe(true);
    await client.close();
    await server.close();
    server = undefined;
    // …and after it did (unloading the rooms compacts again).
    for (const secret of [NAME, EMAIL, OLD_EMAIL, OLD_PHONE, CONSENT_WORDING, CONSENT_SOURCE])
      expect(fileContains(file, secret)).toBe(false);
    const audit = readFileSync(file).includes(Buffer.from(`contact:${id}`));
    expect(audit).toBe(true);
  });
});
