import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AUTOMATION_ROLE, type MemberRole, recordDocName, recordsOf, recordTypes, writeRecord } from "@crm/schema";
import { createServer, type RunningServer } from "@crm/sync-server";
import { MuxClient, waitUntil } from "@crm/sync-server/net";
import { type PeerOptions, WorkspacePeer } from "./peer.js";

/*
 * Test helpers: an in-process server with sign-in on, a workspace, tokens, a peer on it, and a
 * raw protocol client standing in for a browser.
 */

export interface PeerWorld {
  server: RunningServer;
  workspace: string;
  dir: string;
  token(role: MemberRole | typeof AUTOMATION_ROLE): string;
  peer(options?: Partial<PeerOptions>): WorkspacePeer;
  client(role?: MemberRole): Promise<MuxClient>;
  close(): Promise<void>;
}

export async function peerWorld(): Promise<PeerWorld> {
  const dir = mkdtempSync(join(tmpdir(), "crm-peer-"));
  const server = await createServer({ port: 0, host: "127.0.0.1", dataDir: join(dir, "server") });
  const store = server.auth!;
  const owner = store.createUser({ email: "owner@example.test", name: "Owner", passwordHash: "x" });
  const workspace = store.createWorkspace("Test", owner.id).id;
  const token = (role: MemberRole | typeof AUTOMATION_ROLE) =>
    store.mintToken({ workspaceId: workspace, role, name: `test ${role}`, createdBy: owner.id }).token;
  const peers: WorkspacePeer[] = [];
  const clients: MuxClient[] = [];
  return {
    server,
    workspace,
    dir,
    token,
    peer(options = {}) {
      const automation = token(AUTOMATION_ROLE);
      const peer = new WorkspacePeer({
        workspace,
        file: join(dir, "peer.sqlite"),
        url: async () => `${server.wsUrl}?token=${automation}`,
        ...options,
      });
      peers.push(peer);
      return peer;
    },
    async client(role = "editor") {
      const c = await MuxClient.open(`${server.wsUrl}?token=${token(role)}`);
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) await c.close();
      for (const p of peers) await p.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes fields of a record as a browser would (subscribing its shard first); waits until stored. */
export async function clientWrite(
  client: MuxClient,
  workspace: string,
  collection: keyof typeof recordTypes,
  id: string,
  fields: Record<string, unknown>,
  actor = "browser-user",
): Promise<void> {
  const type = recordTypes[collection];
  const name = recordDocName(workspace, type, id);
  if (!client.docs.has(name)) {
    recordsOf(client.subscribe(name));
    await client.waitSynced(name);
  }
  writeRecord(client.doc(name), id, fields, { actor, now: Date.now(), version: type.version });
  await client.waitPersisted(name);
}

/** A record as the client's copy of its shard has it. */
export function clientRead(
  client: MuxClient,
  workspace: string,
  collection: keyof typeof recordTypes,
  id: string,
): Record<string, unknown> | undefined {
  const name = recordDocName(workspace, recordTypes[collection], id);
  return client.docs.has(name) ? recordsOf(client.doc(name)).get(id)?.toJSON() : undefined;
}

export { waitUntil };
