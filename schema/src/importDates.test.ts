import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv.js";
import { dateOrderOf, normalizeDateCell, readDate, readDateTime, regionDateOrder } from "./importDates.js";
import { fileDateOrder, planImport, suggestMapping } from "./importMapping.js";

describe("dates as people write them", () => {
  it("reads year-first, dotted, Chinese and month-name dates the same in either order", () => {
    for (const order of ["dmy", "mdy"] as const) {
      for (const text of [
        "2026-12-07",
        "2026/12/7",
        "2026.12.07",
        "2026年12月7日",
        "2026 年 12 月 7 日",
        "07.12.2026",
        "7 Dec 2026",
        "7th December 2026",
        "07-Dec-26",
        "Dec 7, 2026",
        "December 7 2026",
        "dec. 7, 2026",
      ])
        expect(readDate(text, order), `${text} (${order})`).toBe("2026-12-07");
    }
  });

  it("reads 07/12/2026 by the order given, and refuses days that do not exist", () => {
    expect(readDate("07/12/2026", "dmy")).toBe("2026-12-07");
    expect(readDate("07/12/2026", "mdy")).toBe("2026-07-12");
    expect(readDate("7-12-26", "dmy")).toBe("2026-12-07");
    expect(readDate("12/31/99", "mdy")).toBe("1999-12-31");
    expect(readDate("31/02/2026", "dmy")).toBeNull();
    expect(readDate("2026-02-30", "dmy")).toBeNull();
    expect(readDate("7 Smarch 2026", "dmy")).toBeNull();
    expect(readDate("soon", "dmy")).toBeNull();
  });

  it("reads a time after the date: 24-hour, AM/PM, seconds, a zone", () => {
    expect(readDateTime("07/12/2026 14:30", "dmy")).toBe("2026-12-07T14:30:00");
    expect(readDateTime("Dec 7, 2026 2:30 PM", "dmy")).toBe("2026-12-07T14:30:00");
    expect(readDateTime("12/7/2026 12:05 am", "mdy")).toBe("2026-12-07T00:05:00");
    expect(readDateTime("2026年12月7日 09:15:30.250 +08:00", "dmy")).toBe("2026-12-07T09:15:30.250+08:00");
    expect(readDateTime("7.12.2026 8:00Z", "mdy")).toBe("2026-12-07T08:00:00Z");
    expect(readDateTime("7.12.2026", "dmy")).toBe("2026-12-07");
    expect(readDateTime("07/12/2026 25:00", "dmy")).toBeNull();
    expect(readDateTime("07/12/2026 13:00 PM", "dmy")).toBeNull();
  });

  it("leaves what the validators already take, and what it cannot read, as it is", () => {
    expect(normalizeDateCell("2026-12-07T10:00:00Z", true, "dmy")).toBe("2026-12-07T10:00:00Z");
    expect(normalizeDateCell("1765101600000", true, "dmy")).toBe("1765101600000");
    expect(normalizeDateCell("2026-12-07", false, "mdy")).toBe("2026-12-07");
    expect(normalizeDateCell("next week", false, "dmy")).toBe("next week");
    expect(normalizeDateCell("", false, "dmy")).toBe("");
    expect(normalizeDateCell("7/12/2026", false, "mdy")).toBe("2026-07-12");
  });

  it("lets the file decide day or month first, else the region", () => {
    expect(dateOrderOf(["01/02/2026", "31/01/2026"])).toBe("dmy");
    expect(dateOrderOf(["01/02/2026", "01/31/2026 10:00"])).toBe("mdy");
    expect(dateOrderOf(["01/02/2026", "2026-05-30"])).toBeNull();
    expect(dateOrderOf(["13/01/2026", "01/13/2026"])).toBeNull();
    expect(regionDateOrder("US")).toBe("mdy");
    expect(regionDateOrder("DE")).toBe("dmy");
    expect(regionDateOrder("")).toBe("dmy");
  });
});

describe("an import with dates", () => {
  it("reads every date and date-time column of the file in the file's own order", () => {
    const [head, ...rows] = parseCsv(
      [
        "Name,Account id,Close date",
        "A,acc1,03/04/2026",
        "B,acc1,12/31/2026",
        "C,acc1,Jan 5 2027",
        "D,acc1,2027年2月1日",
        "E,acc1,someday",
      ].join("\n"),
    );
    const mapping = suggestMapping(head!.fields, "opportunity");
    expect(mapping).toEqual(["name", "accountId", "closeDate"]);
    expect(fileDateOrder("opportunity", rows, mapping)).toBe("mdy");
    const plan = planImport({ typeName: "opportunity", headers: head!.fields, rows, mapping });
    expect(plan.valid.map((v) => v.value.closeDate)).toEqual(["2026-03-04", "2026-12-31", "2027-01-05", "2027-02-01"]);
    expect(plan.issues.map((i) => [i.row, i.field, i.column])).toEqual([[6, "closeDate", "Close date"]]);
    // Checked in chunks, a later chunk follows the order of the whole file.
    const alone = planImport({ typeName: "opportunity", headers: head!.fields, rows: rows.slice(0, 1), mapping });
    expect(alone.valid[0]!.value.closeDate).toBe("2026-04-03");
    const chunk = planImport({
      typeName: "opportunity",
      headers: head!.fields,
      rows: rows.slice(0, 1),
      mapping,
      dateOrder: "mdy",
    });
    expect(chunk.valid[0]!.value.closeDate).toBe("2026-03-04");
  });

  it("reads date-times as UTC unless they say their zone", () => {
    const [head, ...rows] = parseCsv(
      ["Subject,Opened,Priority", "Leak,07.12.2026 14:30,high", "Smoke,7 Dec 2026 2:30 PM +01:00,low"].join("\n"),
    );
    const mapping = suggestMapping(head!.fields, "case");
    expect(mapping).toEqual(["subject", "openedAt", "priority"]);
    const plan = planImport({ typeName: "case", headers: head!.fields, rows, mapping });
    expect(plan.issues).toEqual([]);
    expect(plan.valid.map((v) => v.value.openedAt)).toEqual([
      Date.UTC(2026, 11, 7, 14, 30),
      Date.UTC(2026, 11, 7, 13, 30),
    ]);
  });
});
