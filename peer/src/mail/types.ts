/*
 * What a caller of the mail subsystem hands it (`Mailer.enqueue`) and what the log shows.
 */

export interface MailInput {
  /**
   * The caller's idempotency key, derived from what the message is for — `invite:<id>`,
   * `password-reset:<token id>`, `case-reply:<entry id>`, `campaign:<id>:<contact>`. The same key
   * is one message, however often it is enqueued; its Message-ID is derived from it.
   */
  key: string;
  /** One recipient address (`"Name" <a@b>` or `a@b`). */
  to: string;
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  /** Default: the configured `MAIL_FROM`. */
  from?: string;
  replyTo?: string;
  /** Threading: the Message-ID answered, and the thread's Message-IDs (oldest first). */
  inReplyTo?: string;
  references?: string[];
  /** RFC 3834: automatic mail (password reset, invites, notices) says so, so auto-responders stay quiet. */
  autoSubmitted?: "auto-generated" | "auto-replied";
  /**
   * Bulk mail (RFC 2369/8058): `List-Unsubscribe: <https…>, <mailto…>` and, with an https URL,
   * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` — both inside the DKIM signature.
   */
  listUnsubscribe?: { url?: string; mailto?: string };
  /** Other headers (names as written). */
  headers?: Record<string, string>;
  /** The workspace it belongs to (its admins see it in the log); null for installation mail (password reset). */
  workspace?: string | null;
  /** What it is ("invite", "password-reset", "campaign", "case-reply", …): for the log. */
  category?: string;
  /** Holds a secret (a reset link): its body is dropped from the log once delivered. */
  sensitive?: boolean;
}

export type MailStatus =
  /** Waiting to be sent (or retried). */
  | "queued"
  /** A temporary answer (4xx, connection lost): retried later. */
  | "deferred"
  /** Accepted by the SMTP server (its answer in `response`). */
  | "sent"
  /** Refused permanently (5xx) or retried until it gave up. */
  | "failed"
  /** No SMTP_URL: kept in the local outbox, not delivered. */
  | "outbox"
  /** The recipient is on a suppression list: not sent. */
  | "suppressed";

export interface MailLogEntry {
  id: string;
  key: string;
  messageId: string;
  workspace: string | null;
  category: string;
  from: string;
  to: string;
  cc: string[];
  subject: string;
  status: MailStatus;
  /** The SMTP server's last answer (or why it was not sent). */
  response: string | null;
  attempts: number;
  createdAt: number;
  updatedAt: number;
  sentAt: number | null;
}

export interface MailMessage extends MailLogEntry {
  text: string;
  html: string | null;
  /** The message as sent (or as it would be): Date, the threading and list headers. */
  spec: StoredSpec;
}

/** The message as stored at enqueue time: composing it again gives the same headers. */
export interface StoredSpec {
  from: string;
  to: string;
  cc: string[];
  subject: string;
  messageId: string;
  date: number;
  replyTo?: string;
  inReplyTo?: string;
  references?: string[];
  headers: Record<string, string>;
}

/** A check the subsystem makes before each send; a reason string means "do not send". */
export type SuppressionCheck = (address: string, workspace: string | null) => string | undefined;
