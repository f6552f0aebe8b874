/**
 * The `code` of an error message (messages/error.ts). Pinned: the wire-shape test hashes this
 * list, so adding, renaming or removing a code needs a new protocol version.
 */
export const ERROR_CODES = [
  /** Malformed input: truncated varints, unknown types, undecodable updates, text frames. Close 4400. */
  "bad-frame",
  /** Not a canonical document name (`parseDocName` of @crm/schema). Close 4404. */
  "bad-document-name",
  /** A frame, document or awareness state above the server's limits. Close 4413. */
  "too-large",
  /** The server failed (storage, a bug). Close 4500, transient. */
  "internal",
  /** No or ended credentials (sent as close 4401 at the upgrade; reserved as an error code). */
  "unauthorized",
  /** A document this principal may not read: mux → that document only; per-document socket → close 4403. */
  "forbidden",
  /** An update from someone who may only read the document: dropped, the socket stays. */
  "read-only",
  /** More messages or bytes per second than allowed. Close 4029, transient. */
  "rate-limited",
  /** A document quota: mux → that document only; per-document socket → close 4029. */
  "too-many-documents",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}
