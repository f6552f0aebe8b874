/*
 * The mail subsystem (DESIGN.md decision 11; peer/CONTEXT.md "Mail"): one mailer for invites,
 * password reset, campaigns, case replies and surveys.
 */

export {
  addressOf,
  DEFAULT_FROM,
  type DkimConfig,
  type DnsRecord,
  dkimTxtValue,
  dnsRecords,
  domainOf,
  type MailConfig,
  mailConfigFromEnv,
  redactedUrl,
} from "./config.js";
export { logMailConfig, type MailCheck, Mailer, mailer, storeOf } from "./mailer.js";
export { mailRoutes } from "./routes.js";
export { MailSender, type MailSenderOptions } from "./send.js";
export { type EnqueuedMail, MAIL_JOB, MailStore, messageIdFor } from "./store.js";
export type { MailInput, MailLogEntry, MailMessage, MailStatus, StoredSpec, SuppressionCheck } from "./types.js";
