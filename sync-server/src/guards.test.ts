import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { type IncomingHttpHeaders, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloseCode } from "@crm/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type RunningServer } from "./app.js";
import { BODY_LIMITS, HSTS } from "./guards.js";
import { PublicHosts } from "./origins.js";
import { RawSocket } from "./testing/clients.js";

/*
 * What every HTTP request passes (guards.ts, origins.ts): body limits per kind of route, the
 * security headers on every response, and the Host check that keeps DNS-rebinding pages out.
 */

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  json: { error?: { code: string } } & Record<string, unknown>;
}

/** A request with any Host header (fetch does not let one set it). */
function send(
  server: RunningServer,
  method: string,
  path: string,
  options: { host?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const req = request({
      host: "127.0.0.1",
      port: server.port,
      path,
      method,
      headers: {
        host: options.host ?? `127.0.0.1:${server.port}`,
        ...(body ? { "content-type": "application/json" } : {}),
        ...(body && !options.chunked ? { "content-length": String(body.length) } : {}),
        ...(body && options.chunked ? { "transfer-encoding": "chunked" } : {}),
        ...options.headers,
      },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (d) => {
        text += d;
      });
      res.on("end", () => {
        let json = {};
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode!, headers: res.headers, json });
      });
    });
    req.on("error", reject);
    // Chunked: in pieces, so that no length is known before the end.
    if (body && options.chunked) for (let i = 0; i < body.length; i += 4096) req.write(body.subarray(i, i + 4096));
    req.end(body && !options.chunked ? body : undefined);
  });
}

const json = (bytes: number) => JSON.stringify({ email: "a@example.test", password: "x".repeat(bytes) });

describe("request guards", () => {
  let server: RunningServer;
  let staticDir: string;
  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), "crm-guards-"));
    writeFileSync(join(staticDir, "index.html"), "<!doctype html><title>CRM</title>");
    server = await createServer({ port: 0, host: "127.0.0.1", staticDir, metrics: false });
  });
  afterAll(async () => {
    await server.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  describe("body limits", () => {
    it("refuses a sign-in body over the auth limit, declared or chunked, with 413", async () => {
      for (const chunked of [false, true]) {
        const res = await send(server, "POST", "/api/sign-in", { body: json(BODY_LIMITS.auth + 1), chunked });
        expect(res.status, `chunked: ${chunked}`).toBe(413);
        expect(res.json.error?.code).toBe("too-large");
        // Under the limit, the route itself answers (a wrong password).
        const ok = await send(server, "POST", "/api/sign-in", { body: json(BODY_LIMITS.auth - 200), chunked });
        expect(ok.status, `chunked: ${chunked}`).toBe(400);
      }
      for (const path of ["/api/setup", "/api/invites/abc/accept"])
        expect((await send(server, "POST", path, { body: json(BODY_LIMITS.auth + 1) })).status, path).toBe(413);
    });

    it("gives other API routes a larger limit, and routes without a body none", async () => {
      const path = "/api/workspaces/w/invites";
      expect((await send(server, "POST", path, { body: json(BODY_LIMITS.api + 1) })).status).toBe(413);
      // Within the limit it reaches the route (which wants a session).
      expect((await send(server, "POST", path, { body: json(BODY_LIMITS.auth * 2) })).status).toBe(401);
      expect((await send(server, "POST", "/", { body: "{}" })).status).toBe(413);
      expect((await send(server, "GET", "/")).status).toBe(200);
    });
  });

  describe("security headers", () => {
    it("are on every response, refusals and errors included", async () => {
      const answers = await Promise.all([
        send(server, "GET", "/"),
        send(server, "GET", "/accounts/abc"),
        send(server, "GET", "/assets/missing.js"),
        send(server, "GET", "/healthz"),
        send(server, "GET", "/api/session"),
        send(server, "POST", "/api/sign-in", { body: json(BODY_LIMITS.auth + 1) }),
        send(server, "GET", "/api/setup", { host: "evil.example" }),
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 404, 200, 401, 413, 403]);
      for (const { headers } of answers) {
        const csp = headers["content-security-policy"] as string;
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("default-src 'self'");
        expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
        expect(csp).toContain("worker-src 'self';");
        expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
        expect(headers["x-content-type-options"]).toBe("nosniff");
        expect(headers["referrer-policy"]).toBe("no-referrer");
        expect(headers["x-frame-options"]).toBe("DENY");
        expect(headers["strict-transport-security"]).toBeUndefined(); // plain HTTP
      }
      // connect-src: this origin and its WebSocket, by the name the page was opened with.
      expect(answers[0]!.headers["content-security-policy"]).toContain(
        `connect-src 'self' ws://127.0.0.1:${server.port} wss://127.0.0.1:${server.port};`,
      );
      expect(answers[6]!.headers["content-security-policy"]).toContain("connect-src 'self';");
    });

    it("add HSTS when the request came over HTTPS (through a trusted proxy)", async () => {
      const behindProxy = await createServer({
        port: 0,
        host: "127.0.0.1",
        metrics: false,
        staticDir,
        auth: { config: { trustedProxies: 1 } },
      });
      try {
        const https = await send(behindProxy, "GET", "/", { headers: { "x-forwarded-proto": "https" } });
        expect(https.headers["strict-transport-security"]).toBe(HSTS);
        expect((await send(behindProxy, "GET", "/")).headers["strict-transport-security"]).toBeUndefined();
        // Without a trusted proxy, the header is not believed.
        const spoofed = await send(server, "GET", "/", { headers: { "x-forwarded-proto": "https" } });
        expect(spoofed.headers["strict-transport-security"]).toBeUndefined();
      } finally {
        await behindProxy.close();
      }
    });
  });

  describe("Host", () => {
    it("keeps a DNS-rebinding page away from the setup of a fresh server", async () => {
      const evil = `evil.example:${server.port}`;
      const setup = await send(server, "POST", "/api/setup", {
        host: evil,
        headers: { origin: `http://${evil}` },
        body: JSON.stringify({
          email: "mallory@example.test",
          name: "Mallory",
          password: "violet-harbour-kettle-42",
          workspaceName: "Pwned",
        }),
      });
      expect(setup.status).toBe(403);
      expect(setup.json.error?.code).toBe("bad-host");
      expect(server.auth!.userCount()).toBe(0);
      expect((await send(server, "GET", "/api/setup", { host: evil })).status).toBe(403);
    });

    it("answers by default to the listen address and to localhost", async () => {
      for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`]) {
        const res = await send(server, "GET", "/api/setup", { host, headers: { origin: `http://${host}` } });
        expect(res.status, host).toBe(200);
      }
    });

    it("refuses WebSocket upgrades under a foreign name (4403)", async () => {
      const { token } = mintToken(server);
      const evil = await RawSocket.open(`${server.wsUrl}?token=${token}`, 5000, {
        Host: `evil.example:${server.port}`,
        Origin: `http://evil.example:${server.port}`,
      });
      expect((await evil.waitClosed()).code).toBe(CloseCode.forbidden);
      expect(evil.closed!.reason).toMatch(/host not allowed/);
      const fine = await RawSocket.open(`${server.wsUrl}?token=${token}`, 5000, {
        Host: `localhost:${server.port}`,
        Origin: `http://localhost:${server.port}`,
      });
      expect(fine.closed).toBeUndefined();
      await fine.close();
    });

    it("answers to PUBLIC_URL's names when it is set, and to no other name", async () => {
      const behindProxy = await createServer({
        port: 0,
        host: "127.0.0.1",
        metrics: false,
        publicUrl: "https://crm.example.com, http://crm.internal:8080",
      });
      try {
        const at = (host: string) => send(behindProxy, "GET", "/api/setup", { host });
        expect((await at("crm.example.com")).status).toBe(200);
        expect((await at("crm.internal:8080")).status).toBe(200);
        expect((await at(`localhost:${behindProxy.port}`)).status).toBe(200);
        expect((await at("crm.internal:9999")).status).toBe(403);
        expect((await at("evil.example")).status).toBe(403);
        expect((await at("10.0.0.7")).status).toBe(403);
      } finally {
        await behindProxy.close();
      }
    });
  });
});

describe("PublicHosts", () => {
  it("defaults to the listen address: any IP of the machine when listening on every interface", () => {
    const everywhere = new PublicHosts();
    everywhere.listening("0.0.0.0", 8787);
    for (const host of ["192.168.1.20:8787", "[fe80::1]:8787", "10.0.0.7", "localhost:5173", "127.0.0.1:8787"])
      expect(everywhere.allows(host), host).toBe(true);
    for (const host of ["crm.example.com:8787", "localhost.evil.com:8787", "127.0.0.1.nip.io:8787", "", undefined])
      expect(everywhere.allows(host), String(host)).toBe(false);

    const one = new PublicHosts();
    one.listening("192.168.1.20", 8787);
    expect(one.allows("192.168.1.20:8787")).toBe(true);
    expect(one.allows("192.168.1.21:8787")).toBe(false);
    expect(one.allows("[::1]:8787")).toBe(true);
  });

  it("rejects a PUBLIC_URL that is not a list of origins", () => {
    expect(() => new PublicHosts("crm.example.com")).toThrow(/PUBLIC_URL/);
    expect(() => new PublicHosts("ftp://crm.example.com")).toThrow(/PUBLIC_URL/);
    expect(new PublicHosts("https://CRM.example.com:443/").publicUrlHosts).toEqual(["crm.example.com"]);
  });
});

function mintToken(server: RunningServer) {
  const store = server.auth!;
  const user = store.createUser({
    email: `t-${Math.random().toString(36).slice(2)}@example.test`,
    name: "T",
    passwordHash: "x",
  });
  const ws = store.createWorkspace("W", user.id).id;
  return store.mintToken({ workspaceId: ws, role: "viewer", name: "t", createdBy: user.id });
}
