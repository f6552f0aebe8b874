import { describe, expect, it } from "vitest";
import { CsvError, CsvParser, csvField, parseCsv, parseCsvStream, toCsv } from "./csv.js";

describe("CSV parser (RFC 4180)", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, and reports where each record starts", () => {
    const text = '\uFEFFname,notes\r\n"Acme, Inc.","said ""hi""\r\nthen left"\r\nGlobex,\r\n\r\nInitech,"a\nb"\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["name", "notes"] },
      { line: 2, fields: ["Acme, Inc.", 'said "hi"\r\nthen left'] },
      { line: 4, fields: ["Globex", ""] },
      { line: 6, fields: ["Initech", "a\nb"] },
    ]);
  });

  it("gives the same records whatever the chunk boundaries (CRLF split across chunks included)", () => {
    const text = 'a,b\r\n"x\r\ny",2\r\n3,"q""q"\r\nlast,row';
    const whole = parseCsv(text);
    for (let size = 1; size <= 7; size++) {
      const p = new CsvParser();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
      out.push(...p.end());
      expect(out, `chunks of ${size}`).toEqual(whole);
    }
    expect(whole.at(-1)).toEqual({ line: 5, fields: ["last", "row"] });
  });

  it("streams from async chunks", async () => {
    async function* chunks() {
      yield "a;b\n1;";
      yield "2\n";
    }
    const out = [];
    for await (const r of parseCsvStream(chunks(), ";")) out.push(r.fields);
    expect(out).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("names the line and column of malformed input", () => {
    const error = (() => {
      try {
        parseCsv('a,b\n1,2"3\n');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CsvError);
    expect(error).toMatchObject({ line: 2, column: 4 });
    expect(() => parseCsv('a,b\n1,2"3\n')).toThrow(/line 2, column 4: a quote inside an unquoted field/);
    expect(() => parseCsv('a\n"ok"x\n')).toThrow(/line 2, column 5: "x" after a closing quote/);
    expect(() => parseCsv('a\n\n"never\nclosed')).toThrow(/line 3, column 1: a quoted field is never closed/);
  });
});

describe("CSV writer", () => {
  it("quotes what needs quoting and ends every row with CRLF", () => {
    expect(toCsv([["a", 'say "hi"', "x,y", "two\nlines", " pad", 3, null]])).toBe(
      'a,"say ""hi""","x,y","two\nlines"," pad",3,\r\n',
    );
  });

  it("defuses text a spreadsheet would run as a formula (OWASP CSV injection)", () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(["+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"].map((v) => csvField(v))).toEqual([
      "'+1+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
      '"\'\rx"',
    ]);
    // Numbers are not typed text: a negative amount stays a number.
    expect(csvField(-5)).toBe("-5");
  });

  it("round-trips through the parser", () => {
    const rows = [
      ["name", "note"],
      ["Ada", 'a "quote", a comma\r\nand a line'],
    ];
    expect(parseCsv(toCsv(rows)).map((r) => r.fields)).toEqual(rows);
  });
});

describe("formula-safe cells read back", () => {
  it("an escaped cell reads as it was; other quotes stay", async () => {
    const { csvField, parseCsv, unescapeFormula } = await import("./csv.js");
    for (const v of ['=HYPERLINK("http://x","y")', "+49 30 1234567", "-5 apples", "@SUM(A1)"]) {
      const [rec] = parseCsv(`${csvField(v)}\r\n`);
      expect(rec!.fields[0]).toBe(`'${v}`);
      expect(unescapeFormula(rec!.fields[0]!)).toBe(v);
    }
    expect(unescapeFormula("'tis")).toBe("'tis");
    expect(unescapeFormula("plain")).toBe("plain");
  });
});
