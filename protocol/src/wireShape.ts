import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { CloseCode } from "./closeCodes.js";
import { ERROR_CODES } from "./errorCodes.js";
import { upgradeRequiredReason, VERSION_PARAM, withProtocolVersion } from "./handshake.js";
import { encodeError } from "./messages/error.js";
import { encodePersisted } from "./messages/persisted.js";
import { encodeUnsubscribe } from "./messages/unsubscribe.js";
import { MessageType, SyncType } from "./messageType.js";
import { wrapForDoc } from "./mux.js";
import {
  encodeAwareness,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from "./sync.js";
import { type ProtocolVersionEntry, UNSTATED_VERSION } from "./version.js";

/*
 * The wire's shape: a canonical example of every message (its bytes), every code and the
 * handshake, as one JSON value whose hash `wireShape.test.ts` ties to PROTOCOL_VERSION. Not
 * exported from the package: only the test needs it.
 */

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

/** A small document and an awareness state with fixed client ids: the same bytes on every run. */
function examples() {
  const doc = new Y.Doc();
  doc.clientID = 7;
  doc.getMap("records").set("a1", "Acme");
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: "Ann" } });
  const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
  awareness.destroy();
  return { stateVector: Y.encodeStateVector(doc), update: Y.encodeStateAsUpdate(doc), awarenessUpdate };
}

export function wireShape() {
  const { stateVector, update, awarenessUpdate } = examples();
  return {
    messageTypes: { ...MessageType },
    syncTypes: { ...SyncType },
    closeCodes: { ...CloseCode },
    errorCodes: [...ERROR_CODES] as string[],
    messages: {
      syncStep1: hex(encodeSyncStep1(stateVector)),
      syncStep2: hex(encodeSyncStep2(update)),
      update: hex(encodeUpdate(update)),
      awareness: hex(encodeAwareness(awarenessUpdate)),
      queryAwareness: hex(encodeQueryAwareness()),
      permissionDenied: hex(encodePermissionDenied("read-only")),
      persisted: hex(encodePersisted(300)),
      error: ERROR_CODES.map((code) => hex(encodeError(code, "why"))),
      unsubscribe: hex(encodeUnsubscribe()),
      muxFrame: hex(wrapForDoc("default/records/accounts/07", encodePersisted(1))),
    },
    handshake: {
      param: VERSION_PARAM,
      url: withProtocolVersion("ws://crm.example/sync", 9),
      unstated: UNSTATED_VERSION,
      upgradeRequired: upgradeRequiredReason({ oldest: 4, newest: 9 }, 2),
    },
  };
}

export type WireShape = ReturnType<typeof wireShape>;

/**
 * Null when `hash` (of the wire shape) is the one recorded for `version` and the version has a
 * history entry; else what to do, in words.
 */
export function checkWireShape(
  version: number,
  hash: string,
  recorded: Readonly<Record<number, string>>,
  history: readonly ProtocolVersionEntry[],
): string | null {
  const entry = history.find((h) => h.version === version);
  if (!entry)
    return (
      `PROTOCOL_VERSION is ${version} but PROTOCOL_HISTORY has no entry for it: add one in ` +
      "protocol/src/version.ts (what changed on the wire, and why a peer of the previous version can or cannot speak it)."
    );
  const expected = recorded[version];
  if (expected === undefined)
    return (
      `Protocol version ${version} has no recorded wire hash. If you just bumped the version (and described it ` +
      `in PROTOCOL_HISTORY), record it: add \`${version}: "${hash}"\` to RECORDED in protocol/src/wireShape.test.ts.`
    );
  if (expected === hash) return null;
  return (
    `The wire changed but PROTOCOL_VERSION is still ${version} (its recorded hash is ${expected}, the wire now ` +
    `hashes to ${hash}). A client of version ${version} would misread it. Bump PROTOCOL_VERSION in ` +
    "protocol/src/version.ts, add a PROTOCOL_HISTORY entry (what changed, why older peers can or cannot speak " +
    "it), decide whether the server still speaks older versions (OLDEST_SUPPORTED_VERSION), and record the new " +
    `hash as \`${version + 1}: "${hash}"\` in RECORDED (protocol/src/wireShape.test.ts). Never edit a recorded ` +
    "hash: a released version's wire is what installed apps speak. protocol.test.ts shows which bytes changed."
  );
}
