import type { LoadResult } from "./loadgen.js";
import { forceGc, mib, rssBytes, Sampler } from "./processes.js";
import type { Percentiles } from "./protocol.js";
import type { BenchServer, LoadGen } from "./servers.js";

/*
 * The six measurement points, each run against one freshly started server with a freshly
 * started load generator (sync.bench.ts does the starting and stopping).
 */

export interface Config {
  windowMs: number;
  warmupMs: number;
  drainMs: number;
  roomIdleMs: number;
  /** Wait after the last client left before reading RSS again (point e). */
  idleWaitMs: number;
}

export type Usage = ReturnType<Sampler["stop"]>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `bench/notes/account/d0000`…: valid for `parseDocName`, which takes only the shards a record type
 * has (353 in a workspace), so the benchmark's 1,000 documents are notes documents. The server
 * handles every kind of document alike; the content is what the benchmark uploads.
 */
export const docNames = (n: number) =>
  Array.from({ length: n }, (_, i) => `bench/notes/account/d${String(i).padStart(4, "0")}`);

export interface LoadPoint {
  docs: number;
  clients: number;
  rate: number;
}

export interface LoadOutcome extends LoadResult {
  connectMs: number;
  connectFailed: number;
  server: Usage;
  loadgen: Usage;
}

/** (a)–(c): clients spread evenly over the documents, each editing a field of its own record `rate` times a second. */
export async function runLoad(server: BenchServer, gen: LoadGen, p: LoadPoint, cfg: Config): Promise<LoadOutcome> {
  const connect = await gen.call<{ ms: number; failed: number }>(
    "connect",
    { base: server.wsBase, docs: docNames(p.docs), clients: p.clients, batch: 50, timeoutMs: 60_000 },
    90_000,
  );
  await gen.call("startEdits", { rate: p.rate }, 5000);
  await sleep(cfg.warmupMs);
  const serverUse = new Sampler(server.pid).start();
  const genUse = new Sampler(gen.pid).start();
  await gen.call("mark", { what: "start" }, 5000);
  await sleep(cfg.windowMs);
  await gen.call("mark", { what: "end" }, 5000);
  const usage = { server: serverUse.stop(), loadgen: genUse.stop() };
  const result = await gen.call<LoadResult>("drain", { timeoutMs: cfg.drainMs }, cfg.drainMs + 10_000);
  await gen.call("closeAll", { timeoutMs: 10_000 }, 20_000);
  return { ...result, connectMs: connect.ms, connectFailed: connect.failed, ...usage };
}

export interface StormOutcome {
  clients: number;
  synced: number;
  failures: string[];
  open: Percentiles | null;
  firstMessage: Percentiles | null;
  syncReply: Percentiles | null;
  allSyncedMs: number | null;
  server: Usage;
  loadgen: Usage;
}

/** (d): 1,000 clients over 100 documents opened in one go; connect → the step 2 answering their step 1. */
export async function runStorm(server: BenchServer, gen: LoadGen): Promise<StormOutcome> {
  const serverUse = new Sampler(server.pid).start();
  const genUse = new Sampler(gen.pid).start();
  const r = await gen.call<Omit<StormOutcome, "server" | "loadgen">>(
    "storm",
    { base: server.wsBase, docs: docNames(100), clients: 1000, timeoutMs: 30_000 },
    45_000,
  );
  const usage = { server: serverUse.stop(), loadgen: genUse.stop() };
  await gen.call("closeAll", { timeoutMs: 10_000 }, 20_000);
  return { ...r, ...usage };
}

interface JoinResult {
  ms: number;
  failed: number;
  encodedBytes: number | null;
  receivedBytes: number;
}

export interface MemoryOutcome {
  docs: number;
  encodedBytesPerDoc: number;
  rssBeforeMiB: number;
  upload: JoinResult & { server: Usage };
  rssLoadedMiB: number;
  /** (RSS loaded − RSS before) / encoded bytes of all documents. */
  rssPerEncodedByte: number;
  rssAfterLeaveMiB: number;
  /** Share of the RSS the loaded documents added that is gone once idle. */
  freedShare: number;
  /** Diagnostic: RSS right after a full GC forced through the inspector (null: not done). */
  rssAfterForcedGcMiB: number | null;
  freedShareAfterForcedGc: number | null;
  reload: JoinResult & { server: Usage };
  rssReloadedMiB: number;
  /** (RSS reloaded − RSS before reload) / encoded bytes: documents loaded again (ours: from SQLite). */
  reloadRssPerEncodedByte: number;
  rssAfterReloadLeaveMiB: number;
  /** RSS every second while waiting after the first leave. */
  idleTrace: number[];
}

async function idleRss(pid: number, ms: number, trace?: number[]): Promise<number> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await sleep(Math.min(1000, end - Date.now()));
    trace?.push(mib(rssBytes(pid)));
  }
  return rssBytes(pid);
}

/** (e): 1,000 documents of ~200 KB (a records shard), RSS loaded, after everyone left, and reloaded. */
export async function runMemory(server: BenchServer, gen: LoadGen, cfg: Config, docs = 1000): Promise<MemoryOutcome> {
  const names = docNames(docs);
  const prepared = await gen.call<{ encodedBytes: number }>("prepare", { kind: "records", size: 200_000 }, 60_000);
  const before = await idleRss(server.pid, 1000);
  const join = async (upload: boolean) => {
    const use = new Sampler(server.pid).start();
    const r = await gen.call<JoinResult>(
      "join",
      {
        base: server.wsBase,
        docs: names,
        concurrency: 20,
        timeoutMs: 240_000,
        ...(upload ? { upload: { kind: "records", size: 200_000 } } : {}),
      },
      250_000,
    );
    return { ...r, server: use.stop() };
  };
  const leave = () => gen.call("closeAll", { timeoutMs: 20_000 }, 30_000);
  const total = prepared.encodedBytes * docs;

  const upload = await join(true);
  const loaded = await idleRss(server.pid, 1000);
  await leave();
  const idleTrace: number[] = [];
  const afterLeave = await idleRss(server.pid, cfg.idleWaitMs, idleTrace);
  const gcDone = server.inspectPort ? await forceGc(server.inspectPort) : false;
  const afterGc = gcDone ? await idleRss(server.pid, 1000) : null;
  const reloadBase = afterGc ?? afterLeave;
  const reload = await join(false);
  const reloaded = await idleRss(server.pid, 1000);
  await leave();
  const afterReloadLeave = await idleRss(server.pid, cfg.idleWaitMs);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    docs,
    encodedBytesPerDoc: prepared.encodedBytes,
    rssBeforeMiB: mib(before),
    upload,
    rssLoadedMiB: mib(loaded),
    rssPerEncodedByte: round((loaded - before) / total),
    rssAfterLeaveMiB: mib(afterLeave),
    freedShare: round((loaded - afterLeave) / Math.max(1, loaded - before)),
    rssAfterForcedGcMiB: afterGc === null ? null : mib(afterGc),
    freedShareAfterForcedGc: afterGc === null ? null : round((loaded - afterGc) / Math.max(1, loaded - before)),
    reload,
    rssReloadedMiB: mib(reloaded),
    reloadRssPerEncodedByte: round((reloaded - reloadBase) / total),
    rssAfterReloadLeaveMiB: mib(afterReloadLeave),
    idleTrace,
  };
}

export interface FreshJoinOutcome {
  entries: number;
  encodedBytes: number | null;
  n: number;
  failed: number;
  replyBytes: number;
  median: number | null;
  all: Percentiles | null;
  times: number[];
}

/** (f): a document with 10,000 map entries stays loaded; 20 fresh clients join one at a time. */
export async function runFreshJoin(server: BenchServer, gen: LoadGen, entries = 10_000): Promise<FreshJoinOutcome> {
  const doc = docNames(1)[0]!;
  const fill = await gen.call<JoinResult>(
    "join",
    { base: server.wsBase, docs: [doc], concurrency: 1, timeoutMs: 30_000, upload: { kind: "entries", size: entries } },
    40_000,
  );
  if (fill.failed) throw new Error("could not upload the 10,000-entry document");
  const r = await gen.call<Omit<FreshJoinOutcome, "entries" | "encodedBytes">>(
    "freshJoins",
    { base: server.wsBase, doc, n: 20, timeoutMs: 10_000 },
    60_000,
  );
  await gen.call("closeAll", { timeoutMs: 10_000 }, 20_000);
  return { entries, encodedBytes: fill.encodedBytes, ...r };
}
