import * as decoding from "lib0/decoding";
import { describe, expect, it } from "vitest";
import {
  CloseCode,
  decodeError,
  encodeError,
  encodePersisted,
  encodeUnsubscribe,
  MessageType,
  PROTOCOL_VERSION,
  unwrapDoc,
  wrapForDoc,
} from "./index.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

// The exact bytes of protocol version 1. If one of these changes, the web client and the
// server disagree: bump PROTOCOL_VERSION in version.ts and describe the change there.
describe(`wire protocol v${PROTOCOL_VERSION}`, () => {
  it("keeps its version", () => {
    expect(PROTOCOL_VERSION).toBe(2);
  });

  it("keeps its message types and close codes", () => {
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
      accessChanged: 4100,
      rateLimited: 4029,
      internal: 4500,
    });
  });

  it("keeps its message layouts", () => {
    expect(hex(encodePersisted(300))).toBe("64ac02");
    expect(hex(encodeError("bad-frame", "truncated"))).toBe("65096261642d6672616d65097472756e6361746564");
    expect(hex(encodeUnsubscribe())).toBe("66");
    expect(hex(wrapForDoc("default/records/accounts/07", new Uint8Array([0, 0, 1, 0])))).toBe(
      "1b64656661756c742f7265636f7264732f6163636f756e74732f303700000100",
    );
  });

  it("round-trips", () => {
    const d = decoding.createDecoder(encodeError("too-large", "über 16 MiB"));
    expect(decoding.readVarUint(d)).toBe(MessageType.error);
    expect(decodeError(d)).toEqual({ code: "too-large", message: "über 16 MiB" });
    const { docName, message } = unwrapDoc(wrapForDoc("w/notes/account/a-1", encodePersisted(7)));
    expect(docName).toBe("w/notes/account/a-1");
    expect(hex(message)).toBe(hex(encodePersisted(7)));
    expect(() => unwrapDoc(new Uint8Array([5, 97]))).toThrow();
  });
});
