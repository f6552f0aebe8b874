import { type CollectionName, canReadCollection, canWriteCollection, type Role } from "@crm/schema";
import type { TFunction } from "i18next";
import type { Key, KeyIn } from "../i18n/keys.js";

/*
 * Everything Ctrl/⌘+K can go to or do besides opening a record: every screen and tab, every
 * settings section, "New …" for every record type, and exports. One table, so a new screen is one
 * line here; labels are the words the screens themselves use (their i18n keys), so the palette
 * finds "Price book" or "价格表" exactly as the tab reads.
 */

export type EntryKind = "screen" | "action" | "setting";

export interface PaletteEntry {
  key: string;
  kind: EntryKind;
  /** i18n key of the label (with `labelArgs`). */
  label: Key;
  labelArgs?: { type: Key };
  /** i18n key of other words that find it ("deleted" finds the trash). */
  words?: Key;
  /** Where it goes; an export has none (it runs in place). */
  href?: string;
  /** An element to bring into view once there (a section further down the page). */
  anchor?: string;
  /** Exports the collection's records to CSV (or contacts to vCard). */
  exports?: { collection: CollectionName; format: "csv" | "vcard" };
  /** Shown to the top-level list (empty query): the app's main sections. */
  top?: boolean;
  /** Who may use it. */
  allowed?(role: Role): boolean;
}

const admin = (role: Role) => role === "owner" || role === "admin";
const reads = (c: CollectionName) => (role: Role) => canReadCollection(role, c);
const writes = (c: CollectionName) => (role: Role) => canWriteCollection(role, c);

const screen = (key: string, label: Key, href: string, more: Partial<PaletteEntry> = {}): PaletteEntry => ({
  key: `screen:${key}`,
  kind: "screen",
  label,
  href,
  ...more,
});
const create = (c: CollectionName, label: Key, href = `/${c}/new`): PaletteEntry => ({
  key: `new:${c}`,
  kind: "action",
  label,
  href,
  allowed: writes(c),
});

/** Collections a person can export from the palette, named by `data.types.*`. */
const EXPORTED: (CollectionName & KeyIn<"data.types">)[] = [
  "accounts",
  "contacts",
  "leads",
  "opportunities",
  "products",
  "quotes",
  "orders",
  "cases",
  "activities",
];

export const PALETTE_ENTRIES: readonly PaletteEntry[] = [
  screen("accounts", "nav.accounts", "/accounts", { top: true, allowed: reads("accounts") }),
  screen("contacts", "nav.contacts", "/contacts", { top: true, allowed: reads("contacts") }),
  screen("sales", "nav.sales", "/pipeline", {
    top: true,
    words: "palette.words.deals",
    allowed: reads("opportunities"),
  }),
  screen("leads", "sales.nav.leads", "/leads", { allowed: reads("leads") }),
  screen("pipeline", "sales.nav.pipeline", "/pipeline", {
    words: "palette.words.deals",
    allowed: reads("opportunities"),
  }),
  screen("forecast", "sales.pipeline.forecast", "/pipeline", { anchor: "forecast", allowed: reads("opportunities") }),
  screen("quotes", "sales.nav.quotes", "/quotes", { allowed: reads("quotes") }),
  screen("orders", "sales.nav.orders", "/orders", { allowed: reads("orders") }),
  screen("products", "sales.nav.products", "/products", {
    words: "palette.words.products",
    allowed: reads("products"),
  }),
  screen("cases", "nav.cases", "/cases", { top: true, allowed: reads("cases") }),
  screen("attention", "service.views.attention", "/cases/attention", {
    words: "palette.words.attention",
    allowed: reads("cases"),
  }),
  screen("inbox", "nav.inbox", "/inbox", { allowed: reads("cases") }),
  screen("activities", "nav.activities", "/activities", { top: true, allowed: reads("activities") }),
  screen("analytics", "nav.analytics", "/analytics", { top: true }),
  screen("sql", "analytics.tabs.sql", "/analytics/sql", { words: "palette.words.sql" }),
  screen("data", "nav.data", "/data", { top: true }),
  screen("import", "data.tabs.import", "/data/import", {
    words: "palette.words.import",
    allowed: (role) => role !== "viewer",
  }),
  screen("duplicates", "data.tabs.duplicates", "/data/duplicates", { words: "palette.words.duplicates" }),
  screen("trash", "data.tabs.trash", "/data/trash", { words: "palette.words.trash" }),
  screen("team", "nav.team", "/team", { top: true, words: "palette.words.team", allowed: admin }),
  screen("tokens", "team.tokens", "/team/tokens", { allowed: admin }),
  screen("audit", "team.audit", "/team/audit", { allowed: admin }),
  screen("api", "apiDocs.title", "/team/api", { allowed: admin }),
  screen("settings", "nav.settings", "/settings", { top: true }),
  screen("me", "calendar.open", "/me", { words: "calendar.words" }),
  { key: "setting:general", kind: "setting", label: "settings.tabs.general", href: "/settings/general" },
  { key: "setting:pipeline", kind: "setting", label: "settings.tabs.pipeline", href: "/settings/pipeline" },
  { key: "setting:scoring", kind: "setting", label: "settings.tabs.scoring", href: "/settings/scoring" },
  { key: "setting:sla", kind: "setting", label: "settings.tabs.sla", href: "/settings/sla" },
  create("accounts", "accounts.new"),
  create("contacts", "contacts.new"),
  create("leads", "sales.leads.new"),
  { ...create("opportunities", "sales.pipeline.new"), words: "palette.words.deals" },
  create("quotes", "sales.quotes.new"),
  create("products", "sales.products.new"),
  create("cases", "service.new"),
  create("activities", "activities.new"),
  { key: "new:workspace", kind: "action", label: "workspace.newTitle", href: "/workspaces/new" },
  ...EXPORTED.map(
    (c): PaletteEntry => ({
      key: `export:${c}`,
      kind: "action",
      label: "palette.exportCsv",
      labelArgs: { type: `data.types.${c}` },
      exports: { collection: c, format: "csv" },
      allowed: reads(c),
    }),
  ),
  {
    key: "export:vcard",
    kind: "action",
    label: "data.export.vcard",
    exports: { collection: "contacts", format: "vcard" },
    allowed: reads("contacts"),
  },
];

/** An entry's label in the language `t` speaks. */
export function entryLabel(t: TFunction, e: PaletteEntry): string {
  return t(e.label, e.labelArgs ? { type: t(e.labelArgs.type) } : {});
}

/**
 * The entries a query finds: every word in the label (in the reader's language or in English, so
 * "trash" finds 回收站 too) or in the entry's extra words. Labels that start with the query come
 * first, then the table's order. An empty query lists the main sections.
 */
export function findEntries(
  entries: readonly PaletteEntry[],
  query: string,
  text: (e: PaletteEntry) => { label: string; english: string; words: string },
): PaletteEntry[] {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return entries.filter((e) => e.top);
  const words = q.split(/\s+/);
  const scored: { e: PaletteEntry; rank: number; i: number }[] = [];
  entries.forEach((e, i) => {
    const { label, english, words: extra } = text(e);
    const haystack = `${label} ${english} ${extra}`.toLocaleLowerCase();
    if (!words.every((w) => haystack.includes(w))) return;
    const starts = label.toLocaleLowerCase().startsWith(q) || english.toLocaleLowerCase().startsWith(q);
    scored.push({ e, rank: starts ? 0 : 1, i });
  });
  return scored.sort((a, b) => a.rank - b.rank || a.i - b.i).map((s) => s.e);
}
