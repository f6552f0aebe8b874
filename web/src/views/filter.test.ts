import { addCustomField, type CollectionName, defaultSettings, type FieldSettings } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { compileFilter, type MatchContext } from "./filter.js";
import { runInMemory } from "./runView.js";
import { checkView, defaultView, type Filter, type View, valueProblem } from "./view.js";
import { findField, operatorsFor } from "./viewFields.js";

/*
 * Filters compiled from the descriptors, one kind at a time, custom fields included: the same
 * predicate the paged scan and the in-memory lists run.
 */

const DAY = 86_400_000;
const now = Date.parse("2026-03-10T12:00:00Z");
const people: Record<string, string> = { u1: "Ada Admin", u2: "Bo Editor", u3: "Zed Zimmer" };
const ctx: MatchContext = { me: { id: "u1", name: "Ada Admin" }, now, personName: (id) => people[id] ?? id };

const row = (id: string, fields: Record<string, unknown>) => ({ id, sortKey: id, terms: [], ...fields });

function match(collection: CollectionName, rows: ReturnType<typeof row>[], f: Filter, c: MatchContext = ctx) {
  const test = compileFilter(collection, { filters: [f], mine: false }, c);
  expect(test, `${f.field} ${f.op} compiles`).not.toBeNull();
  return rows.filter((r) => test!(r)).map((r) => r.id);
}
const ids = (collection: CollectionName, rows: ReturnType<typeof row>[], view: Partial<View>, c = ctx) =>
  runInMemory(collection, { ...defaultView, ...view }, rows, c).map((e) => e.id);

describe("filters by kind", () => {
  const accounts = [
    row("a", { name: "Acme", phone: "+493012345678", industry: "Retail", status: "customer", owner: "u1" }),
    row("b", { name: "Bolt", phone: "", industry: "", status: "prospect", owner: "u2" }),
    row("c", { name: "Cobalt", phone: "+14155550100", industry: "retail shops", status: "churned", owner: "" }),
  ];

  it("text: contains, is (any case), is not, empty; a phone by its digits however typed", () => {
    expect(match("accounts", accounts, { field: "name", op: "contains", value: "O" })).toEqual(["b", "c"]);
    expect(match("accounts", accounts, { field: "name", op: "is", value: "acme" })).toEqual(["a"]);
    expect(match("accounts", accounts, { field: "name", op: "isNot", value: "acme" })).toEqual(["b", "c"]);
    expect(match("accounts", accounts, { field: "phone", op: "empty", value: "" })).toEqual(["b"]);
    expect(match("accounts", accounts, { field: "phone", op: "contains", value: "030 1234" })).toEqual(["a"]);
    expect(match("accounts", accounts, { field: "phone", op: "contains", value: "(415) 555" })).toEqual(["c"]);
  });

  it("picklist: is, is not, any of, empty — and an open list's typed text, and “contains” of views saved before it was a list", () => {
    expect(operatorsFor(findField("accounts", "status")!)).toEqual(["is", "isNot", "anyOf", "empty", "notEmpty"]);
    expect(match("accounts", accounts, { field: "status", op: "is", value: "customer" })).toEqual(["a"]);
    expect(match("accounts", accounts, { field: "status", op: "isNot", value: "customer" })).toEqual(["b", "c"]);
    expect(
      match("accounts", accounts, { field: "status", op: "anyOf", value: "", values: ["customer", "churned"] }),
    ).toEqual(["a", "c"]);
    expect(match("accounts", accounts, { field: "industry", op: "is", value: "retail" })).toEqual(["a"]);
    expect(match("accounts", accounts, { field: "industry", op: "empty", value: "" })).toEqual(["b"]);
    expect(
      checkView("accounts", { ...defaultView, filters: [{ field: "industry", op: "contains", value: "ret" }] }).ok,
    ).toBe(true);
    expect(match("accounts", accounts, { field: "industry", op: "contains", value: "ret" })).toEqual(["a", "c"]);
    expect(valueProblem(findField("accounts", "status"), "anyOf", "", [])).toBe("choices");
  });

  it("person: is me (whoever reads the view), is someone, is not, empty", () => {
    expect(match("accounts", accounts, { field: "owner", op: "is", value: "@me" })).toEqual(["a"]);
    const bo = { ...ctx, me: { id: "u2", name: "Bo Editor" } };
    expect(match("accounts", accounts, { field: "owner", op: "is", value: "@me" }, bo)).toEqual(["b"]);
    expect(match("accounts", accounts, { field: "owner", op: "is", value: "u2" })).toEqual(["b"]);
    expect(match("accounts", accounts, { field: "owner", op: "isNot", value: "u2" })).toEqual(["a", "c"]);
    expect(match("accounts", accounts, { field: "owner", op: "empty", value: "" })).toEqual(["c"]);
    // Grouped by person: groups in the order of the people's names, nobody last.
    const grouped = runInMemory("accounts", { ...defaultView, groupBy: "owner" }, accounts, ctx);
    expect(grouped.map((e) => e.g)).toEqual(["u1", "u2", ""]);
  });

  const deals = [
    row("d1", { name: "One", amount: 500, probability: 10, closeDate: "2026-03-10", accountId: "a", owner: "u1" }),
    row("d2", { name: "Two", amount: 1500, probability: 60, closeDate: "2026-03-20", accountId: "b", owner: "u3" }),
    row("d3", { name: "Three", amount: 2500, probability: 90, closeDate: "", accountId: "", owner: "u2" }),
  ];

  it("money and percent: greater, less, equal, between (bounds included)", () => {
    expect(match("opportunities", deals, { field: "amount", op: "gt", value: "1000" })).toEqual(["d2", "d3"]);
    expect(match("opportunities", deals, { field: "amount", op: "lt", value: "1000" })).toEqual(["d1"]);
    expect(match("opportunities", deals, { field: "probability", op: "is", value: "60" })).toEqual(["d2"]);
    expect(
      match("opportunities", deals, { field: "amount", op: "between", value: "", values: ["500", "1500"] }),
    ).toEqual(["d1", "d2"]);
    expect(valueProblem(findField("opportunities", "amount"), "between", "", ["9", "1"])).toBe("range");
    expect(valueProblem(findField("opportunities", "amount"), "gt", "lots")).toBe("number");
  });

  it("a calendar day: before, after, between, the last and the next days counted by day", () => {
    expect(match("opportunities", deals, { field: "closeDate", op: "before", value: "2026-03-11" })).toEqual(["d1"]);
    expect(match("opportunities", deals, { field: "closeDate", op: "after", value: "2026-03-10" })).toEqual(["d2"]);
    expect(
      match("opportunities", deals, {
        field: "closeDate",
        op: "between",
        value: "",
        values: ["2026-03-10", "2026-03-20"],
      }),
    ).toEqual(["d1", "d2"]);
    // Today's close date is within the next 7 days (today counts) and within the last 7 days.
    expect(match("opportunities", deals, { field: "closeDate", op: "nextDays", value: "7" })).toEqual(["d1"]);
    expect(match("opportunities", deals, { field: "closeDate", op: "nextDays", value: "10" })).toEqual(["d1", "d2"]);
    expect(match("opportunities", deals, { field: "closeDate", op: "withinDays", value: "7" })).toEqual(["d1"]);
    expect(match("opportunities", deals, { field: "closeDate", op: "empty", value: "" })).toEqual(["d3"]);
  });

  it("a reference: is the record picked, empty; not sortable", () => {
    expect(match("opportunities", deals, { field: "accountId", op: "is", value: "b" })).toEqual(["d2"]);
    expect(match("opportunities", deals, { field: "accountId", op: "empty", value: "" })).toEqual(["d3"]);
    expect(checkView("opportunities", { ...defaultView, sort: { field: "accountId", dir: "asc" } }).ok).toBe(false);
  });

  it("moments and yes/no: activities due in the next days, done or not", () => {
    const acts = [
      row("t1", { subject: "Call", dueAt: now + 2 * DAY, done: false, createdAt: now - 3 * DAY }),
      row("t2", { subject: "Mail", dueAt: now - 2 * DAY, done: true, createdAt: now - 30 * DAY }),
      row("t3", { subject: "Meet", dueAt: null, done: false, createdAt: now }),
    ];
    expect(match("activities", acts, { field: "dueAt", op: "nextDays", value: "3" })).toEqual(["t1"]);
    expect(match("activities", acts, { field: "dueAt", op: "withinDays", value: "3" })).toEqual(["t2"]);
    expect(match("activities", acts, { field: "createdAt", op: "withinDays", value: "7" })).toEqual(["t1", "t3"]);
    expect(match("activities", acts, { field: "done", op: "is", value: "true" })).toEqual(["t2"]);
    expect(match("activities", acts, { field: "done", op: "is", value: "false" })).toEqual(["t1", "t3"]);
    expect(valueProblem(findField("activities", "done"), "is", "maybe")).toBe("choice");
    // Yes/no groups: "true"/"false", no before yes.
    expect(ids("activities", acts, { groupBy: "done" })).toEqual(["t1", "t3", "t2"]);
  });
});

describe("custom fields filter, sort and group by their kind", () => {
  let fields: ReturnType<typeof addCustomField> = { customFields: {}, picklists: {} };
  fields = addCustomField(
    fields,
    {
      collection: "accounts",
      kind: "picklist",
      label: { en: "Tier", zh: "等级" },
      values: [
        { value: "gold", label: { en: "Gold", zh: "金牌" } },
        { value: "silver", label: { en: "Silver", zh: "银牌" } },
        { value: "bronze", label: { en: "Bronze", zh: "铜牌" } },
      ],
    },
    "tier0001",
  );
  fields = addCustomField(
    fields,
    { collection: "accounts", kind: "number", label: { en: "Seats", zh: "席位" } },
    "seats001",
  );
  fields = addCustomField(
    fields,
    {
      collection: "accounts",
      kind: "multiPicklist",
      label: { en: "Regions", zh: "地区" },
      values: [
        { value: "emea", label: { en: "EMEA", zh: "欧非中东" } },
        { value: "apac", label: { en: "APAC", zh: "亚太" } },
      ],
    },
    "regions01",
  );
  const settings: FieldSettings = { ...defaultSettings(), ...fields };
  const withFields = { ...ctx, settings };
  const accounts = [
    row("a", { name: "Acme", cfTier: "bronze", cfSeats: 12, cfRegions: ["emea"] }),
    row("b", { name: "Bolt", cfTier: "gold", cfSeats: 3, cfRegions: ["apac", "emea"] }),
    row("c", { name: "Cobalt", cfSeats: 40, cfRegions: [] }),
    row("d", { name: "Delta", cfTier: "silver" }),
  ];

  it("are found by their keys, with operators by kind", () => {
    expect(Object.values(fields.customFields).map((d) => d.key)).toEqual(["cfTier", "cfSeats", "cfRegions"]);
    expect(operatorsFor(findField("accounts", "cfTier", settings)!)).toContain("anyOf");
    expect(operatorsFor(findField("accounts", "cfSeats", settings)!)).toContain("between");
    expect(findField("accounts", "cfTier", settings)).toMatchObject({ group: true, sort: true, list: true });
  });

  it("filter: a picklist value, a number, any of a multi-picklist's values", () => {
    expect(match("accounts", accounts, { field: "cfTier", op: "is", value: "gold" }, withFields)).toEqual(["b"]);
    expect(match("accounts", accounts, { field: "cfSeats", op: "gt", value: "10" }, withFields)).toEqual(["a", "c"]);
    expect(
      match("accounts", accounts, { field: "cfRegions", op: "anyOf", value: "", values: ["apac"] }, withFields),
    ).toEqual(["b"]);
    expect(match("accounts", accounts, { field: "cfRegions", op: "empty", value: "" }, withFields)).toEqual(["c", "d"]);
  });

  it("sort in the list's declared order and group by it, nothing last", () => {
    expect(ids("accounts", accounts, { sort: { field: "cfTier", dir: "asc" } }, withFields)).toEqual([
      "b",
      "d",
      "a",
      "c",
    ]);
    expect(ids("accounts", accounts, { sort: { field: "cfSeats", dir: "desc" } }, withFields)).toEqual([
      "c",
      "a",
      "b",
      "d",
    ]);
    const grouped = runInMemory("accounts", { ...defaultView, groupBy: "cfTier" }, accounts, withFields);
    expect(grouped.map((e) => [e.g, e.id])).toEqual([
      ["gold", "b"],
      ["silver", "d"],
      ["bronze", "a"],
      ["", "c"],
    ]);
  });

  it("a saved view may name them; checked by kind once the settings are known", () => {
    const view = { ...defaultView, filters: [{ field: "cfSeats", op: "gt", value: "10" }], groupBy: "cfTier" };
    expect(checkView("accounts", view, settings).ok).toBe(true);
    expect(
      checkView("accounts", { ...defaultView, filters: [{ field: "cfSeats", op: "gt", value: "many" }] }, settings),
    ).toMatchObject({ ok: false, issues: [{ path: "filters.0.value", message: "number" }] });
    expect(checkView("accounts", { ...defaultView, groupBy: "cfSeats" }, settings)).toMatchObject({ ok: false });
    // Before this device has read the settings (or the definition has synced), the view still opens.
    expect(checkView("accounts", view).ok).toBe(true);
    // …and its filters apply by their operator.
    expect(match("accounts", accounts, { field: "cfSeats", op: "gt", value: "10" })).toEqual(["a", "c"]);
    expect(match("accounts", accounts, { field: "cfTier", op: "is", value: "GOLD" })).toEqual(["b"]);
    // A built-in key that does not exist is refused either way.
    expect(checkView("accounts", { ...defaultView, groupBy: "tier" }, settings)).toMatchObject({ ok: false });
  });

  it("a retired field is no longer offered, but a view naming it still validates and filters", () => {
    const def = fields.customFields.tier0001!;
    const retired: FieldSettings = {
      ...settings,
      customFields: { ...fields.customFields, tier0001: { ...def, retired: true } },
    };
    const view = { ...defaultView, filters: [{ field: "cfTier", op: "is", value: "gold" }] };
    expect(checkView("accounts", view, retired).ok).toBe(true);
    expect(match("accounts", accounts, view.filters[0] as Filter, { ...ctx, settings: retired })).toEqual(["b"]);
  });
});
