import type { Message } from "@crm/protocol";
import type * as awarenessProtocol from "y-protocols/awareness";
import type * as Y from "yjs";

/**
 * What the save-state indicator says. Never "synced" unless the server has acknowledged, as
 * durably stored, every change this device made (see `SyncClientOptions.hasLocalWork` for the
 * documents no screen has open). "update-required": the server refused this copy's protocol
 * version (4426); nothing syncs until the page is reloaded.
 */
export type SyncStatus = "saved-locally" | "syncing" | "synced" | "offline" | "update-required";

export interface DocSync {
  name: string;
  /** The decoded document; null while the document is cold. */
  doc: Y.Doc | null;
  /**
   * A cold document is synced from its stored state vector without being decoded; it is decoded
   * (`load`) only when the server has something new for it or it holds unacknowledged changes.
   */
  cold: ColdDoc | null;
  /** Messages that arrived while the document was being decoded, handled in order after. */
  queue: Message[] | null;
  awareness: awarenessProtocol.Awareness | null;
  /** The server's answer to our state vector has arrived. */
  gotState: boolean;
  /** We answered the server's state vector with what it lacks. */
  answeredState: boolean;
  offUpdate: () => void;
}

export interface ColdDoc {
  /** The encoded state vector stored with the document's updates. */
  sv: Uint8Array;
  /** The document holds local changes the server has not acknowledged. */
  dirty: boolean;
  load(): Promise<Y.Doc>;
}

/**
 * Update-carrying messages (step 2 or update) sent for one document on the current connection,
 * and the server's `persisted` count for them. Both are cumulative for the whole connection and
 * survive unsubscribing: the server counts per connection and document, so a count that started
 * again at 0 on a resubscribe would read an acknowledgement of the earlier subscription's updates
 * (possibly still in flight) as one of the new updates.
 */
export interface Counts {
  sent: number;
  acked: number;
}

export interface SyncClientOptions {
  /** ws(s)://host/sync — the multiplexed endpoint. */
  url: string;
  WebSocketImpl?: typeof WebSocket;
  /**
   * Called once a document's changes are all stored by the server, with the state vector the
   * server is now known to hold at least (everything this tab's copy holds).
   */
  onDocSynced?: (name: string, stateVector: Uint8Array) => void;
  /** A connection opened; called before any document's handshake starts on it. */
  onConnect?: () => void;
  /**
   * True while this device may hold changes the client has not offered to the server yet:
   * writes on their way into IndexedDB, or documents not opened and subscribed yet.
   */
  hasLocalWork?: () => boolean;
  reconnectDelay?: { min: number; max: number };
  /**
   * The server closed the connection with a code of its own: 4401 (signed out, session expired),
   * 4403 (no access any more), 4426 (upgrade required: see `SyncClient.updateRequired`) —
   * permanent, the client stops — or 4100 (access changed: it reconnects at once, and the app
   * should read the session again).
   */
  onServerClose?: (code: number, reason: string) => void;
}
