import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Rule, settingsDocName, writeRule } from "@crm/schema";
import Database from "better-sqlite3";
import { log } from "../bigWorkspace.js";
import { Browser, cpuSeconds, pickIds, removeBenchEndpoints, slopePerMinute } from "./browsers.js";
import { type BenchContext, memoryOf, percentile, type Row } from "./harness.js";
import { jobsWorkerDir, startJobsWorker, within } from "./webhook.js";

/*
 * "1,000 rule-triggering edits a minute sustained with no backlog growth."
 *
 * The rule, stored in the settings document by an admin's "browser" as Settings → Rules stores
 * it: an account whose status changes to customer gets an onboarding task (a new activity) and
 * its billing street set to a marker — the second action runs after the first, so the marker
 * appearing in the editing browser is the end of the whole rule. Edits: prospects set to
 * customer by a "browser" over the sync protocol, open loop at the rate (each written when due,
 * not when the one before was handled), each to a different account. Sampled every 5 s: the
 * rule jobs queued or running in the worker, and edits whose action the browser has not seen yet.
 * Edit → action: from the write of the status to the marker's arrival in the same browser.
 *
 *   BENCH_RULES_S=60        seconds of edits      BENCH_RULES_PER_MIN=1000   the rate
 *   BENCH_RULES_DRAIN_S=180 how long to wait for the last actions after the edits stop
 *   BENCH_PROFILE=<dir>     the server and the workers run with --cpu-prof into <dir> (harness.ts)
 */

const RULE_ID = "bench-onboarding";
const MARKER = "Onboarding (rule)";

export const benchRule: Rule = {
  id: RULE_ID,
  name: "Bench: new customer onboarding",
  enabled: true,
  collection: "accounts",
  trigger: { type: "changed", field: "status", to: "customer" },
  conditions: [],
  actions: [
    {
      type: "createRecord",
      collection: "activities",
      values: {
        subject: { kind: "value", value: "Onboarding call" },
        relatedType: { kind: "value", value: "account" },
        relatedId: { kind: "field", field: "id" },
        accountId: { kind: "field", field: "id" },
        dueAt: { kind: "now", offset: { amount: 2, unit: "days" } },
      },
    },
    { type: "setFields", values: { billingStreet: { kind: "value", value: MARKER } } },
  ],
};

export async function rules(ctx: BenchContext): Promise<Row[]> {
  const seconds = Number(process.env.BENCH_RULES_S ?? 60);
  const perMinute = Number(process.env.BENCH_RULES_PER_MIN ?? 1000);
  const drainS = Number(process.env.BENCH_RULES_DRAIN_S ?? 180);
  const warm = 3;
  const count = Math.ceil((seconds / 60) * perMinute) + warm;
  // An endpoint a stopped webhook run left would queue a delivery per edit.
  await removeBenchEndpoints(ctx);
  await resetProspects(ctx, count);
  const worker = await startJobsWorker(ctx);
  const admin = await Browser.open(ctx, ctx.adminToken);
  const browser = await Browser.open(ctx, ctx.token);
  try {
    const settings = settingsDocName(ctx.workspace);
    admin.client.subscribe(settings);
    await admin.client.waitSynced(settings, 60_000);
    const stored = writeRule(admin.client.doc(settings), benchRule);
    if (!stored.ok) throw new Error(`the rule was refused: ${JSON.stringify(stored.issues)}`);
    await admin.client.waitPersisted(settings, 60_000);

    const ids = pickIds(ctx, "accounts", CANDIDATES, count);
    if (ids.length < count) throw new Error(`only ${ids.length} prospects left for ${count} edits`);
    await browser.open("accounts", ids);
    log(
      `rules: ${ids.length} prospects in ${new Set(ids.map((id) => browser.shardOf("accounts", id))).size} shards open`,
    );
    const acted = (id: string) => browser.when("accounts", id, (r) => r?.billingStreet === MARKER);
    // The worker has the rule once the first edits act (its settings arrive like any change).
    for (const id of ids.slice(0, warm)) {
      browser.write("accounts", id, { status: "customer" });
      if (Number.isNaN(await within(acted(id), 180_000))) throw new Error("the rule did not act within 180 s");
    }

    const file = join(jobsWorkerDir(ctx), `${ctx.workspace}.sqlite`);
    if (!existsSync(file)) throw new Error(`no worker file ${file}`);
    const jobsDb = new Database(file, { readonly: true });
    const queued = jobsDb.prepare(
      "SELECT count(*) FROM jobs WHERE kind = 'rule.run' AND state IN ('queued', 'running') AND created_at >= ?",
    );
    const latencies: number[] = [];
    let done = 0;
    let sent = 0;
    const samples: { t: number; queued: number; waiting: number; unacked: number }[] = [];
    const t0 = Date.now();
    const cpu0 = { server: cpuSeconds(ctx.server.child.pid!), worker: cpuSeconds(worker.child.pid!) };
    const sample = () =>
      samples.push({
        t: Date.now() - t0,
        queued: queued.pluck().get(t0) as number,
        waiting: sent - done,
        unacked: browser.unacknowledged(),
      });
    const sampler = setInterval(sample, 5000);
    const load = ids.slice(warm);
    const all: Promise<void>[] = [];
    while (sent < load.length && Date.now() - t0 < seconds * 1000 + 10_000) {
      const due = Math.floor(((Date.now() - t0) / 60_000) * perMinute);
      if (sent >= due) {
        await new Promise((r) => setTimeout(r, 2));
        continue;
      }
      const id = load[sent++]!;
      const written = browser.write("accounts", id, { status: "customer" });
      all.push(
        acted(id).then((at) => {
          latencies.push(at - written);
          done++;
        }),
      );
    }
    const sentMs = Date.now() - t0;
    const cpuLoad = {
      server: cpuSeconds(ctx.server.child.pid!) - cpu0.server,
      worker: cpuSeconds(worker.child.pid!) - cpu0.worker,
    };
    const drainDeadline = Date.now() + drainS * 1000;
    while (done < sent && Date.now() < drainDeadline) await new Promise((r) => setTimeout(r, 200));
    clearInterval(sampler);
    sample();
    const drainedMs = Date.now() - t0 - sentMs;
    const duringLoad = samples.filter((s) => s.t <= sentMs);
    const slope = slopePerMinute(duringLoad.map((s) => ({ t: s.t, y: s.waiting })));
    const slopeQueued = slopePerMinute(duringLoad.map((s) => ({ t: s.t, y: s.queued })));
    const mem = memoryOf(worker.child.pid!);
    const runLog = new Database(join(ctx.dataDir, "crm.sqlite"), { readonly: true });
    const logged = runLog
      .prepare("SELECT count(*) FROM rules_runs WHERE workspace_id = ? AND rule_id = ? AND at >= ?")
      .pluck()
      .get(ctx.workspace, RULE_ID, t0) as number;
    runLog.close();
    const jobLag = jobsDb
      .prepare("SELECT done_at - created_at FROM jobs WHERE kind = 'rule.run' AND state = 'done' AND created_at >= ?")
      .pluck()
      .all(t0) as number[];
    jobsDb.close();
    const achieved = (sent / sentMs) * 60_000;
    const handledPerMin = (done / (sentMs + drainedMs)) * 60_000;
    log(`rules: samples ${JSON.stringify(samples)}`);
    return [
      {
        name: "rule-triggering browser edits, written",
        n: sent,
        p50: achieved,
        unit: "/min",
        target: "1,000/min, no backlog growth",
        note: `over ${(sentMs / 1000).toFixed(0)} s; actions seen by the browser: ${done} (${handledPerMin.toFixed(0)}/min including ${(drainedMs / 1000).toFixed(0)} s of drain, ${sent - done} not within it); CPU during the edits: server ${cpuLoad.server.toFixed(0)} s, worker ${cpuLoad.worker.toFixed(0)} s of ${(sentMs / 1000).toFixed(0)} s`,
      },
      {
        name: "rule backlog growth (edits not yet acted on), slope",
        n: duringLoad.length,
        p50: slope,
        unit: "/min",
        target: "≈ 0",
        note: `samples every 5 s, edits written − actions seen: ${samples.map((s) => s.waiting).join(",")}; rule jobs queued or running: ${samples.map((s) => s.queued).join(",")} (slope ${slopeQueued.toFixed(0)}/min); browser writes not yet acknowledged: ${samples.map((s) => s.unacked).join(",")}; run log entries written during the run: ${logged} (the log keeps the newest 200 per rule)`,
      },
      {
        name: "rule: edit → action seen in the browser",
        n: latencies.length,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        unit: "ms",
      },
      {
        name: "  rule job: queued → done in the worker",
        n: jobLag.length,
        p50: percentile(jobLag, 50),
        p99: percentile(jobLag, 99),
        unit: "ms",
      },
      { name: "worker RSS after the rule load", n: 1, p50: mem.rss, p99: mem.peak, unit: "MiB", target: "≤ 300 MiB" },
    ];
  } finally {
    await admin.close();
    await browser.close();
    await ctx.stop(worker);
  }
}

const CANDIDATES = `f_status = 'prospect' AND coalesce(json_extract(_data, '$.billingStreet'), '') != '${MARKER}'`;

/**
 * Earlier runs turned their prospects into customers; before the worker starts, a browser turns
 * enough of those back (status prospect, marker cleared — neither triggers the rule) so a kept
 * workspace serves any number of runs.
 */
async function resetProspects(ctx: BenchContext, count: number): Promise<void> {
  const have = pickIds(ctx, "accounts", CANDIDATES, count).length;
  if (have >= count) return;
  const ids = pickIds(ctx, "accounts", "f_status = 'customer'", count - have);
  const browser = await Browser.open(ctx, ctx.token);
  try {
    await browser.open("accounts", ids);
    for (const id of ids) browser.write("accounts", id, { status: "prospect", billingStreet: "" });
    const deadline = Date.now() + 300_000;
    while (pickIds(ctx, "accounts", CANDIDATES, count).length < count) {
      if (Date.now() > deadline) throw new Error(`the server's peer did not see ${ids.length} accounts reset`);
      await new Promise((r) => setTimeout(r, 500));
    }
    log(`rules: ${ids.length} customers from earlier runs set back to prospect`);
  } finally {
    await browser.close();
  }
}
