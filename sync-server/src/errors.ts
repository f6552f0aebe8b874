import { CloseCode, type ErrorCode } from "@crm/protocol";

/**
 * A client sent something the server refuses. The connection that sent it gets an `error`
 * message (where extensions are on) and is closed with `closeCode`; nothing of it is stored.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly closeCode: number,
    message: string,
  ) {
    super(message);
    this.name = "ProtocolError";
  }
}

export class BadFrame extends ProtocolError {
  constructor(message: string) {
    super("bad-frame", CloseCode.badFrame, message);
  }
}

export class TooLarge extends ProtocolError {
  constructor(message: string) {
    super("too-large", CloseCode.tooLarge, message);
  }
}

export class BadDocumentName extends ProtocolError {
  constructor(message: string) {
    super("bad-document-name", CloseCode.badDocumentName, message);
  }
}

/** A document this principal may not read (another workspace's, or a type its role cannot open). */
export class Forbidden extends ProtocolError {
  constructor(message: string) {
    super("forbidden", CloseCode.forbidden, message);
  }
}

/** A connection sending faster than MAX_MESSAGES_PER_SECOND allows (closed with a transient code). */
export class RateLimited extends ProtocolError {
  constructor(message: string) {
    super("rate-limited", CloseCode.rateLimited, message);
  }
}

/**
 * A document quota (quotas.ts): too many documents open on this connection or by this principal,
 * or created by this principal in the last hour. The message names the limit and its setting.
 */
export class TooManyDocuments extends ProtocolError {
  constructor(message: string) {
    super("too-many-documents", CloseCode.rateLimited, message);
  }
}

/** A WebSocket close reason is at most 123 bytes of UTF-8. */
export function closeReason(message: string): string {
  let reason = message.replace(/[^\x20-\x7e]/g, "?");
  if (reason.length > 120) reason = `${reason.slice(0, 117)}...`;
  return reason;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
