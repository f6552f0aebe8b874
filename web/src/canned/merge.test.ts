import { describe, expect, it } from "vitest";
import { fillMergeFields, type MergeContext, mergeContext } from "./merge.js";

const context: MergeContext = mergeContext({
  theCase: { id: "c1", subject: "Printer on fire", status: "open", priority: "high" },
  contact: { firstName: "Dana", lastName: "Fox", email: "dana@shop.test" },
  agent: { name: "Ada Lovelace", email: "ada@acme.test" },
});

describe("canned responses' merge fields", () => {
  it("fills the case's contact, subject and agent", async () => {
    const r = await fillMergeFields(
      'Hi {{ contact.first_name | default: "there" }}, about "{{ case.subject }}": fixed. — {{ agent.name }}',
      context,
    );
    expect(r).toEqual({ text: 'Hi Dana, about "Printer on fire": fixed. — Ada Lovelace', problems: [] });
  });

  it("uses a default for a missing value, and names a field that renders empty", async () => {
    const none = mergeContext({
      theCase: { id: "c1", subject: "", status: "open", priority: "normal" },
      agent: { name: "Ada", email: "" },
    });
    const r = await fillMergeFields('Hi {{ contact.first_name | default: "there" }}, re {{ case.subject }}.', none);
    expect(r.text).toBe("Hi there, re .");
    expect(r.problems).toEqual([{ field: "{{ case.subject }}", reason: "empty" }]);
  });

  it("names a field that fails (an unknown filter) and a typo that is empty", async () => {
    const r = await fillMergeFields("{{ contact.first_name | shout }} {{ contact.frist_name }}", context);
    expect(r.problems).toEqual([
      { field: "{{ contact.first_name | shout }}", reason: "failed" },
      { field: "{{ contact.frist_name }}", reason: "empty" },
    ]);
  });

  it("reads no files and runs no JavaScript", async () => {
    const r = await fillMergeFields("{% include '/etc/passwd' %}{{ contact.constructor }}", context);
    expect(r.text).not.toContain("root:");
    expect(r.text).not.toMatch(/function|Object/);
  });
});
