import type { DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockDown } from "../../../../analytics/src/sandbox.js";
import { openWasm, wasmPending } from "../../../../analytics/test-support/wasm.js";
import { errorText, parseDuckDbError } from "./sqlErrors.js";

describe("parseDuckDbError on errors as duckdb-wasm 1.32 (DuckDB 1.4.3) writes them", () => {
  it("a syntax error in the JSON form of the pending-query API: kind, message, excerpt, spot", () => {
    const sql = "SELEC 1";
    const raw =
      '{"exception_type":"Parser","exception_message":"syntax error at or near \\"SELEC\\"\\n\\nLINE 1: SELEC 1\\n        ^","error_subtype":"SYNTAX_ERROR","position":"0"}';
    const info = parseDuckDbError(raw, sql);
    expect(info).toEqual({
      type: "Parser",
      message: 'syntax error at or near "SELEC"',
      excerpt: "LINE 1: SELEC 1\n        ^",
      offset: 0,
    });
    expect(errorText(info)).toBe('Parser Error: syntax error at or near "SELEC"\n\nLINE 1: SELEC 1\n        ^');
    expect(errorText(info)).not.toContain("exception_type");
  });

  it("the end of the input, which has a position but no excerpt", () => {
    const sql = "SELECT * FROM accounts\nWHERE id = 'a' AND\n  (name = 'x'";
    const raw =
      '{"exception_type":"Parser","exception_message":"syntax error at end of input","error_subtype":"SYNTAX_ERROR","position":"55"}';
    expect(parseDuckDbError(raw, sql)).toEqual({
      type: "Parser",
      message: "syntax error at end of input",
      excerpt: null,
      offset: 55,
    });
  });

  it("positions count code points: Chinese text before the spot", () => {
    const sql = "SELECT '中文名' AS 名字 FROMM accounts";
    const raw =
      '{"exception_type":"Parser","exception_message":"syntax error at or near \\"FROMM\\"\\n\\nLINE 1: SELECT \'中文名\' AS 名字 FROMM accounts\\n                        ^","error_subtype":"SYNTAX_ERROR","position":"19"}';
    const info = parseDuckDbError(raw, sql);
    expect(sql.slice(info.offset ?? 0)).toMatch(/^FROMM/);
    const emoji = "SELECT '🙂' AS x FORM y";
    const at = parseDuckDbError(
      '{"exception_type":"Parser","exception_message":"syntax error at or near \\"y\\"","position":"21"}',
      emoji,
    );
    expect(emoji.slice(at.offset ?? 0)).toBe("y");
  });

  it("a binder error as text: the caret's column counts wide characters twice", () => {
    const sql = "SELECT '中文名' AS 名字, nope FROM accounts";
    const raw =
      'Binder Error: Referenced column "nope" not found in FROM clause!\nCandidate bindings: "name"\n\nLINE 1: SELECT \'中文名\' AS 名字, nope FROM accounts\n                                 ^';
    const info = parseDuckDbError(raw, sql);
    expect(info.type).toBe("Binder");
    expect(info.message).toBe('Referenced column "nope" not found in FROM clause!\nCandidate bindings: "name"');
    expect(sql.slice(info.offset ?? 0)).toMatch(/^nope/);
  });

  it("errors without a spot, with a kind of two words, and text that is no DuckDB error", () => {
    expect(
      parseDuckDbError(
        'Permission Error: Cannot access file "http://127.0.0.1:9/api/session" - file system operations are disabled by configuration',
        "SELECT * FROM read_text('http://127.0.0.1:9/api/session')",
      ),
    ).toEqual({
      type: "Permission",
      message:
        'Cannot access file "http://127.0.0.1:9/api/session" - file system operations are disabled by configuration',
      excerpt: null,
      offset: null,
    });
    expect(
      parseDuckDbError("Invalid Input Error: Failed to cast value: Could not convert string 'x' to INT64", "x").type,
    ).toBe("Invalid Input");
    expect(parseDuckDbError("worker terminated", "x")).toEqual({
      type: "",
      message: "worker terminated",
      excerpt: null,
      offset: null,
    });
    expect(parseDuckDbError("{not json", "x").message).toBe("{not json");
  });
});

describe("parseDuckDbError on what DuckDB says now (the console's pending-query path)", () => {
  let conn: DuckDBConnection;
  beforeAll(async () => {
    conn = await openWasm();
    await lockDown(conn);
    conn.query("CREATE TABLE accounts AS SELECT 'A' AS id, 'Acme' AS name");
  });
  afterAll(() => conn?.close());

  /** The raw error of one statement sent as the console sends it (startPendingQuery). */
  const rawError = (sql: string): string => {
    try {
      wasmPending(conn, sql);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error(`expected ${sql} to fail`);
  };

  it.each([
    ["SELEC 1", "Parser", "SELEC 1"],
    ["SELECT 1 FROM accounts WHERE", "Parser", ""],
    ["SELECT 'oops", "Parser", "'oops"],
    ["SELECT name,\n  nope FROM accounts", "Binder", "nope FROM accounts"],
    ["SELECT * FROM nothere", "Catalog", "nothere"],
    ["SELECT 'x'::INTEGER", "Conversion", "::INTEGER"],
    [
      "SELECT * FROM read_text('http://127.0.0.1:9/api/session')",
      "Permission",
      "read_text('http://127.0.0.1:9/api/session')",
    ],
    ["SET enable_external_access = true", "Invalid Input", null],
  ])("%s → a %s error pointing at the right spot", (sql, type, rest) => {
    const info = parseDuckDbError(rawError(sql), sql);
    expect(info.type).toBe(type);
    expect(info.message).not.toMatch(/^\{|exception_|LINE \d/);
    if (rest === null) expect(info.offset).toBeNull();
    else expect(sql.slice(info.offset ?? -1)).toBe(rest);
  });
});
