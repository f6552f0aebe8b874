/*
 * Message types: the first varUint of every message. 0–3 are the standard y-websocket ones, so a
 * stock WebsocketProvider talks to the per-document endpoint unchanged. 100+ are our extensions
 * (one file each in messages/): stock clients never receive them unless they ask (`?ext=1`),
 * because y-websocket logs every message type it does not know.
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
  /** Server → client: how many updates are stored (messages/persisted.ts). */
  persisted: 100,
  /** Server → client: why the server refuses something (messages/error.ts). */
  error: 101,
  /** Client → server, multiplexed endpoint only: stop receiving this document (messages/unsubscribe.ts). */
  unsubscribe: 102,
} as const;

/** The second varUint of a sync message (y-protocols/sync's numbering). */
export const SyncType = { step1: 0, step2: 1, update: 2 } as const;
export type SyncType = (typeof SyncType)[keyof typeof SyncType];
