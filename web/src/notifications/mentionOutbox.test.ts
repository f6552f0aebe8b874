import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { CrmDatabase } from "../local/db.js";
import { flushMentions, type Post, queuedMentions, queueMentions } from "./mentionOutbox.js";

const db = () => new CrmDatabase("crm-outbox-test", { indexedDB: new IDBFactory(), IDBKeyRange });

describe("the mention outbox", () => {
  it("keeps mentions across failures and sends each record's together once the server answers", async () => {
    const d = db();
    await queueMentions(d, [
      { collection: "accounts", recordId: "a1", id: "m1", userId: "bo" },
      { collection: "accounts", recordId: "a1", id: "m2", userId: "cy" },
      { collection: "cases", recordId: "c1", id: "m3", userId: "bo" },
    ]);
    const bodies: unknown[] = [];
    let answer: number | "offline" = "offline";
    const post: Post = async (body) => {
      if (answer === "offline") throw new TypeError("Failed to fetch");
      bodies.push(body);
      return { status: answer };
    };
    expect(await flushMentions(d, post)).toEqual({ sent: 0, left: 3 });
    answer = 503;
    expect(await flushMentions(d, post)).toEqual({ sent: 0, left: 3 });
    expect((await queuedMentions(d)).length).toBe(3);
    answer = 200;
    bodies.length = 0;
    expect(await flushMentions(d, post)).toEqual({ sent: 3, left: 0 });
    expect(bodies).toContainEqual({
      record: { collection: "accounts", id: "a1" },
      mentions: [
        { id: "m1", userId: "bo" },
        { id: "m2", userId: "cy" },
      ],
    });
    expect(bodies).toContainEqual({
      record: { collection: "cases", id: "c1" },
      mentions: [{ id: "m3", userId: "bo" }],
    });
    expect(await queuedMentions(d)).toEqual([]);
    d.close();
  });

  it("drops what no retry can send (a record gone or not readable) and queues a mention once", async () => {
    const d = db();
    const m = { collection: "accounts", recordId: "gone", id: "m9", userId: "bo" };
    await queueMentions(d, [m]);
    await queueMentions(d, [m]);
    expect((await queuedMentions(d)).length).toBe(1);
    expect(await flushMentions(d, async () => ({ status: 404 }))).toEqual({ sent: 1, left: 0 });
    expect(await queuedMentions(d)).toEqual([]);
    d.close();
  });
});
