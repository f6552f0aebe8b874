import { afterEach, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "./app.js";
import { MemoryStorage } from "./storage/memory.js";
import { MuxClient, RawSocket } from "./testing/clients.js";

const DOC = "default/records/orders/11";

const servers: RunningServer[] = [];
const sockets: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) await s.close();
  for (const s of servers.splice(0)) await s.close();
});

async function start(options: Partial<Parameters<typeof createServer>[0]> = {}): Promise<RunningServer> {
  const server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", ...options });
  servers.push(server);
  return server;
}

/** The value of one sample line (`name{labels} value`) of a Prometheus text exposition. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(server: RunningServer): Promise<string> {
  const res = await fetch(`${server.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("/readyz", () => {
  it("is 200 while serving, and 503 from the start of shutdown, before any socket closes", async () => {
    const server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", shutdownDelayMs: 300 });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const socket = await RawSocket.open(`${server.wsUrl}/${DOC}`);
    const closed = server.close();
    const draining = await fetch(`${server.url}/readyz`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toEqual({ ready: false, reason: "shutting down" });
    expect(socket.closed).toBeUndefined();
    // Liveness stays 200 and new WebSockets are refused while draining.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await expect(RawSocket.open(`${server.wsUrl}/${DOC}`)).rejects.toThrow(/503/);

    await closed;
    expect((await socket.waitClosed()).code).toBe(1001);
  });

  it("is 503 naming storage when storage does not answer", async () => {
    const storage = new MemoryStorage();
    const server = await start({ storage });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    storage.close();
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, reason: "storage: storage is closed" });
  });
});

describe("/metrics", () => {
  it("counts connections, documents, updates, persist time, relayed messages and refusals", async () => {
    const server = await start();
    const other = await start(); // a second registry in the same process must not collide
    const empty = await scrape(server);
    for (const name of [
      "crm_connections",
      "crm_documents_loaded",
      "crm_updates_total",
      "crm_persist_seconds",
      "crm_refused_connections_total",
      "crm_relayed_messages_total",
    ]) {
      expect(empty, name).toContain(`# TYPE ${name} `);
    }
    expect(empty).toContain("process_cpu_user_seconds_total");
    expect(empty).toContain("nodejs_heap_size_used_bytes");
    expect(sample(empty, 'crm_connections{endpoint="mux"}')).toBe(0);
    expect(sample(empty, 'crm_refused_connections_total{reason="bad-frame"}')).toBe(0);

    const writer = await MuxClient.open(server.wsUrl);
    const reader = await MuxClient.open(server.wsUrl);
    sockets.push(writer, reader);
    const doc = writer.subscribe(DOC);
    reader.subscribe(DOC);
    await writer.waitSynced(DOC);
    await reader.waitSynced(DOC);
    doc.getMap("m").set("a", 1);
    await writer.waitPersisted(DOC);
    const single = await RawSocket.open(`${server.wsUrl}/${DOC}`);
    sockets.push(single);

    const bad = await RawSocket.open(server.wsUrl);
    bad.send(new Uint8Array([0xff, 0xff, 0xff]));
    expect((await bad.waitClosed()).code).toBe(4400);
    await expect(RawSocket.open(`${server.url.replace("http", "ws")}/elsewhere`)).rejects.toThrow(/404/);

    await eventually("the bad socket to be counted as closed", async () => {
      return sample(await scrape(server), 'crm_connections{endpoint="mux"}') === 2;
    });
    const text = await scrape(server);
    expect(sample(text, 'crm_connections{endpoint="doc"}')).toBe(1);
    expect(sample(text, "crm_documents_loaded")).toBe(1);
    expect(sample(text, "crm_updates_total")).toBe(1);
    expect(sample(text, "crm_persist_seconds_count")).toBe(1);
    expect(sample(text, 'crm_persist_seconds_bucket{le="0.0005"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'crm_persist_seconds_bucket{le="+Inf"}')).toBe(1);
    expect(sample(text, 'crm_relayed_messages_total{kind="update"}')).toBe(1);
    expect(sample(text, 'crm_refused_connections_total{reason="bad-frame"}')).toBe(1);
    expect(sample(text, 'crm_refused_connections_total{reason="not-found"}')).toBe(1);
    expect(sample(text, 'crm_refused_connections_total{reason="bad-document-name"}')).toBe(0);

    const untouched = await scrape(other);
    expect(sample(untouched, "crm_updates_total")).toBe(0);
    expect(sample(untouched, 'crm_connections{endpoint="mux"}')).toBe(0);
  });

  it("is absent with METRICS=off (metrics: false)", async () => {
    const server = await start({ metrics: false });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    const previous = process.env.METRICS;
    process.env.METRICS = "off";
    try {
      const fromEnv = await start();
      expect((await fetch(`${fromEnv.url}/metrics`)).status).toBe(404);
      process.env.METRICS = "maybe";
      await expect(start()).rejects.toThrow(/METRICS must be on or off/);
    } finally {
      if (previous === undefined) delete process.env.METRICS;
      else process.env.METRICS = previous;
    }
  });
});
