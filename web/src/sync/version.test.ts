import { CloseCode, PROTOCOL_VERSION, upgradeRequiredReason } from "@crm/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { SyncClient, type SyncStatus } from "./client.js";

/** A WebSocket whose server side the test plays: it opens and closes when told. */
class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  binaryType = "blob";
  onopen: (() => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onmessage: ((e: { data: ArrayBuffer }) => void) | null = null;
  onerror: (() => void) | null = null;
  readonly sent: Uint8Array[] = [];
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
  /** The server completes the upgrade, then closes with `code` (as it refuses at the gate). */
  refuse(code: number, reason: string): void {
    this.readyState = 1;
    this.onopen?.();
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

describe("SyncClient and the protocol version", () => {
  let client: SyncClient;
  let statuses: SyncStatus[];
  const serverCloses: number[] = [];

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.made = [];
    serverCloses.length = 0;
    client = new SyncClient({
      url: "ws://crm.test/sync",
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
      reconnectDelay: { min: 10, max: 100 },
      onServerClose: (code) => serverCloses.push(code),
    });
    // A document waiting to sync, as the app always has: "synced" needs the server's answer.
    client.subscribe("w1/notes/account/acc-1", new Y.Doc());
    statuses = [];
    client.onStatus((s) => statuses.push(s));
    client.connect();
  });
  afterEach(() => {
    client.destroy();
    vi.useRealTimers();
  });

  it("states its version in the connection URL", () => {
    expect(FakeSocket.made.map((s) => s.url)).toEqual([`ws://crm.test/sync?v=${PROTOCOL_VERSION}`]);
  });

  it("on 4426 from a newer server: stops for good, says an update is required, never 'synced'", () => {
    const newer = { oldest: PROTOCOL_VERSION + 1, newest: PROTOCOL_VERSION + 1 };
    FakeSocket.made[0]!.refuse(CloseCode.upgradeRequired, upgradeRequiredReason(newer, PROTOCOL_VERSION));
    expect(client.updateRequired).toBe("older");
    expect(client.status).toBe("update-required");
    expect(serverCloses).toEqual([CloseCode.upgradeRequired]);
    // Neither the backoff nor the browser's "online" event opens another socket.
    vi.advanceTimersByTime(60_000);
    client.reconnectSoon();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.made).toHaveLength(1);
    expect(statuses).not.toContain("synced");
    expect(statuses.at(-1)).toBe("update-required");
    expect(statuses).not.toContain("offline");
  });

  it("on 4426 from a server that speaks only older versions: this copy is the newer one", () => {
    const older = { oldest: 1, newest: PROTOCOL_VERSION - 1 };
    FakeSocket.made[0]!.refuse(CloseCode.upgradeRequired, upgradeRequiredReason(older, PROTOCOL_VERSION));
    expect(client.updateRequired).toBe("newer");
    expect(client.status).toBe("update-required");
  });

  it("whereas a transient close is retried (what the test above would see if it retried)", () => {
    FakeSocket.made[0]!.refuse(CloseCode.internal, "internal: storage");
    expect(client.status).toBe("offline");
    expect(client.updateRequired).toBeNull();
    vi.advanceTimersByTime(100);
    expect(FakeSocket.made).toHaveLength(2);
    expect(FakeSocket.made[1]!.url).toBe(`ws://crm.test/sync?v=${PROTOCOL_VERSION}`);
  });
});
