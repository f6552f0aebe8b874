import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "./csv.js";

describe("CSV export", () => {
  it("writes RFC 4180: CRLF records, quoted fields with doubled quotes, empty NULLs", () => {
    expect(
      toCsv(
        ["name", "note", "n"],
        [
          ["Acme, Inc.", 'say "hi"', 3],
          ["two\nlines", null, -1.5],
        ],
      ),
    ).toBe('name,note,n\r\n"Acme, Inc.","say ""hi""",3\r\n"two\nlines",,-1.5\r\n');
  });

  it("prefixes text a spreadsheet would run as a formula, not numbers", () => {
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-x")).toBe("'-x");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tx")).toBe("'\tx");
    expect(csvField("\rx")).toBe('"\'\rx"');
    expect(csvField('=A1,"b"')).toBe('"\'=A1,""b"""');
    expect(csvField(-5)).toBe("-5");
    expect(csvField(true)).toBe("true");
  });
});
