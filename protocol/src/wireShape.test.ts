import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { OLDEST_SUPPORTED_VERSION, PROTOCOL_HISTORY, PROTOCOL_VERSION, UNSTATED_VERSION } from "./version.js";
import { checkWireShape, type WireShape, wireShape } from "./wireShape.js";

/**
 * The hash of the wire's shape for each released protocol version. A new version adds a line;
 * a recorded line never changes (installed copies of the app speak that wire).
 */
const RECORDED: Readonly<Record<number, string>> = {
  3: "1e48cf5be3748c5a39f0620b7ad2fa83",
};

const hashOf = (shape: WireShape) => createHash("sha256").update(JSON.stringify(shape)).digest("hex").slice(0, 32);

describe("the wire shape is tied to the protocol version", () => {
  it("matches the hash recorded for this version", () => {
    const problem = checkWireShape(PROTOCOL_VERSION, hashOf(wireShape()), RECORDED, PROTOCOL_HISTORY);
    expect(problem, problem ?? "").toBeNull();
  });

  it("has a written history up to this version, and a consistent supported range", () => {
    expect(PROTOCOL_HISTORY.map((h) => h.version)).toEqual(Array.from({ length: PROTOCOL_VERSION }, (_, i) => i + 1));
    for (const h of PROTOCOL_HISTORY) {
      expect(h.changes.length, `version ${h.version}: what changed`).toBeGreaterThan(20);
      expect(h.compatibility.length, `version ${h.version}: compatibility`).toBeGreaterThan(10);
    }
    expect(OLDEST_SUPPORTED_VERSION).toBeGreaterThanOrEqual(1);
    expect(OLDEST_SUPPORTED_VERSION).toBeLessThanOrEqual(PROTOCOL_VERSION);
    expect(UNSTATED_VERSION).toBeLessThan(PROTOCOL_VERSION);
  });

  it("is the same on every run (the examples are deterministic)", () => {
    expect(hashOf(wireShape())).toBe(hashOf(wireShape()));
  });

  describe("a wire change without a version bump fails, saying what to do", () => {
    const shape = wireShape();
    const recorded = { [PROTOCOL_VERSION]: hashOf(shape) };
    const changes: [string, WireShape][] = [
      ["a message's bytes", { ...shape, messages: { ...shape.messages, persisted: "64ad02" } }],
      ["a new error code", { ...shape, errorCodes: [...shape.errorCodes, "gone"] }],
      ["a close code", { ...shape, closeCodes: { ...shape.closeCodes, upgradeRequired: 4427 as never } }],
      ["a new message type", { ...shape, messageTypes: { ...shape.messageTypes, ping: 103 } as never }],
      ["the handshake", { ...shape, handshake: { ...shape.handshake, param: "version" } }],
    ];
    for (const [what, changed] of changes) {
      it(what, () => {
        const hash = hashOf(changed);
        expect(hash).not.toBe(recorded[PROTOCOL_VERSION]);
        const problem = checkWireShape(PROTOCOL_VERSION, hash, recorded, PROTOCOL_HISTORY);
        expect(problem).toContain(`PROTOCOL_VERSION is still ${PROTOCOL_VERSION}`);
        expect(problem).toContain("Bump PROTOCOL_VERSION");
        expect(problem).toContain(`${PROTOCOL_VERSION + 1}: "${hash}"`);
      });
    }

    it("a bump without a history entry, then without a recorded hash, is refused too", () => {
      const next = PROTOCOL_VERSION + 1;
      const hash = hashOf(changes[0]![1]);
      expect(checkWireShape(next, hash, recorded, PROTOCOL_HISTORY)).toContain("no entry for it");
      const history = [...PROTOCOL_HISTORY, { version: next, changes: "persisted counts …", compatibility: "…" }];
      expect(checkWireShape(next, hash, recorded, history)).toContain(`add \`${next}: "${hash}"\``);
      expect(checkWireShape(next, hash, { ...recorded, [next]: hash }, history)).toBeNull();
    });
  });
});
