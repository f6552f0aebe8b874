import { useEffect, useRef, useState } from "react";
import { moveItem } from "./stages.js";

/** The attribute a settings table's row carries its key in, so focus can find the row again. */
type RowAttr = "data-id" | "data-value" | "data-key";

interface OrderedRows<T> {
  rows: readonly T[];
  keyOf: (row: T) => string;
  attr: RowAttr;
  /** The control focused when the wanted one is gone (a retire button replaced by ✕, a row's ends). */
  fallback: string;
  /** Changes the rows in the section's form (here: puts them in their new order). */
  setRows: (change: (rows: T[]) => T[]) => void;
  /** The live region's sentence for a row now at place `n` of `total`. */
  moved: (row: T, n: number, total: number) => string;
}

/**
 * The ordering of a settings table's rows with the keyboard: ↑/↓ move a row, focus follows it to its
 * new place (on the same button, or its twin once the row reaches an end, so pressing the key again
 * keeps moving the same row), and a live region says where it landed. `focusAfter` asks for focus on
 * a row's control after the next render, for the section's own add, retire and remove.
 */
export function useOrderedRows<T>({ rows, keyOf, attr, fallback, setRows, moved }: OrderedRows<T>) {
  const table = useRef<HTMLTableElement>(null);
  const wanted = useRef<{ key: string; control: string } | null>(null);
  const [announcement, announce] = useState("");
  useEffect(() => {
    const want = wanted.current;
    if (!want) return;
    wanted.current = null;
    const row = table.current?.querySelector(`[${attr}="${CSS.escape(want.key)}"]`);
    const pick = (c: string) => row?.querySelector<HTMLElement>(`[data-control="${c}"]:not(:disabled)`);
    (pick(want.control) ?? pick(want.control === "up" ? "down" : want.control === "down" ? "up" : fallback))?.focus();
  });
  const focusAfter = (key: string, control: string) => {
    wanted.current = { key, control };
  };
  const move = (index: number, delta: -1 | 1) => {
    const row = rows[index];
    const to = index + delta;
    if (!row || to < 0 || to >= rows.length) return;
    focusAfter(keyOf(row), delta < 0 ? "up" : "down");
    setRows((r) => moveItem(r, index, delta));
    announce(moved(row, to + 1, rows.length));
  };
  return { table, focusAfter, move, announcement, announce };
}

/** The polite live region a settings table announces moves and additions in. */
export function RowAnnouncer({ text }: { text: string }) {
  return (
    <p className="sr-only" role="status" aria-live="polite">
      {text}
    </p>
  );
}

interface RowActionsProps {
  index: number;
  count: number;
  onMove: (index: number, delta: -1 | 1) => void;
  upLabel: string;
  downLabel: string;
  /** Retire/restore, for rows that are kept once saved. */
  retire?: { label: string; text: string; title?: string; onToggle: () => void };
  /** ✕: delete (or remove an unsaved row). */
  remove?: { label: string; disabled?: boolean; onRemove: () => void };
}

/** A settings row's last cell: ↑, ↓, then retire/restore and ✕ where the section has them. */
export function RowActions({ index, count, onMove, upLabel, downLabel, retire, remove }: RowActionsProps) {
  return (
    <td className="actions stage-actions">
      <button
        type="button"
        className="button small"
        data-control="up"
        aria-label={upLabel}
        disabled={index === 0}
        onClick={() => onMove(index, -1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="button small"
        data-control="down"
        aria-label={downLabel}
        disabled={index === count - 1}
        onClick={() => onMove(index, 1)}
      >
        ↓
      </button>
      {retire && (
        <button
          type="button"
          className="button small"
          data-control="retire"
          aria-label={retire.label}
          title={retire.title}
          onClick={retire.onToggle}
        >
          {retire.text}
        </button>
      )}
      {remove && (
        <button
          type="button"
          className="button small danger-outline"
          aria-label={remove.label}
          disabled={remove.disabled}
          onClick={remove.onRemove}
        >
          ✕
        </button>
      )}
    </td>
  );
}
