import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { docRights } from "./access.js";
import { inboxDocName, inboxReadDocName, parseDocName } from "./docs.js";
import {
  addInboxEntry,
  dismissInboxEntry,
  forgetInboxMarks,
  type InboxEntry,
  markInboxRead,
  pruneInbox,
  readInbox,
  unreadCount,
} from "./inbox.js";

const entry = (id: string, at: number): InboxEntry => ({ id, kind: "rule", title: `N ${id}`, at });

describe("inbox documents", () => {
  it("are named per person and parsed strictly", () => {
    expect(parseDocName(inboxDocName("w1", "u1"))).toEqual({
      kind: "inbox",
      workspace: "w1",
      box: "person",
      userId: "u1",
    });
    expect(parseDocName(inboxReadDocName("w1", "u1"))).toEqual({
      kind: "inbox",
      workspace: "w1",
      box: "read",
      userId: "u1",
    });
    expect(parseDocName("w1/inbox/other/u1")).toBeNull();
    expect(parseDocName("w1/inbox/person/U1")).toBeNull();
    expect(parseDocName("w1/inbox/person/a/b")).toBeNull();
  });

  it("are their person's alone: read the notifications, write the marks; the automation writes both", () => {
    const items = inboxDocName("w1", "u1");
    const marks = inboxReadDocName("w1", "u1");
    expect(docRights("viewer", items, "u1")).toBe("read");
    expect(docRights("viewer", marks, "u1")).toBe("write");
    expect(docRights("owner", items, "u2")).toBe("none");
    expect(docRights("owner", marks, "u2")).toBe("none");
    // A service token (no user id), whatever its role.
    expect(docRights("owner", items)).toBe("none");
    expect(docRights("automation", items)).toBe("write");
    expect(docRights("automation", marks)).toBe("write");
  });
});

describe("notifications in the inbox", () => {
  it("adds an entry once per id, lists newest first, counts unread, hides dismissed", () => {
    const inbox = new Y.Doc();
    const marks = new Y.Doc();
    expect(addInboxEntry(inbox, entry("a", 1))).toBe(true);
    expect(addInboxEntry(inbox, { ...entry("a", 5), title: "again" })).toBe(false);
    addInboxEntry(inbox, entry("b", 2));
    addInboxEntry(inbox, entry("c", 3));
    let items = readInbox(inbox, marks);
    expect(items.map((i) => i.id)).toEqual(["c", "b", "a"]);
    expect(items[2]!.title).toBe("N a");
    expect(unreadCount(items)).toBe(3);
    markInboxRead(marks, ["a", "b"], 10);
    dismissInboxEntry(marks, "c", 11);
    items = readInbox(inbox, marks);
    expect(items.map((i) => [i.id, i.read])).toEqual([
      ["b", true],
      ["a", true],
    ]);
    expect(unreadCount(items)).toBe(0);
  });

  it("skips values that are not notifications", () => {
    const inbox = new Y.Doc();
    inbox.getMap("items").set("x", { kind: "nope", title: "t", at: 1 });
    inbox.getMap("items").set("y", "text");
    addInboxEntry(inbox, entry("z", 1));
    expect(readInbox(inbox, null).map((i) => i.id)).toEqual(["z"]);
  });

  it("keeps to the limit: the oldest read ones go first, then the oldest unread, with their marks", () => {
    const inbox = new Y.Doc();
    const marks = new Y.Doc();
    for (let i = 0; i < 6; i++) addInboxEntry(inbox, entry(`n${i}`, i));
    markInboxRead(marks, ["n3", "n4"], 100);
    expect(pruneInbox(inbox, marks, 10)).toEqual([]);
    const removed = pruneInbox(inbox, marks, 3);
    expect(removed.sort()).toEqual(["n0", "n3", "n4"]);
    forgetInboxMarks(marks, removed);
    expect(readInbox(inbox, marks).map((i) => i.id)).toEqual(["n5", "n2", "n1"]);
    expect(marks.getMap("read").size).toBe(0);
  });
});
