import {
  addCustomField,
  type CollectionName,
  defaultSettings,
  recordTypes,
  snakeCase,
  sqlColumnsOf,
  sqlReservedWords,
  type WorkspaceSettings,
} from "@crm/schema";
import type { DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWasm, wasmIpc, wasmRows } from "../test-support/wasm.js";
import { loadWorkspace, tableLoads } from "./load.js";
import { copyWorkspace, createMetricViews } from "./metrics.js";
import { recordTable, tablesFor } from "./specs.js";

/*
 * The analytics tables are schema's field descriptors: every column a record type's table has is
 * the one its field's descriptor names, with its type — custom fields included, named by the key
 * without "cf" (`cfTier` → `tier`), `cf_…` where that is a built-in column or a reserved word.
 */

/** A workspace whose admins added custom fields to accounts (and one to contacts). */
function workspace(): WorkspaceSettings {
  let s = defaultSettings();
  const add = (field: Parameters<typeof addCustomField>[1], id: string) => {
    s = { ...s, ...addCustomField(s, field, id) };
  };
  add(
    {
      collection: "accounts",
      kind: "picklist",
      label: { en: "Tier", zh: "等级" },
      values: [
        { value: "gold", label: { en: "Gold", zh: "金牌" } },
        { value: "silver", label: { en: "Silver", zh: "银牌" } },
      ],
    },
    "f-tier",
  );
  add({ collection: "accounts", kind: "text", label: { en: "Name", zh: "别名" } }, "f-name");
  add(
    {
      collection: "accounts",
      kind: "multiPicklist",
      label: { en: "Regions", zh: "区域" },
      values: [
        { value: "emea", label: { en: "EMEA", zh: "欧洲中东非洲" } },
        { value: "apac", label: { en: "APAC", zh: "亚太" } },
      ],
    },
    "f-regions",
  );
  add({ collection: "accounts", kind: "date", label: { en: "Renewal", zh: "续约日期" } }, "f-renew");
  add({ collection: "accounts", kind: "boolean", label: { en: "Strategic", zh: "战略客户" } }, "f-strat");
  add({ collection: "accounts", kind: "money", label: { en: "Order", zh: "预算" } }, "f-order");
  add({ collection: "contacts", kind: "person", label: { en: "Assistant", zh: "助理" } }, "f-asst");
  return s;
}

const settings = workspace();
const collections = Object.keys(recordTypes) as CollectionName[];

describe("the record tables", () => {
  it("have exactly the descriptors' columns and types, the id first and the stamps last", () => {
    for (const withSettings of [undefined, settings])
      for (const c of collections) {
        const table = recordTable(c, withSettings);
        expect(table.name, c).toBe(snakeCase(c));
        const described = sqlColumnsOf(c, withSettings).map((col) => `${col.column} ${col.type}`);
        const columns = table.columns.map((col) => `${col.name} ${col.type}`);
        expect([...columns].sort(), c).toEqual([...described].sort());
        expect(columns[0]).toBe("id VARCHAR");
        expect(columns.slice(-4).map((x) => x.split(" ")[0])).toEqual([
          "created_at",
          "created_by",
          "updated_at",
          "updated_by",
        ]);
      }
  });

  it("name custom fields by their key without cf, cf_ where the name is taken or reserved", () => {
    const columns = Object.fromEntries(recordTable("accounts", settings).columns.map((c) => [c.name, c.type]));
    expect(columns).toMatchObject({
      name: "VARCHAR",
      tier: "VARCHAR",
      cf_name: "VARCHAR",
      regions: "VARCHAR[]",
      renewal: "DATE",
      strategic: "BOOLEAN",
      cf_order: "DOUBLE",
    });
    expect(recordTable("contacts", settings).columns.map((c) => c.name)).toContain("assistant");
    expect(recordTable("accounts").columns.map((c) => c.name)).not.toContain("tier");
    expect(tablesFor(settings).map((t) => t.name)).toEqual(tablesFor().map((t) => t.name));
  });
});

describe("custom columns in DuckDB", () => {
  let conn: DuckDBConnection;
  const at = Date.UTC(2026, 0, 1);
  const stamp = { createdAt: at, createdBy: "u", updatedAt: at, updatedBy: "u" };
  const accounts = [
    { id: "a1", name: "Acme", status: "customer", cfTier: "gold", cfName: "ACME", cfRegions: ["emea", "apac"] },
    { id: "a2", name: "Globex", status: "customer", cfTier: "gold", cfRenewal: "2027-03-31", cfStrategic: true },
    { id: "a3", name: "Initech", status: "prospect", cfTier: "silver", cfRegions: [], cfOrder: 1200.5 },
    // Made before the field existed: no value at all.
    { id: "a4", name: "Umbrella", status: "prospect" },
  ].map((a) => ({ ...stamp, ...a }));

  beforeAll(async () => {
    conn = await openWasm();
    await loadWorkspace(conn, { accounts }, settings);
    await createMetricViews(conn);
  });
  afterAll(() => conn?.close());

  it("answer SELECT tier, count(*) FROM accounts GROUP BY 1", () => {
    expect(wasmRows(conn, "SELECT tier, count(*) FROM accounts GROUP BY 1 ORDER BY 1 NULLS LAST").rows).toEqual([
      ["gold", 2],
      ["silver", 1],
      [null, 1],
    ]);
  });

  it("hold every kind's values: lists, dates, yes/no, money; a built-in column keeps its name", () => {
    expect(
      wasmRows(conn, "SELECT id, name, cf_name, regions, renewal, strategic, cf_order FROM accounts ORDER BY id").rows,
    ).toEqual([
      ["a1", "Acme", "ACME", '["emea","apac"]', null, null, null],
      ["a2", "Globex", null, null, "2027-03-31", true, null],
      ["a3", "Initech", null, "[]", null, null, 1200.5],
      ["a4", "Umbrella", null, null, null, null, null],
    ]);
    expect(
      wasmRows(conn, "SELECT r, count(*) FROM accounts, unnest(regions) AS t(r) GROUP BY 1 ORDER BY 1").rows,
    ).toEqual([
      ["apac", 1],
      ["emea", 1],
    ]);
  });

  it("come along into the console's copy", async () => {
    const target = await openWasm();
    try {
      const tables = tableLoads({ accounts }, settings).map((l) => l.spec);
      await copyWorkspace({ queryIpc: (sql) => wasmIpc(conn, sql) }, target, tables);
      expect(wasmRows(target, "SELECT tier, count(*) FROM accounts GROUP BY 1 ORDER BY 1 NULLS LAST").rows).toEqual([
        ["gold", 2],
        ["silver", 1],
        [null, 1],
      ]);
      expect(
        wasmRows(target, "SELECT column_type FROM (DESCRIBE accounts) WHERE column_name = 'regions'").rows,
      ).toEqual([["VARCHAR[]"]]);
    } finally {
      target.close();
    }
  });

  it("never take a name DuckDB would need quoted: schema's reserved words are DuckDB's", () => {
    const keywords = wasmRows(
      conn,
      "SELECT keyword_name FROM duckdb_keywords() WHERE keyword_category IN ('reserved', 'type_function') ORDER BY 1",
    ).rows.map((r) => String(r[0]));
    // Unusable: an error, or the word meaning something else (`SELECT true` is the literal).
    const unusable = keywords.filter((k) => {
      try {
        return wasmRows(conn, `SELECT ${k} FROM (SELECT 'column' AS "${k}")`).rows[0]?.[0] !== "column";
      } catch {
        return true;
      }
    });
    expect([...sqlReservedWords].filter((w) => !unusable.includes(w))).toEqual([]);
    expect(unusable.filter((w) => !sqlReservedWords.has(w))).toEqual([]);
  });
});
