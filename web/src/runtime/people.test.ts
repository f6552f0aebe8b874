import { describe, expect, it } from "vitest";
import { testT } from "../i18n/forTests.js";
import { personLabel } from "./people.js";

const names = new Map([
  ["u-ada", "Ada Owner"],
  ["u-bo", "Bo Editor"],
]);

describe("personLabel: how an owner or assignee reads", () => {
  it("names members, the signed-in person as “(you)”, in both languages", async () => {
    const en = await testT("en");
    const zh = await testT("zh");
    expect(personLabel("u-bo", names, "u-ada", en)).toEqual({ text: "Bo Editor", kind: "member" });
    expect(personLabel("u-ada", names, "u-ada", en).text).toBe("Ada Owner (you)");
    expect(personLabel("u-ada", names, "u-ada", zh).text).toBe("Ada Owner（你）");
  });

  it("names the demo data's people readably instead of their ids", async () => {
    const en = await testT("en");
    const zh = await testT("zh");
    const dana = personLabel("demo-dana", names, "u-ada", en);
    expect(dana).toMatchObject({ text: "Dana (demo)", kind: "demo" });
    expect(dana.hint).toMatch(/demo data/);
    expect(personLabel("demo-dana", names, "u-ada", zh).text).toBe("Dana（演示）");
  });

  it("shows anyone else as stored, saying they are no member", async () => {
    const en = await testT("en");
    const gone = personLabel("u-left-2024", names, "u-ada", en);
    expect(gone).toMatchObject({ text: "u-left-2024", kind: "unknown" });
    expect(gone.hint).toMatch(/Not a member/);
    // A name typed before there was a directory stays the name it is.
    expect(personLabel("Dana Smith", names, "u-ada", en).text).toBe("Dana Smith");
  });
});
