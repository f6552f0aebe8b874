import { changeFires, conditionsMatch, RULE_JOB_KIND } from "@crm/schema";
import type { FeatureEnv } from "../features.js";
import type { Logger } from "../logger.js";
import type { WorkspacePeer } from "../peer.js";
import { type RulePayload, runRule } from "./actions.js";
import { RuleMarks } from "./marks.js";
import { RuleStore } from "./runLog.js";
import { LOOKBACK_MS, scanTimeRules } from "./scan.js";

/*
 * The rule engine of one workspace peer (only where jobs run):
 *   - a durable change-feed consumer ("rules") fires the created/changed triggers: for each change
 *     and rule of its collection whose trigger it fires and whose conditions the record meets
 *     AFTER the change, it enqueues a `rule.run` job keyed `rule:<rule id>:seq:<change seq>`, in
 *     the transaction that advances its cursor — handled and queued commit together;
 *   - a timer scans the time triggers (scan.ts);
 *   - the `rule.run` job runs the rule's actions (actions.ts) and writes the run log.
 * Rules are read from the settings document as the peer has it, when the job runs: a rule
 * disabled or deleted meanwhile does nothing (logged as skipped).
 *
 * Loops: a change the engine's own write caused (marks.ts `rule_echo`) never fires the rule that
 * wrote it, and fires other rules only up to MAX_DEPTH rules deep; past that it is logged and
 * dropped — so two rules setting a field back and forth stop.
 */

/** Rules firing each other (A's write fires B, whose write fires C …): at most this deep. */
export const MAX_DEPTH = 3;
/** A change this long after a rule's write of the record still counts as its echo. */
const ECHO_MS = 10 * 60_000;

export interface RulesOptions {
  /** How often the time triggers are scanned (ms); default env RULES_SCAN_MS or 15 s. */
  scanMs?: number;
}

export interface RulesEngine {
  store: RuleStore;
  /** Scans the time triggers now (tests; the timer does it every `scanMs`). */
  scan(now?: number): number;
  stop(): void;
}

export function attachRules(
  peer: WorkspacePeer,
  env: Pick<FeatureEnv, "shared" | "runJobs" | "logger">,
  options: RulesOptions = {},
): RulesEngine {
  const logger: Logger = env.logger;
  const store = new RuleStore(env.shared);
  const marks = new RuleMarks(peer.db);
  const workspace = peer.workspace;

  const stopConsumer = peer.feed.consume("rules", (changes) => {
    const rules = peer
      .rules()
      .filter((r) => r.enabled && (r.trigger.type === "created" || r.trigger.type === "changed"));
    if (!rules.length) return;
    const settings = peer.settings();
    const now = Date.now();
    for (const c of changes) {
      if (c.kind === "deleted" || (typeof c.record.deletedAt === "number" && c.record.deletedAt > 0)) continue;
      const mine = rules.filter(
        (r) => r.collection === c.collection && changeFires(c.collection, r.trigger, c, settings),
      );
      if (!mine.length) continue;
      const echo =
        c.origin === "local" && c.actor === "automation" ? marks.echo(c.collection, c.id, now, ECHO_MS) : null;
      for (const rule of mine) {
        if (echo?.ruleId === rule.id) continue;
        const depth = echo ? echo.depth + 1 : 0;
        if (!conditionsMatch(rule, c.record, settings, now)) continue;
        const key = `rule:${rule.id}:seq:${c.seq}`;
        if (depth > MAX_DEPTH) {
          logger.warn("rules firing each other too deep; stopped", { workspace, rule: rule.id, record: c.id, depth });
          store.record(workspace, {
            key,
            ruleId: rule.id,
            at: now,
            collection: c.collection,
            recordId: c.id,
            status: "skipped",
            cause: `${c.kind} by ${echo?.ruleId}`,
            actions: [],
            error: `stopped: rules fired each other ${depth} deep (at most ${MAX_DEPTH})`,
          });
          continue;
        }
        const payload: RulePayload = {
          ruleId: rule.id,
          collection: c.collection,
          recordId: c.id,
          step: 0,
          depth,
          at: now,
          cause: c.kind === "created" ? "created" : `changed ${Object.keys(c.fields).join(", ")}`,
        };
        peer.jobs.enqueueNow({ kind: RULE_JOB_KIND, key, payload });
      }
    }
  });

  peer.runner.register(RULE_JOB_KIND, async (job, ctx) => {
    const p = job.payload as RulePayload;
    const rule = peer.rules().find((r) => r.id === p.ruleId);
    const base = { key: job.key, ruleId: p.ruleId, collection: p.collection, recordId: p.recordId, cause: p.cause };
    if (!rule?.enabled) {
      store.record(workspace, {
        ...base,
        at: Date.now(),
        status: "skipped",
        actions: [],
        error: rule ? "the rule is disabled" : "the rule was deleted",
      });
      return { skipped: true };
    }
    try {
      const out = await runRule(rule, p, ctx, { workspace, store, marks });
      store.record(workspace, { ...base, at: Date.now(), status: out.status, actions: out.actions, error: null });
      return out;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      store.record(workspace, { ...base, at: Date.now(), status: "error", actions: [], error: message });
      throw err;
    }
  });

  const scanMs = options.scanMs ?? (Number(process.env.RULES_SCAN_MS) || 15_000);
  const scan = (now = Date.now()) => {
    try {
      marks.prune(now - LOOKBACK_MS - 86_400_000, now - ECHO_MS);
      return scanTimeRules(peer, marks, logger, now);
    } catch (err) {
      logger.error("rules scan failed", { workspace, error: String(err) });
      return 0;
    }
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const tick = () => {
    timer = null;
    if (stopped || !peer.db.open) return; // the peer was closed
    // Only once the projection holds the workspace: a scan of a half-synced peer would miss records.
    if (peer.isReady) scan();
    timer = setTimeout(tick, scanMs);
    timer.unref?.();
  };
  timer = setTimeout(tick, Math.min(scanMs, 1000));
  timer.unref?.();

  return {
    store,
    scan,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      stopConsumer();
    },
  };
}
