/**
 * Protocol history. Bump PROTOCOL_VERSION and add a line whenever a message's bytes change;
 * `protocol.test.ts` pins the bytes of every message so a change cannot land unnoticed.
 *
 * 1 — y-websocket sync/awareness (types 0, 1, 3) plus our extensions: persisted (100),
 *     error (101), unsubscribe (102); the multiplexed endpoint prefixes every message with
 *     its document name. Close codes 4400 bad frame, 4404 bad document name, 4413 too large
 *     (permanent: a stock provider stops retrying), 4500 internal error (transient).
 * 2 — authentication: the session cookie or `?token=` on the upgrade. New close codes 4401 not
 *     signed in / session ended, 4403 forbidden (foreign origin, another workspace's document,
 *     removed from the workspace) — permanent — and 4100 access changed (transient: reconnect
 *     and read the session again). New error codes `forbidden` (a document this principal may not
 *     read, on the mux endpoint: that document only, the socket stays) and `read-only` (an update
 *     from someone who may only read it: not applied, stored or relayed; the socket stays).
 *     Close 4029 `rate-limited` (transient): more messages per second than the server allows.
 */
export const PROTOCOL_VERSION = 2;
