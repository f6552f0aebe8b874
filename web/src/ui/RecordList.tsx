import { useVirtualizer } from "@tanstack/react-virtual";
import { type ReactNode, useEffect, useRef } from "react";
import { Link } from "wouter";
import { type GroupHeader, isGroupHeader } from "../views/useViewRows.js";

const ROW_HEIGHT = 48;
let firstRowsMarked = false;

export interface Column<R> {
  key: string;
  header: string;
  cell(row: R): ReactNode;
  className?: string;
  /** The field this column sorts by (a descriptor with `sort`); none: not sortable. */
  sortField?: string;
}

export interface ListSort {
  field: string;
  dir: "asc" | "desc";
}

/**
 * A virtualized table of records. The first column is a link named after the record; the
 * rest of the row is a click target for the same link. Asks for more rows near the end.
 */
export function RecordList<R extends { id: string }>(props: {
  label: string;
  /** Rows, and group headers in place when the view is grouped. */
  rows: (R | GroupHeader)[];
  total: number;
  columns: Column<R>[];
  href(row: R): string;
  title(row: R): string;
  onNeedMore(): void;
  /** Column sorting: the view's sort, and what a click on a sortable header does. */
  sort?: ListSort;
  onSort?(field: string): void;
  groupLabel?(value: string): string;
  onToggleGroup?(value: string): void;
}) {
  const { rows, total, columns, onNeedMore } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (rows.length < total && last >= rows.length - 30) onNeedMore();
  }, [last, rows.length, total, onNeedMore]);
  useEffect(() => {
    // The benchmark's "first rows shown": once per page load, after the rows are painted.
    if (!firstRowsMarked && rows.length > 0) {
      firstRowsMarked = true;
      requestAnimationFrame(() => performance.mark("crm:first-rows"));
    }
  }, [rows.length]);

  const template = `minmax(180px, 2fr) ${columns
    .slice(1)
    .map(() => "minmax(100px, 1fr)")
    .join(" ")}`;
  // Many chosen columns scroll sideways (head and rows together) rather than crush each other;
  // the defaults (at most 7) fit and leave narrow screens to `hide-narrow`.
  const minWidth = columns.length > 7 ? 180 + (columns.length - 1) * 112 + 32 : undefined;
  return (
    <div className="record-list">
      <div className="record-list-head" style={{ gridTemplateColumns: template, minWidth }}>
        {columns.map((c) => {
          const sortable = c.sortField && props.onSort;
          const sorted = sortable && props.sort?.field === c.sortField ? props.sort?.dir : undefined;
          return (
            // biome-ignore lint/a11y/useSemanticElements: the list is a <ul> of grid rows, not a <table>; aria-sort needs a header role
            // biome-ignore lint/a11y/useFocusableInteractive: the header's button is what is clicked; the bar's "Sort by" serves the keyboard
            <span
              key={c.key}
              className={c.className}
              role="columnheader"
              aria-sort={
                sortable ? (sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none") : undefined
              }
            >
              {sortable ? (
                // Out of the Tab order (search → New → rows stays short): the bar's "Sort by" is
                // the keyboard's way to sort.
                <button type="button" tabIndex={-1} className="sort-head" onClick={() => props.onSort!(c.sortField!)}>
                  {c.header}
                  <span aria-hidden="true">{sorted === "asc" ? " ↑" : sorted === "desc" ? " ↓" : ""}</span>
                </button>
              ) : (
                c.header
              )}
            </span>
          );
        })}
      </div>
      <div ref={scrollRef} className="record-list-scroll" style={{ minWidth }}>
        <ul aria-label={props.label} style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            if (isGroupHeader(row)) {
              const label = props.groupLabel?.(row.value) ?? row.value;
              return (
                <li
                  key={row.id}
                  aria-posinset={item.index + 1}
                  className="record-row group-row"
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                >
                  <button
                    type="button"
                    className="group-toggle"
                    aria-expanded={!row.collapsed}
                    onClick={() => props.onToggleGroup?.(row.value)}
                  >
                    <span aria-hidden="true">{row.collapsed ? "▸" : "▾"}</span>
                    <span className="group-name">{label}</span>
                    <span className="badge group-count">{row.count.toLocaleString()}</span>
                  </button>
                </li>
              );
            }
            return (
              <li
                key={row.id}
                aria-posinset={item.index + 1}
                className="record-row"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: template }}
              >
                {columns.map((c, i) => (
                  <span key={c.key} className={c.className}>
                    {i === 0 ? (
                      <Link href={props.href(row)} className="row-link">
                        {props.title(row)}
                      </Link>
                    ) : (
                      c.cell(row)
                    )}
                  </span>
                ))}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
