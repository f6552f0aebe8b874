import { planEscalation } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect, useRef, useState } from "react";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { type CaseRow, isOpenCase, patchCase } from "./caseRecord.js";
import { nextEscalationCheck } from "./escalation.js";

/** Re-check at least this often, whatever the schedule says (a clock changed, a tab slept). */
const SAFETY_MS = 30_000;
/** How long a write of ours is trusted to show up in the projection before it is tried again. */
const RETRY_MS = 60_000;
/**
 * Escalations written per check: a workspace opened after a long time offline (or a big import of
 * old cases) may have thousands due at once; they go out in batches, one a second, not as a storm.
 */
const BATCH = 100;
/**
 * The first scan waits this long, then for an idle moment: reading every case takes IndexedDB for
 * a while (25,000 cases in the big workspace), and the first paint and the first search typed must
 * not queue behind it (the startup benchmark's search answered 130 ms later while it ran).
 */
const START_MS = 5_000;

/** What planning needs of a case: kept in memory for every open case, so a slim copy. */
type Planned = Pick<
  CaseRow,
  "id" | "priority" | "status" | "openedAt" | "firstResponseAt" | "resolvedAt" | "closedAt" | "escalatedAt" | "assignee"
>;
const slim = (c: CaseRow): Planned => ({
  id: c.id,
  priority: c.priority,
  status: c.status,
  openedAt: c.openedAt,
  firstResponseAt: c.firstResponseAt,
  resolvedAt: c.resolvedAt,
  closedAt: c.closedAt,
  escalatedAt: c.escalatedAt,
  assignee: c.assignee,
});

/**
 * Applies the workspace's escalation rule to every open case, wherever the person is in the app:
 * mounted once in the app shell for anyone who may write cases (read-only roles never write).
 * Work is bounded: it starts after the first paint (an idle moment), reads the open cases once per
 * change of the cases table (kept as slim copies), checks them when they or the settings change,
 * then sleeps until the next moment a case can cross its trigger (a 1 s tick compares one number)
 * or 30 s at most. Waits for the settings document: escalating
 * on the defaults would apply targets the team never set. `planEscalation` stamps `escalatedAt`,
 * so a case escalates once; two devices doing it at the same moment write the same values.
 */
export function EscalationWatch() {
  return useCanWrite("cases") ? <Watch /> : null;
}

function Watch() {
  const { db, store } = useRuntime();
  const { settings, doc } = useWorkspaceSettings();
  const started = useIdleStart();
  // No status index in the projection (indexes slow bulk writes): one scan per change of cases.
  const open = useLiveQuery(
    // One getAll request, filtered here: a filtered cursor would be one IndexedDB round trip per case.
    async () => (started ? ((await db.cases.toArray()) as CaseRow[]).filter(isOpenCase).map(slim) : undefined),
    [db, started],
  );
  // Cases this device escalated whose new row the live query has not delivered yet.
  const written = useRef(new Map<string, number>());
  useEffect(() => {
    if (!doc || !open) return;
    let next = Number.POSITIVE_INFINITY;
    let last = 0;
    const check = () => {
      const now = Date.now();
      last = now;
      next = Number.POSITIVE_INFINITY;
      let writes = 0;
      for (const row of open) {
        const pending = written.current.get(row.id);
        if (pending !== undefined) {
          if (row.escalatedAt === null && now - pending < RETRY_MS) continue;
          written.current.delete(row.id);
        }
        if (planEscalation(row, settings, now)) {
          if (writes++ >= BATCH) {
            next = now; // the rest on the next tick
            continue;
          }
          written.current.set(row.id, now);
          void escalate(row.id, now).catch((e) => console.error("escalation not written", row.id, e));
          continue;
        }
        const at = nextEscalationCheck(row, settings, now);
        if (at !== null && at < next) next = at;
      }
    };
    // The whole, current row: the write keeps every other field as it is now.
    const escalate = async (id: string, now: number) => {
      const row = (await db.cases.get(id)) as CaseRow | undefined;
      const plan = row && planEscalation(row, settings, now);
      if (row && plan) await patchCase(store, row, plan);
    };
    check();
    const timer = setInterval(() => {
      const now = Date.now();
      if (now >= next || now - last >= SAFETY_MS) check();
    }, 1_000);
    return () => clearInterval(timer);
  }, [open, settings, doc, store, db]);
  return null;
}

/** True once START_MS has passed since mount and then the browser had an idle moment. */
function useIdleStart(): boolean {
  const [started, setStarted] = useState(false);
  useEffect(() => {
    let idle: number | undefined;
    const t = setTimeout(() => {
      if (typeof requestIdleCallback !== "function") return setStarted(true);
      idle = requestIdleCallback(() => setStarted(true), { timeout: START_MS });
    }, START_MS);
    return () => {
      clearTimeout(t);
      if (idle !== undefined) cancelIdleCallback(idle);
    };
  }, []);
  return started;
}
