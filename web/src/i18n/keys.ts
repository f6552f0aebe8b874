import type { TFunction } from "i18next";
import { resources, type Strings } from "./resources.js";

/*
 * Types for keys built at run time. `t()` takes only keys of the English resource (resources.ts),
 * so a key made from a value needs the value typed as one of the table's keys:
 *
 *   const status = (s: KeyIn<"sales.orders.statuses">) => t(`sales.orders.statuses.${s}`);
 *
 * and a value that comes from outside the code (a server's error code, a query's column) is
 * checked against the table first with `hasKey`, falling back to text of its own.
 */

type At<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? At<T[Head], Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** The keys of the table of strings at `P`: `KeyIn<"roles">` is "owner" | "admin" | …; never when
 * `P` names no table (a typo, or a string). */
export type KeyIn<P extends string> = TableKeys<At<Strings, P>>;
type TableKeys<T> = [T] extends [never] ? never : T extends string ? never : Extract<keyof T, string>;

/** `P` itself when it names a table of strings; otherwise a type no string has (a typo fails). */
type TablePath<P extends string> = [KeyIn<P>] extends [never] ? { "not a table of strings": P } : unknown;

/** True when the English table at `table` has a string called `key`; narrows `key` to its keys. */
export function hasKey<P extends string>(table: P & TablePath<P>, key: string): key is KeyIn<P> {
  const node = at(table);
  return isTable(node) && Object.hasOwn(node, key) && typeof node[key] === "string";
}

/**
 * True when `key` names a string of the English resource (a plural by its base name, as `t()`
 * takes it). For keys held in data: a descriptor's label, a value's table joined to the value.
 */
export function isKey(key: string): key is Key {
  return [key, `${key}_one`, `${key}_other`].some((k) => typeof at(k) === "string");
}

function at(path: string): unknown {
  let node: unknown = resources.en.translation;
  for (const part of path.split(".")) node = isTable(node) && Object.hasOwn(node, part) ? node[part] : undefined;
  return node;
}

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

type Plural = "zero" | "one" | "two" | "few" | "many" | "other";
type Leaves<T, Path extends string = ""> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Path}${K extends `${infer Base}_${Plural}` ? Base : K}`
    : Leaves<T[K], `${Path}${K}.`>;
}[keyof T & string];

/**
 * Any key of a string (a plural by its base name, as `t()` takes it with a count), for a key held
 * in data: a palette entry's label, a field's label.
 */
export type Key = Leaves<Strings>;

/** The text of the first of `keys` the resource has, as `t([a, b])` reads it; else `fallback`. */
export function textOf(t: TFunction, keys: readonly string[], fallback: string): string {
  const key = keys.find(isKey);
  return key ? t(key) : fallback;
}
