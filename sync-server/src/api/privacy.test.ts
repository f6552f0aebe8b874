import { ContactType, recordDocName, writeRecord } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { api, person } from "../auth/testing.js";
import { MuxClient } from "../testing/clients.js";
import { client, serverPerTest } from "./testing.js";

/*
 * The GDPR routes: who may call them, what they answer and log. That the erasure leaves nothing
 * behind in the database file is ../privacy.test.ts.
 */

const fixture = serverPerTest();

async function contact(id: string, lastName: string) {
  const { server, owner, ws } = fixture();
  const name = recordDocName(ws, ContactType, id);
  const writer = await MuxClient.open(server.wsUrl, { Cookie: owner.cookie });
  const doc = writer.subscribe(name);
  await writer.waitSynced(name);
  writeRecord(doc, id, { firstName: "Zed", lastName }, { actor: owner.userId, now: 1, version: ContactType.version });
  await writer.waitPersisted(name);
  await writer.close();
}

describe("a contact's export and erasure", () => {
  it("exports as a download and erases, for admins, each in the audit log by id only", async () => {
    const { server, owner, ws } = fixture();
    await contact("zed1", "Zedinsky");
    const contacts = client(server, owner).workspaces[":ws"].contacts[":id"];
    const exported = await contacts.export.$get({ param: { ws, id: "zed1" } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toBe('attachment; filename="contact-zed1.json"');
    expect(await exported.json()).toMatchObject({ kind: "contact", record: { lastName: "Zedinsky" }, notes: "" });
    const erased = await contacts.erase.$post({ param: { ws, id: "zed1" }, json: {} });
    expect(await erased.json()).toEqual({ documents: expect.any(Number) });
    const log = server.auth!.auditLog(ws).filter((e) => e.action === "export" || e.action === "erasure");
    expect(log.map((e) => [e.action, e.target])).toEqual([
      ["erasure", "contact:zed1"],
      ["export", "contact:zed1"],
    ]);
    expect(JSON.stringify(server.auth!.auditLog(ws))).not.toContain("Zedinsky");
  });

  it("refuses everyone else, and says 404 for a contact that is not there", async () => {
    const { server, owner, ws } = fixture();
    await contact("zed2", "Zedinsky");
    const editor = await person(server, "Eddie", { workspaceId: ws, role: "editor" });
    const outsider = await person(server, "Olga");
    const path = `/api/workspaces/${ws}/contacts/zed2`;
    for (const [who, status] of [
      [editor, 403],
      [outsider, 404],
      [undefined, 401],
    ] as const) {
      const cookie = who ? { cookie: who.cookie } : {};
      const exported = await api(server, "GET", `${path}/export`, cookie);
      expect(exported.status).toBe(status);
      expect(exported.text).not.toContain("Zedinsky");
      expect((await api(server, "POST", `${path}/erase`, { ...cookie, body: {} })).status).toBe(status);
    }
    for (const id of ["nobody", "NOT%20AN%20ID"]) {
      const res = await api(server, "GET", `/api/workspaces/${ws}/contacts/${id}/export`, { cookie: owner.cookie });
      expect(res.status, id).toBe(404);
      expect(res.json.error, id).toMatchObject({ code: "no-contact" });
    }
    // The erase is a POST like any other: JSON only (the CSRF guard).
    const form = await fetch(`${server.url}${path}/erase`, { method: "POST", headers: { Cookie: owner.cookie } });
    expect(form.status).toBe(400);
    expect(server.auth!.auditLog(ws).some((e) => e.action === "erasure")).toBe(false);
  });
});
