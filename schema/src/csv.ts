/*
 * CSV as RFC 4180 writes it: fields separated by commas, records by CRLF (LF alone is accepted
 * too), a field in double quotes may hold commas, line breaks and doubled quotes (""), and a
 * UTF-8 byte order mark at the start is dropped (Excel writes one).
 *
 * The parser is a push parser: feed it chunks as they arrive (a File's stream, a fetch body) and
 * it returns the records completed so far, so a 100 MB import never needs the whole text at
 * once. Each record carries the line number it starts on, for error reports a person can find
 * in their spreadsheet.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts (a quoted field can span lines). */
  line: number;
  fields: string[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    reason: string,
  ) {
    super(`CSV line ${line}, column ${column}: ${reason}`);
  }
}

/** Parser states. */
const S = { FieldStart: 0, Unquoted: 1, Quoted: 2, QuoteInQuoted: 3 } as const;
type State = (typeof S)[keyof typeof S];

export class CsvParser {
  private state: State = S.FieldStart;
  private field = "";
  private fields: string[] = [];
  private line = 1;
  private column = 1;
  private recordLine = 1;
  private started = false;
  private pendingCR = false;
  /** The previous character was a CR inside a quoted field (a LF after it is the same line break). */
  private quotedCR = false;
  private quoteLine = 0;
  private quoteColumn = 0;

  constructor(private readonly delimiter = ",") {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\r" || delimiter === "\n")
      throw new Error(`unusable CSV delimiter ${JSON.stringify(delimiter)}`);
  }

  /** Parses a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let i = 0;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    const d = this.delimiter;
    for (; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (this.pendingCR) {
        // A CR was the end of a record; a LF right after it belongs to the same line break.
        this.pendingCR = false;
        if (ch === "\n") continue;
      }
      switch (this.state) {
        case S.FieldStart:
          if (ch === '"') {
            this.state = S.Quoted;
            this.quotedCR = false;
            this.quoteLine = this.line;
            this.quoteColumn = this.column;
          } else if (ch === d) this.fields.push("");
          else if (ch === "\r" || ch === "\n") this.endRecord(out, ch);
          else {
            this.field = ch;
            this.state = S.Unquoted;
          }
          break;
        case S.Unquoted:
          if (ch === d) this.endField(S.FieldStart);
          else if (ch === "\r" || ch === "\n") this.endRecord(out, ch);
          else if (ch === '"')
            throw new CsvError(
              this.line,
              this.column,
              'a quote inside an unquoted field (quote the whole field and double the ")',
            );
          else this.field += ch;
          break;
        case S.Quoted:
          if (ch === '"') this.state = S.QuoteInQuoted;
          else {
            this.field += ch;
            // CR, LF and CRLF inside a quoted field are kept as written and count as one line.
            if (ch === "\r" || (ch === "\n" && !this.quotedCR)) this.newLine();
          }
          this.quotedCR = ch === "\r";
          break;
        case S.QuoteInQuoted:
          if (ch === '"') {
            this.field += '"';
            this.state = S.Quoted;
          } else if (ch === d) this.endField(S.FieldStart);
          else if (ch === "\r" || ch === "\n") this.endRecord(out, ch);
          else
            throw new CsvError(
              this.line,
              this.column,
              `"${ch}" after a closing quote (expected "${d}" or a line break)`,
            );
          break;
      }
      if (ch !== "\n" && ch !== "\r") this.column++;
    }
    return out;
  }

  /** Ends the input; returns the last record if the text did not end with a line break. */
  end(): CsvRecord[] {
    if (this.state === S.Quoted) throw new CsvError(this.quoteLine, this.quoteColumn, "a quoted field is never closed");
    const out: CsvRecord[] = [];
    if (this.state !== S.FieldStart || this.fields.length) {
      this.fields.push(this.field);
      out.push({ line: this.recordLine, fields: this.fields });
    }
    this.fields = [];
    this.field = "";
    this.state = S.FieldStart;
    return out;
  }

  private endField(next: State): void {
    this.fields.push(this.field);
    this.field = "";
    this.state = next;
  }

  private endRecord(out: CsvRecord[], ch: string): void {
    this.fields.push(this.field);
    // A line with nothing on it is not a record of one empty field (blank lines are skipped).
    if (!(this.fields.length === 1 && this.fields[0] === "" && this.state === S.FieldStart))
      out.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.field = "";
    this.state = S.FieldStart;
    this.newLine();
    this.recordLine = this.line;
    if (ch === "\r") this.pendingCR = true;
  }

  private newLine(): void {
    this.line++;
    this.column = 1;
  }
}

/** Parses a whole text. */
export function parseCsv(text: string, delimiter = ","): CsvRecord[] {
  const p = new CsvParser(delimiter);
  return [...p.push(text), ...p.end()];
}

/** Parses a stream of text chunks, yielding records as they complete. */
export async function* parseCsvStream(chunks: AsyncIterable<string>, delimiter = ","): AsyncGenerator<CsvRecord> {
  const p = new CsvParser(delimiter);
  for await (const chunk of chunks) yield* p.push(chunk);
  yield* p.end();
}

/**
 * Characters that make a spreadsheet read a cell as a formula (or, for tab and CR, that Excel
 * strips before doing so). OWASP "CSV Injection": prefix such cells with a single quote so they
 * stay text — https://owasp.org/www-community/attacks/CSV_Injection
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field. Strings that a spreadsheet would run as a formula get a leading "'". Numbers
 * are written as they are: a number is not text someone typed, and "-5" must stay a number.
 */
export function csvField(value: unknown, delimiter = ","): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  let s = typeof value === "string" ? value : JSON.stringify(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return s.includes(delimiter) || /["\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * A cell as it was before `csvField` made it text: "'=HYPERLINK(…)" → "=HYPERLINK(…)",
 * "'+49 30 1234567" → "+49 30 1234567". Imports read cells through this, so a file this app
 * exported comes back unchanged (the value is stored, never run: the store has no formulas).
 */
export function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Rows to CSV text: CRLF line ends, every row ends with one (RFC 4180). */
export function toCsv(rows: readonly (readonly unknown[])[], delimiter = ","): string {
  return rows.map((r) => `${r.map((v) => csvField(v, delimiter)).join(delimiter)}\r\n`).join("");
}
