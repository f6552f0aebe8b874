import {
  allShardDocNames,
  type DemoSize,
  demoSizes,
  recordDocName,
  recordsOf,
  recordTypes,
  writeRecord,
} from "@crm/schema";
import { demoBatches } from "@crm/schema/demo";
import { MuxClient, waitUntil } from "./net/muxClient.js";

/*
 * `crm-server demo`: the seeded demo workspace written through a running server, as a client with a
 * service token — the same records the web app's "Load demo data" writes (same generator, same
 * seed → same ids), stored and relayed by the server like anyone's edits, under the token's rights.
 * Going through the server (rather than into its database file) works while the server runs and
 * while people are connected: they see the records arrive live.
 */

export class DemoSeedError extends Error {}

export interface SeedOptions {
  /** The server's base URL: http(s)://host:port. */
  url: string;
  token: string;
  workspace: string;
  size: DemoSize;
  seed?: number;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
  /** How long to wait for the server at each step. */
  timeoutMs?: number;
}

const CLOSE_REASONS: Record<number, string> = {
  4401: "the server refused the token (unknown, expired or revoked): mint one with `crm-server token`",
  4403: "the token may not open this workspace's records",
  4029: "the server rate-limited this client (MAX_MESSAGES_PER_SECOND)",
  4413: "a document grew beyond the server's MAX_DOC_BYTES",
};

export async function seedDemo(
  options: SeedOptions,
): Promise<{ written: number; cancelled: boolean; documents: number }> {
  const { token, workspace, size, seed = 7, onProgress, signal, timeoutMs = 60_000 } = options;
  if (!(size in demoSizes)) throw new DemoSeedError(`--size must be one of ${Object.keys(demoSizes).join(", ")}`);
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new DemoSeedError(`--url is not a URL: ${JSON.stringify(options.url)}`);
  }
  const wsUrl = `${base.protocol === "https:" ? "wss" : "ws"}://${base.host}/sync?token=${encodeURIComponent(token)}`;
  let client: MuxClient;
  try {
    client = await MuxClient.open(wsUrl);
  } catch (err) {
    throw new DemoSeedError(`cannot reach the server at ${base.origin}: ${(err as Error).message}`);
  }
  const failure = () => {
    const closed = client.socket.closed;
    if (closed)
      return CLOSE_REASONS[closed.code] ?? `the server closed the connection (${closed.code} ${closed.reason})`;
    const error = client.errors[0];
    return error ? `the server refused ${error.docName}: ${error.code} (${error.message})` : null;
  };
  const until = async (what: string, done: () => boolean) => {
    await waitUntil(what, () => done() || failure() !== null, timeoutMs);
    const why = failure();
    if (why) throw new DemoSeedError(why);
  };
  const opened = new Set<string>();
  let written = 0;
  /** Documents of the batch sent before, with how many messages had been sent for each. */
  let inFlight: [string, number][] = [];
  const stored = async (targets: [string, number][]) => {
    for (const [name, sent] of targets) await until(`${name} to be stored`, () => client.entry(name).persisted >= sent);
  };
  try {
    const now = Date.now();
    for (const batch of demoBatches(size, seed, now)) {
      if (signal?.aborted) {
        await stored(inFlight);
        return { written, cancelled: true, documents: opened.size };
      }
      const type = recordTypes[batch.collection];
      // A collection's shards are subscribed all at once, the first time it comes up: one round
      // trip for all of them rather than one per shard.
      const shards = allShardDocNames(workspace, type).filter((n) => !opened.has(n));
      for (const name of shards) {
        opened.add(name);
        recordsOf(client.subscribe(name));
      }
      for (const name of shards) await until(`${name} to sync`, () => client.entry(name).synced);
      const byDoc = new Map<string, typeof batch.records>();
      for (const r of batch.records) {
        const name = recordDocName(workspace, type, String(r.id));
        const list = byDoc.get(name) ?? [];
        byDoc.set(name, list);
        list.push(r);
      }
      for (const [name, records] of byDoc) {
        const doc = client.doc(name);
        doc.transact(() => {
          for (const r of records) writeRecord(doc, String(r.id), r, { actor: "demo", now, version: type.version });
        });
      }
      // One batch in flight: this one travels while the one before is confirmed stored, so memory
      // and the server's queue stay small and what is reported written is on the server's disk.
      await stored(inFlight);
      inFlight = [...byDoc.keys()].map((name) => [name, client.entry(name).sent]);
      onProgress?.(written, batch.total);
      written = batch.done;
    }
    await stored(inFlight);
    onProgress?.(written, written);
    return { written, cancelled: false, documents: opened.size };
  } finally {
    await client.close();
  }
}
