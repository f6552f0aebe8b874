import { restApi } from "../runtime/restApi.js";

/*
 * `/api/v1/mail/*` from the browser (peer/src/mail/routes.ts): same-origin with the session
 * cookie, the workspace in the `CRM-Workspace` header. Owners and admins only.
 */

export interface DnsRecord {
  kind: "spf" | "dkim" | "dmarc";
  type: "TXT";
  name: string;
  value: string;
}

export interface MailStatus {
  smtp: { configured: boolean; url: string | null; reachable?: boolean | null; answer?: string | null };
  dkim: { present: boolean; domain: string | null; selector: string | null; problem: string | null };
  from: string;
  ratePerSec: number;
  dns: DnsRecord[];
}

export type MailState = "queued" | "deferred" | "sent" | "failed" | "outbox" | "suppressed";

export interface MailEntry {
  id: string;
  messageId: string;
  category: string;
  from: string;
  to: string;
  cc: string[];
  subject: string;
  status: MailState;
  response: string | null;
  attempts: number;
  createdAt: number;
  sentAt: number | null;
}

export interface MailMessage extends MailEntry {
  headers: string;
  text: string;
  html: string | null;
}

export const mailApi = {
  status: (ws: string) => restApi<MailStatus>(ws, "/mail/status"),
  check: (ws: string) => restApi<MailStatus>(ws, "/mail/check"),
  messages: (ws: string) => restApi<{ data: MailEntry[] }>(ws, "/mail/messages?limit=50").then((r) => r.data),
  message: (ws: string, id: string) => restApi<MailMessage>(ws, `/mail/messages/${encodeURIComponent(id)}`),
};

/**
 * The HTML of a message as the frame shows it: a Content-Security-Policy first that allows no
 * script, no network (remote images would tell the sender it was read) and no form. The frame is
 * also `sandbox=""`: no scripts, no same-origin access, no navigation of the app.
 */
export function framedHtml(html: string): string {
  return `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'">${html}`;
}
