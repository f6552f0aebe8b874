import { createPrivateKey, createPublicKey } from "node:crypto";
import { readFileSync } from "node:fs";

/*
 * The mail subsystem's configuration, from the environment of the process (documented in
 * sync-server/src/cli.ts and the README): where mail goes (`SMTP_URL`; none → the local outbox),
 * who sends it (`MAIL_FROM`), the DKIM key, and how fast (`MAIL_RATE_PER_SEC`).
 */

export interface DkimConfig {
  domainName: string;
  keySelector: string;
  /** PEM. */
  privateKey: string;
}

export interface MailConfig {
  /** smtp:// or smtps://; undefined → every message goes to the outbox, marked not delivered. */
  smtpUrl?: string;
  /** The default sender, `"Name" <address>` or an address. */
  from: string;
  dkim?: DkimConfig;
  /** Why a configured DKIM key is unusable (file missing, not a private key); shown by the settings page. */
  dkimProblem?: string;
  /** Messages per second at most (token spacing); default 50. */
  ratePerSec: number;
  /** Messages sent at once (pooled SMTP connections); default 5. */
  concurrency: number;
}

export const DEFAULT_FROM = "CRM <crm@localhost>";

export function mailConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MailConfig {
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//i.test(smtpUrl))
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${smtpUrl.replace(/\/\/[^@/]*@/, "//…@")}`);
  const rate = env.MAIL_RATE_PER_SEC?.trim();
  const ratePerSec = rate ? Number(rate) : 50;
  if (!Number.isFinite(ratePerSec) || ratePerSec <= 0)
    throw new Error(`MAIL_RATE_PER_SEC must be a positive number, got ${rate}`);
  const config: MailConfig = {
    ...(smtpUrl ? { smtpUrl } : {}),
    from: env.MAIL_FROM?.trim() || DEFAULT_FROM,
    ratePerSec,
    concurrency: 5,
  };
  const domainName = env.DKIM_DOMAIN?.trim();
  const keySelector = env.DKIM_SELECTOR?.trim();
  const keyFile = env.DKIM_PRIVATE_KEY_FILE?.trim();
  if (domainName || keySelector || keyFile) {
    if (!domainName || !keySelector || !keyFile)
      config.dkimProblem = "DKIM needs all of DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE";
    else {
      try {
        const privateKey = readFileSync(keyFile, "utf8");
        createPrivateKey(privateKey);
        config.dkim = { domainName, keySelector, privateKey };
      } catch (err) {
        config.dkimProblem = `DKIM_PRIVATE_KEY_FILE ${keyFile}: ${(err as Error).message}`;
      }
    }
  }
  return config;
}

/** The address part of `"Name" <a@b>` or `a@b`. */
export function addressOf(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m ? m[1]! : from).trim();
}

export function domainOf(address: string): string {
  return addressOf(address).split("@").pop()!.toLowerCase();
}

/** The DKIM public key as its DNS TXT value: `v=DKIM1; k=rsa; p=<base64 SPKI>`. */
export function dkimTxtValue(privateKeyPem: string): string {
  const key = createPrivateKey(privateKeyPem);
  const spki = createPublicKey(key).export({ type: "spki", format: "der" }).toString("base64");
  const k = key.asymmetricKeyType === "ed25519" ? "ed25519" : "rsa";
  // An ed25519 record carries the raw 32-byte key, not its SPKI wrapping (RFC 8463).
  const p = k === "ed25519" ? Buffer.from(spki, "base64").subarray(-32).toString("base64") : spki;
  return `v=DKIM1; k=${k}; p=${p}`;
}

export interface DnsRecord {
  kind: "spf" | "dkim" | "dmarc";
  type: "TXT";
  name: string;
  value: string;
}

/**
 * The DNS records the sending domain should publish: SPF (the host's own mail servers: `mx a`,
 * to be widened by the operator for a relay), the DKIM key of the configured selector, and a
 * DMARC policy that starts at `p=none` (reports only) as the providers recommend.
 */
export function dnsRecords(config: MailConfig): DnsRecord[] {
  const domain = config.dkim?.domainName ?? domainOf(config.from);
  const records: DnsRecord[] = [{ kind: "spf", type: "TXT", name: domain, value: "v=spf1 mx a ~all" }];
  if (config.dkim)
    records.push({
      kind: "dkim",
      type: "TXT",
      name: `${config.dkim.keySelector}._domainkey.${config.dkim.domainName}`,
      value: dkimTxtValue(config.dkim.privateKey),
    });
  records.push({
    kind: "dmarc",
    type: "TXT",
    name: `_dmarc.${domain}`,
    value: `v=DMARC1; p=none; adkim=r; aspf=r; rua=mailto:dmarc@${domain}`,
  });
  return records;
}

/** The SMTP URL with its password hidden (for logs and the settings page). */
export function redactedUrl(url: string): string {
  return url.replace(/^(smtps?:\/\/)([^:@/]*)(:[^@/]*)?@/i, (_m, scheme: string, user: string, pass?: string) =>
    pass ? `${scheme}${user}:•••@` : `${scheme}${user}@`,
  );
}
