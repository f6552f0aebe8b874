import { describe, expect, it } from "vitest";
import { runRecordView } from "./runRecord.js";

describe("the run log's Record cell", () => {
  it("names the record, linked to its page", () => {
    expect(runRecordView("accounts", "a1b2c3d4e5f6", "Initech")).toEqual({
      kind: "named",
      name: "Initech",
      href: "/accounts/a1b2c3d4e5f6",
    });
  });

  it("says what it was when the record is not on this device or the type is unknown, without a link", () => {
    expect(runRecordView("accounts", "a1b2c3d4e5f6", null)).toEqual({ kind: "gone", shortId: "a1b2c3d4" });
    expect(runRecordView("widgets", "a1b2c3d4e5f6", "x")).toEqual({ kind: "gone", shortId: "a1b2c3d4" });
    expect(runRecordView("toString", "a1", "x")).toEqual({ kind: "gone", shortId: "a1" });
  });

  it("waits while the name is read", () => {
    expect(runRecordView("cases", "c1", undefined)).toEqual({ kind: "reading" });
  });
});
