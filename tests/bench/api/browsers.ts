import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { recordDocName, recordsOf, recordTypes, writeRecord } from "@crm/schema";
import { MuxClient } from "@crm/sync-server/net";
import Database from "better-sqlite3";
import type { BenchContext } from "./harness.js";

/*
 * What the automation points (webhook.ts, rules.ts) share: "browsers" speaking the sync protocol
 * as the app does (a MuxClient holding the records' shards, writes with schema's `writeRecord`),
 * a webhook receiver on 127.0.0.1, and readers of the worker's files.
 */

type Collection = keyof typeof recordTypes;

/** A tab: one socket, the shards of the records it edits or watches, live. */
export class Browser {
  private readonly watchers = new Map<string, Set<() => void>>();

  private constructor(
    readonly client: MuxClient,
    private readonly workspace: string,
  ) {}

  /** Connects; retried for a minute, since a server busy with the peers' first syncs can take over 5 s to answer. */
  static async open(ctx: BenchContext, token: string): Promise<Browser> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        return new Browser(await MuxClient.open(`${ctx.wsUrl}?token=${token}`), ctx.workspace);
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
  }

  shardOf(collection: Collection, id: string): string {
    return recordDocName(this.workspace, recordTypes[collection], id);
  }

  /** Opens (syncs) the shards holding `ids`, as a list showing them would. */
  async open(collection: Collection, ids: readonly string[]): Promise<void> {
    const names = [...new Set(ids.map((id) => this.shardOf(collection, id)))].filter((n) => !this.client.docs.has(n));
    for (const name of names) {
      const doc = this.client.subscribe(name);
      recordsOf(doc);
      doc.on("update", () => {
        for (const w of this.watchers.get(name) ?? []) w();
      });
    }
    for (const name of names) await this.client.waitSynced(name, 300_000);
  }

  /** Writes fields of a record as the app's store does; returns when (performance.now()) it was written. */
  write(collection: Collection, id: string, fields: Record<string, unknown>, actor = "bench-browser"): number {
    const type = recordTypes[collection];
    const doc = this.client.doc(this.shardOf(collection, id));
    const t = performance.now();
    writeRecord(doc, id, fields, { actor, now: Date.now(), version: type.version });
    return t;
  }

  read(collection: Collection, id: string): Record<string, unknown> | undefined {
    return recordsOf(this.client.doc(this.shardOf(collection, id)))
      .get(id)
      ?.toJSON();
  }

  /** Resolves with performance.now() when `check` holds after an update of the record's shard (or already). */
  when(
    collection: Collection,
    id: string,
    check: (r: Record<string, unknown> | undefined) => boolean,
  ): Promise<number> {
    const name = this.shardOf(collection, id);
    return new Promise((resolve) => {
      if (check(this.read(collection, id))) return resolve(performance.now());
      const set = this.watchers.get(name) ?? new Set();
      this.watchers.set(name, set);
      const w = () => {
        if (!check(this.read(collection, id))) return;
        set.delete(w);
        resolve(performance.now());
      };
      set.add(w);
    });
  }

  /** Updates sent and not yet acknowledged as stored, over every open shard. */
  unacknowledged(): number {
    let n = 0;
    for (const e of this.client.docs.values()) n += e.sent - e.persisted;
    return n;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** A webhook receiver on 127.0.0.1: every body with its arrival time (performance.now()). */
export async function receiver(): Promise<{
  url: string;
  server: Server;
  onBody(cb: (body: unknown, at: number) => void): void;
  close(): Promise<void>;
}> {
  const listeners: ((body: unknown, at: number) => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      res.writeHead(204).end();
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return;
      }
      for (const l of listeners) l(body, at);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    server,
    onBody: (cb) => listeners.push(cb),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** `n` random live records of `collection` matching `where` (SQL on the server's peer projection). */
export function pickIds(ctx: BenchContext, collection: Collection, where: string, n: number): string[] {
  const db = new Database(ctx.serverPeerFile, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(`SELECT id FROM r_${collection} WHERE _deleted = 0 AND ${where} ORDER BY random() LIMIT ?`)
      .pluck()
      .all(n) as string[];
  } finally {
    db.close();
  }
}

/** Deletes the webhook endpoints earlier runs left (the bench's own, by description). */
export async function removeBenchEndpoints(ctx: BenchContext): Promise<void> {
  const res = await ctx.api("GET", "/webhooks", undefined, ctx.adminToken);
  if (res.status !== 200) throw new Error(`GET /webhooks: ${res.status} ${await res.text()}`);
  const { data } = (await res.json()) as { data: { id: string; description?: string }[] };
  for (const e of data)
    if (e.description === BENCH_ENDPOINT)
      await (await ctx.api("DELETE", `/webhooks/${e.id}`, undefined, ctx.adminToken)).arrayBuffer();
}

export const BENCH_ENDPOINT = "bench:api";

/** Slope of a least-squares line through (t, y); per minute when t is in ms. */
export function slopePerMinute(points: readonly { t: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mt = points.reduce((a, p) => a + p.t, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.y - my);
    den += (p.t - mt) ** 2;
  }
  return den ? (num / den) * 60_000 : Number.NaN;
}

/** The process's CPU time so far (user + system), seconds: /proc/<pid>/stat at 100 ticks/s. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
