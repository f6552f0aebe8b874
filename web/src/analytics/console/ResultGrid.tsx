import type { Cell, QueryResult } from "@crm/analytics";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import { useTranslation } from "react-i18next";

/*
 * The console's results: only the rows in view are in the DOM (@tanstack/react-virtual), so ten
 * thousand rows scroll as smoothly as ten.
 * A real table with spacer rows above and below the rendered window keeps it a table for screen
 * readers and tests; the scroller is focusable so the keyboard can scroll it.
 */

const ROW_HEIGHT = 30;
const COLUMN_WIDTH = 160;

export function ResultGrid({ result, label }: { result: QueryResult; label: string }) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: result.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const numeric = result.columns.map(
    (_, i) => result.rows.length > 0 && result.rows.every((row) => row[i] === null || typeof row[i] === "number"),
  );
  const items = virtualizer.getVirtualItems();
  // Spacer rows stand in for the rows above and below the window, so the table stays a table.
  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const span = Math.max(1, result.columns.length);

  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
    <div ref={scroller} className="analytics-grid-scroll" tabIndex={0}>
      <table
        className="analytics-result analytics-grid-table"
        aria-label={label}
        aria-rowcount={result.rows.length + 1}
      >
        <colgroup>
          {result.columns.map((_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: columns may share a name; position is their identity.
            <col key={i} style={{ width: COLUMN_WIDTH }} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {result.columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: see the columns.
              <th key={i} scope="col" title={c.type} className={numeric[i] ? "analytics-num" : undefined}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 && (
            <tr className="analytics-spacer" style={{ height: before }}>
              <td colSpan={span} />
            </tr>
          )}
          {items.map((item) => (
            <tr key={item.key} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
              {(result.rows[item.index] ?? []).map((cell, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: see the columns.
                <td key={i} className={cellClass(cell)}>
                  {cell === null ? t("analytics.sql.null") : String(cell)}
                </td>
              ))}
            </tr>
          ))}
          {after > 0 && (
            <tr className="analytics-spacer" style={{ height: after }}>
              <td colSpan={span} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function cellClass(cell: Cell): string | undefined {
  if (cell === null) return "analytics-null";
  if (typeof cell === "number") return "analytics-num";
  return undefined;
}
