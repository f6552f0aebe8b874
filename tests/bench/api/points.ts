import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { log } from "../bigWorkspace.js";
import { type BenchContext, memoryOf, percentile, type Row } from "./harness.js";
import { rules } from "./rules.js";
import { webhook } from "./webhook.js";

/*
 * The measurements of `npm run bench:api`, each a `BenchPoint`: a name (selectable with
 * BENCH_POINTS=list,get,…) and a function of the shared context returning table rows.
 *
 * Adding one is a few lines: write `async function myPoint(ctx): Promise<Row[]>` and add
 * `{ name: "my", run: myPoint }` to `points`. The automation points are in their own files:
 *   - "webhook" (webhook.ts): a browser's edit over the sync protocol to its delivery at a
 *     receiver on 127.0.0.1, p50 ≤ 500 ms, p99 ≤ 2 s, beside the same edit's sync round trip.
 *   - "rules" (rules.ts): a workflow rule triggered by browser edits at 1,000 a minute; the
 *     backlog sampled over time, its slope, and edit → action latency.
 * "backlog" (`jobBacklog` below) measures the job machinery alone under that load with the test
 * job kind (PEER_TEST_JOBS) and creates through the REST API; it was the stand-in for "rules"
 * before rules existed and is kept as the comparison without rule evaluation.
 */

export interface BenchPoint {
  name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

const N = Number(process.env.BENCH_N ?? 200);
const WARMUP = 20;

/** Times `fn` N times after a warm-up; ms. */
async function timeEach(n: number, fn: (i: number) => Promise<void> | void): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i + WARMUP);
    out.push(performance.now() - t);
  }
  return out;
}

function row(name: string, values: number[], unit: string, extra: Partial<Row> = {}): Row {
  return { name, n: values.length, p50: percentile(values, 50), p99: percentile(values, 99), unit, ...extra };
}

/** The server's peer's projection, read-only, for the references (the same rows, straight from SQLite). */
function projection(ctx: BenchContext): Database.Database {
  const db = new Database(ctx.serverPeerFile, { readonly: true, fileMustExist: true });
  // As the peer opens it (peer/src/db/open.ts), so the reference is the query and not a cold cache.
  db.pragma("cache_size = -32768");
  db.pragma("temp_store = MEMORY");
  return db;
}

const LIST = "/accounts?filter[status]=customer&sort=-name&limit=50";
const LIST_SQL = `SELECT _data FROM r_accounts WHERE _deleted = 0 AND f_status = ? ORDER BY f_name DESC, id DESC LIMIT 51`;

async function list(ctx: BenchContext): Promise<Row[]> {
  const db = projection(ctx);
  try {
    const st = db.prepare(LIST_SQL).pluck();
    // The same work as the API's answer minus HTTP: the rows, joined into the page's JSON.
    const direct = () => `{"data":[${(st.all("customer") as string[]).slice(0, 50).join(",")}]}`;
    // The same rows both ways, or the comparison means nothing.
    const viaApi = (await (await ctx.api("GET", LIST)).json()) as { data: { id: string }[] };
    const want = (JSON.parse(direct()) as { data: { id: string }[] }).data.map((r) => r.id);
    if (viaApi.data.length !== 50 || viaApi.data.map((r) => r.id).join() !== want.join())
      throw new Error(`the API and SQLite disagree on ${LIST}`);
    const sqlite = await timeEach(N, () => void direct());
    const rest = await timeEach(N, async () => {
      const res = await ctx.api("GET", LIST);
      if (res.status !== 200) throw new Error(`GET ${LIST}: ${res.status}`);
      await res.json();
    });
    const health = await timeEach(N, async () => {
      await (await fetch(`http://127.0.0.1:${ctx.port}/healthz`)).text();
    });
    return [
      row("REST list: 50 accounts, filter status + sort -name", rest, "ms", {
        target: "p50 ≤ 20 ms",
        reference: { name: "SQLite, same rows", p50: percentile(sqlite, 50) },
      }),
      row("  reference: SQLite query of the same rows", sqlite, "ms"),
      row("  reference: GET /healthz (HTTP round trip)", health, "ms"),
    ];
  } finally {
    db.close();
  }
}

async function get(ctx: BenchContext): Promise<Row[]> {
  const db = projection(ctx);
  try {
    const ids = db
      .prepare("SELECT id FROM r_accounts WHERE _deleted = 0 ORDER BY random() LIMIT 500")
      .pluck()
      .all() as string[];
    const st = db.prepare("SELECT _data FROM r_accounts WHERE id = ?").pluck();
    const sqlite = await timeEach(N, (i) => void (st.get(ids[i % ids.length]) as string).length);
    const rest = await timeEach(N, async (i) => {
      const res = await ctx.api("GET", `/accounts/${ids[i % ids.length]}`);
      if (res.status !== 200) throw new Error(`GET /accounts/:id: ${res.status}`);
      await res.json();
    });
    return [
      row("REST get an account by id", rest, "ms", {
        target: "p50 ≤ 5 ms",
        reference: { name: "SQLite by id", p50: percentile(sqlite, 50) },
      }),
      row("  reference: SQLite get by id", sqlite, "ms"),
    ];
  } finally {
    db.close();
  }
}

/** The peer alone (`crm-server worker`): time to catch up with the server, cold and warm, and its memory. */
async function peer(ctx: BenchContext): Promise<Row[]> {
  const dir = join(ctx.dataDir, "worker-bench");
  rmSync(dir, { recursive: true, force: true });
  const rows: Row[] = [];
  for (const run of ["cold (empty peer file)", "warm (restart)"]) {
    const t0 = performance.now();
    // As `npm run worker` runs it (malloc returns freed memory to the system; see package.json).
    const worker = await ctx.startWorker({ MALLOC_MMAP_THRESHOLD_: "131072" }, dir);
    const deadline = Date.now() + 30 * 60_000;
    while (!worker.line("peer synced") && Date.now() < deadline && worker.child.exitCode === null)
      await new Promise((r) => setTimeout(r, 50));
    const ms = performance.now() - t0;
    if (!worker.line("peer synced")) throw new Error(`the worker did not sync: ${worker.err()}`);
    await new Promise((r) => setTimeout(r, 2000));
    const mem = memoryOf(worker.child.pid!);
    // Decoded shards are dropped 5 s after their last use; what stays is the steady state.
    await new Promise((r) => setTimeout(r, 30_000));
    const settled = memoryOf(worker.child.pid!);
    log(
      `worker ${run}: synced in ${(ms / 1000).toFixed(1)} s, RSS ${mem.rss.toFixed(0)} MiB, ${settled.rss.toFixed(0)} MiB 30 s later (peak ${settled.peak.toFixed(0)})`,
    );
    const warm = run.startsWith("warm");
    rows.push(
      {
        name: `peer startup to synced, ${run}`,
        n: 1,
        p50: ms / 1000,
        unit: "s",
        ...(warm ? { target: "≤ 10 s" } : {}),
      },
      { name: `peer RSS 2 s after synced, ${run}`, n: 1, p50: mem.rss, p99: mem.peak, unit: "MiB" },
      {
        name: `peer RSS 30 s after synced, ${run}`,
        n: 1,
        p50: settled.rss,
        p99: settled.peak,
        unit: "MiB",
        target: "≤ 300 MiB",
        note: "p99 column: peak RSS (VmHWM)",
      },
    );
    await ctx.stop(worker);
  }
  return rows;
}

/**
 * Stand-in for "1,000 rule-triggering edits a minute without backlog growth": accounts named
 * "Job …" created through the API at that rate, each making a job (PEER_TEST_JOBS) in the worker;
 * the queue's backlog sampled every 5 s, and each job's lag from queued to done.
 */
async function jobBacklog(ctx: BenchContext): Promise<Row[]> {
  const seconds = Number(process.env.BENCH_BACKLOG_S ?? 60);
  const perMinute = 1000;
  // The peer files `peer` left (a warm start), else a cold first sync before the load.
  const dir = join(ctx.dataDir, "worker-bench");
  const worker = await ctx.startWorker({ PEER_TEST_JOBS: "0", MALLOC_MMAP_THRESHOLD_: "131072" }, dir);
  try {
    while (!worker.line("peer synced")) await new Promise((r) => setTimeout(r, 100));
    const file = join(dir, `${ctx.workspace}.sqlite`);
    const backlog: number[] = [];
    let sent = 0;
    const t0 = Date.now();
    const sampler = setInterval(() => {
      if (!existsSync(file)) return;
      const db = new Database(file, { readonly: true });
      try {
        backlog.push(
          db.prepare("SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')").pluck().get() as number,
        );
      } catch {
        // the table is made with the first job
      } finally {
        db.close();
      }
    }, 5000);
    // Open loop, as many people editing at once would: each create is sent when it is due, not
    // when the one before was answered (at most 64 in flight).
    const inFlight = new Set<Promise<void>>();
    const createMs: number[] = [];
    let failed = 0;
    while (Date.now() - t0 < seconds * 1000) {
      const due = Math.floor(((Date.now() - t0) / 60_000) * perMinute);
      if (sent < due && inFlight.size < 64) {
        const started = performance.now();
        const p: Promise<void> = ctx
          .api("POST", "/accounts", { name: `Job bench ${t0}-${sent}` })
          .then(async (res) => {
            await res.arrayBuffer();
            if (res.status === 201) createMs.push(performance.now() - started);
            else failed++;
          })
          .finally(() => inFlight.delete(p));
        inFlight.add(p);
        sent++;
      } else await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(inFlight);
    const sentMs = Date.now() - t0;
    // Drain: wait for the last jobs (bounded), then read every job's lag.
    const db = new Database(file, { readonly: true });
    const pending = () => db.prepare("SELECT count(*) FROM jobs WHERE state != 'done'").pluck().get() as number;
    const drainDeadline = Date.now() + 120_000;
    while (pending() > 0 && Date.now() < drainDeadline) await new Promise((r) => setTimeout(r, 200));
    clearInterval(sampler);
    const lags = db.prepare("SELECT done_at - created_at FROM jobs WHERE state = 'done'").pluck().all() as number[];
    const left = pending();
    db.close();
    const third = Math.max(1, Math.floor(backlog.length / 3));
    const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
    const growth = mean(backlog.slice(-third)) - mean(backlog.slice(0, third));
    const mem = memoryOf(worker.child.pid!);
    return [
      {
        name: "STAND-IN (test job kind, not rules): edits/min sustained",
        n: sent,
        p50: (sent / sentMs) * 60_000,
        unit: "/min",
        target: "1,000/min, no backlog growth",
        note: `backlog samples ${backlog.join(",")}; last third − first third = ${growth.toFixed(1)}; not done after drain: ${left}`,
      },
      row("STAND-IN: job lag, queued → done", lags, "ms"),
      row("  REST create an account under that load", createMs, "ms", { note: `refused or failed: ${failed}` }),
      {
        name: "STAND-IN: worker RSS after the load",
        n: 1,
        p50: mem.rss,
        p99: mem.peak,
        unit: "MiB",
        target: "≤ 300 MiB",
      },
    ];
  } finally {
    await ctx.stop(worker);
  }
}

export const points: BenchPoint[] = [
  { name: "list", run: list },
  { name: "get", run: get },
  { name: "peer", run: peer },
  { name: "backlog", run: jobBacklog },
  { name: "webhook", run: webhook },
  { name: "rules", run: rules },
];
