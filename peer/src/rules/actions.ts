import {
  type Case,
  type CollectionName,
  durationMs,
  fieldOf,
  planEscalation,
  RULE_JOB_KIND,
  type Rule,
  type RuleAction,
  renderTemplate,
  resolveValues,
  responsibleFieldOf,
  ruleEvent,
} from "@crm/schema";
import type { PeerJobContext } from "../peer.js";
import { jobRecordId } from "../peer.js";
import type { PeerRecord, WriteResult } from "../types.js";
import type { RuleMarks } from "./marks.js";
import type { RuleStore, RunAction } from "./runLog.js";

/*
 * A rule's actions, run by one job of kind `rule.run` (RULE_JOB_KIND), in order. Each action makes
 * its effect once however often the job runs (at least once, after a crash): field sets write
 * only what differs, a created record's id follows from the job (`jobRecordId`), a round-robin
 * choice is stored per job (runLog.ts), and what goes to other features — a notification, a
 * webhook event, the rest of the actions after a wait — is a job with a key derived from this
 * job's key, so enqueuing it again finds the first one.
 */

export interface RulePayload {
  ruleId: string;
  collection: CollectionName;
  recordId: string;
  /** The first action to run (after a wait: the one after it). */
  step: number;
  /** How many rules fired each other to get here (0: a person's change, a date, a schedule). */
  depth: number;
  /** The time values are computed at ("now" in a value): fixed per job, so a rerun writes the same. */
  at: number;
  /** What fired it, for the run log. */
  cause: string;
}

export interface ActionDeps {
  workspace: string;
  store: RuleStore;
  marks: RuleMarks;
}

export type RunOutcome = { status: "done" | "waiting" | "skipped"; actions: RunAction[] };

const issuesText = (r: Extract<WriteResult, { ok: false }>) =>
  r.issues.map((i) => `${i.field}: ${i.message}`).join("; ") || r.code;

export async function runRule(rule: Rule, p: RulePayload, ctx: PeerJobContext, deps: ActionDeps): Promise<RunOutcome> {
  const { peer, job } = ctx;
  const found = peer.get(p.collection, p.recordId);
  if (!found) return { status: "skipped", actions: [{ type: "record", detail: "the record no longer exists" }] };
  let record: PeerRecord = found;
  if (typeof record.deletedAt === "number" && record.deletedAt > 0)
    return { status: "skipped", actions: [{ type: "record", detail: "the record was deleted" }] };
  const settings = peer.settings();
  const values = (target: CollectionName, exprs: Parameters<typeof resolveValues>[1]) =>
    resolveValues(target, exprs, { record, now: p.at, stages: settings.pipelineStages }, settings);
  /** Writes as the rule: the change it causes is recognised as this rule's echo. */
  const patch = async (collection: CollectionName, id: string, input: Record<string, unknown>) => {
    deps.marks.setEcho(collection, id, rule.id, p.depth, Date.now());
    // A deal's stage moves as the board moves it (probability, won/lost): the peer's write check
    // derives those fields for every writer (writes.ts).
    const r = await ctx.patchRecord(collection, id, input);
    if (!r.ok) throw new Error(`${collection}/${id}: ${issuesText(r)}`);
    return r;
  };
  const done: RunAction[] = [];
  for (let i = p.step; i < rule.actions.length; i++) {
    const a = rule.actions[i]!;
    if (a.type === "wait") {
      const ms = durationMs(a.delay);
      const next: RulePayload = { ...p, step: i + 1, at: p.at + ms };
      peer.jobs.enqueueNow({ kind: RULE_JOB_KIND, key: `${job.key}:w${i}`, payload: next, runAt: next.at });
      done.push({ type: "wait", detail: `continues at ${new Date(next.at).toISOString()}` });
      return { status: "waiting", actions: done };
    }
    done.push(await runOne(rule, a, i, record, p, ctx, deps, values, patch));
    // The next action sees what this one wrote (an assignee to notify).
    record = peer.get(p.collection, p.recordId) ?? record;
  }
  return { status: "done", actions: done };
}

async function runOne(
  rule: Rule,
  a: Exclude<RuleAction, { type: "wait" }>,
  i: number,
  record: PeerRecord,
  p: RulePayload,
  ctx: PeerJobContext,
  deps: ActionDeps,
  values: (target: CollectionName, exprs: Parameters<typeof resolveValues>[1]) => Record<string, unknown>,
  patch: (collection: CollectionName, id: string, input: Record<string, unknown>) => Promise<WriteResult>,
): Promise<RunAction> {
  const { peer, job } = ctx;
  const c = p.collection;
  const list = (v: Record<string, unknown>) =>
    Object.entries(v)
      .map(([k, x]) => `${k} = ${JSON.stringify(x)}`)
      .join(", ");
  switch (a.type) {
    case "setFields": {
      const v = values(c, a.values);
      await patch(c, record.id, v);
      return { type: a.type, detail: `set ${list(v)}` };
    }
    case "updateRelated": {
      const target = fieldOf(c, a.via, peer.settings())?.ref;
      const id = record[a.via];
      if (typeof target !== "string" || typeof id !== "string" || !id)
        return { type: a.type, detail: `no record in ${a.via}: nothing to update` };
      const v = values(target as CollectionName, a.values);
      await patch(target as CollectionName, id, v);
      return { type: a.type, detail: `set ${list(v)} on ${target}/${id}` };
    }
    case "createRecord": {
      const v = values(a.collection, a.values);
      const id = jobRecordId(job.id, i);
      deps.marks.setEcho(a.collection, id, rule.id, p.depth, Date.now());
      const r = await ctx.createRecord(a.collection, v, i);
      if (!r.ok) throw new Error(`new ${a.collection}: ${issuesText(r)}`);
      return { type: a.type, detail: `created ${a.collection}/${r.record.id}` };
    }
    case "assign": {
      const field = a.field ?? responsibleFieldOf(c, peer.settings()) ?? "owner";
      const person = a.roundRobin
        ? deps.store.nextInRotation(deps.workspace, rule.id, i, job.key, a.people)
        : a.people[0]!;
      await patch(c, record.id, { [field]: person });
      return { type: a.type, detail: `${field} = ${person}` };
    }
    case "notify": {
      const to = new Set<string>();
      for (const r of a.to) {
        const id = r.kind === "person" ? r.id : record[r.field];
        if (typeof id === "string" && id.trim()) to.add(id.trim());
      }
      if (!to.size) return { type: a.type, detail: "nobody to notify" };
      peer.jobs.enqueueNow({
        kind: "notify",
        key: `${job.key}:n${i}`,
        payload: {
          to: [...to],
          kind: "rule",
          title: renderTemplate(a.title, record),
          ...(a.body ? { body: renderTemplate(a.body, record) } : {}),
          record: { collection: c, id: record.id },
          ruleId: rule.id,
          actor: "automation",
        },
      });
      return { type: a.type, detail: `notified ${[...to].join(", ")}` };
    }
    case "webhook": {
      const event = ruleEvent(rule.id, a.event);
      peer.jobs.enqueueNow({
        kind: "webhook.event",
        key: `${job.key}:h${i}`,
        payload: { event, data: { rule: { id: rule.id, name: rule.name }, collection: c, record } },
      });
      return { type: a.type, detail: `sent ${event}` };
    }
    case "escalate": {
      if (c !== "cases") return { type: a.type, detail: "not a case" };
      const plan = planEscalation(record as unknown as Case, peer.settings(), p.at);
      if (!plan) return { type: a.type, detail: "nothing to escalate" };
      await patch(c, record.id, plan);
      return { type: a.type, detail: `escalated: ${list(plan)}` };
    }
  }
}
