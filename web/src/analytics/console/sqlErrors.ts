import { errorSpot } from "./sqlText.js";

/*
 * DuckDB's errors as the console shows them. duckdb-wasm hands an error over in one of two forms:
 *
 *   text  `Binder Error: Referenced column "nope" not found …\n\nLINE 2:   nope FROM accounts\n          ^`
 *   JSON  `{"exception_type":"Parser","exception_message":"syntax error at or near \"SELEC\"\n\nLINE 1: …",
 *          "error_subtype":"SYNTAX_ERROR","position":"0"}`
 *
 * (the JSON form is what its pending-query API, which the console uses so queries can be
 * cancelled, returns for parser errors). Both become one shape: the kind, the message, DuckDB's
 * LINE/caret excerpt, and the spot in the statement, so every error reads the same way.
 */

export interface SqlErrorInfo {
  /** DuckDB's kind of error ("Parser", "Binder", "Catalog", "Permission", …); "" when it names none. */
  type: string;
  /** The message alone, without the excerpt. */
  message: string;
  /** DuckDB's "LINE n: …" line with its caret under the spot, when it wrote one. */
  excerpt: string | null;
  /** Where the error points, as an index into the statement's text; null when DuckDB gives no spot. */
  offset: number | null;
}

const EXCERPT = /\n*LINE \d+: [^\n]*\n *\^[^\n]*/;

/** Splits "message\n\nLINE n: …\n    ^" (DuckDB repeats the excerpt at times: the first one counts). */
function splitExcerpt(text: string): { message: string; excerpt: string | null } {
  const m = EXCERPT.exec(text);
  if (!m) return { message: text.trim(), excerpt: null };
  return { message: text.slice(0, m.index).trim(), excerpt: m[0].replace(/^\n+/, "") };
}

/** DuckDB counts positions in code points; JavaScript strings index UTF-16 units. */
function codePointsToIndex(text: string, points: number): number {
  let index = 0;
  let seen = 0;
  for (const ch of text) {
    if (seen >= points) break;
    index += ch.length;
    seen += 1;
  }
  return index;
}

function fromJson(raw: string): { type: string; text: string; position: number | null } | null {
  if (!raw.trimStart().startsWith("{")) return null;
  try {
    const data = JSON.parse(raw) as Record<string, unknown>;
    if (typeof data.exception_message !== "string") return null;
    const position = Number(data.position);
    return {
      type: typeof data.exception_type === "string" ? data.exception_type : "",
      text: data.exception_message,
      position: data.position != null && Number.isInteger(position) && position >= 0 ? position : null,
    };
  } catch {
    return null;
  }
}

/** Reads one of DuckDB's errors for `statement` (the text that was run). */
export function parseDuckDbError(raw: string, statement: string): SqlErrorInfo {
  const json = fromJson(raw);
  if (json) {
    const { message, excerpt } = splitExcerpt(json.text);
    const offset =
      json.position != null
        ? Math.min(codePointsToIndex(statement, json.position), statement.length)
        : (errorSpot(json.text, statement)?.offset ?? null);
    return { type: json.type, message, excerpt, offset };
  }
  const kind = /^([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*) Error: /.exec(raw);
  const { message, excerpt } = splitExcerpt(kind ? raw.slice(kind[0].length) : raw);
  return { type: kind?.[1] ?? "", message, excerpt, offset: errorSpot(raw, statement)?.offset ?? null };
}

/** The error as one text, in DuckDB's own words: "Parser Error: syntax error at …" and the excerpt. */
export function errorText(info: SqlErrorInfo): string {
  const head = info.type ? `${info.type} Error: ${info.message}` : info.message;
  return info.excerpt ? `${head}\n\n${info.excerpt}` : head;
}
