import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MemberRole } from "@crm/schema";
import { createServer, type RunningServer } from "@crm/sync-server";
import { freePort } from "@crm/sync-server/testing/processes";
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport/index.js";
import type { MailConfig } from "../mail/config.js";
import { INBOUND_DEFAULTS, type InboundSettings } from "./settings.js";

/*
 * The inbound tests' world: `createServer` with the peer on (as `npm start` runs it) and the
 * SMTP listener on 127.0.0.1, a workspace with tokens, a real SMTP client (nodemailer's SMTP
 * transport), and `/api/v1` to read the records back.
 */

export const DOMAIN = "support.test";
export const world = {} as {
  dir: string;
  server: RunningServer;
  workspace: string;
  ownerId: string;
  smtpPort: number;
  token: (role: MemberRole) => string;
};

/** Polls an async condition (records arrive through a job, then the peer's projection). */
export async function waitUntil(ok: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function boot(
  overrides: Partial<InboundSettings> = {},
  mail?: MailConfig,
  peerExtra: { clock?: () => number } = {},
) {
  world.dir = mkdtempSync(join(tmpdir(), "crm-inbound-"));
  world.smtpPort = await freePort();
  world.server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(world.dir, "data"),
    peer: {
      enabled: true,
      runJobs: true,
      inbound: { ...INBOUND_DEFAULTS, host: "127.0.0.1", domain: DOMAIN, port: world.smtpPort, ...overrides },
      ...peerExtra,
    },
    ...(mail ? { mail } : {}),
  });
  const store = world.server.auth!;
  const owner = store.createUser({ email: "owner@example.test", name: "Owner", passwordHash: "x" });
  world.workspace = store.createWorkspace("Acme support", owner.id).id;
  world.ownerId = owner.id;
  world.token = (role) =>
    store.mintToken({ workspaceId: world.workspace, role, name: `test ${role}`, createdBy: owner.id }).token;
  await waitUntil(async () => (await api("GET", "/accounts")).status === 200, 20_000);
}

export async function shutdown() {
  await world.server?.close();
  rmSync(world.dir, { recursive: true, force: true });
}

export async function api(method: string, path: string, body?: unknown, role: MemberRole = "owner") {
  const res = await fetch(`${world.server.url}/api/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${world.token(role)}`,
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: res.headers.get("content-type")?.includes("json") ? await res.json() : await res.arrayBuffer(),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: records as the API writes them
export type Rec = Record<string, any>;
export const list = async (collection: string, query = ""): Promise<Rec[]> =>
  ((await api("GET", `/${collection}?limit=500${query}`)).body as { data: Rec[] }).data;

export function transport() {
  return nodemailer.createTransport({
    host: "127.0.0.1",
    port: world.smtpPort,
    secure: false,
    ignoreTLS: true,
    tls: { rejectUnauthorized: false },
  } as SMTPTransport.Options);
}

export type Mail = Parameters<ReturnType<typeof transport>["sendMail"]>[0];
export const send = (mail: Mail) => transport().sendMail({ to: `${world.workspace}@${DOMAIN}`, ...mail });

/** The error an SMTP client got (its response code), or null when accepted. */
export async function refusal(mail: Mail): Promise<{ code: number; command: string } | null> {
  try {
    await send(mail);
    return null;
  } catch (err) {
    const e = err as { responseCode?: number; command?: string };
    return { code: e.responseCode ?? 0, command: e.command ?? "" };
  }
}

export async function messagesOf(caseId: string) {
  return list("caseMessages", `&filter[caseId]=${caseId}`);
}
