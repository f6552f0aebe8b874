import type { Activity } from "@crm/schema";
import { describe, expect, it } from "vitest";
import { dateInputValue, formatDue, isOverdue, relatedCollection } from "./activityRecord.js";

const task = (over: Partial<Activity>): Activity =>
  ({ kind: "task", subject: "x", dueAt: null, done: false, doneAt: null, createdAt: 0, ...over }) as Activity;

describe("activities", () => {
  it("a task due on a day is overdue only once that day is over", () => {
    const day = Date.parse("2026-11-25");
    expect(isOverdue(task({ dueAt: day }), Date.parse("2026-11-25T23:59:00Z"))).toBe(false);
    expect(isOverdue(task({ dueAt: day }), Date.parse("2026-11-26T00:00:00Z"))).toBe(true);
    expect(isOverdue(task({ dueAt: day, done: true }), Date.parse("2026-12-01"))).toBe(false);
  });

  it("a due time with a clock is overdue from that moment", () => {
    const at = Date.parse("2026-11-25T09:30:00Z");
    expect(isOverdue(task({ dueAt: at }), at - 1)).toBe(false);
    expect(isOverdue(task({ dueAt: at }), at)).toBe(true);
    expect(isOverdue(task({}), at)).toBe(false);
  });

  it("shows a day as a day, whatever the time zone, and edits it as the same day", () => {
    const day = Date.parse("2031-03-14");
    expect(formatDue("en", day)).toBe("Mar 14, 2031");
    expect(formatDue("zh", day)).toBe("2031年3月14日");
    expect(dateInputValue(day)).toBe("2031-03-14");
    expect(dateInputValue(null)).toBe("");
  });

  it("links only to the record types an activity can be about", () => {
    expect(relatedCollection("case")).toBe("cases");
    expect(relatedCollection("opportunity")).toBe("opportunities");
    expect(relatedCollection("savedQuery")).toBeNull();
    expect(relatedCollection("")).toBeNull();
  });
});
