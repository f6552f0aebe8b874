import { describe, expect, it } from "vitest";
import type { BaseRecord } from "../record.js";
import { accountFields } from "../records/account.js";
import { recordTypes } from "../recordTypes.js";
import { defineFields, field, labelled, type RecordFields } from "./spec.js";
import { refCollections } from "./types.js";

/*
 * The descriptors are checked against the record interfaces by the compiler: `tsc -p
 * tsconfig.json` fails when a `@ts-expect-error` below stops being an error, i.e. when the check
 * it proves no longer holds. The runtime assertions only keep vitest running the file.
 */

interface Thing extends BaseRecord {
  name: string;
  status: "open" | "done";
  count: number;
  dueAt: number | null;
  startedAt: number;
  tags: string[];
  active: boolean;
}

const L = { en: "Label", zh: "标签" };
const statuses = ["open", "done"] as const;
const statusValues = labelled(statuses, { open: L, done: L });

const complete = {
  name: field.text(L),
  status: field.picklist(L, statusValues, { default: "open" }),
  count: field.number(L),
  dueAt: field.dateTime(L),
  startedAt: field.dateTimeOrNow(L),
  tags: field.multiPicklist(L, []),
  active: field.boolean(L),
};

describe("descriptors checked against the record type", () => {
  it("accepts one descriptor of the right kind per property", () => {
    expect(defineFields<Thing>(complete).map((f) => f.key)).toEqual(Object.keys(complete));
  });

  it("refuses a missing property, an unknown one and kinds that do not fit (compile time)", () => {
    const { tags: _, ...withoutTags } = complete;
    // @ts-expect-error — `tags` has no descriptor
    defineFields<Thing>(withoutTags);
    defineFields<Thing>({
      ...complete,
      // @ts-expect-error — no such property on Thing
      colour: field.text(L),
    });
    defineFields<Thing>({
      ...complete,
      // @ts-expect-error — a number field for a string property
      name: field.number(L),
    });
    defineFields<Thing>({
      ...complete,
      // @ts-expect-error — a time that may be null for a property that is always a number
      startedAt: field.dateTime(L),
    });
    defineFields<Thing>({
      ...complete,
      // @ts-expect-error — a date ("YYYY-MM-DD" text) for a time in epoch ms
      dueAt: field.date(L),
    });
    defineFields<Thing>({
      ...complete,
      // @ts-expect-error — the picklist lacks "done": the union and the values must be one
      status: field.picklist(L, labelled(["open"] as const, { open: L }), { default: "open" }),
    });
    defineFields<Thing>({
      ...complete,
      // @ts-expect-error — "archived" is no value of the property's union
      status: field.picklist(L, labelled(["open", "done", "archived"] as const, { open: L, done: L, archived: L }), {
        default: "open",
      }),
    });
    defineFields<Thing>({
      ...complete,
      // @ts-expect-error — no default: a new record would hold "", which the union does not have
      status: field.picklist(L, statusValues),
    });
    defineFields<Thing>({
      ...complete,
      // @ts-expect-error — a default outside the list
      status: field.picklist(L, statusValues, { default: "later" }),
    });
    // @ts-expect-error — every value of the list needs its labels
    labelled(statuses, { open: L });
    // @ts-expect-error — one type's descriptors are no other type's
    const borrowed: RecordFields<Thing> = accountFields;
    expect(borrowed).toBeDefined();
    expect(true).toBe(true);
  });

  it("knows every collection a reference can point at", () => {
    expect([...refCollections]).toEqual(Object.keys(recordTypes));
  });
});
