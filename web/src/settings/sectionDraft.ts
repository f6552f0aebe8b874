/*
 * One settings section being edited. The form keeps a draft and the section value the draft
 * started from (`base`). While nothing is changed the form follows the document live (a teammate's
 * save simply shows up); once the person has edited, a different value arriving in the document
 * is a conflict: saving would silently throw the other admin's change away, so the form says so
 * and lets the person choose (discard theirs or replace it with theirs).
 *
 * Values are compared as canonical JSON (object keys sorted): the form's idea of a value and the
 * schema's parsed one may list keys in another order.
 */

export interface SectionDraft<F> {
  /** The section as the document held it when this draft started (canonical JSON); null until read. */
  base: string | null;
  form: F;
}

export type SectionState = "loading" | "clean" | "dirty" | "conflict";

/** JSON with object keys sorted, so equal values give equal text. NaN (a bad number) reads as null. */
export function canonicalJson(value: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(canon(value));
}

/**
 * Where the draft stands against the document's `current` value; `written` gives the canonical
 * JSON of what saving the form would write.
 */
export function sectionState<F>(draft: SectionDraft<F>, current: string, written: (form: F) => string): SectionState {
  if (draft.base === null) return "loading";
  const mine = written(draft.form);
  if (mine === draft.base || mine === current) return "clean"; // unchanged, or both made the same change
  return current === draft.base ? "dirty" : "conflict";
}

/** The draft after the document's value became `current`: followed when clean, kept otherwise. */
export function followDocument<F>(
  draft: SectionDraft<F>,
  current: string,
  written: (form: F) => string,
  toForm: (json: string) => F,
): SectionDraft<F> {
  if (draft.base === current) return draft;
  const state = sectionState(draft, current, written);
  return state === "loading" || state === "clean" ? { base: current, form: toForm(current) } : draft;
}
