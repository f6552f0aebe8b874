import { CloseCode, PROTOCOL_VERSION, parseUpgradeRequired } from "@crm/protocol";
import { MuxClient, RawSocket } from "@crm/sync-server/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as current from "../protocol/src/version.js";
import * as next from "./support/nextProtocolVersion.js";
import { NEXT_PROTOCOL, ServerProcess } from "./support/serverProcess.js";

/*
 * The stand-in for the next release's server (support/nextProtocol.mjs) that
 * e2e/protocolVersion.spec.ts runs the app against: it must really be one version ahead and
 * refuse this version, and keep pace with protocol/src/version.ts.
 */

describe("a server of the next protocol version", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start({ imports: [NEXT_PROTOCOL] });
  });
  afterAll(() => server.dispose());

  it("stands in for every export of protocol/src/version.ts, one version ahead", () => {
    expect(Object.keys(next).sort()).toEqual(Object.keys(current).sort());
    expect(next.PROTOCOL_VERSION).toBe(PROTOCOL_VERSION + 1);
    expect(next.OLDEST_SUPPORTED_VERSION).toBe(PROTOCOL_VERSION + 1);
    expect(next.PROTOCOL_HISTORY.at(-1)!.version).toBe(PROTOCOL_VERSION + 1);
  });

  it("refuses a client of this version with 4426, naming the version it speaks", async () => {
    const ws = `ws://127.0.0.1:${server.port}/sync`;
    const socket = (await MuxClient.open(ws)).socket;
    const closed = await socket.waitClosed();
    expect(closed.code).toBe(CloseCode.upgradeRequired);
    expect(parseUpgradeRequired(closed.reason)).toEqual({ oldest: PROTOCOL_VERSION + 1, newest: PROTOCOL_VERSION + 1 });
    expect(socket.messages).toEqual([]);
    // A client stating the next version gets past the version check (to sign-in, here none: 4401).
    const nextClient = await RawSocket.open(`${ws}?v=${PROTOCOL_VERSION + 1}`);
    expect((await nextClient.waitClosed()).code).toBe(CloseCode.unauthorized);
  });
});
