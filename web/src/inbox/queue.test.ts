import { defaultSettings } from "@crm/schema";
import { describe, expect, it } from "vitest";
import {
  activityByCase,
  allConversations,
  buildQueue,
  isUnread,
  type QueueCase,
  type QueueInput,
  step,
  tabCounts,
} from "./queue.js";

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 12);
const me = { id: "u-ada", name: "Ada" };

function kase(id: string, over: Partial<QueueCase> = {}): QueueCase {
  return {
    id,
    subject: `Case ${id}`,
    status: "open",
    priority: "normal",
    channel: "email",
    assignee: "",
    openedAt: NOW - 10 * HOUR,
    updatedAt: NOW - 10 * HOUR,
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    ...over,
  };
}

function input(cases: QueueCase[], over: Partial<QueueInput> = {}): QueueInput {
  return {
    cases,
    activity: new Map(),
    seen: new Map(),
    filter: allConversations,
    sort: "recent",
    me,
    settings: defaultSettings(),
    now: NOW,
    ...over,
  };
}

const ids = (q: ReturnType<typeof buildQueue>) => q.map((i) => i.case.id);

describe("the inbox queue", () => {
  const cases = [
    kase("a"),
    kase("b", { assignee: "u-ada" }),
    kase("c", { assignee: "u-bo" }),
    kase("d", { status: "resolved", resolvedAt: NOW - HOUR }),
    kase("e", { assignee: "Ada", channel: "chat", priority: "urgent" }),
    kase("f", { deletedAt: NOW }),
  ];

  it("tabs: unassigned, mine (id or typed name), all open, all; deleted cases nowhere", () => {
    const tab = (which: QueueInput["filter"]["tab"]) =>
      ids(buildQueue(input(cases, { filter: { ...allConversations, tab: which } }))).sort();
    expect(tab("unassigned")).toEqual(["a"]);
    expect(tab("mine")).toEqual(["b", "e"]);
    expect(tab("open")).toEqual(["a", "b", "c", "e"]);
    expect(tab("all")).toEqual(["a", "b", "c", "d", "e"]);
    expect(tabCounts(cases, me)).toEqual({ unassigned: 1, mine: 2, open: 4, all: 5 });
  });

  it("filters by status, priority and channel on top of the tab", () => {
    const q = (f: Partial<QueueInput["filter"]>) =>
      ids(buildQueue(input(cases, { filter: { ...allConversations, tab: "all", ...f } }))).sort();
    expect(q({ status: "resolved" })).toEqual(["d"]);
    expect(q({ priority: "urgent" })).toEqual(["e"]);
    expect(q({ channel: "chat" })).toEqual(["e"]);
    expect(q({ channel: "web" })).toEqual([]);
  });

  it("sorts by latest activity: a message newer than the case's own stamps moves it up", () => {
    const list = [
      kase("old", { openedAt: NOW - 5 * HOUR, updatedAt: NOW - 5 * HOUR }),
      kase("new", { openedAt: NOW - HOUR, updatedAt: NOW - HOUR }),
    ];
    expect(ids(buildQueue(input(list)))).toEqual(["new", "old"]);
    const activity = activityByCase([
      { caseId: "old", sentAt: NOW - 10 * 60_000, direction: "inbound" },
      { caseId: "new", sentAt: NOW - HOUR, direction: "inbound" },
    ]);
    const q = buildQueue(input(list, { activity }));
    expect(ids(q)).toEqual(["old", "new"]);
    expect(q[0]!.lastAt).toBe(NOW - 10 * 60_000);
  });

  it("sorts by SLA: the clock due soonest first, stopped clocks last", () => {
    const list = [
      kase("low", { priority: "low" }),
      kase("urgent", { priority: "urgent" }),
      kase("done", {
        priority: "urgent",
        status: "resolved",
        firstResponseAt: NOW - 9 * HOUR,
        resolvedAt: NOW - 8 * HOUR,
      }),
      kase("answered", { priority: "urgent", firstResponseAt: NOW - 9 * HOUR }),
    ];
    const q = buildQueue(input(list, { sort: "sla", filter: { ...allConversations, tab: "all" } }));
    // Urgent's first response is due first; once answered, its resolution clock (later) counts.
    expect(ids(q)).toEqual(["urgent", "answered", "low", "done"]);
  });

  it("sorts by priority, then latest activity", () => {
    const list = [
      kase("n1", { updatedAt: NOW - 3 * HOUR }),
      kase("u", { priority: "urgent", updatedAt: NOW - 9 * HOUR }),
      kase("n2", { updatedAt: NOW - 2 * HOUR }),
      kase("h", { priority: "high" }),
    ];
    expect(ids(buildQueue(input(list, { sort: "priority" })))).toEqual(["u", "h", "n2", "n1"]);
  });

  it("unread: the customer wrote after it was last seen here; a new case nobody opened", () => {
    const c = kase("x");
    const a = { lastAt: NOW, lastInboundAt: NOW - HOUR };
    expect(isUnread(c, a, undefined)).toBe(true);
    expect(isUnread(c, a, NOW - 2 * HOUR)).toBe(true);
    expect(isUnread(c, a, NOW - HOUR)).toBe(false);
    // An agent's reply alone is nothing to read.
    expect(isUnread(c, { lastAt: NOW, lastInboundAt: 0 }, undefined)).toBe(false);
    expect(isUnread(kase("y", { status: "new" }), undefined, undefined)).toBe(true);
    expect(isUnread(kase("y", { status: "new" }), undefined, NOW)).toBe(false);
  });

  it("activity ignores deleted entries and tracks the newest inbound apart from the newest entry", () => {
    const a = activityByCase([
      { caseId: "x", sentAt: 1, direction: "inbound" },
      { caseId: "x", sentAt: 3, direction: "outbound" },
      { caseId: "x", sentAt: 5, direction: "inbound", deletedAt: 6 },
    ]);
    expect(a.get("x")).toEqual({ lastAt: 3, lastInboundAt: 1 });
  });

  it("steps to the next and previous conversation, staying at the ends", () => {
    const q = buildQueue(
      input([kase("1", { updatedAt: NOW }), kase("2", { updatedAt: NOW - 1 }), kase("3", { updatedAt: NOW - 2 })]),
    );
    expect(step(q, null, 1)).toBe("1");
    expect(step(q, null, -1)).toBe("3");
    expect(step(q, "1", 1)).toBe("2");
    expect(step(q, "3", 1)).toBe("3");
    expect(step(q, "1", -1)).toBe("1");
    expect(step(q, "gone", 1)).toBe("1");
    expect(step([], "1", 1)).toBeNull();
  });
});
