/**
 * WebSocket close codes the server uses. 4400–4499 are permanent refusals: a stock y-websocket
 * provider stops retrying on them, and so does the web app's SyncClient. Others are transient:
 * reconnect after a backoff.
 */
export const CloseCode = {
  badFrame: 4400,
  badDocumentName: 4404,
  tooLarge: 4413,
  /** No credentials, or a session/token that is unknown, expired, revoked or signed out. */
  unauthorized: 4401,
  /** A foreign Origin, a document of another workspace or type the principal may not read, or removal. */
  forbidden: 4403,
  /**
   * The client stated a protocol version this server does not speak (version.ts), or none on the
   * multiplexed endpoint while the server no longer speaks the version that means. Sent at the
   * upgrade, before any document byte; the reason says which versions the server speaks
   * (`upgradeRequiredReason`). Permanent: the app shows its update banner instead of retrying.
   */
  upgradeRequired: 4426,
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

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** A refusal retrying cannot change (y-websocket's convention: 4400–4499). */
export function isPermanentClose(code: number): boolean {
  return code >= 4400 && code < 4500;
}
