/*
 * The protocol version: one number for the whole wire (message layouts, message types, close
 * codes, error codes, the handshake). Bump PROTOCOL_VERSION and add an entry to PROTOCOL_HISTORY
 * whenever any of it changes — `wireShape.test.ts` fails until you do, and
 * `protocol.test.ts` pins the bytes. Then decide what the server still speaks: it accepts
 * OLDEST_SUPPORTED_VERSION … PROTOCOL_VERSION; raise OLDEST_SUPPORTED_VERSION only when the server
 * can no longer serve an older client correctly (its copies then show "reload to update").
 */

export interface ProtocolVersionEntry {
  version: number;
  /** What changed on the wire. */
  changes: string;
  /** What a peer of the previous version makes of it: why it is (in)compatible. */
  compatibility: string;
}

export const PROTOCOL_HISTORY = [
  {
    version: 1,
    changes:
      "y-websocket sync/awareness (types 0, 1, 3) plus our extensions: persisted (100), error (101), " +
      "unsubscribe (102); the multiplexed endpoint prefixes every message with its document name. Close " +
      "codes 4400 bad frame, 4404 bad document name, 4413 too large (permanent: a stock provider stops " +
      "retrying), 4500 internal error (transient).",
    compatibility: "The first version.",
  },
  {
    version: 2,
    changes:
      "Authentication: the session cookie or `?token=` on the upgrade. Close codes 4401 not signed in / " +
      "session ended, 4403 forbidden (foreign origin, another workspace's document, removed from the " +
      "workspace) — permanent — and 4100 access changed (transient: reconnect and read the session " +
      "again). Error codes `forbidden` (mux: that document only, the socket stays) and `read-only` (an " +
      "update from someone who may only read: not applied, stored or relayed). Close 4029 `rate-limited` " +
      "(transient), later with error code `too-many-documents` (document quotas). The per-document " +
      "endpoint answers a read-only principal's update with y-protocols' permission denied (type 2).",
    compatibility:
      "Incompatible: a version-1 client sends no credentials and is refused (4401). Neither version stated " +
      "itself on the wire, so a client that states no version is taken for a version-2 client.",
  },
  {
    version: 3,
    changes:
      "The version handshake: a client states its protocol version in the connection URL (`?v=<n>`, " +
      "handshake.ts); a server that does not speak it closes with 4426 upgrade required before any " +
      "document byte, the reason naming the versions it speaks. The error codes are a pinned list " +
      "(errorCodes.ts), the messages unchanged.",
    compatibility:
      "Compatible both ways: a version-2 server ignores `?v=`, and this server still speaks 2 (a mux " +
      "client stating no version is version 2). A version-2 client refused with 4426 stops retrying (it " +
      "is a 44xx code) but shows no update banner: that needs version 3.",
  },
] as const satisfies readonly ProtocolVersionEntry[];

/** The version this code speaks (the web app states it; the server speaks it and older ones). */
export const PROTOCOL_VERSION = 3;

/** The oldest version the server still accepts. */
export const OLDEST_SUPPORTED_VERSION = 2;

/**
 * The version of a client on the multiplexed endpoint that states none: clients before version 3
 * did not. (On the per-document endpoint no version means a stock y-websocket provider, which is
 * always served: that protocol is y-websocket's, not ours.)
 */
export const UNSTATED_VERSION = 2;
