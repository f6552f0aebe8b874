import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/*
 * Message types. 0–3 are the standard y-websocket ones, so a stock WebsocketProvider talks to
 * the per-document endpoint unchanged. 100+ are our extensions: stock clients never receive them
 * unless they ask (`?ext=1`), because y-websocket logs every message type it does not know.
 */
export const MessageType = {
  /** y-protocols/sync: step 1 (state vector), step 2 (missing updates), update. */
  sync: 0,
  /** y-protocols/awareness update. */
  awareness: 1,
  /** y-protocols/auth: permission denied, with a reason. */
  auth: 2,
  /** Ask the peer to send every awareness state it knows. */
  queryAwareness: 3,
  /**
   * Server → client: `varUint count` — how many of the document updates (sync step 2 and update
   * messages) this connection sent for this document are now durably stored. Cumulative per
   * connection and document, across unsubscribe/subscribe (a client counts its sends the same
   * way, not per subscription); an update whose subscription ended before its commit is still
   * acknowledged. "Synced" in the app means every sent update is counted here.
   */
  persisted: 100,
  /** Server → client: `varString code, varString message`, sent before the server closes. */
  error: 101,
  /** Client → server, multiplexed endpoint only: stop receiving this document. */
  unsubscribe: 102,
} as const;

export type ErrorCode =
  | "bad-frame"
  | "bad-document-name"
  | "too-large"
  | "internal"
  | "unauthorized"
  | "forbidden"
  | "read-only"
  | "rate-limited"
  | "too-many-documents";

/** Close codes. 4400–4499 are permanent refusals: a stock provider stops retrying on them. */
export const CloseCode = {
  badFrame: 4400,
  badDocumentName: 4404,
  tooLarge: 4413,
  /** No credentials, or a session/token that is unknown, expired, revoked or signed out. */
  unauthorized: 4401,
  /** A foreign Origin, a document of another workspace or type the principal may not read, or removal. */
  forbidden: 4403,
  /** The principal's role changed: reconnect (and read the session again). Transient. */
  accessChanged: 4100,
  /**
   * Too many messages or bytes per second, or a document quota (documents created per hour):
   * reconnect after a backoff. Transient.
   */
  rateLimited: 4029,
  /** The server failed (storage error, bug): transient, a client should reconnect later. */
  internal: 4500,
} as const;

export function encodePersisted(count: number): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.persisted);
  encoding.writeVarUint(e, count);
  return encoding.toUint8Array(e);
}

export function encodeError(code: ErrorCode, message: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.error);
  encoding.writeVarString(e, code);
  encoding.writeVarString(e, message);
  return encoding.toUint8Array(e);
}

export function decodeError(d: decoding.Decoder): { code: string; message: string } {
  return { code: decoding.readVarString(d), message: decoding.readVarString(d) };
}

export function encodeUnsubscribe(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.unsubscribe);
  return encoding.toUint8Array(e);
}
