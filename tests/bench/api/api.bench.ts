import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { repoRoot } from "../../support/serverProcess.js";
import { loadAverage, log } from "../bigWorkspace.js";
import { benchReport } from "../stats.js";
import { killAll, type Row, withBigWorkspace } from "./harness.js";
import { points } from "./points.js";

/*
 * `npm run bench:api`: the REST API and the automation peer on the `big` demo workspace (20k
 * accounts … 250k orders), real processes on 127.0.0.1: `crm-server serve` with its peer
 * answering `/api/v1` (PEER_JOBS=off) and `crm-server worker` (the peer alone) for its startup,
 * memory and job throughput. Every latency is printed beside a reference measured in the same
 * run (the same rows straight from SQLite, an HTTP round trip), with the load average: the
 * machine is shared, and the ratio says more than the milliseconds.
 *
 *   BENCH_KEEP=<dir>       keep the seeded workspace for the next run (seeding takes minutes)
 *   BENCH_POINTS=list,get  only these measurements (list, get, peer, backlog, webhook, rules)
 *   BENCH_N=200            requests per latency figure
 *   BENCH_BACKLOG_S=60     seconds of 1,000 creates/min for the job-machinery figure
 *   BENCH_WEBHOOK_N=100    browser edits timed to their webhook delivery
 *   BENCH_RULES_S=60       seconds of rule-triggering edits (BENCH_RULES_PER_MIN=1000,
 *                          BENCH_RULES_DRAIN_S=180)
 *   BENCH_PROFILE=<dir>    the server and worker processes run with --cpu-prof into <dir>
 */

process.on("SIGINT", () => {
  killAll();
  process.exit(130);
});

const only = process.env.BENCH_POINTS?.split(",").map((s) => s.trim());
const chosen = points.filter((p) => !only || only.includes(p.name));
const loadBefore = loadAverage();
const startedAt = new Date();

const rows: Row[] = await withBigWorkspace(async (ctx) => {
  const out: Row[] = [];
  for (const point of chosen) {
    log(`measuring ${point.name} (load ${loadAverage()})`);
    out.push(...(await point.run(ctx)));
  }
  return out;
});

const loadAfter = loadAverage();
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const machine = `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`\nbench:api — ${startedAt.toISOString()} — ${machine}`);
console.log(`load average before ${loadBefore}, after ${loadAfter}\n`);
console.log(benchReport(rows));

const dir = join(repoRoot, "tests/bench/results");
mkdirSync(dir, { recursive: true });
writeFileSync(
  join(dir, "api.json"),
  `${JSON.stringify({ date: startedAt.toISOString(), machine, loadBefore, loadAfter, rows }, null, 2)}\n`,
);
process.exit(0);
