import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import {
  CloseCode,
  decodeMessage,
  EMPTY_UPDATE,
  ERROR_CODES,
  encodeAwareness,
  encodeError,
  encodePermissionDenied,
  encodePersisted,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUnsubscribe,
  encodeUpdate,
  isPermanentClose,
  MessageType,
  mismatchDirection,
  PROTOCOL_VERSION,
  parseUpgradeRequired,
  SUPPORTED_VERSIONS,
  speaks,
  statedVersion,
  unwrapDoc,
  upgradeRequiredReason,
  withProtocolVersion,
  wrapForDoc,
} from "./index.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

// The exact bytes of the protocol. If one of these changes, installed apps and the server
// disagree: bump PROTOCOL_VERSION in version.ts and describe the change there (wireShape.test.ts
// says what else to do).
describe(`wire protocol v${PROTOCOL_VERSION}`, () => {
  it("keeps its version", () => {
    expect(PROTOCOL_VERSION).toBe(3);
  });

  it("keeps its message types, close codes and error codes", () => {
    expect(MessageType).toEqual({
      sync: 0,
      awareness: 1,
      auth: 2,
      queryAwareness: 3,
      persisted: 100,
      error: 101,
      unsubscribe: 102,
    });
    expect(CloseCode).toEqual({
      badFrame: 4400,
      badDocumentName: 4404,
      tooLarge: 4413,
      unauthorized: 4401,
      forbidden: 4403,
      upgradeRequired: 4426,
      accessChanged: 4100,
      rateLimited: 4029,
      internal: 4500,
    });
    expect(ERROR_CODES).toEqual([
      "bad-frame",
      "bad-document-name",
      "too-large",
      "internal",
      "unauthorized",
      "forbidden",
      "read-only",
      "rate-limited",
      "too-many-documents",
    ]);
    expect(isPermanentClose(CloseCode.upgradeRequired)).toBe(true);
    expect(isPermanentClose(CloseCode.accessChanged)).toBe(false);
    expect(isPermanentClose(CloseCode.internal)).toBe(false);
  });

  it("keeps its extension message layouts", () => {
    expect(hex(encodePersisted(300))).toBe("64ac02");
    expect(hex(encodeError("bad-frame", "truncated"))).toBe("65096261642d6672616d65097472756e6361746564");
    expect(hex(encodeUnsubscribe())).toBe("66");
    expect(hex(wrapForDoc("default/records/accounts/07", new Uint8Array([0, 0, 1, 0])))).toBe(
      "1b64656661756c742f7265636f7264732f6163636f756e74732f303700000100",
    );
  });

  it("encodes the standard y-websocket messages as y-protocols does", () => {
    expect(hex(encodeSyncStep1(new Uint8Array([0])))).toBe("00000100");
    expect(hex(encodeSyncStep2(EMPTY_UPDATE))).toBe("0001020000");
    expect(hex(encodeUpdate(EMPTY_UPDATE))).toBe("0002020000");
    // a payload whose length takes two varint bytes
    expect(hex(encodeUpdate(new Uint8Array(200)).subarray(0, 4))).toBe("0002c801");
    expect(encodeUpdate(new Uint8Array(200)).byteLength).toBe(204);
    expect(hex(encodeAwareness(new Uint8Array([1, 2])))).toBe("01020102");
    expect(hex(encodeQueryAwareness())).toBe("03");
    expect(hex(encodePermissionDenied("no"))).toBe("0200026e6f");
    // the same as a lib0 encoder writing it field by field
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, new Uint8Array(300).fill(7));
    expect(hex(encodeSyncStep2(new Uint8Array(300).fill(7)))).toBe(hex(encoding.toUint8Array(e)));
  });

  it("round-trips", () => {
    expect(decodeMessage(encodeError("too-large", "über 16 MiB"))).toEqual({
      type: "error",
      code: "too-large",
      message: "über 16 MiB",
    });
    expect(decodeMessage(encodePersisted(7))).toEqual({ type: "persisted", count: 7 });
    expect(decodeMessage(encodeUnsubscribe())).toEqual({ type: "unsubscribe" });
    expect(decodeMessage(encodeQueryAwareness())).toEqual({ type: "query-awareness" });
    expect(decodeMessage(encodePermissionDenied("read-only"))).toEqual({
      type: "permission-denied",
      reason: "read-only",
    });
    const step2 = decodeMessage(encodeSyncStep2(new Uint8Array([5, 6, 7])));
    expect(step2).toMatchObject({ type: "sync", syncType: 1 });
    expect([...(step2 as { payload: Uint8Array }).payload]).toEqual([5, 6, 7]);
    expect(decodeMessage(new Uint8Array([104]))).toEqual({ type: "unknown", messageType: 104 });
    expect(() => decodeMessage(new Uint8Array([100]))).toThrow();
    expect(() => decodeMessage(new Uint8Array([102, 0]))).toThrow(/trailing/);
    const { docName, message } = unwrapDoc(wrapForDoc("w/notes/account/a-1", encodePersisted(7)));
    expect(docName).toBe("w/notes/account/a-1");
    expect(hex(message)).toBe(hex(encodePersisted(7)));
    expect(() => unwrapDoc(new Uint8Array([5, 97]))).toThrow();
  });
});

describe("the version handshake", () => {
  it("states the version in the connection URL", () => {
    expect(withProtocolVersion("ws://h:1/sync")).toBe(`ws://h:1/sync?v=${PROTOCOL_VERSION}`);
    expect(withProtocolVersion("wss://h/sync?token=abc&v=1", 3)).toBe("wss://h/sync?token=abc&v=3");
  });

  it("reads a stated version strictly", () => {
    const read = (q: string) => statedVersion(new URLSearchParams(q));
    expect(read("")).toBeUndefined();
    expect(read("v=3")).toBe(3);
    for (const bad of ["v=", "v=03", "v=3.0", "v=-1", "v=0", "v=abc", "v=1e3", "v=99999999999"])
      expect(read(bad), bad).toBeNaN();
    expect(speaks(SUPPORTED_VERSIONS, PROTOCOL_VERSION)).toBe(true);
    expect(speaks({ oldest: 2, newest: 3 }, 1)).toBe(false);
    expect(speaks({ oldest: 2, newest: 3 }, 4)).toBe(false);
    expect(speaks({ oldest: 2, newest: 3 }, Number.NaN)).toBe(false);
  });

  it("says in the close reason which versions the server speaks", () => {
    const reason = upgradeRequiredReason({ oldest: 4, newest: 5 }, 3);
    expect(new TextEncoder().encode(reason).byteLength).toBeLessThanOrEqual(123);
    expect(parseUpgradeRequired(reason)).toEqual({ oldest: 4, newest: 5 });
    expect(mismatchDirection(reason, 3)).toBe("older");
    expect(mismatchDirection(upgradeRequiredReason({ oldest: 1, newest: 2 }, 3), 3)).toBe("newer");
    expect(mismatchDirection("something else", 3)).toBe("older");
    expect(upgradeRequiredReason({ oldest: 2, newest: 3 }, Number.NaN)).toContain("client unreadable");
  });
});
