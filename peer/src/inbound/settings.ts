/*
 * Inbound mail's settings, from the environment (documented in sync-server/src/cli.ts and the
 * README). The listener is off unless INBOUND_SMTP_PORT is set.
 */

export interface InboundSettings {
  /** SMTP port; undefined = no listener (the `/inbound/mime` route works regardless). */
  port?: number;
  /** Address to bind; default 0.0.0.0 (mail comes from the internet). */
  host: string;
  /** Each workspace's support address is `<workspace id>@<domain>`. */
  domain: string;
  /** Largest message, announced as SIZE and enforced (552). */
  maxBytes: number;
  /** Largest attachment kept; larger ones are listed as refused. */
  attachmentMaxBytes: number;
  /** Messages one sender may send in `rateWindowMs` before getting 451. */
  rateLimit: number;
  rateWindowMs: number;
}

export const INBOUND_DEFAULTS = {
  host: "0.0.0.0",
  domain: "localhost",
  maxBytes: 25 * 2 ** 20,
  attachmentMaxBytes: 10 * 2 ** 20,
  rateLimit: 20,
  rateWindowMs: 10 * 60_000,
} as const;

export function inboundSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): InboundSettings {
  const int = (name: string, min: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${raw}`);
    return n;
  };
  const port = int("INBOUND_SMTP_PORT", 0);
  if (port !== undefined && port > 65535) throw new Error(`INBOUND_SMTP_PORT must be a port, got ${port}`);
  const mb = int("INBOUND_MAX_MB", 1);
  const attMb = int("INBOUND_ATTACHMENT_MAX_MB", 1);
  const domain = env.INBOUND_DOMAIN?.trim().toLowerCase();
  if (domain !== undefined && domain !== "" && !/^[a-z0-9.-]+$/.test(domain))
    throw new Error(`INBOUND_DOMAIN must be a domain name, got ${env.INBOUND_DOMAIN}`);
  return {
    ...(port !== undefined ? { port } : {}),
    host: env.INBOUND_SMTP_HOST?.trim() || INBOUND_DEFAULTS.host,
    domain: domain || INBOUND_DEFAULTS.domain,
    maxBytes: mb !== undefined ? mb * 2 ** 20 : INBOUND_DEFAULTS.maxBytes,
    attachmentMaxBytes: attMb !== undefined ? attMb * 2 ** 20 : INBOUND_DEFAULTS.attachmentMaxBytes,
    rateLimit: int("INBOUND_RATE_LIMIT", 1) ?? INBOUND_DEFAULTS.rateLimit,
    rateWindowMs: (int("INBOUND_RATE_WINDOW_S", 1) ?? INBOUND_DEFAULTS.rateWindowMs / 1000) * 1000,
  };
}

/** The workspace a recipient address is for, or undefined when it is not one of ours. */
export function workspaceOfAddress(address: string, domain: string): string | undefined {
  const at = address.lastIndexOf("@");
  if (at <= 0) return undefined;
  if (address.slice(at + 1).toLowerCase() !== domain) return undefined;
  const local = address.slice(0, at).toLowerCase();
  return /^[a-z0-9][a-z0-9_-]{0,63}$/.test(local) ? local : undefined;
}

/** A workspace's support address. */
export function supportAddress(workspace: string, domain: string): string {
  return `${workspace}@${domain}`;
}
