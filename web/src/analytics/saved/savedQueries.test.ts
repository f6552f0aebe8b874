import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  applyTextEdit,
  createSavedQuery,
  deleteSavedQuery,
  findSavedQuery,
  listSavedQueries,
  queriesMap,
} from "./savedQueries.js";

/** Two replicas exchanging every update, as two synced browsers do. */
function pair() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on("update", (u: Uint8Array, origin: unknown) => origin !== b && Y.applyUpdate(b, u, a));
  b.on("update", (u: Uint8Array, origin: unknown) => origin !== a && Y.applyUpdate(a, u, b));
  return { a, b };
}

describe("saved queries", () => {
  it("a query saved on one replica is listed on the other with its title and SQL", () => {
    const { a, b } = pair();
    const id = createSavedQuery(a, { title: "  Big orders ", sql: "SELECT 1", createdBy: "u1", now: 5 });
    const { queries } = listSavedQueries(b);
    expect(queries.map((q) => [q.id, q.title.toString(), q.sql.toString(), q.createdBy, q.createdAt])).toEqual([
      [id, "Big orders", "SELECT 1", "u1", 5],
    ]);
  });

  it("refuses a query without a title, naming the field", () => {
    expect(() => createSavedQuery(new Y.Doc(), { title: "  ", sql: "SELECT 1", createdBy: "u", now: 1 })).toThrow(
      /^title:/,
    );
  });

  it("lists by title, and a soft-deleted query leaves the list but keeps its text", () => {
    const doc = new Y.Doc();
    const z = createSavedQuery(doc, { title: "Zeta", sql: "SELECT 'z'", createdBy: "u", now: 1 });
    createSavedQuery(doc, { title: "alpha", sql: "SELECT 'a'", createdBy: "u", now: 2 });
    expect(listSavedQueries(doc).queries.map((q) => q.title.toString())).toEqual(["alpha", "Zeta"]);
    deleteSavedQuery(doc, z, 9);
    expect(listSavedQueries(doc).queries.map((q) => q.title.toString())).toEqual(["alpha"]);
    expect(findSavedQuery(doc, z)).toBeNull();
    expect((queriesMap(doc).get(z)!.get("sql") as Y.Text).toString()).toBe("SELECT 'z'");
    expect(queriesMap(doc).get(z)!.get("deletedAt")).toBe(9);
  });

  it("reports a malformed entry by field instead of failing the whole list", () => {
    const doc = new Y.Doc();
    createSavedQuery(doc, { title: "Fine", sql: "SELECT 1", createdBy: "u", now: 1 });
    const bad = new Y.Map<unknown>();
    bad.set("title", "plain string");
    queriesMap(doc).set("bad", bad);
    const { queries, problems } = listSavedQueries(doc);
    expect(queries.map((q) => q.title.toString())).toEqual(["Fine"]);
    expect(problems).toEqual(["saved query bad: title is not a Y.Text"]);
  });

  it("concurrent edits of the same SQL by two people both survive", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const id = createSavedQuery(a, { title: "Q", sql: "SELECT x FROM t", createdBy: "u", now: 1 });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    // Offline from each other: one adds a WHERE, the other a column.
    applyTextEdit(findSavedQuery(a, id)!.sql, "SELECT x FROM t WHERE x > 1");
    applyTextEdit(findSavedQuery(b, id)!.sql, "SELECT x, y FROM t");
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(findSavedQuery(a, id)!.sql.toString()).toBe("SELECT x, y FROM t WHERE x > 1");
    expect(findSavedQuery(b, id)!.sql.toString()).toBe("SELECT x, y FROM t WHERE x > 1");
  });

  it("applyTextEdit turns an input's new value into the smallest insert/delete", () => {
    const doc = new Y.Doc();
    const text = doc.getText("t");
    text.insert(0, "Monthly revenue");
    const deltas: unknown[] = [];
    text.observe((e) => deltas.push(e.delta));
    applyTextEdit(text, "Monthly net revenue");
    applyTextEdit(text, "Monthly revenue");
    applyTextEdit(text, "Weekly revenue");
    expect(text.toString()).toBe("Weekly revenue");
    expect(deltas).toEqual([
      [{ retain: 8 }, { insert: "net " }],
      [{ retain: 8 }, { delete: 4 }],
      [{ delete: 5 }, { insert: "Week" }],
    ]);
  });
});
