import { getSchema } from "@tiptap/core";
import { EditorState } from "@tiptap/pm/state";
import StarterKit from "@tiptap/starter-kit";
import { describe, expect, it } from "vitest";
import { insertedMentions, matchPeople, mentionExtension, newMentionId } from "./mentions.js";

const schema = getSchema([StarterKit, mentionExtension(() => [], { none: () => "", label: "" })]);
const mention = (userId: string, mentionId: string) =>
  schema.nodes.mention!.create({ id: userId, label: "Bo", mentionId });

function start() {
  const doc = schema.node("doc", null, [schema.node("paragraph", null, [schema.text("Call ")])]);
  return EditorState.create({ schema, doc });
}

describe("mentions made in the notes editor", () => {
  it("reports a mention this person inserts, with its node id and the person's id", () => {
    const state = start();
    const tr = state.tr.insert(6, mention("bo1", "m1"));
    expect(insertedMentions(tr, tr.doc)).toEqual([{ id: "m1", userId: "bo1" }]);
  });

  it("does not report mentions already there when the note changes again, nor a teammate's", () => {
    const state = start().apply(start().tr.insert(6, mention("bo1", "m1")));
    const typing = state.tr.insertText("tomorrow", 7);
    expect(insertedMentions(typing, typing.doc)).toEqual([]);
    const remote = state.tr.insert(1, mention("cy1", "m2")).setMeta("y-sync$", { isChangeOrigin: true });
    expect(insertedMentions(remote, remote.doc)).toEqual([]);
    // Two mentions of one person are two mentions.
    const second = state.tr.insert(1, mention("bo1", "m3"));
    expect(insertedMentions(second, second.doc)).toEqual([{ id: "m3", userId: "bo1" }]);
  });

  it("keeps the mention id in the document (what makes a re-save notify nobody)", () => {
    const state = start().apply(start().tr.insert(6, mention("bo1", "m1")));
    expect(state.doc.toJSON().content[0].content[1]).toMatchObject({
      type: "mention",
      attrs: { id: "bo1", label: "Bo", mentionId: "m1" },
    });
    expect(newMentionId()).toMatch(/^[0-9a-f]{24}$/);
    expect(newMentionId()).not.toBe(newMentionId());
  });

  it("offers people whose name or email starts a word with what was typed", () => {
    const people = [
      { id: "a", name: "Ada Lovelace", email: "ada@example.test" },
      { id: "b", name: "Bo Chen", email: "bo@example.test" },
      { id: "c", name: "陈波", email: "chen.bo@example.test" },
    ];
    expect(matchPeople(people, "").map((p) => p.id)).toEqual(["a", "b", "c"]);
    expect(matchPeople(people, "bo").map((p) => p.id)).toEqual(["b", "c"]);
    expect(matchPeople(people, "LOVE").map((p) => p.id)).toEqual(["a"]);
    expect(matchPeople(people, "陈").map((p) => p.id)).toEqual(["c"]);
    expect(matchPeople(people, "zed")).toEqual([]);
  });
});
