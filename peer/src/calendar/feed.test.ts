import type { Role } from "@crm/schema";
import { describe, expect, it } from "vitest";
import type { ListQuery } from "../db/query.js";
import { feedEvents } from "./feed.js";

/* Which activities become which entries, against a stand-in for the peer's projection. */

const DAY = 86_400_000;
const t0 = Date.UTC(2026, 10, 1);

type Rec = Record<string, unknown> & { id: string };

function fakePeer(records: Record<string, Rec[]>) {
  const queries: ListQuery[] = [];
  return {
    queries,
    get: (collection: string, id: string) => records[collection]?.find((r) => r.id === id) as never,
    list: (collection: string, query: ListQuery = {}) => {
      queries.push(query);
      const f = query.filters ?? [];
      const owner = f.find((x) => x.field === "owner")!.value;
      const kinds = f.find((x) => x.field === "kind")!.value.split(",");
      const rows = (records[collection] ?? []).filter(
        (r) => r.owner === owner && kinds.includes(r.kind as string) && r.dueAt != null && !r.deletedAt,
      );
      return { records: rows.map((r) => JSON.stringify(r)), nextCursor: null };
    },
  };
}

const activity = (over: Partial<Rec> & { id: string }): Rec => ({
  kind: "task",
  subject: "S",
  dueAt: t0 + 10 * DAY,
  done: false,
  relatedType: "",
  relatedId: "",
  accountId: "",
  owner: "u1",
  createdAt: t0,
  updatedAt: t0,
  ...over,
});

const run = (records: Record<string, Rec[]>, role: Role = "editor") =>
  feedEvents({ peer: fakePeer(records), userId: "u1", role, calendarName: "CRM", appOrigin: "https://crm.test" });

describe("feedEvents", () => {
  it("asks the projection for the person's meetings, calls and tasks with a due date", () => {
    const peer = fakePeer({});
    feedEvents({ peer, userId: "u1", role: "editor", calendarName: "CRM" });
    expect(peer.queries[0]!.filters).toEqual([
      { field: "owner", op: "is", value: "u1" },
      { field: "kind", op: "in", value: "meeting,call,task" },
      { field: "dueAt", op: "notEmpty", value: "" },
    ]);
  });

  it("makes a day's task an all-day entry, a timed task a point in time, meetings and calls busy blocks", () => {
    const [day, timed, meeting, call] = run({
      activities: [
        activity({ id: "a", dueAt: t0 + 3 * DAY }),
        activity({ id: "b", dueAt: t0 + 3 * DAY + 9 * 3_600_000 }),
        activity({ id: "c", kind: "meeting" }),
        activity({ id: "d", kind: "call" }),
      ],
    });
    expect(day!.start).toEqual({ date: t0 + 3 * DAY });
    expect(day!.transparent).toBe(true);
    expect(timed!.start).toEqual({ at: t0 + 3 * DAY + 9 * 3_600_000 });
    expect(timed!.durationMinutes).toBe(0);
    expect(meeting!.durationMinutes).toBe(60);
    expect(meeting!.transparent).toBe(false);
    expect(call!.durationMinutes).toBe(30);
    expect(meeting!.url).toBe("https://crm.test/activities/c");
  });

  it("grows SEQUENCE with every later change and marks done tasks", () => {
    const [first] = run({ activities: [activity({ id: "a", updatedAt: t0 + 5_000 })] });
    const [later] = run({ activities: [activity({ id: "a", updatedAt: t0 + 65_000, done: true })] });
    expect(first!.sequence).toBe(5);
    expect(later!.sequence).toBe(65);
    expect(later!.lastModified).toBe(t0 + 65_000);
    expect(later!.summary).toBe("✓ S");
    expect(later!.uid).toBe(first!.uid);
  });

  it("leaves out activities about records the role may not read", () => {
    const records = {
      opportunities: [{ id: "o1", name: "Big deal" }],
      accounts: [{ id: "ac1", name: "Initech" }],
      activities: [
        activity({ id: "a", relatedType: "opportunity", relatedId: "o1", kind: "meeting" }),
        activity({ id: "b", relatedType: "account", relatedId: "ac1" }),
      ],
    };
    expect(run(records, "editor").map((e) => e.uid)).toEqual(["a@activities.crm", "b@activities.crm"]);
    expect(run(records, "support").map((e) => e.uid)).toEqual(["b@activities.crm"]);
    expect(run(records, "support")[0]!.description).toContain("Account: Initech");
  });
});
