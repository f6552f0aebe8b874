/**
 * Protocol history. Bump PROTOCOL_VERSION and add a line whenever a message's bytes change;
 * `protocol.test.ts` pins the bytes of every message so a change cannot land unnoticed.
 *
 * 1 — y-websocket sync/awareness (types 0, 1, 3) plus our extensions: persisted (100),
 *     error (101), unsubscribe (102); the multiplexed endpoint prefixes every message with
 *     its document name. Close codes 4400 bad frame, 4404 bad document name, 4413 too large
 *     (permanent: a stock provider stops retrying), 4500 internal error (transient).
 */
export const PROTOCOL_VERSION = 1;
