/*
 * Sync-server benchmark (`npm run bench:sync`): our server (SQLite persistence ON, fsync per
 * update) against the reference `@y/websocket-server@0.1.1` (in memory), both started here, each
 * as its own process on 127.0.0.1 pinned to core 0; the clients live in a load-generator process
 * pinned to core 1 and speak the stock per-document y-websocket protocol (`/sync/<doc>` for ours,
 * `/<doc>` for the reference). Every point runs against a freshly started server.
 *
 *   (a) 100 clients / 10 docs, 2 edits/s each     (b) 1,000 clients / 100 docs, 1 edit/s
 *   (c) 1,000 clients / 100 docs, 5 edits/s       (d) 1,000 clients connecting at once
 *   (e) RSS with 1,000 docs of ~200 KB loaded, after everyone left, and reloaded
 *   (f) reply time of a fresh client joining a document with 10,000 map entries
 *
 * Environment: BENCH_SECONDS (15) measured window per load point, BENCH_WARMUP_SECONDS (3),
 * BENCH_DRAIN_MS (10000), BENCH_POINTS (a,b,c,d,e,f), BENCH_SERVERS (ours,reference),
 * BENCH_ROOM_IDLE_MS (2000) for our server, BENCH_IDLE_WAIT_MS (10000) wait after the last
 * client left in (e), BENCH_FORCE_GC=0 to skip (e)'s diagnostic full GC (done through --inspect),
 * BENCH_OURS_NODE_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), BENCH_OURS_ENV (space-separated
 * K=V for our server; default "MALLOC_MMAP_THRESHOLD_=131072" as sync-server/CONTEXT.md recommends
 * for deployment, "" for none), BENCH_OURS_MAIN (another
 * entry point for our server, e.g. a candidate change), BENCH_OUT (tests/bench/sync/results.json).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { table } from "../stats.js";
import {
  type Config,
  type FreshJoinOutcome,
  type LoadOutcome,
  type LoadPoint,
  type MemoryOutcome,
  runFreshJoin,
  runLoad,
  runMemory,
  runStorm,
  type StormOutcome,
} from "./points.js";
import { freePort, HAS_TASKSET, killAll } from "./processes.js";
import { BenchServer, LoadGen, repoRoot, type ServerKind } from "./servers.js";

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return process.env[name] && Number.isFinite(v) && v >= 0 ? v : fallback;
};
const cfg: Config = {
  windowMs: num("BENCH_SECONDS", 15) * 1000,
  warmupMs: num("BENCH_WARMUP_SECONDS", 3) * 1000,
  drainMs: num("BENCH_DRAIN_MS", 10_000),
  roomIdleMs: num("BENCH_ROOM_IDLE_MS", 2000),
  idleWaitMs: num("BENCH_IDLE_WAIT_MS", 10_000),
};
const POINTS = (process.env.BENCH_POINTS ?? "a,b,c,d,e,f").split(",").map((s) => s.trim());
const SERVERS = (process.env.BENCH_SERVERS ?? "ours,reference").split(",").map((s) => s.trim()) as ServerKind[];
const OURS_FLAGS = (process.env.BENCH_OURS_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
const OURS_MAIN = process.env.BENCH_OURS_MAIN || undefined;
const OURS_ENV = Object.fromEntries(
  (process.env.BENCH_OURS_ENV ?? "MALLOC_MMAP_THRESHOLD_=131072")
    .split(/\s+/)
    .filter(Boolean)
    .map((kv) => {
      const at = kv.indexOf("=");
      if (at <= 0) throw new Error(`BENCH_OURS_ENV: expected K=V, got ${JSON.stringify(kv)}`);
      return [kv.slice(0, at), kv.slice(at + 1)];
    }),
);
const FORCE_GC = process.env.BENCH_FORCE_GC !== "0";
const OUT = process.env.BENCH_OUT ?? join(repoRoot, "tests/bench/sync/results.json");

const LOAD: Record<string, LoadPoint> = {
  a: { clients: 100, docs: 10, rate: 2 },
  b: { clients: 1000, docs: 100, rate: 1 },
  c: { clients: 1000, docs: 100, rate: 5 },
};

type Outcome = LoadOutcome | StormOutcome | MemoryOutcome | FreshJoinOutcome;
interface Run {
  outcome?: Outcome;
  /** 1/5/15-minute load averages of the machine when the run started (other work on it shows here). */
  loadAverage?: number[];
  error?: string;
  cpus: { server: string; loadgen: string };
  serverLog?: string;
}
const results: Record<string, Partial<Record<ServerKind, Run>>> = {};

async function runOne(point: string, kind: ServerKind): Promise<Run> {
  const server = await BenchServer.start(kind, {
    roomIdleMs: cfg.roomIdleMs,
    oursNodeFlags: OURS_FLAGS,
    oursEnv: OURS_ENV,
    ...(OURS_MAIN ? { oursMain: OURS_MAIN } : {}),
    // (e) only: the inspector lets the benchmark force a full GC (a diagnostic row).
    ...(point === "e" && FORCE_GC ? { inspectPort: await freePort() } : {}),
  });
  let gen: LoadGen | undefined;
  const run: Run = {
    cpus: { server: server.cpus, loadgen: "?" },
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
  try {
    gen = await LoadGen.start();
    run.cpus.loadgen = gen.cpus;
    const load = LOAD[point];
    if (load) run.outcome = await runLoad(server, gen, load, cfg);
    else if (point === "d") run.outcome = await runStorm(server, gen);
    else if (point === "e") run.outcome = await runMemory(server, gen, cfg);
    else if (point === "f") run.outcome = await runFreshJoin(server, gen);
    else throw new Error(`unknown point ${point}`);
  } catch (err) {
    run.error = err instanceof Error ? err.message : String(err);
  } finally {
    await gen?.stop();
    await server.stop();
    const log = server
      .output()
      .split("\n")
      .filter((l) => l && !/"msg":"(listening|stopping|stopped)"|^running at|Debugger|For help, see/.test(l));
    if (log.length) run.serverLog = log.slice(-10).join("\n");
  }
  return run;
}

// ---- report ---------------------------------------------------------------------------------

type Row = (string | number)[];
const ratio = (o: number | undefined | null, r: number | undefined | null) =>
  o != null && r != null && r !== 0 && Number.isFinite(o) && Number.isFinite(r) ? Math.round((o / r) * 100) / 100 : "–";
const v = (x: number | undefined | null): number | string => (x == null ? "–" : Number.isInteger(x) ? String(x) : x);

interface Target {
  point: string;
  what: string;
  target: string;
  ours: number | null;
  met: boolean | null;
}
const targets: Target[] = [];

function row(label: string, o: number | null | undefined, r: number | null | undefined, target?: [string, boolean]) {
  return [
    label,
    v(o),
    v(r),
    ratio(o, r),
    target?.[0] ?? "",
    target ? (o == null ? "–" : target[1] ? "met" : "MISSED") : "",
  ];
}

function check(point: string, what: string, value: number | null | undefined, limit: number, le = true) {
  const met = value == null ? null : le ? value <= limit : value >= limit;
  targets.push({ point, what, target: `${le ? "≤" : "≥"} ${limit}`, ours: value ?? null, met });
  return [`${le ? "≤" : "≥"} ${limit}`, met === true] as [string, boolean];
}

function loadTable(point: string, o?: LoadOutcome, r?: LoadOutcome): Row[] {
  const p99Target = point === "b" ? 50 : point === "c" ? 100 : undefined;
  return [
    row("fan-out latency p50 ms", o?.latency?.p50, r?.latency?.p50),
    row("fan-out latency p95 ms", o?.latency?.p95, r?.latency?.p95),
    row(
      "fan-out latency p99 ms",
      o?.latency?.p99,
      r?.latency?.p99,
      p99Target ? check(point, "p99 ms", o?.latency?.p99, p99Target) : undefined,
    ),
    row("fan-out latency max ms", o?.latency?.max, r?.latency?.max),
    row("deliveries/s (received in window)", o?.deliveriesPerSec, r?.deliveriesPerSec),
    row("deliveries/s offered", o?.expectedPerSec, r?.expectedPerSec),
    row("echoes to the sender /s (not counted)", o?.echoesPerSec, r?.echoesPerSec),
    row("edits sent in window", o?.sent, r?.sent),
    row("deliveries missing after drain", o?.missing, r?.missing),
    row("server CPU %", o?.server.cpuPercent, r?.server.cpuPercent),
    row("server RSS mean MiB", o?.server.rssMeanMiB, r?.server.rssMeanMiB),
    row("server RSS max MiB", o?.server.rssMaxMiB, r?.server.rssMaxMiB),
    row("load generator CPU %", o?.loadgen.cpuPercent, r?.loadgen.cpuPercent),
    row("set-up: connect all ms", o?.connectMs, r?.connectMs),
  ];
}

function stormTable(o?: StormOutcome, r?: StormOutcome): Row[] {
  return [
    row("connect → sync reply p50 ms", o?.syncReply?.p50, r?.syncReply?.p50),
    row("connect → sync reply p95 ms", o?.syncReply?.p95, r?.syncReply?.p95),
    row(
      "connect → sync reply p99 ms",
      o?.syncReply?.p99,
      r?.syncReply?.p99,
      check("d", "p99 ms", o?.syncReply?.p99, 500),
    ),
    row("connect → first message p99 ms", o?.firstMessage?.p99, r?.firstMessage?.p99),
    row("connect → open p99 ms", o?.open?.p99, r?.open?.p99),
    row("all synced after ms", o?.allSyncedMs, r?.allSyncedMs),
    row("clients synced (of 1000)", o?.synced, r?.synced),
    row("server CPU %", o?.server.cpuPercent, r?.server.cpuPercent),
    row("server RSS max MiB", o?.server.rssMaxMiB, r?.server.rssMaxMiB),
  ];
}

function memoryTable(o?: MemoryOutcome, r?: MemoryOutcome): Row[] {
  return [
    row("encoded KB per document", kb(o?.encodedBytesPerDoc), kb(r?.encodedBytesPerDoc)),
    row("RSS before MiB", o?.rssBeforeMiB, r?.rssBeforeMiB),
    row("RSS 1,000 docs uploaded+loaded MiB", o?.rssLoadedMiB, r?.rssLoadedMiB),
    row(
      "RSS per encoded byte (loaded − before)",
      o?.rssPerEncodedByte,
      r?.rssPerEncodedByte,
      check("e", "RSS per encoded byte", o?.rssPerEncodedByte, 2),
    ),
    row(`RSS after all left + ${cfg.idleWaitMs / 1000} s MiB`, o?.rssAfterLeaveMiB, r?.rssAfterLeaveMiB),
    row(
      "share of that RSS freed when idle",
      o?.freedShare,
      r?.freedShare,
      check("e", "idle documents freed (share of added RSS)", o?.freedShare, 0.75, false),
    ),
    row("diagnostic: RSS after a forced full GC MiB", o?.rssAfterForcedGcMiB, r?.rssAfterForcedGcMiB),
    row("diagnostic: share freed after forced GC", o?.freedShareAfterForcedGc, r?.freedShareAfterForcedGc),
    row("RSS reloaded (1,000 joins) MiB", o?.rssReloadedMiB, r?.rssReloadedMiB),
    row("reload RSS per encoded byte", o?.reloadRssPerEncodedByte, r?.reloadRssPerEncodedByte),
    row("RSS after reload left MiB", o?.rssAfterReloadLeaveMiB, r?.rssAfterReloadLeaveMiB),
    row("upload 1,000 docs s", sec(o?.upload.ms), sec(r?.upload.ms)),
    row("upload server CPU %", o?.upload.server.cpuPercent, r?.upload.server.cpuPercent),
    row("reload 1,000 docs s", sec(o?.reload.ms), sec(r?.reload.ms)),
    row("failed joins (upload + reload)", sum(o), sum(r)),
  ];
}
const kb = (b: number | undefined) => (b == null ? undefined : Math.round(b / 100) / 10);
const sec = (ms: number | undefined) => (ms == null ? undefined : Math.round(ms / 100) / 10);
const sum = (m?: MemoryOutcome) => (m ? m.upload.failed + m.reload.failed : undefined);

function freshTable(o?: FreshJoinOutcome, r?: FreshJoinOutcome): Row[] {
  return [
    row("reply (step 1 → step 2) median ms", o?.median, r?.median, check("f", "median ms", o?.median, 5)),
    row("reply p95 ms", o?.all?.p95, r?.all?.p95),
    row("reply max ms", o?.all?.max, r?.all?.max),
    row("reply bytes", o?.replyBytes, r?.replyBytes),
    row("failed joins (of 20)", o?.failed, r?.failed),
  ];
}

const TITLES: Record<string, string> = {
  a: "(a) 100 clients over 10 documents, 2 edits/s each",
  b: "(b) 1,000 clients over 100 documents, 1 edit/s each — target p99 ≤ 50 ms (issue, reference: ≈ 41 ms)",
  c: "(c) 1,000 clients over 100 documents, 5 edits/s each — target p99 ≤ 100 ms (issue, reference: ≈ 1.1 s)",
  d: "(d) 1,000 clients connecting at once (100 documents) — target p99 ≤ 0.5 s (issue, reference: ≈ 1.4 s)",
  e: "(e) 1,000 documents of ~200 KB — targets ≤ 2× encoded size, idle documents freed (issue, reference: ≈ 6×, never freed)",
  f: "(f) fresh client joining a document with 10,000 map entries (20 joins) — target ≤ 5 ms (issue, reference: ≈ 16 ms)",
};

function report(machine: object): string {
  const out: string[] = [`Sync-server benchmark — ${new Date().toISOString()}`, JSON.stringify(machine), ""];
  for (const point of POINTS) {
    const o = results[point]?.ours;
    const r = results[point]?.reference;
    const oo = o?.outcome as never;
    const ro = r?.outcome as never;
    const rows =
      point in LOAD
        ? loadTable(point, oo, ro)
        : point === "d"
          ? stormTable(oo, ro)
          : point === "e"
            ? memoryTable(oo, ro)
            : freshTable(oo, ro);
    rows.push(row("machine load average (1 min) at start", o?.loadAverage?.[0], r?.loadAverage?.[0]));
    out.push(TITLES[point] ?? point, table(["", "ours", "reference", "ours/ref", "target", "ours"], rows));
    for (const [name, run] of [
      ["ours", o],
      ["reference", r],
    ] as const) {
      if (run?.error) out.push(`  ${name} FAILED: ${run.error.split("\n")[0]}`);
      if (run?.serverLog)
        out.push(`  ${name} server log (last lines):\n    ${run.serverLog.split("\n").join("\n    ")}`);
    }
    out.push("");
  }
  return out.join("\n");
}

// ---- main -----------------------------------------------------------------------------------

async function main() {
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? "?",
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: os.release(),
    pinned: HAS_TASKSET ? "taskset: servers on core 0, load generator on core 1" : "taskset missing: unpinned",
  };
  if (!HAS_TASKSET) console.warn("taskset is not available: running unpinned");
  const git = (args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
    } catch {
      return "?";
    }
  };
  // The server under test is the working tree: say which commit and whether sync-server/ differs from it.
  const source = {
    commit: git(["rev-parse", "--short", "HEAD"]),
    syncServerChanges: git(["status", "--porcelain", "--", "sync-server"]).split("\n").filter(Boolean),
  };
  const started = Date.now();
  for (const point of POINTS) {
    for (const kind of SERVERS) {
      const t = Date.now();
      console.error(`[bench:sync] ${point} ${kind} …`);
      const run = await runOne(point, kind).catch((err: unknown): Run => {
        return { error: err instanceof Error ? err.message : String(err), cpus: { server: "?", loadgen: "?" } };
      });
      results[point] = { ...results[point], [kind]: run };
      console.error(
        `[bench:sync] ${point} ${kind} done in ${((Date.now() - t) / 1000).toFixed(1)} s${run.error ? ` — ERROR ${run.error.split("\n")[0]}` : ""}`,
      );
    }
  }
  const text = report(machine);
  console.log(text);
  const json = {
    date: new Date().toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 1000),
    machine,
    source,
    config: {
      ...cfg,
      points: POINTS,
      servers: SERVERS,
      oursNodeFlags: OURS_FLAGS,
      oursEnv: OURS_ENV,
      oursMain: OURS_MAIN ?? null,
    },
    targets,
    points: results,
  };
  writeFileSync(OUT, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`results: ${OUT}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => killAll());
