import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { provisionWorkspace } from "@crm/sync-server/testing";
import { freePort, killHard, serveCrm } from "@crm/sync-server/testing/processes";
import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import { waitUntil } from "../testing.js";

/*
 * Exactly once across SIGKILLs, as a receiver sees it: a real `crm-server serve` process (the
 * peer on, as `npm start` runs it) is killed with SIGKILL ten times, at a different moment each
 * round — right after changes were acknowledged, while their deliveries are in flight (the
 * receiver answers slowly), or later. After a last start, every acknowledged change has reached
 * the receiver, verified with `standardwebhooks`, and a receiver that dedupes by `webhook-id`
 * holds exactly one message per change (the same message twice on the wire is allowed; two
 * messages for one change, or none, are not).
 */

interface Message {
  type: string;
  data: { id: string; changes: Record<string, { old: unknown; new: unknown }> };
}

describe("webhooks across SIGKILLs of the server process", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "crm-webhook-kill-"));
  const children: ChildProcess[] = [];
  let receiver: Server | undefined;
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    await new Promise((r) => (receiver ? receiver.close(r) : r(null)));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("delivers every acknowledged change, each exactly once to a receiver deduping by webhook-id, over 10 kills", async () => {
    const { token } = await provisionWorkspace(dataDir, "admin");
    let secret = "";
    let onWire = 0;
    let inFlight = 0;
    const invalid: string[] = [];
    const messages = new Map<string, Message>();
    receiver = createHttpServer((req, res) => {
      let body = "";
      req.on("data", (d) => {
        body += d;
      });
      req.on("end", () => {
        onWire++;
        inFlight++;
        try {
          const msg = new Webhook(secret).verify(body, req.headers as Record<string, string>) as Message;
          messages.set(String(req.headers["webhook-id"]), msg);
        } catch (err) {
          invalid.push(String(err));
        }
        // Slow enough that kills land while deliveries are in flight (not yet answered, so not done).
        setTimeout(() => {
          inFlight--;
          res.writeHead(200).end();
        }, 150);
      });
    });
    await new Promise<void>((r) => receiver!.listen(0, "127.0.0.1", () => r()));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const port = await freePort();
    const api = (base: string, method: string, path: string, body?: unknown) =>
      fetch(`${base}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });

    const seen = () => {
      const out: string[] = [];
      for (const m of messages.values()) {
        if (m.type === "accounts.created") out.push(`created ${m.data.id}`);
        else if (m.type === "accounts.updated" && m.data.changes.name)
          out.push(`renamed ${m.data.id} ${m.data.changes.name.new}`);
      }
      return out;
    };
    /** Acknowledged changes: "created <id>" and "renamed <id> <name>". */
    const expected: string[] = [];
    const ids: string[] = [];
    /** Deliveries the receiver had not answered yet when the server was killed (summed over rounds). */
    let inFlightAtKill = 0;
    for (let round = 0; round < 10; round++) {
      const server = await serveCrm(port, dataDir, { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
      children.push(server.child);
      if (round === 0) {
        const res = await api(server.url, "POST", "/webhooks", {
          url: hookUrl,
          events: ["accounts.created", "accounts.updated"],
        });
        expect(res.status).toBe(201);
        secret = ((await res.json()) as { secret: string }).secret;
      }
      for (let i = 0; i < 2; i++) {
        const res = await api(server.url, "POST", "/accounts", { name: `Kill ${round}.${i}` });
        expect(res.status).toBe(201);
        const id = ((await res.json()) as { id: string }).id;
        ids.push(id);
        expected.push(`created ${id}`);
      }
      const target = ids[(round * 7) % ids.length]!;
      const name = `Renamed in round ${round}`;
      const patched = await api(server.url, "PATCH", `/accounts/${target}`, { name });
      expect(patched.status).toBe(200);
      expected.push(`renamed ${target} ${name}`);
      // A different moment each round: at once, mid-delivery, or once some were delivered.
      const delay = [0, 10, 40, 90, 160, 300][round % 6]!;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      inFlightAtKill += inFlight;
      await killHard(server.child);
      expect(server.child.signalCode).toBe("SIGKILL");
    }

    const last = await serveCrm(port, dataDir, { WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
    children.push(last.child);
    await waitUntil("every change delivered", () => expected.every((e) => seen().includes(e)), 60_000);
    // A last change, delivered after whatever was still queued before it (jobs run oldest due
    // first): a late second message for an earlier change would have arrived by then.
    const sentinel = await api(last.url, "POST", "/accounts", { name: "Sentinel" });
    expect(sentinel.status).toBe(201);
    expected.push(`created ${((await sentinel.json()) as { id: string }).id}`);
    await waitUntil("the last change delivered", () => seen().includes(expected.at(-1)!), 60_000);
    await killHard(last.child);
    expect(invalid).toEqual([]);
    // Exactly one message (one webhook-id) per change; at least as many requests on the wire.
    expect(seen().sort()).toEqual([...expected].sort());
    // Kills did land between changes and their deliveries' completion, and those messages were
    // sent again after the restart: more requests on the wire than messages.
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(onWire).toBeGreaterThan(messages.size);
  }, 300_000);
});
