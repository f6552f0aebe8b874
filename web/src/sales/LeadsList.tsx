import { type Lead, scoreLead } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useMemo } from "react";
import type { Row } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import { ListPage } from "../ui/ListPage.js";
import type { ListColumnsSpec } from "../views/useListColumns.js";
import { LeadStatusBadge } from "./LeadStatusBadge.js";
import { useSettings } from "./useSettings.js";

type LeadRow = Row<Lead>;

/** Drawn by the list itself: the status badge (which says "converted"), the score as a figure. */
const columns: ListColumnsSpec<LeadRow> = {
  titleSort: "lastName",
  cells: {
    status: (l) => <LeadStatusBadge lead={l} />,
    score: (l) => <span className="lead-score">{l.score}</span>,
  },
};

const byScore = (a: LeadRow, b: LeadRow) =>
  b.score - a.score || (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0);

/**
 * Leads with their score. A workspace holds thousands of leads, not hundreds of thousands, so the
 * list reads them all and works in memory: the score shown, filtered, sorted and grouped by is the
 * one the rules give *as they are now* (a rule changed by an admin re-ranks every lead at once),
 * not the one stored at the lead's last save. The list's own order is by that score.
 */
export function LeadsList() {
  const { db } = useRuntime();
  const settings = useSettings();
  const all = useLiveQuery(() => db.leads.toArray(), [db]);
  const rows = useMemo(() => {
    if (!all) return undefined;
    const rules = settings.leadScoring.rules;
    return all.map((l) => ({ ...l, score: scoreLead(l, rules).score }));
  }, [all, settings]);
  return (
    <ListPage<LeadRow>
      collection="leads"
      prefix="sales.leads"
      title={leadName}
      columns={columns}
      memory={{ rows, order: byScore }}
    />
  );
}

export function leadName(l: Pick<Lead, "firstName" | "lastName">): string {
  return [l.firstName, l.lastName].filter(Boolean).join(" ");
}
