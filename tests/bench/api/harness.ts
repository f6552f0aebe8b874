import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordDocName, recordsOf, recordTypes, writeRecord } from "@crm/schema";
import { demoBatches } from "@crm/schema/demo";
import { SqliteStorage } from "@crm/sync-server";
import { mintServiceToken, provisionWorkspace } from "@crm/sync-server/testing";
import { type CrmProcess, exited, freePort, startCrm } from "@crm/sync-server/testing/processes";
import * as Y from "yjs";
import { log } from "../bigWorkspace.js";
import type { BenchRow } from "../stats.js";

/*
 * What `npm run bench:api`'s measurements share: a data directory with the `big` demo workspace
 * (written once into the server's storage, `seedBig`; kept with BENCH_KEEP=<dir> for the next
 * run), the server and worker processes, an editor
 * token, and /proc readings. A measurement (`points.ts`) gets a `BenchContext` and returns rows.
 */

export interface BenchContext {
  dataDir: string;
  port: number;
  workspace: string;
  /** An editor's service token in the workspace. */
  token: string;
  /** An admin's service token (webhooks and rules are for admins), minted for this run. */
  adminToken: string;
  /** The multiplexed sync endpoint, `ws://127.0.0.1:<port>/sync`: append `?token=`. */
  wsUrl: string;
  /** `crm-server serve` (PEER on, PEER_JOBS off): the API. */
  server: CrmProcess;
  /** Starts `crm-server worker` (the peer as its own process, running jobs) with extra env. */
  startWorker(env?: Record<string, string>, dir?: string): Promise<CrmProcess>;
  /** Stops a process started here (SIGTERM, then SIGKILL). */
  stop(p: CrmProcess): Promise<void>;
  api(method: string, path: string, body?: unknown, token?: string): Promise<Response>;
  /** The server's own peer file (the projection the API reads). */
  serverPeerFile: string;
}

export type Row = BenchRow;

export function percentile(values: readonly number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return Number.NaN;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))]!;
}

/** RSS and its peak of a process, MiB (/proc/<pid>/status). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/**
 * The `big` demo records (schema's generator, the seed `crm-server demo` uses) written into the
 * server's storage before it starts: each batch's records into their shards with `writeRecord`,
 * exactly the Yjs the app and `crm-server demo` write, one stored update per shard and batch.
 * Through a running server (`crm-server demo`) the same takes 30–60 min on a loaded 2-core
 * machine; this takes about a minute. The server and its peers then read them like any update.
 */
function seedBig(dataDir: string, workspace: string): number {
  const storage = new SqliteStorage(dataDir, { background: false });
  let written = 0;
  try {
    for (const batch of demoBatches("big", 7, Date.now())) {
      const type = recordTypes[batch.collection];
      const docs = new Map<string, Y.Doc>();
      for (const r of batch.records) {
        const name = recordDocName(workspace, type, String(r.id));
        let doc = docs.get(name);
        if (!doc) {
          doc = new Y.Doc();
          recordsOf(doc);
          docs.set(name, doc);
        }
        writeRecord(doc, String(r.id), r, { actor: "demo", now: Date.now(), version: type.version });
      }
      storage.appendMany([...docs].map(([doc, d]) => ({ doc, update: Y.encodeStateAsUpdate(d) })));
      written = batch.done;
      if (written % 50_000 < batch.records.length)
        log(`seeding: ${written.toLocaleString("en")} / ${batch.total.toLocaleString("en")}`);
    }
  } finally {
    storage.close();
  }
  return written;
}

interface Kept {
  port: number;
  workspace: string;
  token: string;
}

const started = new Set<CrmProcess>();

export async function stopProcess(p: CrmProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) {
    p.child.kill("SIGTERM");
    const killer = setTimeout(() => p.child.kill("SIGKILL"), 15_000);
    await exited(p.child, 30_000).catch(() => undefined);
    clearTimeout(killer);
  }
  started.delete(p);
}

export function killAll(): void {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
}

async function start(command: "serve" | "worker", env: Record<string, string>, ready: string, timeoutMs: number) {
  // Node refuses --cpu-prof in NODE_OPTIONS: it goes on the command line.
  const profile = process.env.BENCH_PROFILE;
  const nodeArgs = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`, "--cpu-prof-interval=2000"] : [];
  // e.g. BENCH_NODE_ARGS="--trace-gc" (the output goes to the process's log).
  if (command === "serve" && process.env.BENCH_NODE_ARGS) nodeArgs.push(...process.env.BENCH_NODE_ARGS.split(" "));
  const p = await startCrm(command, env, ready, timeoutMs, nodeArgs);
  started.add(p);
  if (p.child.exitCode !== null) throw new Error(`crm-server ${command} exited: ${p.err()}`);
  return p;
}

/**
 * The `big` workspace in `<keep>/data` (seeded now unless a previous run left it complete), then
 * the server on it with its peer answering the API; `run` measures; everything stops after.
 */
export async function withBigWorkspace<T>(run: (ctx: BenchContext) => Promise<T>): Promise<T> {
  const keep = process.env.BENCH_KEEP;
  const root = keep ?? mkdtempSync(join(tmpdir(), "crm-bench-api-"));
  mkdirSync(root, { recursive: true });
  const dataDir = join(root, "data");
  const marker = join(root, "seeded.json");
  const env = (k: Kept) => ({ DATA_DIR: dataDir, PORT: String(k.port) });
  let kept: Kept;
  if (existsSync(marker)) {
    kept = JSON.parse(readFileSync(marker, "utf8")) as Kept;
    log(`reusing the big workspace in ${root}`);
  } else {
    rmSync(dataDir, { recursive: true, force: true });
    const { workspace, token } = await provisionWorkspace(dataDir, "editor");
    kept = { port: await freePort(), workspace, token };
    const t0 = Date.now();
    const written = seedBig(dataDir, workspace);
    log(
      `seeded the big workspace (${written.toLocaleString("en")} records) in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
    writeFileSync(marker, JSON.stringify(kept));
  }
  const adminToken = mintServiceToken(dataDir, kept.workspace, "admin", "bench admin");
  const t0 = Date.now();
  // WEBHOOK_ALLOWED_HOSTS: the webhook point's receiver is on 127.0.0.1 (checked when subscribing).
  const server = await start(
    "serve",
    { ...env(kept), PEER_JOBS: "off", API_RATE_LIMIT: "1000000", WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" },
    "listening",
    120_000,
  );
  const api = (method: string, path: string, body?: unknown, token = kept.token) =>
    fetch(`http://127.0.0.1:${kept.port}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  // The first request waits for the server's peer to have the workspace (its first sync on a fresh data dir).
  for (;;) {
    const res = await api("GET", "/accounts?limit=1").catch(() => null);
    if (res?.status === 200) break;
    await res?.arrayBuffer();
    if (Date.now() - t0 > 30 * 60_000) throw new Error("the server's peer did not sync the big workspace in 30 min");
    await new Promise((r) => setTimeout(r, 500));
  }
  log(`the server's peer answers the API after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  try {
    return await run({
      dataDir,
      port: kept.port,
      workspace: kept.workspace,
      token: kept.token,
      adminToken,
      wsUrl: `ws://127.0.0.1:${kept.port}/sync`,
      server,
      api,
      serverPeerFile: join(dataDir, "peer", `${kept.workspace}.sqlite`),
      startWorker: (extra = {}, dir = join(dataDir, "worker")) =>
        start("worker", { ...env(kept), WORKER_DIR: dir, ...extra }, "worker started", 60_000),
      stop: stopProcess,
    });
  } catch (err) {
    if (server.child.exitCode !== null || server.child.signalCode !== null)
      log(
        `the server exited (${server.child.exitCode ?? server.child.signalCode}):\n${server.out().slice(-3000)}\n${server.err().slice(-3000)}`,
      );
    throw err;
  } finally {
    // A clean stop (SIGTERM) first: a server run with NODE_OPTIONS=--cpu-prof writes its profile then.
    await stopProcess(server);
    killAll();
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
}
