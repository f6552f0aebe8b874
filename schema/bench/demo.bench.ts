/*
 * The demo generator's speed, and the size of one shard document per collection at the `big`
 * size (the figures behind the shard counts in src/docs.ts).
 *
 *   npx tsx schema/bench/demo.bench.ts [size=big] [seed=7]
 */
import * as Y from "yjs";
import { type DemoSize, demoBatches, demoSizes } from "../src/demo.js";
import { shardOf } from "../src/docs.js";
import { recordTypes } from "../src/recordTypes.js";
import { writeRecord } from "../src/yrecords.js";

const size = (process.argv[2] ?? "big") as DemoSize;
if (!(size in demoSizes)) throw new Error(`size must be one of ${Object.keys(demoSizes).join(", ")}`);
const seed = Number(process.argv[3] ?? 7);

// 1. Generation alone, streamed (nothing kept): what a UI iterating the batches pays.
let t0 = performance.now();
let n = 0;
let batches = 0;
for (const b of demoBatches(size, seed)) {
  n += b.records.length;
  batches++;
}
let ms = performance.now() - t0;
console.log(
  `generated ${n} records in ${batches} batches: ${ms.toFixed(0)} ms, ${Math.round((n / ms) * 1000)} records/s`,
);

// 2. Shard 0 of each collection as the web app writes it (a Y.Map of fields per record).
const docs = new Map<string, { doc: Y.Doc; records: number }>();
t0 = performance.now();
// writeRecord alone (generation excluded): the per-record cost of creating records in bulk.
let writeMs = 0;
let written = 0;
for (const b of demoBatches(size, seed)) {
  const type = recordTypes[b.collection];
  const entry = docs.get(b.collection) ?? { doc: new Y.Doc(), records: 0 };
  docs.set(b.collection, entry);
  const doc = entry.doc;
  const w0 = performance.now();
  doc.transact(() => {
    for (const r of b.records) {
      if (shardOf(String(r.id), type.shards) !== 0) continue;
      writeRecord(doc, String(r.id), r, { actor: "demo", now: 0, version: type.version });
      entry.records++;
      written++;
    }
  });
  writeMs += performance.now() - w0;
}
ms = performance.now() - t0;
console.log(`\nshard 00 of each collection (${size}, built in ${ms.toFixed(0)} ms):`);
console.log(
  `writeRecord of ${written} new records: ${writeMs.toFixed(0)} ms, ${Math.round((written / writeMs) * 1000)} records/s`,
);
console.log("collection        shards  records  encoded KB  decode ms");
for (const [collection, { doc, records }] of docs) {
  const update = Y.encodeStateAsUpdate(doc);
  const t = performance.now();
  Y.applyUpdate(new Y.Doc(), update);
  const decode = performance.now() - t;
  const shards = recordTypes[collection as keyof typeof recordTypes].shards;
  console.log(
    `${collection.padEnd(17)} ${String(shards).padStart(6)} ${String(records).padStart(8)} ${(update.byteLength / 1024).toFixed(0).padStart(11)} ${decode.toFixed(1).padStart(10)}`,
  );
}
const total = Object.values(recordTypes).reduce((s, t) => s + t.shards, 0);
console.log(`\nrecord documents per workspace: ${total}`);
