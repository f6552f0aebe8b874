import { CloseCode } from "@crm/protocol";
import { allShardDocNames, noteDocName, recordTypes, savedQueriesDocName, savedViewsDocName } from "@crm/schema";
import { afterEach, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "./app.js";
import { DEFAULT_DOC_LIMITS, DocQuotas } from "./quotas.js";
import { MuxClient, waitUntil } from "./testing/clients.js";

/*
 * Document quotas (quotas.ts) and strict document names, against a real server: one connection
 * or principal cannot load, nor create, an unbounded number of documents, and one document has
 * one name.
 */

let server: RunningServer | undefined;
const clients: MuxClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
  server = undefined;
});

async function start(docLimits: Partial<typeof DEFAULT_DOC_LIMITS>) {
  server = await createServer({ port: 0, host: "127.0.0.1", metrics: false, docLimits });
  const store = server.auth!;
  const owner = store.createUser({ email: "o@example.test", name: "Owner", passwordHash: "x" });
  const workspace = store.createWorkspace("Acme", owner.id).id;
  const mint = () => store.mintToken({ workspaceId: workspace, role: "editor", name: "t", createdBy: owner.id }).token;
  return { server, workspace, mint };
}

async function open(url: string, token: string): Promise<MuxClient> {
  const client = await MuxClient.open(`${url}?token=${token}`);
  clients.push(client);
  return client;
}

const note = (workspace: string, i: number) => noteDocName(workspace, "account", `n${i}`);

describe("document quotas", () => {
  it("refuses a connection's document beyond MAX_DOCS_PER_CONNECTION, alone, saying so", async () => {
    const { server, workspace, mint } = await start({ perConnection: 5 });
    const client = await open(server.wsUrl, mint());
    for (let i = 0; i < 5; i++) client.subscribe(note(workspace, i));
    for (let i = 0; i < 5; i++) await client.waitSynced(note(workspace, i));
    client.subscribe(note(workspace, 5));
    await waitUntil("the refusal", () => client.errors.length > 0);
    expect(client.errors[0]).toMatchObject({ docName: note(workspace, 5), code: "too-many-documents" });
    expect(client.errors[0]!.message).toMatch(/MAX_DOCS_PER_CONNECTION \(5\)/);
    expect(server.rooms.loaded()).not.toContain(note(workspace, 5));
    // The connection stays, its documents keep syncing; leaving one makes room.
    expect(client.socket.closed).toBeUndefined();
    client.unsubscribe(note(workspace, 0));
    client.unsubscribe(note(workspace, 5));
    client.subscribe(note(workspace, 5));
    await client.waitSynced(note(workspace, 5));
  });

  it("bounds what one connection loads however many names it sends", async () => {
    const { server, workspace, mint } = await start({ perConnection: 50 });
    const client = await open(server.wsUrl, mint());
    const names = Object.values(recordTypes).flatMap((t) => allShardDocNames(workspace, t));
    for (const name of names) client.subscribe(name);
    await waitUntil("every refusal", () => client.errors.length === names.length - 50);
    expect(server.rooms.loaded()).toHaveLength(50);
  });

  it("counts a principal's documents over all its connections (MAX_DOCS_PER_PRINCIPAL)", async () => {
    const { server, workspace, mint } = await start({ perPrincipal: 6 });
    const token = mint();
    const first = await open(server.wsUrl, token);
    const second = await open(server.wsUrl, token);
    for (let i = 0; i < 4; i++) first.subscribe(note(workspace, i));
    for (let i = 0; i < 4; i++) await first.waitSynced(note(workspace, i));
    for (let i = 4; i < 7; i++) second.subscribe(note(workspace, i));
    await waitUntil("the refusal", () => second.errors.length > 0);
    expect(second.errors).toEqual([
      expect.objectContaining({ docName: note(workspace, 6), code: "too-many-documents" }),
    ]);
    expect(second.errors[0]!.message).toMatch(/MAX_DOCS_PER_PRINCIPAL \(6\)/);
    // Another principal is not affected; closing the first connection gives its documents back.
    const other = await open(server.wsUrl, mint());
    other.subscribe(note(workspace, 100));
    await other.waitSynced(note(workspace, 100));
    await first.close();
    second.unsubscribe(note(workspace, 6));
    second.subscribe(note(workspace, 6));
    await second.waitSynced(note(workspace, 6));
  });

  it("refuses to create more than MAX_NEW_DOCS_PER_HOUR documents, storing nothing of the one refused", async () => {
    const { server, workspace, mint } = await start({ newPerHour: 3 });
    const client = await open(server.wsUrl, mint());
    for (let i = 0; i < 3; i++) {
      client.subscribe(note(workspace, i)).getMap("m").set("k", i);
      await client.waitPersisted(note(workspace, i));
    }
    // Writing to documents that exist is not creating.
    client.doc(note(workspace, 0)).getMap("m").set("k", 10);
    await client.waitPersisted(note(workspace, 0));
    const fourth = note(workspace, 3);
    const doc = client.subscribe(fourth);
    await client.waitSynced(fourth);
    doc.getMap("m").set("k", 3);
    const closed = await client.socket.waitClosed();
    expect(closed.code).toBe(CloseCode.rateLimited);
    expect(client.errors.at(-1)).toMatchObject({ docName: fourth, code: "too-many-documents" });
    expect(client.errors.at(-1)!.message).toMatch(/MAX_NEW_DOCS_PER_HOUR \(3\) is reached; try again in \d+ min/);
    expect(server.storage.loadUpdates(fourth).updates).toEqual([]);
    expect(server.storage.listDocs()).toHaveLength(3);
  });

  it("leaves the web app far below the default limits", () => {
    // What one tab subscribes: every record shard, settings, saved views and queries, open notes.
    const perTab =
      Object.values(recordTypes).flatMap((t) => allShardDocNames("w", t)).length +
      [savedViewsDocName("w"), savedQueriesDocName("w"), "settings"].length +
      10;
    expect(perTab).toBeLessThan(DEFAULT_DOC_LIMITS.perConnection / 2);
    expect(3 * perTab).toBeLessThan(DEFAULT_DOC_LIMITS.perPrincipal / 2);
  });

  it("starts a new hour of creations after an hour", () => {
    let now = 0;
    const quotas = new DocQuotas({ perConnection: 10, perPrincipal: 10, newPerHour: 2 }, () => now);
    quotas.creating("p");
    quotas.creating("p");
    expect(() => quotas.creating("p")).toThrow(/try again in 60 min/);
    now = 3600_000;
    expect(() => quotas.creating("p")).not.toThrow();
  });
});

describe("document names on the server", () => {
  it("refuses aliases of a document and shards a type does not have (4404), storing nothing", async () => {
    const { server, workspace, mint } = await start({});
    for (const alias of [`${workspace}/records/accounts/0007`, `${workspace}/records/accounts/32`]) {
      const client = await open(server.wsUrl, mint());
      client.subscribe(alias).getMap("m").set("k", 1);
      expect((await client.socket.waitClosed()).code).toBe(CloseCode.badDocumentName);
      expect(client.errors[0]).toMatchObject({ code: "bad-document-name" });
    }
    expect(server.storage.listDocs()).toEqual([]);
    expect(server.rooms.loaded()).toEqual([]);
  });
});
