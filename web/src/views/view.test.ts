import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { columnOptions, defaultColumnsOf, shownColumns } from "./columns.js";
import { compileFilter } from "./filter.js";
import { orderEntries, runInMemory, sortSliced } from "./runView.js";
import {
  createSavedView,
  deleteSavedView,
  listSavedViews,
  renameSavedView,
  updateSavedView,
  viewsMap,
} from "./saved.js";
import { checkView, defaultView, rowsKey, sameView, type View, viewOnScreen } from "./view.js";

const ctx = { me: { id: "u1", name: "Ada Admin" }, now: Date.parse("2026-03-10T12:00:00Z") };
const row = (id: string, fields: Record<string, unknown>) => ({ id, sortKey: id, terms: [], ...fields });
const accounts = [
  row("a", { name: "Acme", status: "customer", industry: "Retail", owner: "u1", createdAt: ctx.now - 2 * 86_400_000 }),
  row("b", { name: "Bolt", status: "prospect", industry: "", owner: "", createdAt: ctx.now - 40 * 86_400_000 }),
  row("c", { name: "Cobalt", status: "churned", industry: "Retail", owner: "Ada Admin", createdAt: ctx.now }),
];
const ids = (view: View) => runInMemory("accounts", view, accounts, ctx).map((e) => e.id);

describe("views: filter, sort, group", () => {
  it("filters by operator and kind; every filter must hold", () => {
    expect(ids({ ...defaultView, filters: [{ field: "status", op: "isNot", value: "prospect" }] })).toEqual(["a", "c"]);
    expect(ids({ ...defaultView, filters: [{ field: "name", op: "contains", value: "O" }] })).toEqual(["b", "c"]);
    expect(ids({ ...defaultView, filters: [{ field: "industry", op: "empty", value: "" }] })).toEqual(["b"]);
    expect(ids({ ...defaultView, filters: [{ field: "createdAt", op: "withinDays", value: "7" }] })).toEqual([
      "a",
      "c",
    ]);
    expect(ids({ ...defaultView, filters: [{ field: "createdAt", op: "before", value: "2026-03-01" }] })).toEqual([
      "b",
    ]);
    expect(
      ids({
        ...defaultView,
        filters: [
          { field: "industry", op: "is", value: "retail" },
          { field: "status", op: "is", value: "churned" },
        ],
      }),
    ).toEqual(["c"]);
  });

  it("an owner is a person: filtered by who it is, grouped by person, and views saved with “contains” still read", () => {
    expect(ids({ ...defaultView, filters: [{ field: "owner", op: "is", value: "u1" }] })).toEqual(["a"]);
    expect(ids({ ...defaultView, filters: [{ field: "owner", op: "isNot", value: "u1" }] })).toEqual(["b", "c"]);
    expect(ids({ ...defaultView, filters: [{ field: "owner", op: "empty", value: "" }] })).toEqual(["b"]);
    expect(checkView("accounts", { ...defaultView, groupBy: "owner" }).ok).toBe(true);
    expect(checkView("cases", { ...defaultView, groupBy: "assignee" }).ok).toBe(true);
    expect(
      checkView("leads", { ...defaultView, filters: [{ field: "owner", op: "contains", value: "dana" }] }).ok,
    ).toBe(true);
    expect(checkView("leads", { ...defaultView, filters: [{ field: "owner", op: "gt", value: "1" }] }).ok).toBe(false);
  });

  it("“mine” matches the person's id or their name as typed", () => {
    expect(ids({ ...defaultView, mine: true })).toEqual(["a", "c"]);
    expect(compileFilter("products", { filters: [], mine: true }, ctx)).toBeNull(); // products have no owner
  });

  it("sorts by a field (enums in declared order, empty last) and groups with the empty group last", () => {
    expect(ids({ ...defaultView, sort: { field: "status", dir: "asc" } })).toEqual(["b", "a", "c"]);
    expect(ids({ ...defaultView, sort: { field: "industry", dir: "desc" } })).toEqual(["a", "c", "b"]);
    const grouped = runInMemory("accounts", { ...defaultView, groupBy: "industry" }, accounts, ctx);
    expect(grouped.map((e) => [e.g, e.id])).toEqual([
      ["Retail", "a"],
      ["Retail", "c"],
      ["", "b"],
    ]);
    // Enum groups come in their declared order (prospect → customer → churned), not alphabetically.
    expect(ids({ ...defaultView, groupBy: "status" })).toEqual(["b", "a", "c"]);
    expect(orderEntries([], defaultView)).toEqual([]);
  });

  it("refuses a malformed view, naming the path", () => {
    const bad = checkView("accounts", { ...defaultView, filters: [{ field: "secret", op: "is", value: "x" }] });
    expect(bad).toMatchObject({ ok: false, issues: [{ path: "filters.0.field" }] });
    const badValue = checkView("accounts", {
      ...defaultView,
      filters: [{ field: "createdAt", op: "before", value: "soon" }],
    });
    expect(badValue).toMatchObject({ ok: false, issues: [{ path: "filters.0.value", message: "date" }] });
    expect(checkView("accounts", { filters: "all" })).toMatchObject({ ok: false });
    expect(checkView("products", { ...defaultView, mine: true })).toMatchObject({
      ok: false,
      issues: [{ path: "mine" }],
    });
    expect(checkView("accounts", { ...defaultView, groupBy: "name" })).toMatchObject({ ok: false });
  });
});

describe("the view spec: columns, and views saved before them", () => {
  it("columns: listable fields, computed columns and custom keys, each once; nothing else", () => {
    expect(checkView("accounts", { ...defaultView, columns: ["status", "churnedAt", "createdBy"] }).ok).toBe(true);
    expect(checkView("cases", { ...defaultView, columns: ["sla", "priority"] }).ok).toBe(true);
    expect(checkView("quotes", { ...defaultView, columns: ["total"] }).ok).toBe(true);
    expect(checkView("accounts", { ...defaultView, columns: ["sla"] })).toMatchObject({
      ok: false,
      issues: [{ path: "columns.0" }],
    });
    expect(checkView("accounts", { ...defaultView, columns: ["status", "status"] })).toMatchObject({
      ok: false,
      issues: [{ path: "columns.1" }],
    });
    // Not listable (long text, an id) or not a field at all.
    expect(checkView("products", { ...defaultView, columns: ["description"] }).ok).toBe(false);
    expect(checkView("accounts", { ...defaultView, columns: ["id"] }).ok).toBe(false);
    expect(checkView("accounts", { ...defaultView, columns: ["secret"] }).ok).toBe(false);
    expect(checkView("accounts", { ...defaultView, columns: ["cfTier"] }).ok).toBe(true);
    expect(checkView("accounts", { ...defaultView, columns: "status" }).ok).toBe(false);
  });

  it("default columns come from the descriptors; the title column's fields are not offered again", () => {
    expect(defaultColumnsOf("accounts")).toEqual(["industry", "phone", "email", "status", "owner"]);
    expect(defaultColumnsOf("contacts")).toEqual(["email", "phone", "title", "accountId"]);
    expect(defaultColumnsOf("cases")).toEqual(["accountId", "status", "priority", "sla", "channel", "assignee"]);
    expect(defaultColumnsOf("quotes")).toEqual(["accountId", "status", "total", "validUntil"]);
    expect(defaultColumnsOf("activities")).toEqual(["kind", "dueAt", "done", "relatedId", "owner"]);
    const offered = columnOptions("contacts").map((o) => o.key);
    expect(offered).not.toContain("firstName");
    expect(offered).toContain("createdAt");
    // A chosen column that is no longer offered (a retired or unknown custom field) is not drawn.
    expect(shownColumns("accounts", ["cfGone", "status"])).toEqual(["status"]);
    expect(shownColumns("accounts", undefined)).toEqual(defaultColumnsOf("accounts"));
  });

  it("views saved before columns, picklists and people still read, and keep the columns on screen", () => {
    // As fields.ts's table wrote them: industry and stage were text, owners matched by text,
    // a product's "active" and an activity's "done" were choices of "true"/"false".
    const old = [
      ["accounts", { filters: [{ field: "industry", op: "is", value: "retail" }], mine: true, query: "" }],
      ["opportunities", { filters: [{ field: "stage", op: "contains", value: "nego" }], mine: false, query: "" }],
      ["leads", { filters: [{ field: "owner", op: "contains", value: "dana" }], mine: false, query: "" }],
      ["products", { filters: [{ field: "active", op: "is", value: "true" }], mine: false, query: "" }],
      [
        "activities",
        { filters: [{ field: "done", op: "is", value: "false" }], groupBy: "kind", mine: true, query: "" },
      ],
      ["orders", { filters: [{ field: "orderedAt", op: "withinDays", value: "30" }], mine: false, query: "" }],
      ["cases", { filters: [{ field: "openedAt", op: "before", value: "2026-01-01" }], mine: true, query: "" }],
    ] as const;
    for (const [collection, spec] of old) expect(checkView(collection, spec).ok, collection).toBe(true);

    const mine: View = { ...defaultView, columns: ["status", "owner"] };
    const saved: View = { ...defaultView, filters: [{ field: "status", op: "is", value: "customer" }] };
    const onScreen = viewOnScreen(saved, mine);
    expect(onScreen.columns).toEqual(["status", "owner"]);
    expect(sameView(saved, onScreen)).toBe(true);
    // A saved view with its own columns brings them, and differs once they change.
    const withColumns: View = { ...saved, columns: ["industry"] };
    expect(viewOnScreen(withColumns, mine).columns).toEqual(["industry"]);
    expect(sameView(withColumns, { ...withColumns, columns: ["industry", "owner"] })).toBe(false);
    expect(viewOnScreen(defaultView, mine)).toEqual({ ...defaultView, columns: ["status", "owner"] });
    // Columns never change which rows a view finds (no new scan).
    expect(rowsKey(withColumns)).toBe(rowsKey(saved));
  });
});

describe("saved views (one Yjs document per workspace)", () => {
  const view: View = { ...defaultView, filters: [{ field: "status", op: "is", value: "customer" }] };

  it("creates, renames, updates and deletes; peers converge", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.on("update", (u: Uint8Array) => Y.applyUpdate(b, u));
    const id = createSavedView(a, { collection: "accounts", name: " Customers ", view, createdBy: "u1", now: 1 });
    expect(listSavedViews(b, "accounts").views).toMatchObject([{ id, name: "Customers", view }]);
    expect(listSavedViews(b, "contacts").views).toEqual([]);
    renameSavedView(a, id, "Paying", 2);
    updateSavedView(a, id, { ...view, groupBy: "industry" }, 3);
    expect(listSavedViews(b, "accounts").views[0]).toMatchObject({ name: "Paying", view: { groupBy: "industry" } });
    deleteSavedView(a, id, 4);
    expect(listSavedViews(b, "accounts").views).toEqual([]);
  });

  it("carries the columns a teammate opens; a stored entry without columns still lists", () => {
    const doc = new Y.Doc();
    const id = createSavedView(doc, {
      collection: "accounts",
      name: "Wide",
      view: { ...view, columns: ["owner", "cfTier", "status"] },
      createdBy: "u1",
      now: 1,
    });
    expect(listSavedViews(doc, "accounts").views.find((v) => v.id === id)?.view.columns).toEqual([
      "owner",
      "cfTier",
      "status",
    ]);
    viewsMap(doc).set(
      "old",
      new Y.Map<unknown>([
        ["collection", "accounts"],
        ["name", "Old"],
        ["spec", { filters: [{ field: "status", op: "is", value: "customer" }], mine: false, query: "" }],
        ["createdBy", "u"],
        ["createdAt", 1],
      ]),
    );
    const old = listSavedViews(doc, "accounts").views.find((v) => v.id === "old");
    expect(old?.view.columns).toBeUndefined();
    expect(() =>
      createSavedView(doc, {
        collection: "accounts",
        name: "Bad",
        view: { ...view, columns: ["nope"] },
        createdBy: "u",
        now: 1,
      }),
    ).toThrow(/columns.0/);
  });

  it("refuses to save a bad view or name, and skips a malformed stored entry", () => {
    const doc = new Y.Doc();
    expect(() => createSavedView(doc, { collection: "accounts", name: " ", view, createdBy: "u", now: 1 })).toThrow(
      /name/,
    );
    expect(() =>
      createSavedView(doc, {
        collection: "accounts",
        name: "x",
        view: { ...view, sort: { field: "nope", dir: "asc" } },
        createdBy: "u",
        now: 1,
      }),
    ).toThrow(/sort.field/);
    viewsMap(doc).set(
      "junk",
      new Y.Map<unknown>([
        ["collection", "accounts"],
        ["name", "Junk"],
        ["spec", { filters: 3 }],
        ["createdBy", "u"],
        ["createdAt", 1],
      ]),
    );
    createSavedView(doc, { collection: "accounts", name: "Good", view, createdBy: "u", now: 1 });
    const listed = listSavedViews(doc, "accounts");
    expect(listed.views.map((v) => v.name)).toEqual(["Good"]);
    expect(listed.problems[0]).toMatch(/junk: filters/);
  });
});

describe("sortSliced (the yielding merge sort of big results)", () => {
  it("sorts like Array.sort, stably, across many runs", async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const items = Array.from({ length: 20_000 }, (_, i) => ({ v: Math.floor(random() * 500), i }));
    const cmp = (a: { v: number }, b: { v: number }) => a.v - b.v;
    const expected = [...items].sort(cmp);
    const sorted = await sortSliced([...items], cmp, new AbortController().signal);
    expect(sorted).toEqual(expected);
    const aborted = new AbortController();
    aborted.abort();
    expect(await sortSliced([3, 1, 2], (a, b) => a - b, aborted.signal)).toEqual([1, 2, 3]); // small: no pause
  });
});
