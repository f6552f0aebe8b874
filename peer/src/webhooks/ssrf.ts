import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { networkInterfaces } from "node:os";

/*
 * The SSRF guard of webhook deliveries. A webhook URL is chosen by a workspace admin (or an API
 * caller with that role), so without a guard it could make the server reach what only the server
 * can: its own admin ports, the cloud metadata service (169.254.169.254), the office network.
 *
 * Two checks, both needed:
 *  - `checkWebhookUrl` at subscribe time (a clear 422 naming the field) and again before each
 *    delivery: the scheme, no credentials, and every address the name resolves to now;
 *  - `guardedLookup` at connect time: the HTTP request resolves the name through it, and it refuses
 *    the connection when any resolved address is forbidden. This is the check that counts — a
 *    name that resolved to a public address a moment ago may resolve to 127.0.0.1 now (DNS
 *    rebinding), and only the address actually connected to matters.
 * An IP literal never goes through `lookup` (Node connects to it directly), so literals are
 * judged by `checkWebhookUrl`, which every delivery runs first; a literal cannot rebind.
 *
 * `WEBHOOK_ALLOWED_HOSTS` (comma-separated host names or addresses) lets an operator allow
 * specific private hosts (a receiver on 127.0.0.1 in tests, an internal service): a URL whose
 * host is listed, or a resolved address that is listed, passes.
 */

/** Why a URL or address is refused; `message` is for the admin (English, names the reason). */
export class WebhookUrlError extends Error {
  constructor(
    readonly code: "scheme" | "credentials" | "invalid" | "forbidden-address" | "unresolvable",
    message: string,
  ) {
    super(message);
    this.name = "WebhookUrlError";
  }
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export interface GuardOptions {
  /** Hosts and addresses allowed although private (default: `WEBHOOK_ALLOWED_HOSTS`). */
  allowedHosts?: readonly string[];
  /** Name resolution (default: the system resolver, every address). Tests pass their own. */
  resolve?: Resolver;
  /** This machine's own addresses (default: its network interfaces'). */
  ownAddresses?: () => readonly string[];
}

/** `WEBHOOK_ALLOWED_HOSTS` as a list (lower case, brackets of IPv6 literals removed). */
export function allowedHostsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.WEBHOOK_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((h) => normalizeHost(h.trim()))
    .filter(Boolean);
}

function normalizeHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

const v4 = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network", unspecified
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const)
  v4.addSubnet(net, prefix, "ipv4");

const v6 = new BlockList();
for (const [net, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128],
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["2001::", 32], // Teredo (tunnels to an IPv4 the name does not show)
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const)
  v6.addSubnet(net, prefix, "ipv6");

/** The 8 groups of an IPv6 address as numbers (handles `::` and a dotted IPv4 tail). */
function v6Groups(address: string): number[] {
  let a = address.toLowerCase().split("%")[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (dotted) {
    const p = dotted[1]!.split(".").map(Number);
    a = `${a.slice(0, -dotted[1]!.length)}${((p[0]! << 8) | p[1]!).toString(16)}:${((p[2]! << 8) | p[3]!).toString(16)}`;
  }
  const [head, tail] = a.includes("::") ? a.split("::") : [a, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : new Array(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((g) => Number.parseInt(g || "0", 16));
}

/** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4), if any. */
export function embeddedIPv4(address: string): string | undefined {
  const g = v6Groups(address);
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return quad(g[6]!, g[7]!); // ::ffff:a.b.c.d
  if (zero(0, 6) && (g[6] !== 0 || g[7]! > 1)) return quad(g[6]!, g[7]!); // ::a.b.c.d (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return quad(g[6]!, g[7]!); // NAT64
  if (g[0] === 0x2002) return quad(g[1]!, g[2]!); // 6to4
  return undefined;
}

/** Why an address may not be reached, or undefined when it may (public, not this machine). */
export function forbiddenAddressReason(address: string, own: readonly string[] = ownAddresses()): string | undefined {
  const family = isIP(address);
  if (family === 0) return "not an IP address";
  if (own.some((o) => sameAddress(o, address))) return "this server's own address";
  if (family === 4)
    return v4.check(address, "ipv4") ? "a private, loopback, link-local or reserved address" : undefined;
  const inner = embeddedIPv4(address);
  if (inner !== undefined) {
    const why = forbiddenAddressReason(inner, own);
    return why ? `an IPv6 address carrying ${inner}: ${why}` : undefined;
  }
  return v6.check(address.split("%")[0]!, "ipv6")
    ? "a loopback, link-local, unique-local, multicast or reserved IPv6 address"
    : undefined;
}

function sameAddress(a: string, b: string): boolean {
  if (isIP(a) !== isIP(b)) return false;
  if (isIP(a) === 4) return a === b;
  return v6Groups(a).join(":") === v6Groups(b).join(":");
}

function ownAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) out.push(i.address);
  return out;
}

const systemResolve: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
  );

function isAllowed(host: string, allowed: readonly string[]): boolean {
  const h = normalizeHost(host);
  return allowed.some((raw) => {
    const a = normalizeHost(raw);
    return a === h || (isIP(a) !== 0 && isIP(h) !== 0 && sameAddress(a, h));
  });
}

/** Refuses `addresses` (resolved for `host`) if any is forbidden and neither host nor address is allowed. */
export function checkAddresses(host: string, addresses: readonly string[], o: GuardOptions = {}): void {
  const allowed = o.allowedHosts ?? allowedHostsFromEnv();
  if (isAllowed(host, allowed)) return;
  const own = (o.ownAddresses ?? ownAddresses)();
  for (const address of addresses) {
    if (isAllowed(address, allowed)) continue;
    const why = forbiddenAddressReason(address, own);
    if (why)
      throw new WebhookUrlError(
        "forbidden-address",
        `${host} resolves to ${address}, ${why}; webhooks are not delivered there (an operator can allow the host with WEBHOOK_ALLOWED_HOSTS)`,
      );
  }
}

/** The URL's form: http(s), a host, no credentials. Returns the parsed URL. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookUrlError("invalid", "not a URL: write it in full, like https://example.com/hooks");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new WebhookUrlError("scheme", `${url.protocol.slice(0, -1)}: is not allowed: use https:// (or http://)`);
  if (url.username || url.password)
    throw new WebhookUrlError("credentials", "a URL with a user name or password is not allowed");
  if (!url.hostname) throw new WebhookUrlError("invalid", "the URL has no host");
  return url;
}

/**
 * The whole check of a URL: its form, then every address its host resolves to now. WHATWG URL
 * parsing has already turned decimal, octal and hex IPv4 forms (`http://2130706433/`,
 * `http://0x7f.1/`) into dotted quads, so they are judged as the address they mean.
 */
export async function checkWebhookUrl(raw: string, o: GuardOptions = {}): Promise<URL> {
  const url = parseWebhookUrl(raw);
  const host = normalizeHost(url.hostname);
  const allowed = o.allowedHosts ?? allowedHostsFromEnv();
  if (isAllowed(host, allowed)) return url;
  if (host === "localhost" || host.endsWith(".localhost"))
    throw new WebhookUrlError("forbidden-address", `${host} is this server itself; webhooks are not delivered there`);
  if (isIP(host)) {
    checkAddresses(host, [host], o);
    return url;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await (o.resolve ?? systemResolve)(host);
  } catch (err) {
    throw new WebhookUrlError(
      "unresolvable",
      `${host} cannot be resolved (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  if (!addresses.length) throw new WebhookUrlError("unresolvable", `${host} has no address`);
  checkAddresses(
    host,
    addresses.map((a) => a.address),
    o,
  );
  return url;
}

/**
 * A `lookup` for `http.request`/an agent: resolves with `o.resolve` and refuses the connection
 * when an address is forbidden — the check at connect time, so DNS rebinding cannot slip past.
 */
export function guardedLookup(o: GuardOptions = {}): LookupFunction {
  return ((hostname: string, options: { all?: boolean; family?: number } | number, callback: unknown) => {
    const cb = (typeof options === "function" ? options : callback) as (
      err: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void;
    const all = typeof options === "object" && options?.all === true;
    const family = typeof options === "object" ? options?.family : typeof options === "number" ? options : undefined;
    (o.resolve ?? systemResolve)(hostname).then(
      (found) => {
        const addresses = family === 4 || family === 6 ? found.filter((a) => a.family === family) : found;
        try {
          if (!addresses.length) throw new WebhookUrlError("unresolvable", `${hostname} has no address`);
          checkAddresses(
            hostname,
            addresses.map((a) => a.address),
            o,
          );
        } catch (err) {
          cb(err as NodeJS.ErrnoException, all ? [] : "", undefined);
          return;
        }
        if (all) cb(null, addresses);
        else cb(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: NodeJS.ErrnoException) => cb(err, all ? [] : "", undefined),
    );
  }) as LookupFunction;
}
