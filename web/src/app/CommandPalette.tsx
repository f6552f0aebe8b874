import { type CollectionName, canReadCollection, contactName } from "@crm/schema";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { useSession } from "../auth/session-context.js";
import type { Row } from "../local/db.js";
import { matchesWords, searchWords, splitLongest } from "../local/search.js";
import { useRuntime } from "./runtime-context.js";

/*
 * Ctrl/⌘+K: one box that finds any record (by the same word-prefix index the lists use, across
 * every record type this role may read) and goes to any screen. Arrow keys move, Enter opens,
 * Esc closes. Everything comes from the local database: it answers offline, as fast as typing.
 */

type Hit = { key: string; label: string; detail: string; href: string };

/** Searchable record types: where a record opens and how it is named. */
const SEARCHED: { collection: CollectionName; path: string; label(r: Record<string, unknown>): string }[] = [
  { collection: "accounts", path: "accounts", label: (r) => String(r.name ?? "") },
  {
    collection: "contacts",
    path: "contacts",
    label: (r) => contactName(r as { firstName: string; lastName: string }),
  },
  {
    collection: "leads",
    path: "leads",
    label: (r) => [r.firstName, r.lastName].filter(Boolean).join(" ") + (r.company ? ` · ${String(r.company)}` : ""),
  },
  { collection: "opportunities", path: "opportunities", label: (r) => String(r.name ?? "") },
  { collection: "cases", path: "cases", label: (r) => String(r.subject ?? "") },
  { collection: "activities", path: "activities", label: (r) => String(r.subject ?? "") },
  { collection: "quotes", path: "quotes", label: (r) => String(r.number ?? "") },
  { collection: "orders", path: "orders", label: (r) => String(r.number ?? "") },
  { collection: "products", path: "products", label: (r) => String(r.name ?? "") },
];

const SCREENS = [
  ["accounts", "/accounts"],
  ["contacts", "/contacts"],
  ["sales", "/pipeline"],
  ["cases", "/cases"],
  ["activities", "/activities"],
  ["analytics", "/analytics"],
  ["data", "/data"],
  ["team", "/team"],
  ["settings", "/settings"],
] as const;

const PER_TYPE = 5;

export function CommandPalette() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);
  if (!open) return null;
  return <Palette onClose={() => setOpen(false)} title={t("palette.title")} />;
}

function Palette({ onClose, title }: { onClose(): void; title: string }) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const { workspace } = useSession();
  const [, navigate] = useLocation();
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  /** The query the shown hits answer; Enter typed before the newest answer waits for it. */
  const [answered, setAnswered] = useState("");
  const enterPending = useRef(false);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const before = useRef<Element | null>(document.activeElement);

  useEffect(() => {
    input.current?.focus();
    const back = before.current;
    return () => (back as HTMLElement | null)?.focus?.();
  }, []);

  const screens = useMemo<Hit[]>(
    () =>
      SCREENS.filter(([s]) => s !== "team" || workspace.role === "owner" || workspace.role === "admin").map(
        ([s, href]) => ({ key: `screen:${s}`, label: t(`nav.${s}`), detail: t("palette.screen"), href }),
      ),
    [t, workspace.role],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `go` only closes the palette and navigates
  useEffect(() => {
    const words = query.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) {
      setHits(screens);
      setActive(0);
      setAnswered(query);
      return;
    }
    let stale = false;
    const [first, rest] = splitLongest(searchWords(query));
    void (async () => {
      const found: Hit[] = screens.filter((s) => words.every((w) => s.label.toLocaleLowerCase().includes(w)));
      for (const type of SEARCHED) {
        if (!canReadCollection(workspace.role, type.collection)) continue;
        const table = db.table<Row<Record<string, unknown>>, string>(type.collection);
        const keys = [
          ...new Set(
            await table
              .where("terms")
              .startsWithAnyOf(first as string[])
              .limit(200)
              .primaryKeys(),
          ),
        ];
        const rows = (await table.bulkGet(keys.slice(0, 100)))
          .filter((r): r is Row<Record<string, unknown>> => r !== undefined && !r.deletedAt)
          .filter((r) => matchesWords(r.terms, rest))
          .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
          .slice(0, PER_TYPE);
        for (const r of rows) {
          found.push({
            key: `${type.collection}:${r.id}`,
            label: type.label(r) || "—",
            detail: t(`palette.types.${type.collection}`),
            href: `/${type.path}/${r.id}`,
          });
        }
      }
      if (!stale) {
        setHits(found);
        setActive(0);
        setAnswered(query);
        if (enterPending.current) {
          enterPending.current = false;
          go(found[0]);
        }
      }
    })();
    return () => {
      stale = true;
    };
  }, [query, db, screens, t, workspace.role]);

  function go(hit: Hit | undefined) {
    if (!hit) return;
    onClose();
    navigate(hit.href);
  }

  return (
    <div className="palette-backdrop">
      {/* A click outside closes, like Esc (the backdrop is not a control: the dialog is). */}
      <button type="button" className="palette-dismiss" tabIndex={-1} aria-hidden="true" onClick={onClose} />
      <div className="palette" role="dialog" aria-modal="true" aria-label={title}>
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={hits[active] ? `${listId}-${active}` : undefined}
          aria-label={t("palette.label")}
          placeholder={t("palette.placeholder")}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") onClose();
            else if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, hits.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === "Enter") {
              e.preventDefault();
              if (answered === query) go(hits[active]);
              else enterPending.current = true;
            }
          }}
        />
        <div id={listId} role="listbox" aria-label={t("palette.results")} className="palette-list">
          {hits.map((h, i) => (
            <div
              key={h.key}
              tabIndex={-1}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => {
                e.preventDefault();
                go(h);
              }}
            >
              <span className="palette-label">{h.label}</span>
              <span className="palette-detail">{h.detail}</span>
            </div>
          ))}
        </div>
        {query.trim() && hits.length === 0 && <p className="palette-empty">{t("palette.none", { q: query })}</p>}
        <p className="palette-hint">{t("palette.hint")}</p>
      </div>
    </div>
  );
}
