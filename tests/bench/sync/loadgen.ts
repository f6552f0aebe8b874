import { Client, type EditSink, within } from "./client.js";
import { firstStruct, mapEntriesUpdate, type Percentiles, percentiles, recordShardUpdate } from "./protocol.js";

/*
 * The load generator: a child process (pinned to core 1 by the orchestrator) that holds every
 * benchmark client and answers the orchestrator's commands over the IPC channel:
 * `{ id, cmd, args }` → `{ id, ok, result | error }`. It exits when the channel closes.
 */

let clients: Client[] = [];
const groups = new Map<string, Set<Client>>();

function group(doc: string): Set<Client> {
  let g = groups.get(doc);
  if (!g) {
    g = new Set();
    groups.set(doc, g);
  }
  return g;
}

const docUrl = (base: string, doc: string) => base.replace("{doc}", doc);

// ---- load points (a)–(c) ------------------------------------------------------------------

const window = { start: Number.POSITIVE_INFINITY, end: Number.POSITIVE_INFINITY };
let latencies: number[] = [];
let expected = 0;
let delivered = 0;
let deliveredDuringWindow = 0;
let sentInWindow = 0;
let unattributed = 0;
let editTimer: NodeJS.Timeout | undefined;

let echoes = 0;
const sink: EditSink = (receiver, update, now) => {
  const first = firstStruct(update);
  const sender = first && Client.byYjsId.get(first.client);
  if (sender === receiver) {
    // The reference relays an update to its sender too; that is not a fan-out delivery.
    if (now >= window.start && now < window.end) echoes++;
    return;
  }
  const sent = sender?.sendTimes[first!.clock];
  if (now >= window.start && now < window.end) deliveredDuringWindow++;
  if (sent === undefined) {
    if (now >= window.start) unattributed++;
    return;
  }
  if (sent >= window.start && sent < window.end) {
    latencies.push(now - sent);
    delivered++;
  }
};

interface ConnectArgs {
  base: string;
  docs: string[];
  clients: number;
  /** Connections in flight at once while setting up (the storm is point (d), not this). */
  batch: number;
  timeoutMs: number;
}

async function connect({ base, docs, clients: n, batch, timeoutMs }: ConnectArgs) {
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  let failed = 0;
  for (let i = 0; i < n; i += batch) {
    const wave: Client[] = [];
    for (let k = i; k < Math.min(n, i + batch); k++) {
      const doc = docs[k % docs.length]!;
      wave.push(new Client(docUrl(base, doc), group(doc), { step1: "eager", edits: true, index: k }, sink));
    }
    clients.push(...wave);
    const ok = await Promise.all(wave.map((c) => within(c.synced, Math.max(1, deadline - Date.now()))));
    failed += ok.filter((x) => !x).length;
  }
  for (const c of clients) if (c.isSynced) c.createRecord();
  await new Promise((r) => setTimeout(r, 500));
  return { ms: Math.round(performance.now() - started), failed };
}

function startEdits({ rate }: { rate: number }) {
  const period = 1000 / rate;
  const now = performance.now();
  for (const c of clients) c.next = now + Math.random() * period;
  clearInterval(editTimer);
  editTimer = setInterval(() => {
    const t = performance.now();
    for (const c of clients) {
      if (c.next > t) continue;
      if (t - c.next > 1000) c.next = t; // never burst to catch up after a stall
      while (c.next <= t) {
        c.next += period;
        const inWindow = t >= window.start && t < window.end;
        if (c.edit() && inWindow) {
          sentInWindow++;
          expected += c.group.size - 1;
        }
      }
    }
  }, 2);
  return {};
}

function mark({ what }: { what: "start" | "end" }) {
  const now = performance.now();
  if (what === "start") {
    window.start = now;
    window.end = Number.POSITIVE_INFINITY;
    latencies = [];
    expected = delivered = deliveredDuringWindow = sentInWindow = unattributed = echoes = 0;
  } else {
    window.end = now;
  }
  return {};
}

async function drain({ timeoutMs }: { timeoutMs: number }) {
  clearInterval(editTimer);
  editTimer = undefined;
  const deadline = Date.now() + timeoutMs;
  while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const windowMs = window.end - window.start;
  const result: LoadResult = {
    windowMs: Math.round(windowMs),
    sent: sentInWindow,
    expected,
    delivered,
    missing: expected - delivered,
    deliveriesPerSec: Math.round((deliveredDuringWindow / windowMs) * 1000),
    expectedPerSec: Math.round((expected / windowMs) * 1000),
    latency: percentiles(latencies),
    connected: clients.filter((c) => !c.closed).length,
    unattributed,
    echoesPerSec: Math.round((echoes / windowMs) * 1000),
  };
  window.start = window.end = Number.POSITIVE_INFINITY;
  latencies = [];
  return result;
}

export interface LoadResult {
  windowMs: number;
  sent: number;
  expected: number;
  delivered: number;
  missing: number;
  deliveriesPerSec: number;
  expectedPerSec: number;
  latency: Percentiles | null;
  connected: number;
  unattributed: number;
  /** Own edits sent back to their sender (the reference does that), per second. */
  echoesPerSec: number;
}

async function closeAll({ timeoutMs }: { timeoutMs: number }) {
  for (const c of clients) c.close();
  const ok = await within(
    (async () => {
      while (clients.some((c) => !c.closed)) await new Promise((r) => setTimeout(r, 20));
    })(),
    timeoutMs,
  );
  for (const c of clients) {
    if (!c.closed) c.terminate();
    c.dispose();
  }
  clients = [];
  groups.clear();
  return { clean: ok };
}

// ---- (d) connection storm --------------------------------------------------------------------

async function storm({ base, docs, clients: n, timeoutMs }: Omit<ConnectArgs, "batch">) {
  const wave: Client[] = [];
  for (let i = 0; i < n; i++) {
    const doc = docs[i % docs.length]!;
    wave.push(new Client(docUrl(base, doc), group(doc), { step1: "eager" }));
  }
  clients.push(...wave);
  const t0 = wave[0]!.t0;
  await within(Promise.allSettled(wave.map((c) => c.synced)), timeoutMs);
  const ok = wave.filter((c) => c.isSynced);
  const failures = wave.filter((c) => !c.isSynced).map((c) => c.failure ?? "timeout");
  return {
    clients: n,
    synced: ok.length,
    failures: [...new Set(failures)].slice(0, 5),
    open: percentiles(ok.map((c) => c.tOpen - c.t0)),
    firstMessage: percentiles(ok.map((c) => c.tFirst - c.t0)),
    syncReply: percentiles(ok.map((c) => c.tSynced - c.t0)),
    allSyncedMs: ok.length ? Math.round(Math.max(...ok.map((c) => c.tSynced)) - t0) : null,
  };
}

// ---- (e) big documents, (f) fresh joins --------------------------------------------------------

const contents = new Map<string, Uint8Array>();
function content(kind: "records" | "entries", size: number): Uint8Array {
  const key = `${kind}:${size}`;
  let c = contents.get(key);
  if (!c) {
    c = kind === "records" ? recordShardUpdate(size) : mapEntriesUpdate(size);
    contents.set(key, c);
  }
  return c;
}

interface JoinArgs {
  base: string;
  docs: string[];
  concurrency: number;
  timeoutMs: number;
  /** Uploads this content (as the answer to the server's step 1) when given. */
  upload?: { kind: "records" | "entries"; size: number };
}

/** One client per document, `concurrency` at a time, fenced: synced means applied by the server. */
async function join({ base, docs, concurrency, timeoutMs, upload }: JoinArgs) {
  const bytes = upload ? content(upload.kind, upload.size) : undefined;
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  let next = 0;
  let failed = 0;
  let received = 0;
  const worker = async () => {
    while (next < docs.length && Date.now() < deadline) {
      const doc = docs[next++]!;
      const c = new Client(docUrl(base, doc), group(doc), { step1: "fenced", ...(bytes ? { content: bytes } : {}) });
      clients.push(c);
      if (await within(c.synced, Math.max(1, deadline - Date.now()))) received += c.step2Bytes;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    ms: Math.round(performance.now() - started),
    failed: failed + (docs.length - Math.min(next, docs.length)),
    encodedBytes: bytes?.byteLength ?? null,
    receivedBytes: received,
  };
}

/** `n` fresh clients, one after the other: step 1 sent (after the server's greeting) → step 2 received. */
async function freshJoins({ base, doc, n, timeoutMs }: { base: string; doc: string; n: number; timeoutMs: number }) {
  const times: number[] = [];
  let replyBytes = 0;
  let failed = 0;
  for (let i = 0; i < n; i++) {
    const c = new Client(docUrl(base, doc), group(doc), { step1: "fenced" });
    if (await within(c.synced, timeoutMs)) {
      times.push(c.tSynced - c.tStep1);
      replyBytes = c.step2Bytes;
    } else failed++;
    c.close();
    await within(
      (async () => {
        while (!c.closed) await new Promise((r) => setTimeout(r, 2));
      })(),
      1000,
    );
    if (!c.closed) c.terminate();
    await new Promise((r) => setTimeout(r, 20));
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted.length ? Math.round(sorted[sorted.length >> 1]! * 100) / 100 : null;
  return { n, failed, replyBytes, median, all: percentiles(times), times: times.map((t) => Math.round(t * 100) / 100) };
}

// ---- IPC ------------------------------------------------------------------------------------

const handlers: Record<string, (args: never) => unknown> = {
  connect,
  startEdits,
  mark,
  drain,
  closeAll,
  storm,
  join,
  freshJoins,
  prepare: ({ kind, size }: { kind: "records" | "entries"; size: number }) => ({
    encodedBytes: content(kind, size).byteLength,
  }),
};

if (!process.send) {
  console.error("loadgen.ts is started by sync.bench.ts (it needs an IPC channel)");
  process.exit(2);
}
process.on("message", async (msg: { id: number; cmd: string; args: unknown }) => {
  try {
    const handler = handlers[msg.cmd];
    if (!handler) throw new Error(`unknown command ${msg.cmd}`);
    const result = await handler(msg.args as never);
    process.send!({ id: msg.id, ok: true, result });
  } catch (err) {
    process.send!({ id: msg.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
process.on("disconnect", () => process.exit(0));
