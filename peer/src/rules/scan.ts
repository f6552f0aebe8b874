import {
  type Case,
  caseSla,
  conditionsMatch,
  dateTriggerAt,
  durationMs,
  planEscalation,
  RULE_JOB_KIND,
  type Rule,
  scheduleSlot,
  type Trigger,
} from "@crm/schema";
import { collectionTable } from "../db/tables.js";
import type { Logger } from "../logger.js";
import type { WorkspacePeer } from "../peer.js";
import type { PeerRecord } from "../types.js";
import type { RulePayload } from "./actions.js";
import type { RuleMarks } from "./marks.js";

/*
 * The time triggers: a scan, every few seconds, of the rules whose trigger is a date reached, a
 * schedule or a case's SLA. Each firing is marked (marks.ts) in the same transaction that enqueues
 * its job, keyed by rule, record and date value / slot: a restart neither misses what became due
 * while it was down (the scan looks back to when the trigger was first seen, at most LOOKBACK)
 * nor fires anything twice.
 */

/** How far back a scan looks for due dates (marks older than this are forgotten). */
export const LOOKBACK_MS = 30 * 86_400_000;
/** Records one schedule slot fires for (the rest are logged as skipped). */
export const SLOT_LIMIT = 5000;

type DateTrigger = Extract<Trigger, { type: "dateReached" }>;

const live = (r: PeerRecord) => !(typeof r.deletedAt === "number" && r.deletedAt > 0);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Live records whose date field falls in [from, to] (ms), read through its column when it has one. */
function recordsWithDateIn(peer: WorkspacePeer, rule: Rule, field: string, from: number, to: number): PeerRecord[] {
  const t = collectionTable(rule.collection);
  const col = t.byKey.get(field);
  const kind = peer.fields(rule.collection).find((f) => f.key === field)?.kind;
  let rows: string[];
  if (col && kind === "date") {
    rows = peer.db
      .prepare(`SELECT _data FROM "${t.table}" WHERE _deleted = 0 AND "${col.column}" BETWEEN ? AND ?`)
      .pluck()
      .all(isoDay(from), isoDay(to)) as string[];
  } else if (col) {
    rows = peer.db
      .prepare(`SELECT _data FROM "${t.table}" WHERE _deleted = 0 AND "${col.column}" BETWEEN ? AND ?`)
      .pluck()
      .all(from, to) as string[];
  } else {
    rows = peer.db.prepare(`SELECT _data FROM "${t.table}" WHERE _deleted = 0`).pluck().all() as string[];
  }
  return rows.map((d) => JSON.parse(d) as PeerRecord);
}

function allLive(peer: WorkspacePeer, rule: Rule, where = ""): PeerRecord[] {
  const t = collectionTable(rule.collection);
  return (peer.db.prepare(`SELECT _data FROM "${t.table}" WHERE _deleted = 0${where}`).pluck().all() as string[]).map(
    (d) => JSON.parse(d) as PeerRecord,
  );
}

const enqueue = (peer: WorkspacePeer, rule: Rule, key: string, record: PeerRecord, at: number, cause: string) => {
  const payload: RulePayload = {
    ruleId: rule.id,
    collection: rule.collection,
    recordId: record.id,
    step: 0,
    depth: 0,
    at,
    cause,
  };
  // Due now: `at` (the due time, the slot) only fixes the values it computes.
  peer.jobs.enqueueNow({ kind: RULE_JOB_KIND, key, payload });
};

/** One scan of every time-triggered rule; returns the firings enqueued. */
export function scanTimeRules(peer: WorkspacePeer, marks: RuleMarks, logger: Logger, now = Date.now()): number {
  let fired = 0;
  const settings = peer.settings();
  for (const rule of peer.rules()) {
    if (!rule.enabled) continue;
    const t = rule.trigger;
    if (t.type !== "dateReached" && t.type !== "schedule" && t.type !== "sla") continue;
    peer.db.transaction(() => {
      const since = Math.max(marks.since(rule.id, JSON.stringify(t), now), now - LOOKBACK_MS);
      if (t.type === "dateReached") fired += scanDates(peer, marks, rule, t, since, now);
      else if (t.type === "schedule") {
        const slot = scheduleSlot(t, now);
        if (slot < since || !marks.mark(rule.id, `slot:${slot}`, slot)) return;
        const matching = allLive(peer, rule).filter((r) => conditionsMatch(rule, r, settings, now));
        if (matching.length > SLOT_LIMIT)
          logger.warn("schedule rule matches too many records; the first ones run", {
            rule: rule.id,
            matching: matching.length,
            limit: SLOT_LIMIT,
          });
        for (const r of matching.slice(0, SLOT_LIMIT)) {
          enqueue(peer, rule, `rule:${rule.id}:slot:${slot}:${r.id}`, r, slot, `schedule ${isoTime(slot)}`);
          fired++;
        }
      } else {
        const when = t.when === "settings" ? settings.sla.escalation.when : t.when;
        const states = when === "breached" ? ["breached"] : ["atRisk", "breached"];
        const onlyEscalates = rule.actions.every((a) => a.type === "escalate");
        for (const r of allLive(peer, rule, ` AND "${statusColumn()}" NOT IN ('resolved', 'closed')`)) {
          const c = r as unknown as Case;
          if (typeof c.openedAt !== "number") continue;
          const sla = caseSla(c, settings, now);
          const state = states.includes(sla.firstResponse.state)
            ? sla.firstResponse.state
            : states.includes(sla.resolution.state)
              ? sla.resolution.state
              : null;
          if (!state) continue;
          // Escalation acts once per case (planEscalation): a case it would not change is no firing.
          if (onlyEscalates && !planEscalation(c, settings, now)) continue;
          if (!conditionsMatch(rule, r, settings, now)) continue;
          // Once per case; an escalation once per case and state of it (escalating again after
          // someone cleared it, as the SLA settings promise).
          const mark = onlyEscalates
            ? `sla:${r.id}:${c.openedAt}:${c.priority}:${c.escalatedAt ?? ""}`
            : `sla:${r.id}:${c.openedAt}`;
          if (!marks.mark(rule.id, mark, now)) continue;
          enqueue(peer, rule, `rule:${rule.id}:${mark}`, r, now, `SLA ${state}`);
          fired++;
        }
      }
    })();
  }
  return fired;
}

function statusColumn(): string {
  return collectionTable("cases").byKey.get("status")!.column;
}

function scanDates(
  peer: WorkspacePeer,
  marks: RuleMarks,
  rule: Rule,
  t: DateTrigger,
  since: number,
  now: number,
): number {
  let fired = 0;
  const shift = (t.direction === "before" ? -1 : 1) * durationMs(t.offset);
  const settings = peer.settings();
  // Due in [since, now] ⇔ the date in [since - shift, now - shift] (a day's slack for date fields).
  for (const r of recordsWithDateIn(peer, rule, t.field, since - shift - 86_400_000, now - shift)) {
    if (!live(r)) continue;
    const due = dateTriggerAt(t, r);
    if (due === null || due < since || due > now) continue;
    const value = String(r[t.field]);
    // Marked even when the conditions do not hold then: a task done before it was due stays quiet.
    if (!marks.mark(rule.id, `date:${r.id}:${value}`, due)) continue;
    if (!conditionsMatch(rule, r, settings, now)) continue;
    enqueue(peer, rule, `rule:${rule.id}:date:${r.id}:${value}`, r, due, `${t.field} reached (${isoTime(due)})`);
    fired++;
  }
  return fired;
}

const isoTime = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
