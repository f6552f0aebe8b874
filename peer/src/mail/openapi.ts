/*
 * The mail routes in `/api/v1/openapi.json` (merged by api/openapi.ts).
 */

type Schema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, description: string) => ({ description, content: { "application/json": { schema } } });
const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: "A problem (RFC 9457)", content: { "application/problem+json": { schema: ref("Problem") } } },
    ]),
  );
const admins = "Owners and admins only.";
const nullableString = { type: ["string", "null"] };

export function mailOpenApi(): {
  paths: Record<string, Schema>;
  schemas: Record<string, Schema>;
  tags: { name: string; description: string }[];
} {
  const statusProps = {
    dkim: {
      type: "object",
      properties: {
        present: { type: "boolean" },
        domain: nullableString,
        selector: nullableString,
        problem: { ...nullableString, description: "Why the configured key cannot be used" },
      },
      required: ["present", "domain", "selector", "problem"],
    },
    from: { type: "string", description: "MAIL_FROM" },
    ratePerSec: { type: "number" },
    dns: {
      type: "array",
      description: "The DNS records to publish for the sending domain",
      items: {
        type: "object",
        properties: {
          kind: { type: "string", enum: ["spf", "dkim", "dmarc"] },
          type: { type: "string", enum: ["TXT"] },
          name: { type: "string" },
          value: { type: "string" },
        },
        required: ["kind", "type", "name", "value"],
      },
    },
  };
  const entryProps = {
    id: { type: "string" },
    key: { type: "string" },
    messageId: { type: "string" },
    workspace: nullableString,
    category: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    cc: { type: "array", items: { type: "string" } },
    subject: { type: "string" },
    status: { type: "string", enum: ["queued", "deferred", "sent", "failed", "outbox", "suppressed"] },
    response: { ...nullableString, description: "The SMTP server's last answer, or why it was not sent" },
    attempts: { type: "integer" },
    createdAt: { type: "integer" },
    updatedAt: { type: "integer" },
    sentAt: { type: ["integer", "null"] },
  };
  const schemas: Record<string, Schema> = {
    MailStatus: {
      type: "object",
      properties: {
        smtp: {
          type: "object",
          properties: {
            configured: { type: "boolean" },
            url: { ...nullableString, description: "SMTP_URL without its password" },
          },
          required: ["configured", "url"],
        },
        ...statusProps,
      },
      required: ["smtp", "dkim", "from", "dns"],
    },
    MailCheck: {
      type: "object",
      properties: {
        smtp: {
          type: "object",
          properties: {
            configured: { type: "boolean" },
            url: { ...nullableString, description: "SMTP_URL without its password" },
            reachable: { type: ["boolean", "null"], description: "null when no SMTP_URL is configured" },
            answer: nullableString,
          },
          required: ["configured", "url", "reachable", "answer"],
        },
        ...statusProps,
      },
      required: ["smtp", "dkim", "from", "dns"],
    },
    MailLogEntry: { type: "object", properties: entryProps, required: Object.keys(entryProps) },
    MailMessage: {
      type: "object",
      properties: {
        ...entryProps,
        headers: { type: "string", description: "The header block as composed for sending" },
        text: { type: "string" },
        html: nullableString,
      },
      required: [...Object.keys(entryProps), "headers", "text", "html"],
    },
  };
  const tag = ["Mail"];
  const paths: Record<string, Schema> = {
    "/mail/status": {
      get: {
        tags: tag,
        summary: "The mail configuration and the DNS records to publish",
        description: admins,
        responses: { 200: json(ref("MailStatus"), "The configuration"), ...problems(401, 403, 429) },
      },
    },
    "/mail/check": {
      get: {
        tags: tag,
        summary: "Check the SMTP server (connect, greet, authenticate; nothing is sent)",
        description: admins,
        responses: { 200: json(ref("MailCheck"), "The result"), ...problems(401, 403, 429) },
      },
    },
    "/mail/messages": {
      get: {
        tags: tag,
        summary: "The workspace's outbox and mail log, newest first",
        description: admins,
        parameters: [
          { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 200 } },
        ],
        responses: {
          200: json(
            { type: "object", properties: { data: { type: "array", items: ref("MailLogEntry") } }, required: ["data"] },
            "Messages",
          ),
          ...problems(400, 401, 403, 429),
        },
      },
    },
    "/mail/messages/{id}": {
      get: {
        tags: tag,
        summary: "One message with its headers and bodies",
        description: admins,
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: { 200: json(ref("MailMessage"), "The message"), ...problems(401, 403, 404, 429) },
      },
    },
  };
  return { paths, schemas, tags: [{ name: "Mail", description: "Outgoing mail: setup check and log" }] };
}
