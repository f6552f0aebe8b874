import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { provisionWorkspace } from "@crm/sync-server/testing";
import { type CrmProcess, exited, freePort, startCrm } from "@crm/sync-server/testing/processes";
import Database from "better-sqlite3";
import nodemailer from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { waitUntil } from "./testing.js";

/*
 * Kill -9 while mail is arriving: a real `crm-server serve` (its SMTP listener on 127.0.0.1) is
 * SIGKILLed four times while a client sends messages one after another, and started again on the
 * same ports and data. A message the client saw refused or cut off (no 250) is sent again with
 * the same Message-ID, as a mail server would. In the end every message that got 250 is exactly
 * one conversation entry with its own case — none lost, none doubled.
 */

const N = 40;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("inbound mail across SIGKILLs", () => {
  it("files every message that got 250 exactly once", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "crm-inbound-crash-"));
    dirs.push(dataDir);
    const { workspace, token } = await provisionWorkspace(dataDir, "owner");
    const port = await freePort();
    const smtpPort = await freePort();
    const env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      INBOUND_SMTP_PORT: String(smtpPort),
      INBOUND_SMTP_HOST: "127.0.0.1",
      INBOUND_DOMAIN: "crash.test",
      INBOUND_RATE_LIMIT: "100000",
    };
    let proc: CrmProcess = await startCrm("serve", env, "inbound smtp listening");

    const accepted = new Set<string>();
    let refusedOrCut = 0;
    let sending = true;
    const sender = (async () => {
      for (let i = 0; i < N; i++) {
        const messageId = `<crash-${i}@client.example>`;
        for (let tries = 0; ; tries++) {
          if (tries > 400) throw new Error(`message ${i} was never accepted`);
          const t = nodemailer.createTransport({
            host: "127.0.0.1",
            port: smtpPort,
            secure: false,
            ignoreTLS: true,
            connectionTimeout: 2_000,
            greetingTimeout: 2_000,
            socketTimeout: 5_000,
          });
          try {
            await t.sendMail({
              from: `customer${i}@client.example`,
              to: `${workspace}@crash.test`,
              subject: `Crash ${i}`,
              text: `message ${i}`,
              messageId,
            });
            accepted.add(messageId);
            break;
          } catch {
            refusedOrCut++;
            await new Promise((r) => setTimeout(r, 50));
          } finally {
            t.close();
          }
        }
      }
      sending = false;
    })();

    for (let k = 1; k <= 4; k++) {
      // Kill at varying points of the stream: after k/5 of the messages got their 250.
      await waitUntil(() => accepted.size >= (k * N) / 5 || !sending, 60_000);
      proc.child.kill("SIGKILL");
      await exited(proc.child);
      proc = await startCrm("serve", env, "inbound smtp listening");
    }
    await sender;
    expect(accepted.size).toBe(N);

    const api = async (path: string) =>
      (await (
        await fetch(`http://127.0.0.1:${port}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } })
      ).json()) as {
        data: { messageId: string; caseId: string; subject: string }[];
      };
    await waitUntil(async () => (await api("/caseMessages?limit=500")).data.length >= N, 60_000);
    // Every spooled message has been filed (or found a duplicate of itself): nothing is left to write.
    const shared = new Database(join(dataDir, "crm.sqlite"), { readonly: true });
    try {
      await waitUntil(
        () => shared.prepare("SELECT COUNT(*) FROM inbound_spool WHERE state = 'new'").pluck().get() === 0,
        60_000,
      );
    } finally {
      shared.close();
    }
    const entries = (await api("/caseMessages?limit=500")).data;
    const byId = new Map<string, number>();
    for (const e of entries) byId.set(e.messageId, (byId.get(e.messageId) ?? 0) + 1);
    for (const id of accepted) expect(byId.get(id), id).toBe(1);
    expect(entries).toHaveLength(N);
    const cases = (await api("/cases?limit=500")).data;
    expect(cases).toHaveLength(N);
    expect(new Set(entries.map((e) => e.caseId)).size).toBe(N);
    // The kills did cut some sessions off: the test exercised what it claims.
    expect(refusedOrCut).toBeGreaterThan(0);

    proc.child.kill("SIGTERM");
    await exited(proc.child);
  }, 240_000);
});
