/*
 * The one way to write a table of strings. English is the reference: its keys are the keys the
 * compiler lets `t()` take (see resources.ts); every other language is typed against it, so a
 * Chinese table that lacks a key, or has one English does not, fails the typecheck where it is
 * written. This module imports nothing, so any locales.ts can use it without an import cycle.
 */

/** A translation of `T`: exactly its keys, any text. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** A table of strings in every language the app speaks. */
export type Locale<En> = { en: En; zh: Shape<En> };

/** A feature's strings; the registry (resources.ts) mounts them under the feature's namespace. */
export function defineLocale<En extends object>(en: En, zh: Shape<En>): Locale<En> {
  return { en, zh };
}
