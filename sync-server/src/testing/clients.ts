import type { Role } from "@crm/schema";
import { hashPassword } from "../auth/passwords.js";
import { AuthStore } from "../auth/store.js";
import { MuxClient, waitUntil } from "../net/muxClient.js";

/*
 * Test helpers over the wire-protocol client (net/muxClient.ts), for this package's tests and for
 * cross-package tests (e.g. the convergence fuzz). Every wait has a timeout.
 */

export { type Closed, errorsIn, MuxClient, RawSocket, waitUntil } from "../net/muxClient.js";

/**
 * Legitimate traffic that must keep flowing while a test abuses the server: a writer and a
 * reader on `docName` over the multiplexed endpoint, the writer setting a new key every `everyMs`.
 */
export async function startLegitimateTraffic(
  wsUrl: string,
  docName: string,
  options: { everyMs: number; max?: number },
) {
  const writer = await MuxClient.open(wsUrl);
  const reader = await MuxClient.open(wsUrl);
  const wdoc = writer.subscribe(docName);
  const rdoc = reader.subscribe(docName);
  await writer.waitSynced(docName);
  await reader.waitSynced(docName);
  let edits = 0;
  const timer = setInterval(() => {
    if (edits < (options.max ?? Number.POSITIVE_INFINITY)) wdoc.getMap("records").set(`e${edits++}`, edits);
  }, options.everyMs);
  return {
    get edits(): number {
      return edits;
    },
    stop(): void {
      clearInterval(timer);
    },
    /** Waits until the reader holds every edit and the server has acknowledged storing them. */
    async settled(timeoutMs = 10_000): Promise<void> {
      clearInterval(timer);
      await waitUntil("the reader to have every edit", () => rdoc.getMap("records").size === edits, timeoutMs);
      await writer.waitPersisted(docName);
    },
    async close(): Promise<void> {
      clearInterval(timer);
      await writer.close();
      await reader.close();
    },
  };
}

/**
 * A person who owns a new workspace in `dataDir`'s database, and a service token of `role` in it,
 * for tests that talk to a real server process (which always requires sign-in).
 */
export async function provisionWorkspace(
  dataDir: string,
  role: Role,
  workspaceId?: string,
): Promise<{ workspace: string; token: string; userId: string }> {
  const store = new AuthStore(dataDir);
  try {
    const user = store.createUser({
      email: `owner-${Math.random().toString(36).slice(2)}@example.test`,
      name: "Test Owner",
      passwordHash: await hashPassword("correct horse battery staple"),
    });
    const ws = store.createWorkspace("Test team", user.id, Date.now(), workspaceId);
    const { token } = store.mintToken({ workspaceId: ws.id, role, name: "test", createdBy: user.id });
    return { workspace: ws.id, token, userId: user.id };
  } finally {
    store.close();
  }
}

/** A service token of `role` in an existing workspace (as `crm-server token` mints one). */
export function mintServiceToken(dataDir: string, workspace: string, role: Role, name = "test"): string {
  const store = new AuthStore(dataDir);
  try {
    return store.mintToken({ workspaceId: workspace, role, name, createdBy: "cli" }).token;
  } finally {
    store.close();
  }
}

export { HeldStorage } from "./heldStorage.js";
