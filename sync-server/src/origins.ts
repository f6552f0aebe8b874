import { isIP } from "node:net";

/*
 * Which names this server answers to (the Host header of `/api` requests and WebSocket upgrades).
 * The Origin check compares a browser's Origin with the Host; but a DNS-rebinding page (evil.com
 * resolving to this server's address) sends `Host: evil.com` and `Origin: http://evil.com`, which
 * match — and on a server nobody has set up yet, that page could call the setup route and own it.
 * So the Host itself must be one of the server's public names:
 *
 * - `PUBLIC_URL` (comma-separated origins, e.g. `https://crm.example.com`): where people open the app.
 * - Without it, the listen address: `HOST:PORT`; when listening on every interface (0.0.0.0 or ::),
 *   any IP address of the machine (no rebinding page can produce an IP-literal Host: that Host
 *   means the browser connected to that address itself).
 * - Always the loopback names (`localhost`, `*.localhost`, 127.0.0.0/8, ::1), on any port: the
 *   browser resolves them to this machine itself, so no page can rebind them; people open
 *   http://localhost:8787 as often as http://127.0.0.1:8787, and the Vite dev server's proxy
 *   forwards its own `localhost:5173`.
 */

export class PublicHosts {
  private readonly configured: Set<string> | undefined;
  private listen: Set<string> = new Set();
  private anyAddress = false;

  /** `publicUrl`: the PUBLIC_URL setting (comma-separated origins), or undefined for the default. */
  constructor(publicUrl?: string) {
    const urls = (publicUrl ?? "")
      .split(",")
      .map((u) => u.trim())
      .filter(Boolean);
    if (urls.length === 0) return;
    this.configured = new Set();
    for (const raw of urls) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        throw new Error(`PUBLIC_URL must be origins like https://crm.example.com, got ${JSON.stringify(raw)}`);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:")
        throw new Error(`PUBLIC_URL must be http:// or https:// origins, got ${JSON.stringify(raw)}`);
      this.configured.add(normalise(url.host)!);
    }
  }

  /** The address the server listens on, once known (port 0 is resolved by then). */
  listening(host: string, port: number): void {
    const wildcard = host === "" || host === "0.0.0.0" || host === "::";
    this.anyAddress = wildcard;
    this.listen = new Set(wildcard ? [] : [normalise(`${isIP(host) === 6 ? `[${host}]` : host}:${port}`)!]);
  }

  /** The public origins' hosts as configured (PUBLIC_URL), or undefined when it is not set. */
  get publicUrlHosts(): string[] | undefined {
    return this.configured ? [...this.configured] : undefined;
  }

  /** May a request with this Host header reach the API or open a WebSocket? */
  allows(hostHeader: string | undefined): boolean {
    const host = normalise(hostHeader);
    if (host === undefined) return false;
    const name = hostname(host);
    if (isLoopback(name)) return true;
    if (this.configured) return this.configured.has(host);
    if (this.listen.has(host)) return true;
    return this.anyAddress && isIP(name.replace(/^\[|\]$/g, "")) !== 0;
  }
}

/**
 * `host[:port]` as URL normalises it (lowercase, punycode, IPv6 in brackets), without the default
 * ports 80 and 443 (a browser omits them); undefined for anything that is not a plain host.
 */
function normalise(host: string | undefined): string | undefined {
  if (!host || /[\s/\\?#@]/.test(host)) return undefined;
  let url: URL;
  try {
    url = new URL(`http://${host}`);
  } catch {
    return undefined;
  }
  const port = url.port === "443" ? "" : url.port;
  return port ? `${url.hostname}:${port}` : url.hostname;
}

function hostname(host: string): string {
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
}

function isLoopback(name: string): boolean {
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (name === "[::1]") return true;
  return isIP(name) === 4 && name.startsWith("127.");
}
