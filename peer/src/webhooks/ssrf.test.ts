import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { sendWebhook } from "./send.js";
import { checkWebhookUrl, type GuardOptions, guardedLookup, type Resolver, WebhookUrlError } from "./ssrf.js";

/*
 * The SSRF guard: a table of hostile URLs (every private, loopback, link-local, unique-local,
 * CGNAT, multicast and unspecified form, IPv4 and IPv6, mapped and embedded, decimal/octal/hex
 * IPv4, localhost names, names resolving there, bad schemes, credentials), what stays allowed,
 * and DNS rebinding at connect time against a real receiver on 127.0.0.1.
 */

const PUBLIC = "93.184.215.14";
const names: Record<string, string[]> = {
  "example.com": [PUBLIC],
  "v6.example.com": ["2606:4700::1111"],
  "internal.example": ["10.0.0.5"],
  "mixed.example": [PUBLIC, "127.0.0.1"],
  "metadata.example": ["169.254.169.254"],
  "mapped.example": ["::ffff:192.168.0.1"],
  "ula.example": ["fd12:3456::1"],
};
const resolve: Resolver = async (host) => {
  const found = names[host];
  if (!found) throw Object.assign(new Error("not found"), { code: "ENOTFOUND" });
  return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};
const guard: GuardOptions = { allowedHosts: [], resolve, ownAddresses: () => ["8.8.4.4"] };

async function refusal(url: string, o: GuardOptions = guard): Promise<string | undefined> {
  try {
    await checkWebhookUrl(url, o);
    return undefined;
  } catch (err) {
    if (!(err instanceof WebhookUrlError)) throw err;
    return err.code;
  }
}

describe("the SSRF guard", () => {
  it.each([
    ["http://127.0.0.1/", "forbidden-address"],
    ["http://127.1/", "forbidden-address"],
    ["http://2130706433/", "forbidden-address"], // decimal
    ["http://0x7f000001/", "forbidden-address"], // hex
    ["http://0x7f.0.0.1/", "forbidden-address"],
    ["http://017700000001/", "forbidden-address"], // octal
    ["http://0177.0.0.1/", "forbidden-address"],
    ["http://0.0.0.0:8787/", "forbidden-address"],
    ["http://0/", "forbidden-address"],
    ["http://10.1.2.3/", "forbidden-address"],
    ["http://172.16.0.1/", "forbidden-address"],
    ["http://172.31.255.255/", "forbidden-address"],
    ["http://192.168.1.1/", "forbidden-address"],
    ["http://169.254.169.254/latest/meta-data/", "forbidden-address"],
    ["http://100.64.0.1/", "forbidden-address"], // CGNAT
    ["http://224.0.0.1/", "forbidden-address"], // multicast
    ["http://255.255.255.255/", "forbidden-address"],
    ["http://[::1]/", "forbidden-address"],
    ["http://[::]/", "forbidden-address"],
    ["http://[::ffff:127.0.0.1]/", "forbidden-address"], // IPv4-mapped
    ["http://[::ffff:a00:1]/", "forbidden-address"], // mapped 10.0.0.1, hex form
    ["http://[0:0:0:0:0:ffff:c0a8:101]/", "forbidden-address"],
    ["http://[::127.0.0.1]/", "forbidden-address"], // IPv4-compatible
    ["http://[64:ff9b::a9fe:a9fe]/", "forbidden-address"], // NAT64 of 169.254.169.254
    ["http://[2002:7f00:1::]/", "forbidden-address"], // 6to4 of 127.0.0.1
    ["http://[fe80::1]/", "forbidden-address"],
    ["http://[fd00::1]/", "forbidden-address"],
    ["http://[fc00::abcd]/", "forbidden-address"],
    ["http://[ff02::1]/", "forbidden-address"],
    ["http://localhost:8787/", "forbidden-address"],
    ["http://LOCALHOST./", "forbidden-address"],
    ["http://api.localhost/", "forbidden-address"],
    ["http://8.8.4.4/", "forbidden-address"], // this server's own address
    ["http://internal.example/hook", "forbidden-address"],
    ["http://mixed.example/", "forbidden-address"], // one bad address is enough
    ["http://metadata.example/", "forbidden-address"],
    ["http://mapped.example/", "forbidden-address"],
    ["http://ula.example/", "forbidden-address"],
    ["http://nowhere.example/", "unresolvable"],
    ["file:///etc/passwd", "scheme"],
    ["ftp://example.com/", "scheme"],
    ["gopher://example.com/", "scheme"],
    ["javascript:alert(1)", "scheme"],
    ["http://user:secret@example.com/", "credentials"],
    ["https://token@example.com/", "credentials"],
    ["not a url", "invalid"],
  ])("refuses %s (%s)", async (url, code) => {
    expect(await refusal(url)).toBe(code);
  });

  it.each([
    "https://example.com/hooks",
    "http://example.com:8080/x?y=1",
    "https://v6.example.com/",
    "https://[2606:4700::1111]/",
    "https://93.184.215.14/",
  ])("allows the public %s", async (url) => {
    expect(await refusal(url)).toBeUndefined();
  });

  it("allows private hosts listed in WEBHOOK_ALLOWED_HOSTS, by name or by address", async () => {
    expect(await refusal("http://127.0.0.1:9000/", { ...guard, allowedHosts: ["127.0.0.1"] })).toBeUndefined();
    expect(await refusal("http://internal.example/", { ...guard, allowedHosts: ["internal.example"] })).toBeUndefined();
    expect(await refusal("http://internal.example/", { ...guard, allowedHosts: ["10.0.0.5"] })).toBeUndefined();
    expect(await refusal("http://[::1]:9000/", { ...guard, allowedHosts: ["[::1]"] })).toBeUndefined();
    // Listing one host allows only that one.
    expect(await refusal("http://10.0.0.6/", { ...guard, allowedHosts: ["127.0.0.1"] })).toBe("forbidden-address");
    // The scheme and credentials rules hold for allowed hosts too.
    expect(await refusal("ftp://127.0.0.1/", { ...guard, allowedHosts: ["127.0.0.1"] })).toBe("scheme");
  });

  it("refuses at connect time through the lookup, both lookup forms", async () => {
    const lookup = guardedLookup({ ...guard });
    const one = await new Promise<{ err: Error | null; address: unknown }>((r) =>
      lookup("internal.example", {}, (err, address) => r({ err, address })),
    );
    expect(one.err).toBeInstanceOf(WebhookUrlError);
    const all = await new Promise<{ err: Error | null; address: unknown }>((r) =>
      lookup("example.com", { all: true }, (err, address) => r({ err, address })),
    );
    expect(all).toEqual({ err: null, address: [{ address: PUBLIC, family: 4 }] });
  });
});

describe("delivering through the guard", () => {
  let receiver: Server | undefined;
  let hits = 0;
  afterEach(async () => {
    await new Promise((r) => (receiver ? receiver.close(r) : r(null)));
    receiver = undefined;
    hits = 0;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
    receiver = createServer((req, res) => {
      hits++;
      handler!(req, res);
    });
    await new Promise<void>((r) => receiver!.listen(0, "127.0.0.1", () => r()));
    return (receiver.address() as AddressInfo).port;
  }

  it("refuses a name that resolves to a public address when checked and to 127.0.0.1 when connecting (DNS rebinding)", async () => {
    const port = await listen((_req, res) => res.end("ok"));
    let calls = 0;
    // Public for the subscribe-time check and the check before sending; 127.0.0.1 at connect.
    const rebinding: Resolver = async () => [{ address: ++calls <= 2 ? PUBLIC : "127.0.0.1", family: 4 }];
    const o: GuardOptions = { allowedHosts: [], resolve: rebinding, ownAddresses: () => [] };
    await checkWebhookUrl(`http://rebind.test:${port}/hook`, o);
    const result = await sendWebhook(`http://rebind.test:${port}/hook`, {}, "{}", { guard: o });
    expect(calls).toBe(3);
    expect(result).toMatchObject({ ok: false, status: null });
    expect(result.error).toContain("127.0.0.1");
    expect(hits).toBe(0);

    // The same request reaches the receiver when the resolved address is allowed: the refusal
    // above is the guard's, not a broken test set-up.
    const allowed = await sendWebhook(`http://rebind.test:${port}/hook`, {}, "{}", {
      guard: { ...o, resolve: async () => [{ address: "127.0.0.1", family: 4 }], allowedHosts: ["127.0.0.1"] },
    });
    expect(allowed).toMatchObject({ ok: true, status: 200, body: "ok" });
    expect(hits).toBe(1);
  });

  it("does not follow redirects", async () => {
    const port = await listen((req, res) => {
      if (req.url === "/moved") res.writeHead(307, { location: "/target" }).end();
      else res.end("reached");
    });
    const result = await sendWebhook(`http://127.0.0.1:${port}/moved`, {}, "{}", {
      guard: { allowedHosts: ["127.0.0.1"] },
    });
    expect(result).toMatchObject({ ok: false, status: 307 });
    expect(result.error).toContain("redirects are not followed");
    expect(hits).toBe(1);
  });

  it("gives up on a receiver that does not answer in time, and reads a huge answer only up to the cap", async () => {
    const port = await listen((req, res) => {
      if (req.url === "/slow") return; // never answers
      res.writeHead(200);
      const chunk = Buffer.alloc(16_384, 120);
      let sent = 0;
      const more = () => {
        while (sent < 10_000_000 && res.write(chunk)) sent += chunk.length;
        if (sent < 10_000_000) res.once("drain", more);
        else res.end();
      };
      res.on("close", () => res.removeAllListeners("drain"));
      more();
    });
    const o = { guard: { allowedHosts: ["127.0.0.1"] } };
    const slow = await sendWebhook(`http://127.0.0.1:${port}/slow`, {}, "{}", { ...o, timeoutMs: 300 });
    expect(slow).toMatchObject({ ok: false, status: null });
    expect(slow.error).toContain("within");
    const big = await sendWebhook(`http://127.0.0.1:${port}/big`, {}, "{}", { ...o, maxBodyBytes: 65_536 });
    expect(big).toMatchObject({ ok: true, status: 200 });
    expect(big.body.length).toBe(4096);
  });
});
