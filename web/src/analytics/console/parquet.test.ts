import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import { openNative } from "../../../../analytics/test-support/native.js";
import { openWasm } from "../../../../analytics/test-support/wasm.js";
import { arrowToParquet, parquetToArrowIpc } from "./parquet.js";

// A console result from duckdb-wasm (the browser's engine, Node build) written as Parquet by
// arrowToParquet, then read by native DuckDB: the file is real Parquet with the columns' types
// and values intact. And back: a Parquet file becomes an Arrow stream duckdb-wasm can load.

const SELECT = `SELECT * FROM (VALUES
    (1, 9007199254740993::BIGINT, 2.5::DOUBLE, 'Acme', true, DATE '2024-03-01', TIMESTAMP '2024-03-01 12:30:00', 12.34::DECIMAL(10,2), [1, 2]),
    (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
  ) AS t(id, big, ratio, name, active, day, happened, amount, list)`;

const dir = mkdtempSync(join(tmpdir(), "crm-parquet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Parquet export and import without DuckDB's parquet extension", () => {
  it("native DuckDB reads the exported file with the same types and values", async () => {
    const wasm = await openWasm();
    const bytes = new Uint8Array(arrowToParquet(wasm.query(SELECT)));
    expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe("PAR1");
    const path = join(dir, "export.parquet");
    writeFileSync(path, bytes);

    const native = await openNative(1);
    try {
      const described = await native.conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
      expect(described.getRowObjectsJS().map((r) => `${r.column_name} ${r.column_type}`)).toEqual([
        "id INTEGER",
        "big BIGINT",
        "ratio DOUBLE",
        "name VARCHAR",
        "active BOOLEAN",
        "day DATE",
        "happened TIMESTAMP",
        "amount DOUBLE",
        "list VARCHAR",
      ]);
      const rows = await native.conn.runAndReadAll(
        `SELECT id, big::VARCHAR, ratio, name, active, day::VARCHAR, happened::VARCHAR, amount, list FROM read_parquet('${path}') ORDER BY id`,
      );
      expect(rows.getRows()).toEqual([
        [1, "9007199254740993", 2.5, "Acme", true, "2024-03-01", "2024-03-01 12:30:00", 12.34, "[1,2]"],
        [2, null, null, null, null, null, null, null, null],
      ]);
    } finally {
      native.close();
    }
  });

  it("a Parquet file becomes an Arrow stream duckdb-wasm loads as a table", async () => {
    const wasm = await openWasm();
    const bytes = new Uint8Array(
      arrowToParquet(wasm.query("SELECT 'A' AS account_id, 5000 AS target UNION ALL SELECT 'D', 7000")),
    );
    const { ipc, rows } = await parquetToArrowIpc(bytes);
    expect(rows).toBe(2);
    expect(tableFromIPC(ipc).numRows).toBe(2);
    wasm.insertArrowFromIPCStream(ipc, { name: "targets", create: true });
    const back = wasm.query("SELECT account_id, target FROM targets ORDER BY target").toArray();
    expect(back.map((r) => [String(r.account_id), Number(r.target)])).toEqual([
      ["A", 5000],
      ["D", 7000],
    ]);
  });

  it("reads every column type back, 64-bit integers exact, without eval (which the app's CSP forbids)", async () => {
    const wasm = await openWasm();
    const bytes = new Uint8Array(arrowToParquet(wasm.query(SELECT)));
    // As under `script-src` without 'unsafe-eval': any `new Function` throws.
    const realFunction = globalThis.Function;
    const refuse = () => {
      throw new EvalError("eval is refused by the Content-Security-Policy");
    };
    globalThis.Function = new Proxy(realFunction, { construct: refuse, apply: refuse });
    let ipc: Uint8Array;
    try {
      ({ ipc } = await parquetToArrowIpc(bytes));
    } finally {
      globalThis.Function = realFunction;
    }
    wasm.insertArrowFromIPCStream(ipc, { name: "back", create: true });
    const types = wasm.query("DESCRIBE back").toArray();
    expect(types.map((r) => `${r.column_name} ${r.column_type}`)).toEqual([
      "id DOUBLE",
      "big BIGINT",
      "ratio DOUBLE",
      "name VARCHAR",
      "active BOOLEAN",
      "day TIMESTAMP",
      "happened TIMESTAMP",
      "amount DOUBLE",
      "list VARCHAR",
    ]);
    const rows = wasm
      .query(
        "SELECT id, big::VARCHAR AS big, ratio, name, active, day::VARCHAR AS day, happened::VARCHAR AS happened, amount, list FROM back ORDER BY id",
      )
      .toArray()
      .map((r) => Object.values(r.toJSON()));
    expect(rows).toEqual([
      [1, "9007199254740993", 2.5, "Acme", true, "2024-03-01 00:00:00", "2024-03-01 12:30:00", 12.34, "[1,2]"],
      [2, null, null, null, null, null, null, null, null],
    ]);
  });

  it("names what is wrong with an unreadable file", async () => {
    await expect(parquetToArrowIpc(new TextEncoder().encode("name,score\nA,1\n"))).rejects.toThrow(/parquet/i);
  });
});
