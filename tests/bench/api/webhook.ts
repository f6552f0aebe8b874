import { join } from "node:path";
import Database from "better-sqlite3";
import { log } from "../bigWorkspace.js";
import { BENCH_ENDPOINT, Browser, cpuSeconds, pickIds, receiver, removeBenchEndpoints } from "./browsers.js";
import { type BenchContext, percentile, type Row } from "./harness.js";

/*
 * "A browser edit to its webhook delivery at a local receiver: p50 ≤ 500 ms, p99 ≤ 2 s."
 *
 * The worker (`crm-server worker`, running the jobs) delivers to a receiver in this process on
 * 127.0.0.1; the endpoint is subscribed through `POST /api/v1/webhooks` with an admin token. A
 * "browser" (the sync protocol, as the app writes) sets an account's billing street to a value
 * unique to the edit; the delivery is the body whose `data.record.id` and
 * `data.changes.billingStreet.new` match. Time: from the write into the browser's Yjs document
 * to the body's arrival. Edits one after another (the next when the last was delivered), each to
 * a random account of the big workspace — as many people editing different records would.
 * Same-run references: the same edit reaching a second browser through the server (the sync
 * round trip), and an HTTP POST to the receiver from here.
 */

const N = Number(process.env.BENCH_WEBHOOK_N ?? 100);
const WARMUP = 5;

/** The worker's own files, kept between runs in the data directory (a warm start after the first). */
export const jobsWorkerDir = (ctx: BenchContext) => join(ctx.dataDir, "worker-jobs");

export async function startJobsWorker(ctx: BenchContext, extra: Record<string, string> = {}) {
  const worker = await ctx.startWorker(
    { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", MALLOC_MMAP_THRESHOLD_: "131072", ...extra },
    jobsWorkerDir(ctx),
  );
  const t0 = Date.now();
  while (!worker.line("peer synced")) {
    if (worker.child.exitCode !== null) throw new Error(`the worker exited: ${worker.err()}`);
    if (Date.now() - t0 > 30 * 60_000) throw new Error("the worker did not sync in 30 min");
    await new Promise((r) => setTimeout(r, 100));
  }
  log(`worker synced after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // Jobs queued before the measurement (changes made while the worker was away, a rules run
  // stopped before its backlog drained) would run first and be measured as this run's latency.
  const db = new Database(join(jobsWorkerDir(ctx), `${ctx.workspace}.sqlite`), { readonly: true });
  const pending = db.prepare("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')").pluck();
  let left = pending.get() as number;
  const drainBy = Date.now() + 600_000;
  if (left > 0) log(`waiting for ${left} jobs queued before the measurement`);
  while (left > 0 && Date.now() < drainBy && worker.child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 1000));
    left = pending.get() as number;
  }
  db.close();
  if (left > 0) {
    await ctx.stop(worker);
    throw new Error(
      `${left} jobs queued before the measurement did not drain in 10 min in ${jobsWorkerDir(ctx)}: remove it (a cold sync)`,
    );
  }
  return worker;
}

/** `p`'s value, or NaN when it takes longer than `ms`. */
export function within(p: Promise<number>, ms = 60_000): Promise<number> {
  return Promise.race([p, new Promise<number>((r) => setTimeout(() => r(Number.NaN), ms).unref())]);
}

export async function webhook(ctx: BenchContext): Promise<Row[]> {
  const rx = await receiver();
  const worker = await startJobsWorker(ctx);
  const a = await Browser.open(ctx, ctx.token);
  const b = await Browser.open(ctx, ctx.token);
  try {
    await removeBenchEndpoints(ctx);
    const res = await ctx.api(
      "POST",
      "/webhooks",
      { url: rx.url, events: ["accounts.updated"], description: BENCH_ENDPOINT },
      ctx.adminToken,
    );
    if (res.status !== 201) throw new Error(`POST /webhooks: ${res.status} ${await res.text()}`);
    const endpoint = (await res.json()) as { id: string; secret: string };
    if (!endpoint.secret.startsWith("whsec_")) throw new Error("no whsec_ secret");

    const pending = new Map<string, (at: number) => void>();
    rx.onBody((body, at) => {
      const data = (body as { data?: { record?: { id?: string }; changes?: Record<string, { new?: unknown }> } }).data;
      const key = `${data?.record?.id}\u0000${String(data?.changes?.billingStreet?.new)}`;
      pending.get(key)?.(at);
      pending.delete(key);
    });

    const ids = pickIds(ctx, "accounts", "1 = 1", N + WARMUP);
    await a.open("accounts", ids);
    await b.open("accounts", ids);
    log(`webhook: ${ids.length} accounts in ${new Set(ids.map((id) => a.shardOf("accounts", id))).size} shards open`);
    const run = Date.now().toString(36);
    const delivery: number[] = [];
    const syncTrip: number[] = [];
    const stored: number[] = [];
    let missed = 0;
    const cpu0 = { server: cpuSeconds(ctx.server.child.pid!), worker: cpuSeconds(worker.child.pid!) };
    const t0 = performance.now();
    for (const [i, id] of ids.entries()) {
      const value = `Bench ${run} ${i}`;
      const delivered = within(new Promise<number>((resolve) => pending.set(`${id}\u0000${value}`, resolve)));
      const seen = within(b.when("accounts", id, (r) => r?.billingStreet === value));
      const written = a.write("accounts", id, { billingStreet: value });
      const name = a.shardOf("accounts", id);
      await a.client.waitPersisted(name, 60_000);
      const storedAt = performance.now();
      const [deliveredAt, seenAt] = await Promise.all([delivered, seen]);
      if (i < WARMUP) continue;
      if (Number.isNaN(deliveredAt) || Number.isNaN(seenAt)) {
        missed++;
        continue;
      }
      delivery.push(deliveredAt - written);
      syncTrip.push(seenAt - written);
      stored.push(storedAt - written);
    }
    const elapsed = (performance.now() - t0) / 1000;
    const cpu = {
      server: cpuSeconds(ctx.server.child.pid!) - cpu0.server,
      worker: cpuSeconds(worker.child.pid!) - cpu0.worker,
    };
    const http: number[] = [];
    for (let i = 0; i < N + WARMUP; i++) {
      const t = performance.now();
      await (
        await fetch(rx.url, { method: "POST", body: "{}", headers: { "content-type": "application/json" } })
      ).arrayBuffer();
      if (i >= WARMUP) http.push(performance.now() - t);
    }
    await (await ctx.api("DELETE", `/webhooks/${endpoint.id}`, undefined, ctx.adminToken)).arrayBuffer();
    const p50 = (xs: number[]) => percentile(xs, 50);
    return [
      {
        name: "browser edit → webhook delivery at a receiver on 127.0.0.1",
        n: delivery.length,
        p50: p50(delivery),
        p99: percentile(delivery, 99),
        unit: "ms",
        target: "p50 ≤ 500 ms, p99 ≤ 2 s",
        reference: { name: "the same edit at a second browser", p50: p50(syncTrip) },
        note: `${delivery.length} edits in ${elapsed.toFixed(0)} s, one at a time, random accounts; not delivered or not seen within 60 s: ${missed}; CPU during them: server ${cpu.server.toFixed(1)} s, worker ${cpu.worker.toFixed(1)} s`,
      },
      {
        name: "  reference: the same edit at a second browser (sync round trip)",
        n: syncTrip.length,
        p50: p50(syncTrip),
        p99: percentile(syncTrip, 99),
        unit: "ms",
      },
      {
        name: "  reference: the edit acknowledged as stored",
        n: stored.length,
        p50: p50(stored),
        p99: percentile(stored, 99),
        unit: "ms",
      },
      {
        name: "  reference: HTTP POST to the receiver",
        n: http.length,
        p50: p50(http),
        p99: percentile(http, 99),
        unit: "ms",
      },
    ];
  } finally {
    await a.close();
    await b.close();
    await rx.close();
    await ctx.stop(worker);
  }
}
