import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloseCode,
  encodeSyncStep1,
  OLDEST_SUPPORTED_VERSION,
  PROTOCOL_VERSION,
  parseUpgradeRequired,
  UNSTATED_VERSION,
  wrapForDoc,
} from "@crm/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createServer, type RunningServer } from "./app.js";
import { MuxClient, provisionWorkspace, RawSocket, waitUntil } from "./testing/clients.js";
import { routeUpgrade, versionRefusal } from "./upgrade.js";

/*
 * The version handshake at the upgrade: a client states its protocol version (`?v=`); one the
 * server does not speak is closed with 4426 before any document byte. A stock provider (no
 * version, per-document endpoint) and a client from before the handshake (no version, mux) work.
 */

const DOC = "default/records/accounts/07";
const MARKER = "MARKER-v7c2";
const EMPTY_SV = new Uint8Array([0]);

describe("the protocol version handshake", () => {
  let server: RunningServer;
  const sockets: RawSocket[] = [];
  const raw = async (path: string) => {
    const s = await RawSocket.open(`${server.wsUrl}${path}`);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1" });
    // A document with content: a refused client must not get a byte of it.
    const writer = await MuxClient.open(server.wsUrl);
    writer.subscribe(DOC).getMap("records").set("a1", MARKER);
    await writer.waitPersisted(DOC);
    await writer.close();
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) await s.close();
  });
  afterAll(() => server.close());

  const unsupported = [
    ["older than the oldest spoken", `${OLDEST_SUPPORTED_VERSION - 1}`],
    ["newer than this server", `${PROTOCOL_VERSION + 1}`],
    ["unreadable", "three"],
  ];
  for (const [what, v] of unsupported) {
    it(`closes a client stating a version ${what} with 4426, before any document byte (mux)`, async () => {
      const s = await raw(`?v=${v}`);
      // It asks for the document at once, as the app does on open.
      s.send(wrapForDoc(DOC, encodeSyncStep1(EMPTY_SV)));
      const closed = await s.waitClosed();
      expect(closed.code).toBe(CloseCode.upgradeRequired);
      expect(parseUpgradeRequired(closed.reason)).toEqual({
        oldest: OLDEST_SUPPORTED_VERSION,
        newest: PROTOCOL_VERSION,
      });
      expect(s.messages).toEqual([]);
    });
  }

  it("closes an unsupported version on the per-document endpoint too", async () => {
    const s = await raw(`/${DOC}?v=${PROTOCOL_VERSION + 1}`);
    const closed = await s.waitClosed();
    expect(closed.code).toBe(CloseCode.upgradeRequired);
    expect(s.messages).toEqual([]);
  });

  it("counts the refusals", async () => {
    const s = await raw(`?v=${PROTOCOL_VERSION + 1}`);
    await s.waitClosed();
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/crm_refused_connections_total\{reason="unsupported-version"\} [1-9]/);
  });

  it("serves a client of this version (the app, MuxClient) and one that states none (before version 3)", async () => {
    const current = await MuxClient.open(server.wsUrl);
    expect(current.socket.ws.url).toContain(`v=${PROTOCOL_VERSION}`);
    const doc = current.subscribe(DOC);
    await current.waitSynced(DOC);
    expect(doc.getMap("records").get("a1")).toBe(MARKER);
    await current.close();

    const unstated = await raw("");
    unstated.send(wrapForDoc(DOC, encodeSyncStep1(EMPTY_SV)));
    await waitUntil("the document", () => Buffer.concat(unstated.messages).includes(MARKER));
    expect(unstated.closed).toBeUndefined();
  });

  it("serves a stock y-websocket provider (no version) on /sync/<doc>", async () => {
    const provider = new WebsocketProvider(server.wsUrl, DOC, new Y.Doc(), {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    try {
      await waitUntil("the provider synced", () => provider.synced && provider.doc.getMap("records").has("a1"));
      expect(provider.doc.getMap("records").get("a1")).toBe(MARKER);
    } finally {
      provider.destroy();
      provider.doc.destroy();
    }
  });
});

describe("who is refused, by endpoint and stated version", () => {
  const route = (url: string) => {
    const r = routeUpgrade(url)!;
    return versionRefusal(r.endpoint, r.version, { oldest: 3, newest: 4 });
  };

  it("refuses versions outside the spoken range; no version is version 2 on /sync, a stock provider on /sync/<doc>", () => {
    expect(UNSTATED_VERSION).toBe(2);
    expect(route("/sync?v=3")).toBeNull();
    expect(route("/sync?v=4&token=x")).toBeNull();
    expect(route("/sync?v=2")).toContain("server speaks protocol 3-4, client 2");
    expect(route("/sync?v=5")).toContain("client 5");
    expect(route("/sync")).toContain("client 2");
    expect(route(`/sync/${DOC}`)).toBeNull();
    expect(route(`/sync/${DOC}?ext=1`)).toBeNull();
    expect(route(`/sync/${DOC}?v=2`)).toContain("client 2");
  });
});

describe("with sign-in", () => {
  let dataDir: string;
  let server: RunningServer;
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("asks an outdated client to update before anything else, signed in or not", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "crm-version-"));
    const { workspace, token } = await provisionWorkspace(dataDir, "editor");
    server = await createServer({ port: 0, host: "127.0.0.1", dataDir });
    const doc = `${workspace}/records/accounts/07`;
    for (const query of [`?token=${token}&v=${PROTOCOL_VERSION + 1}`, `?v=${PROTOCOL_VERSION + 1}`]) {
      const s = await RawSocket.open(`${server.wsUrl}${query}`);
      s.send(wrapForDoc(doc, encodeSyncStep1(EMPTY_SV)));
      expect((await s.waitClosed()).code, query).toBe(CloseCode.upgradeRequired);
      expect(s.messages).toEqual([]);
    }
    const ok = await RawSocket.open(`${server.wsUrl}?token=${token}&v=${PROTOCOL_VERSION}`);
    ok.send(wrapForDoc(doc, encodeSyncStep1(EMPTY_SV)));
    await waitUntil("the server's answer", () => ok.messages.length > 0);
    expect(ok.closed).toBeUndefined();
    await ok.close();
  });
});
