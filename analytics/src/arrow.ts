import {
  Bool,
  type Data,
  DateDay,
  Field,
  Float64,
  Int32,
  List,
  makeData,
  TimestampMicrosecond,
  Utf8,
} from "apache-arrow";
import type { ColumnValue, SqlType } from "./tables.js";

/*
 * Column values → Arrow data, written straight into the typed buffers Arrow sends (values,
 * validity bitmap, string offsets). apache-arrow's generic builders (vectorFromArray) took ~4 s
 * for the 250k orders of a big workspace; these take a small fraction of that, which matters
 * because the browser loads every table this way.
 */

const DAY_MS = 86_400_000;

/** Validity bitmap (bit i set: row i has a value) and the null count; no bitmap when nothing is null. */
function validity(values: readonly ColumnValue[]): { nullBitmap?: Uint8Array; nullCount: number } {
  let nullCount = 0;
  for (const v of values) if (v == null) nullCount++;
  if (nullCount === 0) return { nullCount };
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  values.forEach((v, i) => {
    if (v != null) nullBitmap[i >> 3]! |= 1 << (i & 7);
  });
  return { nullBitmap, nullCount };
}

const encoder = new TextEncoder();

function utf8(values: readonly ColumnValue[]): Data<Utf8> {
  const valueOffsets = new Int32Array(values.length + 1);
  // Start from one byte per character and grow when a multi-byte text needs more room.
  let bytes = new Uint8Array(
    Math.max(
      64,
      values.reduce<number>((n, v) => n + (v == null ? 0 : String(v).length), 0),
    ),
  );
  let end = 0;
  values.forEach((v, i) => {
    if (v != null) {
      const text = String(v);
      for (;;) {
        const { read, written } = encoder.encodeInto(text, bytes.subarray(end));
        if (read === text.length) {
          end += written;
          break;
        }
        const bigger = new Uint8Array(bytes.length * 2 + text.length * 3);
        bigger.set(bytes.subarray(0, end));
        bytes = bigger;
      }
    }
    valueOffsets[i + 1] = end;
  });
  return makeData({
    type: new Utf8(),
    length: values.length,
    ...validity(values),
    valueOffsets,
    data: bytes.subarray(0, end),
  });
}

/** One column's values as Arrow data of the type DuckDB reads as `type`. */
export function arrowColumn(type: SqlType, values: readonly ColumnValue[]): Data {
  const n = values.length;
  switch (type) {
    case "VARCHAR":
      return utf8(values);
    case "DOUBLE": {
      const data = new Float64Array(n);
      values.forEach((v, i) => {
        if (v != null) data[i] = v as number;
      });
      return makeData({ type: new Float64(), length: n, ...validity(values), data });
    }
    case "INTEGER": {
      const data = new Int32Array(n);
      values.forEach((v, i) => {
        if (v != null) data[i] = v as number;
      });
      return makeData({ type: new Int32(), length: n, ...validity(values), data });
    }
    // date32: days since the epoch (the values are epoch ms of UTC midnights).
    case "DATE": {
      const data = new Int32Array(n);
      values.forEach((v, i) => {
        if (v != null) data[i] = Math.floor((v as number) / DAY_MS);
      });
      return makeData({ type: new DateDay(), length: n, ...validity(values), data });
    }
    // Microseconds: DuckDB reads Arrow timestamp[us] as TIMESTAMP (timestamp[ms] would be TIMESTAMP_MS).
    case "TIMESTAMP": {
      const data = new BigInt64Array(n);
      values.forEach((v, i) => {
        if (v != null) data[i] = BigInt(v as number) * 1000n;
      });
      return makeData({ type: new TimestampMicrosecond(), length: n, ...validity(values), data });
    }
    // list<utf8>: the texts of every row in one string column, each row a slice of it.
    case "VARCHAR[]": {
      const valueOffsets = new Int32Array(n + 1);
      const items: string[] = [];
      values.forEach((v, i) => {
        if (v != null) items.push(...(v as readonly string[]));
        valueOffsets[i + 1] = items.length;
      });
      return makeData({
        type: new List(new Field("item", new Utf8(), true)),
        length: n,
        ...validity(values),
        valueOffsets,
        child: utf8(items),
      });
    }
    case "BOOLEAN": {
      const data = new Uint8Array(Math.ceil(n / 8));
      values.forEach((v, i) => {
        if (v === true) data[i >> 3]! |= 1 << (i & 7);
      });
      return makeData({ type: new Bool(), length: n, ...validity(values), data });
    }
  }
}
