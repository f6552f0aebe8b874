import { planEscalation, type WorkspaceSettings } from "@crm/schema";
import { useEffect, useRef } from "react";
import { useRuntime } from "../app/runtime-context.js";
import { useCanWrite } from "../auth/session-context.js";
import { type CaseRow, patchCase } from "./caseRecord.js";

/**
 * Applies the workspace's escalation rule to the cases a screen is showing, as soon as one of them
 * crosses its trigger. Idempotent: `planEscalation` acts once per case (it stamps `escalatedAt`),
 * and two devices escalating the same case at once write the same priority. Waits for the
 * settings document (`ready`): escalating on the defaults would apply targets the team never set.
 * Read-only roles never write; someone who may will.
 */
export function useEscalation(rows: CaseRow[] | undefined, settings: WorkspaceSettings, ready: boolean, now: number) {
  const { store } = useRuntime();
  const canWrite = useCanWrite("cases");
  // Cases whose escalation is being written: the live query has not seen `escalatedAt` yet.
  const inFlight = useRef(new Set<string>());
  useEffect(() => {
    if (!ready || !canWrite || !rows) return;
    for (const row of rows) {
      if (inFlight.current.has(row.id)) continue;
      const plan = planEscalation(row, settings, now);
      if (!plan) continue;
      inFlight.current.add(row.id);
      void patchCase(store, row, plan).finally(() => inFlight.current.delete(row.id));
    }
  }, [rows, settings, ready, now, canWrite, store]);
}
