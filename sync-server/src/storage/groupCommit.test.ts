import { describe, expect, it } from "vitest";
import { type CommitResult, GroupCommit } from "./groupCommit.js";
import { MemoryStorage } from "./memory.js";
import type { UpdateToStore } from "./types.js";

/** Memory storage that records each transaction (one `appendMany`) and can be made to fail. */
class TransactionLog extends MemoryStorage {
  readonly transactions: string[][] = [];
  failNext = false;
  override appendMany(updates: readonly UpdateToStore[]): number[] {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("disk full");
    }
    this.transactions.push(updates.map((u) => new TextDecoder().decode(u.update)));
    return super.appendMany(updates);
  }
}

const bytes = (s: string) => new TextEncoder().encode(s);
const turn = () => new Promise((r) => setImmediate(r));

describe("GroupCommit", () => {
  it("stores every update of one event-loop turn in one transaction, then calls back in order", async () => {
    const storage = new TransactionLog();
    const commits = new GroupCommit(storage, { group: true });
    const done: string[] = [];
    const record = (name: string) => (r: CommitResult) => {
      // At callback time the whole transaction is stored.
      expect(storage.transactions).toHaveLength(1);
      done.push(r.ok ? `${name}:${r.id ?? "-"}` : `${name}:error`);
    };
    commits.add("a", bytes("a1"), record("a1"));
    commits.add("b", bytes("b1"), record("b1"));
    commits.add("a", null, record("barrier"));
    commits.add("a", bytes("a2"), record("a2"));
    expect(storage.transactions).toEqual([]);
    expect(commits.pending).toBe(4);
    await turn();
    expect(storage.transactions).toEqual([["a1", "b1", "a2"]]);
    expect(done).toEqual(["a1:1", "b1:2", "barrier:-", "a2:3"]);
    expect(storage.loadUpdates("a").updates.map((u) => new TextDecoder().decode(u))).toEqual(["a1", "a2"]);
  });

  it("commits what a callback queues within the same flush, after the entries before it", async () => {
    const storage = new TransactionLog();
    const commits = new GroupCommit(storage, { group: true });
    const order: string[] = [];
    commits.add("d", bytes("first"), () => {
      order.push("first");
      commits.add("d", bytes("second"), () => order.push("second"));
    });
    commits.add("d", bytes("third"), () => order.push("third"));
    await turn();
    expect(order).toEqual(["first", "third", "second"]);
    expect(storage.transactions).toEqual([["first", "third"], ["second"]]);
  });

  it("on a failed transaction, every entry of it gets the error and nothing of it is stored", async () => {
    const storage = new TransactionLog();
    const commits = new GroupCommit(storage, { group: true });
    const results: CommitResult[] = [];
    storage.failNext = true;
    commits.add("d", bytes("x"), (r) => results.push(r));
    commits.add("d", null, (r) => results.push(r));
    await turn();
    expect(results).toEqual([
      { ok: false, error: new Error("disk full") },
      { ok: false, error: new Error("disk full") },
    ]);
    expect(storage.listDocs()).toEqual([]);
    // The next turn commits normally.
    commits.add("d", bytes("y"), (r) => results.push(r));
    await turn();
    expect(results.at(-1)).toEqual({ ok: true, id: 1 });
  });

  it("flush() commits at once, e.g. before a room unloads", () => {
    const storage = new TransactionLog();
    const commits = new GroupCommit(storage, { group: true });
    let called = false;
    commits.add("d", bytes("now"), () => {
      called = true;
    });
    commits.flush();
    expect(called).toBe(true);
    expect(storage.transactions).toEqual([["now"]]);
  });

  it("without grouping (storage without fsync), each entry commits synchronously", () => {
    const storage = new TransactionLog();
    const commits = new GroupCommit(storage, { group: false });
    const ids: (number | undefined)[] = [];
    commits.add("d", bytes("one"), (r) => ids.push(r.ok ? r.id : -1));
    expect(ids).toEqual([1]);
    commits.add("d", bytes("two"), (r) => ids.push(r.ok ? r.id : -1));
    expect(storage.transactions).toEqual([["one"], ["two"]]);
  });

  it("reports each commit's size and a callback that throws, and goes on", async () => {
    const storage = new TransactionLog();
    const sizes: number[] = [];
    const thrown: unknown[] = [];
    const commits = new GroupCommit(storage, {
      group: true,
      onCommit: (n) => sizes.push(n),
      onCallbackError: (e) => thrown.push(e),
    });
    let after = false;
    commits.add("d", bytes("1"), () => {
      throw new Error("relay failed");
    });
    commits.add("d", bytes("2"), () => {
      after = true;
    });
    await turn();
    expect(sizes).toEqual([2]);
    expect(thrown).toEqual([new Error("relay failed")]);
    expect(after).toBe(true);
  });
});
