/*
 * Plain-text helpers for the SQL console: where each statement starts and ends, where DuckDB's
 * error points, and what a dropped file's table is called. No DuckDB here, so they are unit-tested
 * in Node and the console can map an error back onto the editor's text.
 */

/** One statement of the console's text: its SQL and where it starts in the whole text. */
export interface Statement {
  text: string;
  /** Offset of the statement's first character in the console's text. */
  from: number;
}

/**
 * Splits SQL into statements at semicolons that are not inside a string ('...'), a quoted name
 * ("..."), a dollar-quoted string ($$...$$) or a comment. Empty statements are dropped. Each
 * statement is sent on its own because DuckDB's cancellable (pending) queries take one statement.
 */
export function splitStatements(sql: string): Statement[] {
  const out: Statement[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    const raw = sql.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text && !isOnlyComments(text)) out.push({ text, from: start + lead });
  };
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      i = skipQuoted(sql, i, c);
    } else if (c === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "$" && sql[i + 1] === "$") {
      const end = sql.indexOf("$$", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === ";") {
      push(i);
      i += 1;
      start = i;
    } else {
      i += 1;
    }
  }
  push(sql.length);
  return out;
}

/** Index just past a quoted run starting at `i`; a doubled quote ('') stays inside. */
function skipQuoted(sql: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < sql.length) {
    if (sql[j] === quote) {
      if (sql[j + 1] === quote) j += 2;
      else return j + 1;
    } else j += 1;
  }
  return sql.length;
}

function isOnlyComments(text: string): boolean {
  return (
    text
      .replace(/--[^\n]*(\n|$)/g, "")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .trim() === ""
  );
}

/** Where an error points: an offset into the text the error came from, and 1-based line/column. */
export interface ErrorSpot {
  offset: number;
  line: number;
  column: number;
}

/**
 * Finds the spot DuckDB's error message points at in `sql` (the statement it ran). DuckDB writes
 *
 *     LINE 2: SELECT nope FROM accounts
 *                    ^
 *
 * where the quoted line may be cut to a window around the spot with "..." on either side; the
 * caret's column is counted in that quoted text. Returns null when the message has no position.
 */
export function errorSpot(message: string, sql: string): ErrorSpot | null {
  const lines = message.split("\n");
  for (let k = 0; k < lines.length - 1; k++) {
    const m = /^LINE (\d+): ?/.exec(lines[k] ?? "");
    const caretLine = lines[k + 1] ?? "";
    const caret = caretLine.indexOf("^");
    if (!m || caret < 0 || caretLine.slice(0, caret).trim() !== "") continue;
    const lineNo = Number(m[1]);
    const sqlLines = sql.split("\n");
    const source = sqlLines[lineNo - 1];
    if (source === undefined) return null;
    let quoted = (lines[k] ?? "").slice(m[0].length);
    // The caret's column on screen: wide (CJK) characters take two.
    let col = caret - m[0].length;
    // A cut line: find the quoted window in the real line to turn its column into the line's.
    let windowStart = 0;
    if (quoted.startsWith("...")) {
      quoted = quoted.slice(3);
      col -= 3;
      const body = quoted.endsWith("...") ? quoted.slice(0, -3) : quoted;
      const at = source.indexOf(body);
      windowStart = Math.max(at, 0);
    }
    const column = Math.max(0, Math.min(source.length, windowStart + indexAtWidth(quoted, col)));
    const offset = sqlLines.slice(0, lineNo - 1).reduce((n, l) => n + l.length + 1, 0) + column;
    return { offset, line: lineNo, column: column + 1 };
  }
  return null;
}

/** East Asian wide and fullwidth characters, which a terminal (and DuckDB's caret) counts as two columns. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** The string index at which `width` screen columns of `text` are used up. */
function indexAtWidth(text: string, width: number): number {
  let used = 0;
  let index = 0;
  for (const ch of text) {
    if (used >= width) break;
    used += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
    index += ch.length;
  }
  return used < width ? index + (width - used) : index;
}

/** Line and column (1-based) of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/**
 * The SQL name for a dropped file's table: "Q3 leads (final).csv" → "q3_leads_final". Lowercase
 * letters, digits and underscores; a leading digit gets "t_"; a name the CRM already uses for a
 * table or view gets "_file", so a dropped file never hides a CRM table.
 */
export function tableNameForFile(fileName: string, taken: ReadonlySet<string>): string {
  const stem = fileName.replace(/\.(csv|tsv|parquet|txt)$/i, "");
  let name = stem
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!name) name = "file";
  if (/^[0-9]/.test(name)) name = `t_${name}`;
  if (taken.has(name)) name = `${name}_file`;
  return name;
}

/** The kind of a dropped file, from its name; null when the console cannot read it. */
export function droppedFileKind(fileName: string): "csv" | "parquet" | null {
  if (/\.(csv|tsv|txt)$/i.test(fileName)) return "csv";
  if (/\.parquet$/i.test(fileName)) return "parquet";
  return null;
}
