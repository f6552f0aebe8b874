import type { Account } from "@crm/schema";
import type { DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import { tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWasm } from "../test-support/wasm.js";
import { loadTable } from "./load.js";
import { accountsByIndustry, accountsByStatus } from "./queries.js";
import { toQueryResult } from "./results.js";
import { recordTable } from "./specs.js";
import { createTableSql, toArrowTable } from "./tables.js";

// The same SQL files and the same Arrow loader as the browser, run by duckdb-wasm's Node build.

const T0 = Date.UTC(2024, 0, 15, 9, 30, 0);
const DAY = 86_400_000;

function account(id: string, name: string, industry: string, status: Account["status"], days: number): Account {
  return {
    id,
    name,
    industry,
    status,
    owner: "",
    website: "",
    email: `hello@${name.toLowerCase().replace(/\W+/g, "")}.example`,
    phone: "",
    billingStreet: "",
    billingCity: "Berlin",
    billingPostalCode: "",
    billingCountry: "DE",
    createdAt: T0 + days * DAY,
    createdBy: "u1",
    updatedAt: T0 + days * DAY + 1234,
    updatedBy: "u1",
  };
}

// 7 accounts. By industry: Software 3, Retail 2, (none) 2 — ties broken by name, NULL last.
// By status: customer 3, prospect 3, churned 1 — tie broken by name.
const fixture: Account[] = [
  account("a1", "Acme", "Software", "customer", 0),
  account("a2", "Globex", "Software", "prospect", 1),
  account("a3", "Initech", "Software", "customer", 2),
  account("a4", "Umbrella", "Retail", "churned", 3),
  account("a5", "Hooli", "Retail", "prospect", 4),
  account("a6", "Vandelay", "", "customer", 5),
  // A local row as Dexie holds it: extra index fields, and an industry of spaces only.
  { ...account("a7", "Stark", "  ", "prospect", 6), sortKey: "stark", terms: ["stark"], _v: 2 } as Account,
];

const accountsTable = recordTable("accounts");
const loadAccounts = (c: DuckDBConnection, records: readonly Account[]) => loadTable(c, accountsTable, records);

let conn: DuckDBConnection;

beforeAll(async () => {
  conn = await openWasm();
  await loadAccounts(conn, fixture);
});

afterAll(() => conn?.close());

const run = (sql: string) => toQueryResult(conn.query(sql));

describe("the accounts table", () => {
  it("has the declared SQL schema, TIMESTAMP columns included", () => {
    const described = run("SELECT column_name, column_type FROM (DESCRIBE accounts)").rows;
    expect(described).toEqual(accountsTable.columns.map((c) => [c.name, c.type]));
  });

  it("holds every record with its values; times are UTC timestamps", () => {
    expect(run("SELECT count(*) AS n FROM accounts").rows).toEqual([[7]]);
    const a1 = run(
      "SELECT id, name, billing_city, created_at, updated_at, epoch_ms(created_at) AS ms FROM accounts WHERE id = 'a1'",
    );
    expect(a1.rows).toEqual([["a1", "Acme", "Berlin", "2024-01-15 09:30:00", "2024-01-15 09:30:01.234", T0]]);
    expect(run("SELECT date_diff('day', min(created_at), max(created_at)) AS d FROM accounts").rows).toEqual([[6]]);
  });

  it("the Arrow table alone already arrives with the SQL types (TIMESTAMP, not TIMESTAMP_MS)", () => {
    const table = toArrowTable(accountsTable, fixture);
    expect(table.numRows).toBe(7);
    expect(String(table.schema.fields.find((f) => f.name === "created_at")?.type)).toBe("Timestamp<MICROSECOND>");
    conn.insertArrowFromIPCStream(tableToIPC(table, "stream"), { name: "arrow_only", create: true });
    try {
      const described = run("SELECT column_name, column_type FROM (DESCRIBE arrow_only)").rows;
      expect(described).toEqual(accountsTable.columns.map((c) => [c.name, c.type]));
    } finally {
      conn.query("DROP TABLE arrow_only");
    }
  });

  it("reloads in place and survives an empty load", async () => {
    await loadAccounts(conn, fixture.slice(0, 2));
    expect(run("SELECT count(*) AS n FROM accounts").rows).toEqual([[2]]);
    await loadAccounts(conn, []);
    expect(run("SELECT count(*) AS n FROM accounts").rows).toEqual([[0]]);
    expect(run("SELECT count(*) AS n FROM (DESCRIBE accounts)").rows).toEqual([[accountsTable.columns.length]]);
    expect(run("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '\\_load%' ESCAPE '\\'").rows).toEqual([
      [0],
    ]);
    await loadAccounts(conn, fixture);
    expect(run("SELECT count(*) AS n FROM accounts").rows).toEqual([[7]]);
  });

  it("the DDL names every column once", () => {
    expect(createTableSql(accountsTable)).toContain('"created_at" TIMESTAMP');
  });
});

describe("named queries", () => {
  it("accounts by industry: count desc, then name, empty as NULL", () => {
    const result = run(accountsByIndustry);
    expect(result.columns.map((c) => c.name)).toEqual(["industry", "accounts"]);
    expect(result.rows).toEqual([
      ["Software", 3],
      ["Retail", 2],
      [null, 2],
    ]);
  });

  it("accounts by status: count desc, then name", () => {
    const result = run(accountsByStatus);
    expect(result.columns.map((c) => c.name)).toEqual(["status", "accounts"]);
    expect(result.rows).toEqual([
      ["customer", 3],
      ["prospect", 3],
      ["churned", 1],
    ]);
  });

  it("SQL errors come back as DuckDB's message", () => {
    expect(() => conn.query("SELECT nope FROM accounts")).toThrow(/nope/);
  });
});

describe("query results", () => {
  it("become display-ready cells", () => {
    const result = run(
      `SELECT 12.50::DECIMAL(10,2) AS dec, -0.05::DECIMAL(4,2) AS neg, 42::HUGEINT AS huge,
        9007199254740993::BIGINT AS big, DATE '2024-01-02' AS d, TIMESTAMP '2024-01-02 03:04:05' AS ts,
        true AS b, 1.5::DOUBLE AS f, [1, 2] AS l, {'a': 1, 'b': 'x'} AS s, NULL AS n`,
    );
    expect(result.columns.map((c) => c.name)).toEqual("dec neg huge big d ts b f l s n".split(" "));
    expect(result.rows).toEqual([
      [
        12.5,
        -0.05,
        42,
        "9007199254740993",
        "2024-01-02",
        "2024-01-02 03:04:05",
        true,
        1.5,
        "[1,2]",
        '{"a":1,"b":"x"}',
        null,
      ],
    ]);
  });

  it("can be cut to the first rows while counting them all", () => {
    const result = toQueryResult(conn.query("SELECT * FROM range(10) r(i)"), 3);
    expect(result.rows).toEqual([[0], [1], [2]]);
    expect(result.rowCount).toBe(10);
  });
});
