import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hc } from "hono/client";
import { afterEach, beforeEach } from "vitest";
import { createServer, type RunningServer, type ServerOptions } from "../app.js";
import { person, type TestPerson } from "../auth/testing.js";
import type { ApiRoutes } from "./types.js";

/** What the route tests share: a real server per test, an owner and workspace, the typed client. */

export interface Fixture {
  server: RunningServer;
  dataDir: string;
  owner: TestPerson;
  /** The owner's workspace. */
  ws: string;
}

/** A fresh server (own data directory) and a workspace with its owner, for every test of the file. */
export function serverPerTest(options: Partial<ServerOptions> = {}): () => Fixture {
  let fixture: Fixture | undefined;
  beforeEach(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "crm-api-"));
    const server = await createServer({ port: 0, host: "127.0.0.1", dataDir, ...options });
    const owner = await person(server, "Owner");
    fixture = { server, dataDir, owner, ws: server.auth!.createWorkspace("Acme", owner.userId).id };
  });
  afterEach(async () => {
    await fixture?.server.close();
    if (fixture) rmSync(fixture.dataDir, { recursive: true, force: true });
    fixture = undefined;
  });
  return () => fixture!;
}

/** The web app's client (`hc<ApiRoutes>`), from Node with `who`'s session cookie. */
export function client(server: RunningServer, who?: { cookie: string }) {
  return hc<ApiRoutes>(`${server.url}/api`, { headers: who ? { Cookie: who.cookie } : {} });
}
