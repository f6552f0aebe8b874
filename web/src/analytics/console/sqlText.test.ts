import { describe, expect, it } from "vitest";
import { droppedFileKind, errorSpot, lineColumn, splitStatements, tableNameForFile } from "./sqlText.js";

describe("splitStatements", () => {
  it("splits at semicolons outside strings, quoted names and comments, keeping offsets", () => {
    const sql = "SELECT ';' AS a; -- x; y\nSELECT \"b;c\" FROM t /* ; */;\n\n  SELECT $$;$$ ;  ";
    const parts = splitStatements(sql);
    expect(parts.map((p) => p.text)).toEqual([
      "SELECT ';' AS a",
      '-- x; y\nSELECT "b;c" FROM t /* ; */',
      "SELECT $$;$$",
    ]);
    for (const p of parts) expect(sql.slice(p.from, p.from + p.text.length)).toBe(p.text);
  });

  it("keeps a doubled quote inside a string and drops empty or comment-only statements", () => {
    expect(splitStatements("SELECT 'it''s; fine';;; -- only a comment").map((p) => p.text)).toEqual([
      "SELECT 'it''s; fine'",
    ]);
    expect(splitStatements("  ;  ")).toEqual([]);
  });
});

describe("errorSpot", () => {
  // Messages exactly as duckdb-wasm 1.32 (DuckDB 1.4.3) writes them.
  it("reads the line and the caret of a binder error", () => {
    const sql = "SELECT nope FROM range(3)";
    const msg =
      'Binder Error: Referenced column "nope" not found in FROM clause!\nCandidate bindings: "range"\n\nLINE 1: SELECT nope FROM range(3)\n               ^';
    expect(errorSpot(msg, sql)).toEqual({ offset: 7, line: 1, column: 8 });
  });

  it("counts lines and keeps the line's own indentation", () => {
    const sql = "SELECT 1,\n  2 FORM x";
    const msg = 'Parser Error: syntax error at or near "x"\n\nLINE 2:   2 FORM x\n                 ^';
    const spot = errorSpot(msg, sql);
    expect(spot).toEqual({ offset: 19, line: 2, column: 10 });
    expect(sql[spot?.offset ?? 0]).toBe("x");
  });

  it("finds the spot in a line DuckDB cut with dots", () => {
    const sql = `SELECT ${Array.from({ length: 30 }, (_, i) => `c${i} + `).join("")}bad FROM t`;
    const window = sql.slice(100, 150);
    const msg = `Binder Error: x\n\nLINE 1: ...${window}...\n${" ".repeat(8 + 3 + 12)}^`;
    expect(errorSpot(msg, sql)?.offset).toBe(112);
  });

  it("returns null for a message without a position", () => {
    expect(errorSpot("Catalog Error: Table with name x does not exist!", "SELECT * FROM x")).toBeNull();
  });
});

describe("file names", () => {
  it("makes a SQL name from a file name without hiding CRM tables", () => {
    const taken = new Set(["accounts", "orders"]);
    expect(tableNameForFile("Q3 Leads (final).csv", taken)).toBe("q3_leads_final");
    expect(tableNameForFile("2024-targets.parquet", taken)).toBe("t_2024_targets");
    expect(tableNameForFile("Accounts.csv", taken)).toBe("accounts_file");
    expect(tableNameForFile("客户.csv", taken)).toBe("file");
  });

  it("reads CSV and Parquet only", () => {
    expect(droppedFileKind("a.CSV")).toBe("csv");
    expect(droppedFileKind("a.parquet")).toBe("parquet");
    expect(droppedFileKind("a.xlsx")).toBeNull();
  });

  it("gives line and column of an offset", () => {
    expect(lineColumn("ab\ncd", 4)).toEqual({ line: 2, column: 2 });
  });
});
