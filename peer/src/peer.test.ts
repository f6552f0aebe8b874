import { recordDocName, recordTypes } from "@crm/schema";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientRead, clientWrite, type PeerWorld, peerWorld, waitUntil } from "./testing.js";
import type { RecordChange } from "./types.js";

let world: PeerWorld;
beforeEach(async () => {
  world = await peerWorld();
});
afterEach(async () => world.close());

describe("the peer follows the server", () => {
  it("projects what a browser writes, with the change, its fields and who made it", async () => {
    const peer = world.peer();
    const seen: RecordChange[] = [];
    peer.onChange((c) => seen.push(...c));
    peer.start();
    await peer.ready();
    const browser = await world.client();
    await clientWrite(browser, world.workspace, "accounts", "acc1", { name: "Initech", status: "prospect" });
    await waitUntil("the account in the projection", () => peer.get("accounts", "acc1") !== undefined);
    expect(peer.get("accounts", "acc1")).toMatchObject({ id: "acc1", name: "Initech", status: "prospect" });
    await waitUntil("the change", () => seen.length > 0);
    expect(seen[0]).toMatchObject({ collection: "accounts", id: "acc1", kind: "created", actor: "browser-user" });
    expect(seen[0]!.seq).toBeGreaterThan(0);

    await clientWrite(browser, world.workspace, "accounts", "acc1", { status: "customer" }, "someone-else");
    await waitUntil("the update", () => seen.length > 1);
    expect(seen[1]).toMatchObject({
      kind: "updated",
      actor: "someone-else",
      fields: { status: { old: "prospect", new: "customer" } },
    });
    // churnedAt etc. are not in the change: only what differs.
    expect(Object.keys(seen[1]!.fields)).toEqual(["status"]);
  });

  it("writes like a browser: validated, acknowledged by the server, seen live by browsers", async () => {
    const peer = world.peer();
    peer.start();
    await peer.ready();
    const invalid = await peer.create("accounts", { name: "" }, { actor: "token:t1" });
    expect(invalid).toMatchObject({ ok: false, status: 422, issues: [{ field: "name", code: "required" }] });
    const unknown = await peer.create("accounts", { name: "A", colour: "red" }, { actor: "token:t1" });
    expect(unknown).toMatchObject({ ok: false, issues: [{ field: "colour", code: "unknownField" }] });

    const browser = await world.client();
    const made = await peer.create("accounts", { name: "Globex", phone: "030 1234567" }, { actor: "token:t1" });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.record).toMatchObject({ name: "Globex", createdBy: "token:t1", deletedAt: null });
    // Acknowledged means stored: a browser joining now receives it from the server.
    const name = recordDocName(world.workspace, recordTypes.accounts, made.record.id);
    browser.subscribe(name);
    await browser.waitSynced(name);
    expect(clientRead(browser, world.workspace, "accounts", made.record.id)).toMatchObject({ name: "Globex" });

    const patched = await peer.patch("accounts", made.record.id, { status: "customer" }, "token:t1");
    expect(patched).toMatchObject({ ok: true, record: { status: "customer", name: "Globex" } });
    await waitUntil("the browser sees the patch", () => {
      return clientRead(browser, world.workspace, "accounts", made.record.id)?.status === "customer";
    });
    // deriveChanges ran: becoming a customer is no churn; churning stamps churnedAt.
    const churned = await peer.patch("accounts", made.record.id, { status: "churned" }, "token:t1");
    expect(churned.ok && typeof churned.record.churnedAt).toBe("number");

    expect(await peer.remove("accounts", made.record.id, "token:t1")).toMatchObject({ ok: true });
    expect(peer.list("accounts").records).toHaveLength(0);
    expect(peer.list("accounts", { deleted: "only" }).records).toHaveLength(1);
    expect(await peer.patch("accounts", made.record.id, { name: "X" }, "token:t1")).toMatchObject({
      ok: false,
      status: 409,
    });
    expect(await peer.restore("accounts", made.record.id, "token:t1")).toMatchObject({
      ok: true,
      record: { deletedAt: null },
    });
    expect(await peer.patch("accounts", "nope", { name: "X" }, "token:t1")).toMatchObject({ ok: false, status: 404 });
  });

  it("a patch keeps a concurrent browser edit of another field", async () => {
    const peer = world.peer();
    peer.start();
    await peer.ready();
    const browser = await world.client();
    await clientWrite(browser, world.workspace, "contacts", "c1", { firstName: "Ada", lastName: "Lovelace" });
    await waitUntil("the contact", () => peer.get("contacts", "c1") !== undefined);
    // The browser edits the title; before the peer hears of it, the API patches the email.
    const name = recordDocName(world.workspace, recordTypes.contacts, "c1");
    await Promise.all([
      clientWrite(browser, world.workspace, "contacts", "c1", { title: "Countess" }),
      peer.patch("contacts", "c1", { email: "ada@example.test" }, "token:t1"),
    ]);
    await waitUntil("both edits everywhere", () => {
      const p = peer.get("contacts", "c1");
      const b = clientRead(browser, world.workspace, "contacts", "c1");
      return p?.title === "Countess" && p?.email === "ada@example.test" && b?.email === "ada@example.test";
    });
    expect(browser.docs.has(name)).toBe(true);
  });

  it("after a restart resyncs from its stored vectors: nothing decoded when nothing changed, only what is new recorded", async () => {
    const browser = await world.client();
    let peer = world.peer();
    peer.start();
    await peer.ready();
    await clientWrite(browser, world.workspace, "accounts", "a1", { name: "One" });
    await waitUntil("a1", () => peer.get("accounts", "a1") !== undefined);
    const seqBefore = peer.feed.lastSeq();
    await peer.close();

    // Nothing changed meanwhile: the restart decodes no record shard.
    peer = world.peer();
    peer.start();
    await peer.whenSynced();
    expect(peer.stats().decodes).toBe(1); // the settings document only
    await peer.close();

    // Changes while the peer was away arrive once, as changes.
    await clientWrite(browser, world.workspace, "accounts", "a1", { name: "One (renamed)" });
    await clientWrite(browser, world.workspace, "accounts", "a2", { name: "Two" });
    peer = world.peer();
    peer.start();
    await peer.whenSynced();
    expect(peer.get("accounts", "a1")?.name).toBe("One (renamed)");
    const changes = peer.feed.read(seqBefore);
    expect(changes.map((c) => [c.id, c.kind])).toEqual([
      ["a1", "updated"],
      ["a2", "created"],
    ]);
    expect(changes[0]!.fields).toEqual({ name: { old: "One", new: "One (renamed)" } });
  });
});
