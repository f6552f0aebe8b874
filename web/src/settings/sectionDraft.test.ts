import { describe, expect, it } from "vitest";
import { canonicalJson, followDocument, type SectionDraft, sectionState } from "./sectionDraft.js";

// A section whose form is the value's text: what saving writes is the form itself.
const written = (form: string) => canonicalJson(form);
const toForm = (json: string) => JSON.parse(json) as string;
const draftOf = (base: string, form: string): SectionDraft<string> => ({ base: canonicalJson(base), form });

describe("canonicalJson", () => {
  it("ignores the order of object keys, keeps the order of arrays", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});

describe("sectionState", () => {
  const doc = (v: string) => canonicalJson(v);
  it("is clean until the person edits, dirty after", () => {
    expect(sectionState(draftOf("EUR", "EUR"), doc("EUR"), written)).toBe("clean");
    expect(sectionState(draftOf("EUR", "USD"), doc("EUR"), written)).toBe("dirty");
  });
  it("is a conflict when someone else saved another value meanwhile", () => {
    expect(sectionState(draftOf("EUR", "USD"), doc("GBP"), written)).toBe("conflict");
  });
  it("is clean when both made the same change", () => {
    expect(sectionState(draftOf("EUR", "USD"), doc("USD"), written)).toBe("clean");
  });
  it("is loading before the document was read", () => {
    expect(sectionState({ base: null, form: "EUR" }, doc("EUR"), written)).toBe("loading");
  });
});

describe("followDocument", () => {
  it("follows a teammate's save while the form is untouched", () => {
    expect(followDocument(draftOf("EUR", "EUR"), canonicalJson("GBP"), written, toForm)).toEqual(draftOf("GBP", "GBP"));
  });
  it("starts from the document once it is read", () => {
    expect(followDocument({ base: null, form: "EUR" }, canonicalJson("JPY"), written, toForm)).toEqual(
      draftOf("JPY", "JPY"),
    );
  });
  it("keeps the person's edit (and its base, so the conflict shows) when the document changes", () => {
    const mine = draftOf("EUR", "USD");
    expect(followDocument(mine, canonicalJson("GBP"), written, toForm)).toBe(mine);
  });
});
