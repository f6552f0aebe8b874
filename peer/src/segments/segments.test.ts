import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom } from "@crm/schema";
import { createServer, type RunningServer } from "@crm/sync-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/*
 * The peer's segment evaluator (`GET /api/v1/segments/{id}/members`, a real server with the peer)
 * against a brute-force reading of the same conditions, written out by hand below, on random
 * contacts, orders and cases: every random segment has exactly the members the brute force finds.
 */

let dir: string;
let server: RunningServer;
let api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "crm-segments-"));
  server = await createServer({
    port: 0,
    host: "127.0.0.1",
    dataDir: join(dir, "data"),
    peer: { enabled: true, runJobs: false },
  });
  const store = server.auth!;
  const owner = store.createUser({ email: "owner@example.test", name: "Owner", passwordHash: "x" });
  const ws = store.createWorkspace("Segments", owner.id).id;
  const token = store.mintToken({ workspaceId: ws, role: "admin", name: "t", createdBy: owner.id }).token;
  api = async (method, path, body) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}, 30_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const CITIES = ["Berlin", "Paris", "Lagos", "Lima"];
const STATUSES = ["none", "subscribed", "unsubscribed", "bounced"];
const ORDER_STATUSES = ["new", "shipped", "cancelled"];
const CASE_STATUSES = ["open", "closed"];

type Contact = { id: string; city: string; status: string; accountId: string; lastName: string };

describe("segment evaluation in the peer", () => {
  it("equals a brute-force filter on random data, for random segments", async () => {
    const rand = seededRandom(12);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const accounts: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await api("POST", "/accounts", { name: `Account ${i}` });
      accounts.push(r.body.id as string);
    }
    const contacts: Contact[] = [];
    for (let i = 0; i < 60; i++) {
      const c = {
        city: pick(CITIES),
        status: pick(STATUSES),
        accountId: rand() < 0.8 ? pick(accounts) : "",
        lastName: `P${i}`,
      };
      const r = await api("POST", "/contacts", {
        lastName: c.lastName,
        mailingCity: c.city,
        emailStatus: c.status,
        emailConsentBasis: "test",
        accountId: c.accountId,
      });
      expect(r.status).toBe(201);
      contacts.push({ ...c, id: r.body.id as string });
    }
    const orders: { accountId: string; status: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const o = { accountId: pick(accounts), status: pick(ORDER_STATUSES) };
      expect((await api("POST", "/orders", o)).status).toBe(201);
      orders.push(o);
    }
    const cases: { contactId: string; status: string }[] = [];
    for (let i = 0; i < 15; i++) {
      const k = { contactId: pick(contacts).id, status: pick(CASE_STATUSES) };
      expect((await api("POST", "/cases", { subject: `Case ${i}`, ...k })).status).toBe(201);
      cases.push(k);
    }

    for (let round = 0; round < 12; round++) {
      const city = pick(CITIES);
      const status = pick(STATUSES);
      const orderStatus = pick(ORDER_STATUSES);
      const caseStatus = pick(CASE_STATUSES);
      const useCity = rand() < 0.6;
      const cityOp = pick(["is", "isNot"] as const);
      const useStatus = rand() < 0.5;
      const useOrder = rand() < 0.6;
      const orderHas = pick(["has", "hasNone"] as const);
      const useCase = rand() < 0.5;
      const filters = [
        ...(useCity ? [{ field: "mailingCity", op: cityOp, value: city }] : []),
        ...(useStatus ? [{ field: "emailStatus", op: "anyOf", value: "", values: [status, "bounced"] }] : []),
      ];
      const related = [
        ...(useOrder
          ? [{ collection: "orders", has: orderHas, filters: [{ field: "status", op: "is", value: orderStatus }] }]
          : []),
        ...(useCase
          ? [{ collection: "cases", has: "has", filters: [{ field: "status", op: "is", value: caseStatus }] }]
          : []),
      ];
      const made = await api("POST", "/segments", { name: `Random ${round}`, filters, related });
      expect(made.status, JSON.stringify(made.body)).toBe(201);

      // The brute force: every condition read literally.
      const want = contacts
        .filter((c) => {
          if (useCity && (cityOp === "is") !== (c.city === city)) return false;
          if (useStatus && c.status !== status && c.status !== "bounced") return false;
          if (useOrder) {
            const has = orders.some(
              (o) => o.accountId === c.accountId && c.accountId !== "" && o.status === orderStatus,
            );
            if (has !== (orderHas === "has")) return false;
          }
          if (useCase && !cases.some((k) => k.contactId === c.id && k.status === caseStatus)) return false;
          return true;
        })
        .map((c) => c.id)
        .sort();
      const got = await api("GET", `/segments/${made.body.id}/members?limit=10000`);
      expect(got.status).toBe(200);
      const ids = (got.body.members as { id: string }[]).map((m) => m.id).sort();
      expect(ids, `round ${round}: ${JSON.stringify({ filters, related })}`).toEqual(want);
      expect(got.body.count).toBe(want.length);
    }

    // An SQL segment is the browser's: refused here, naming the kind.
    const sql = await api("POST", "/segments", { name: "SQL", kind: "sql", sql: "SELECT id FROM contacts" });
    const refused = await api("GET", `/segments/${sql.body.id}/members`);
    expect(refused.status).toBe(422);
  }, 60_000);
});
