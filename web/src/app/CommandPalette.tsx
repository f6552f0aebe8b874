import { type CollectionName, canReadCollection, contactName, type FieldSettings, type Lang } from "@crm/schema";
import type { TFunction } from "i18next";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation } from "wouter";
import { langOf } from "../data/columns.js";
import { download, exportCsv, exportVCards, fileName } from "../data/exportFile.js";
import type { KeyIn } from "../i18n/keys.js";
import type { CrmDatabase, Row } from "../local/db.js";
import { matchesWords, searchWords, splitLongest } from "../local/search.js";
import { useRuntime } from "../runtime/context.js";
import { type Person, usePeople } from "../runtime/people.js";
import { useSession } from "../runtime/session.js";
import { useSettings } from "../sales/useSettings.js";
import { entryLabel, findEntries, PALETTE_ENTRIES, type PaletteEntry } from "./paletteEntries.js";

/*
 * Ctrl/⌘+K: one box that finds any record (by the same word-prefix index the lists use, across
 * every record type this role may read) and any screen, settings section or action
 * (paletteEntries.ts). Arrow keys move, Enter opens, Esc closes. Everything comes from the local
 * database: it answers offline, as fast as typing.
 */

type Hit = { key: string; label: string; detail: string; href?: string; entry?: PaletteEntry };

/** Searchable record types: where a record opens and how it is named. */
const SEARCHED: {
  collection: CollectionName & KeyIn<"palette.types">;
  path: string;
  label(r: Record<string, unknown>): string;
}[] = [
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
  const { t, i18n } = useTranslation();
  const { db } = useRuntime();
  const { workspace } = useSession();
  const people = usePeople();
  const settings = useSettings();
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

  // Screens, settings and actions this role may use, with their words in both languages.
  const entries = useMemo(() => {
    const en = i18n.getFixedT("en");
    return PALETTE_ENTRIES.filter((e) => !e.allowed || e.allowed(workspace.role)).map((e) => {
      const hit: Hit = { key: e.key, label: entryLabel(t, e), detail: t(`palette.kinds.${e.kind}`), entry: e };
      if (e.href) hit.href = e.href;
      const words = e.words ? `${t(e.words)} ${en(e.words)}` : "";
      return { e, hit, text: { label: hit.label, english: entryLabel(en, e), words: `${hit.detail} ${words}` } };
    });
  }, [t, i18n, workspace.role]);
  const findScreens = (q: string): Hit[] => {
    const byEntry = new Map(entries.map((x) => [x.e, x]));
    return findEntries(
      entries.map((x) => x.e),
      q,
      (e) => byEntry.get(e)!.text,
    ).map((e) => byEntry.get(e)!.hit);
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: `go` only closes the palette and navigates; `findScreens` reads `entries`
  useEffect(() => {
    const words = query.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    const screens = findScreens(query);
    if (!words.length) {
      setHits(screens);
      setActive(0);
      setAnswered(query);
      return;
    }
    let stale = false;
    const [first, rest] = splitLongest(searchWords(query));
    void (async () => {
      const found: Hit[] = [...screens];
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
  }, [query, db, entries, t, workspace.role]);

  function go(hit: Hit | undefined) {
    if (!hit) return;
    onClose();
    const exports = hit.entry?.exports;
    if (exports) return void runExport(db, exports, t, langOf(i18n.language), people, settings);
    if (hit.href) navigate(hit.href);
    if (hit.entry?.anchor) reveal(hit.entry.anchor);
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

async function runExport(
  db: CrmDatabase,
  what: NonNullable<PaletteEntry["exports"]>,
  t: TFunction,
  lang: Lang,
  people: readonly Person[],
  settings: FieldSettings,
): Promise<void> {
  if (what.format === "vcard")
    return download(fileName("contacts", "vcf"), await exportVCards(db), "text/vcard;charset=utf-8");
  download(
    fileName(what.collection, "csv"),
    await exportCsv(db, what.collection, lang, t, people, settings),
    "text/csv;charset=utf-8",
  );
}

/**
 * Brings a section further down a page into view and focus once the page has drawn it (the page
 * may load its chunk and data first); gives up after a few seconds, e.g. when it is not shown.
 */
function reveal(id: string, until = performance.now() + 5000): void {
  const el = document.getElementById(id);
  if (el) {
    el.scrollIntoView({ block: "start" });
    el.focus({ preventScroll: true });
  } else if (performance.now() < until) requestAnimationFrame(() => reveal(id, until));
}
