import { planEscalation } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect, useRef } from "react";
import { useRuntime } from "../app/runtime-context.js";
import { useCanWrite } from "../auth/session-context.js";
import { type CaseRow, isOpenCase, patchCase } from "./caseRecord.js";
import { nextEscalationCheck } from "./escalation.js";
import { useWorkspaceSettings } from "./useSettings.js";

/** Re-check at least this often, whatever the schedule says (a clock changed, a tab slept). */
const SAFETY_MS = 30_000;
/** How long a write of ours is trusted to show up in the projection before it is tried again. */
const RETRY_MS = 60_000;

/**
 * Applies the workspace's escalation rule to every open case, wherever the person is in the app:
 * mounted once in the app shell for anyone who may write cases (read-only roles never write).
 * Work is bounded: it reads the open cases once per change of the cases table, checks them when
 * they or the settings change, then sleeps until the next moment a case can cross its trigger
 * (a 1 s tick compares one number) or 30 s at most. Waits for the settings document: escalating
 * on the defaults would apply targets the team never set. `planEscalation` stamps `escalatedAt`,
 * so a case escalates once; two devices doing it at the same moment write the same values.
 */
export function EscalationWatch() {
  return useCanWrite("cases") ? <Watch /> : null;
}

function Watch() {
  const { db, store } = useRuntime();
  const { settings, doc } = useWorkspaceSettings();
  // No status index in the projection (indexes slow bulk writes): one scan per change of cases.
  const open = useLiveQuery(() => db.cases.filter(isOpenCase).toArray() as Promise<CaseRow[]>, [db]);
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
      for (const row of open) {
        const pending = written.current.get(row.id);
        if (pending !== undefined) {
          if (row.escalatedAt === null && now - pending < RETRY_MS) continue;
          written.current.delete(row.id);
        }
        const plan = planEscalation(row, settings, now);
        if (plan) {
          written.current.set(row.id, now);
          void patchCase(store, row, plan).catch((e) => console.error("escalation not written", row.id, e));
          continue;
        }
        const at = nextEscalationCheck(row, settings, now);
        if (at !== null && at < next) next = at;
      }
    };
    check();
    const timer = setInterval(() => {
      const now = Date.now();
      if (now >= next || now - last >= SAFETY_MS) check();
    }, 1_000);
    return () => clearInterval(timer);
  }, [open, settings, doc, store]);
  return null;
}
