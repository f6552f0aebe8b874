import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { type CollectionName, DEMO_NOW, defaultSettings, demoBatches, type SegmentLike } from "@crm/schema";
import { openPeerDb } from "../../../peer/src/db/open.js";
import { collectionTable, ensureCollectionTables, rowWriter } from "../../../peer/src/db/tables.js";
import { evaluateSegment } from "../../../peer/src/segments/evaluate.js";

/*
 * `npm run bench:segment`: how long the automation peer takes to evaluate a segment at send time
 * over 50,000 contacts (the `big` demo workspace's contacts, accounts and 250,000 orders written
 * into a peer projection with the peer's own row writer), through `evaluateSegment` — the code
 * behind `GET /api/v1/segments/{id}/members`. Prints the median of several runs per segment and
 * the machine's load (the target: ≤ 1 s on a shared 2-core machine).
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const dir = mkdtempSync(join(tmpdir(), "crm-bench-segment-"));
const db = openPeerDb(join(dir, "peer.sqlite"));
ensureCollectionTables(db);
const writers = new Map<CollectionName, ReturnType<typeof rowWriter>>();
const counts: Record<string, number> = {};
const loadStarted = performance.now();
for (const batch of demoBatches("big", 7, DEMO_NOW)) {
  if (!["accounts", "contacts", "orders"].includes(batch.collection)) {
    if (batch.collection === "cases") break;
    continue;
  }
  const c = batch.collection as CollectionName;
  const w = writers.get(c) ?? rowWriter(db, collectionTable(c));
  writers.set(c, w);
  const put = w.put;
  db.transaction(() => {
    for (const r of batch.records) {
      // Every third contact opted in, so status conditions select something.
      const rec =
        c === "contacts" && Number.parseInt(String(r.id).slice(-3), 36) % 3 === 0
          ? { ...r, emailStatus: "subscribed" }
          : r;
      put(rec as never);
    }
  })();
  counts[c] = (counts[c] ?? 0) + batch.records.length;
}
console.log(`projection written: ${JSON.stringify(counts)} in ${Math.round(performance.now() - loadStarted)} ms`);

const source = { db, settings: () => defaultSettings() };
const segments: Record<string, SegmentLike> = {
  "no condition (every contact)": { filters: [], related: [] },
  "subscribed, city is London": {
    filters: [
      { field: "emailStatus", op: "is", value: "subscribed" },
      { field: "mailingCity", op: "is", value: "London" },
    ],
    related: [],
  },
  "title contains manager, created within 365 days": {
    filters: [
      { field: "title", op: "contains", value: "manager" },
      { field: "createdAt", op: "withinDays", value: "365" },
    ],
    related: [],
  },
  "has an order in the last 90 days (250k orders)": {
    filters: [],
    related: [{ collection: "orders", has: "has", filters: [{ field: "orderedAt", op: "withinDays", value: "90" }] }],
  },
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
let worst = 0;
for (const [name, segment] of Object.entries(segments)) {
  const ms: number[] = [];
  let members = 0;
  let scanned = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = evaluateSegment(source, segment, DEMO_NOW);
    ms.push(r.ms);
    members = r.ids.length;
    scanned = r.scanned;
  }
  const m = median(ms);
  worst = Math.max(worst, m);
  console.log(`${name}: median ${m.toFixed(0)} ms over ${RUNS} runs (${scanned} contacts, ${members} members)`);
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(
  worst <= 1000
    ? `OK: every median ≤ 1 s (worst ${worst.toFixed(0)} ms)`
    : `SLOW: worst median ${worst.toFixed(0)} ms > 1 s`,
);
db.close();
rmSync(dir, { recursive: true, force: true });
if (worst > 1000) process.exitCode = 1;
