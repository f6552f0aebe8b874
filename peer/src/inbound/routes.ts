import { canReadCollection } from "@crm/schema";
import type { Context } from "hono";
import { simpleParser } from "mailparser";
import type { ApiExtension } from "../api/app.js";
import { jsonResponse, problemResponses } from "../api/openapi.js";
import { ProblemException } from "../api/problems.js";
import { ALLOWED_TYPES } from "./attachments.js";
import { type LoggingAddresses, loggingTokenOf } from "./logging.js";
import type { InboundSpool } from "./spool.js";

/*
 * `POST /api/v1/inbound/mime`: a mail provider's inbound webhook (or any relay) posts one raw
 * RFC 5322 message; the workspace is the token's. Owners and admins only (a service token of that
 * role is what a provider gets). The message goes into the same spool as SMTP mail and from there
 * the same job; 201 means it is stored. The per-sender rate limit applies (by the From address,
 * the only sender a webhook knows): 429.
 *
 * `GET /api/v1/inbound/attachments/:id`: an attachment's bytes, to members who may read cases'
 * conversations, as a download that no browser renders or sniffs.
 */

export interface InboundRoutesOptions {
  spool: InboundSpool;
  maxBytes: number;
  rateLimit?: number;
  rateWindowMs?: number;
  /** Sales email logging: a webhook may name the envelope recipient (`?recipient=log+…@domain`). */
  logging?: { domain: string; addresses: LoggingAddresses };
}

async function rawBody(c: Context, max: number): Promise<Buffer> {
  const declared = Number(c.req.header("content-length") ?? "NaN");
  if (declared > max) throw new ProblemException(413, "too-large", `the message is larger than ${max} bytes`);
  const buf = Buffer.from(await c.req.arrayBuffer());
  if (buf.length > max) throw new ProblemException(413, "too-large", `the message is larger than ${max} bytes`);
  return buf;
}

/** The header block's From address ("" when none). */
async function fromOf(raw: Buffer): Promise<string> {
  let end = raw.indexOf("\r\n\r\n");
  if (end < 0) end = raw.indexOf("\n\n");
  const head = raw.subarray(0, end < 0 ? Math.min(raw.length, 256 * 1024) : end);
  const parsed = await simpleParser(Buffer.concat([head, Buffer.from("\r\n\r\n")]));
  const from = parsed.from?.value.find((v) => v.address)?.address ?? "";
  return from.toLowerCase();
}

function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export function inboundRoutes(o: InboundRoutesOptions): ApiExtension {
  const limit = o.rateLimit ?? 20;
  const windowMs = o.rateWindowMs ?? 10 * 60_000;
  return (api, kit) => {
    api.post("/inbound/mime", async (c) => {
      const who = kit.caller(c);
      if (who.role !== "owner" && who.role !== "admin")
        throw new ProblemException(
          403,
          "forbidden",
          `your role (${who.role}) may not post mail: owners and admins may`,
        );
      const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (type !== "message/rfc822" && type !== "application/octet-stream")
        throw new ProblemException(415, "unsupported-media-type", "send the message as message/rfc822");
      const raw = await rawBody(c, o.maxBytes);
      if (raw.length === 0 || !/^[\x21-\x39\x3b-\x7e]+:/.test(raw.subarray(0, 200).toString("latin1")))
        throw new ProblemException(400, "bad-request", "the body must be one raw RFC 5322 message (headers first)");
      const sender = await fromOf(raw);
      if (sender && o.spool.countFrom(sender, Date.now() - windowMs) >= limit) {
        c.header("Retry-After", String(Math.ceil(windowMs / 1000)));
        throw new ProblemException(429, "rate-limited", `more than ${limit} messages from ${sender}: try later`);
      }
      // A BCC leaves no trace in the headers: a provider says which address the mail came in for.
      const recipient = c.req.query("recipient")?.trim().toLowerCase();
      const recipients: string[] = [];
      if (recipient && o.logging && loggingTokenOf(recipient, o.logging.domain) !== undefined) {
        const address = o.logging.addresses.lookup(loggingTokenOf(recipient, o.logging.domain)!);
        if (!address || address.workspace !== who.workspace)
          throw new ProblemException(400, "bad-request", "recipient: no such logging address in this workspace", [
            { field: "recipient", code: "unknown", message: "Not an active logging address of this workspace." },
          ]);
        recipients.push(recipient);
      }
      const id = o.spool.add({ workspace: who.workspace, sender, recipients, raw, source: "webhook" });
      return c.json({ id, workspace: who.workspace, bytes: raw.length }, 201);
    });

    api.get("/inbound/attachments/:id", (c) => {
      const who = kit.caller(c);
      if (!canReadCollection(who.role, "caseMessages"))
        throw new ProblemException(403, "forbidden", `your role (${who.role}) may not read case conversations`);
      const a = o.spool.attachment(who.workspace, c.req.param("id"));
      if (!a) throw new ProblemException(404, "not-found", "no such attachment");
      const type = ALLOWED_TYPES[a.contentType] ? a.contentType : "application/octet-stream";
      return c.body(new Uint8Array(a.data), 200, {
        "Content-Type": type,
        "Content-Length": String(a.data.length),
        "Content-Disposition": contentDisposition(a.filename),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-store",
      });
    });

    kit.describe({
      tags: [{ name: "Inbound mail", description: "Mail into cases: a provider's webhook, attachments" }],
      schemas: {
        InboundSpooled: {
          type: "object",
          properties: {
            id: { type: "string", description: "The spooled message's id" },
            workspace: { type: "string" },
            bytes: { type: "integer" },
          },
          required: ["id", "workspace", "bytes"],
        },
      },
      paths: {
        "/inbound/mime": {
          post: {
            operationId: "post_inbound_mime",
            tags: ["Inbound mail"],
            summary: "Deliver one raw email (a provider's inbound webhook)",
            description:
              "The body is one RFC 5322 message as received (headers, body, attachments). It is stored before the answer and becomes a case, or an entry of the case it replies to. Owners and admins only; auto-replies and bulk mail are stored but open no case.",
            parameters: [
              {
                name: "recipient",
                in: "query",
                description:
                  "The envelope recipient, when it is a member's logging address (`log+<token>@INBOUND_DOMAIN`): the mail is logged on its contacts' timelines instead of opening a case",
                schema: { type: "string" },
              },
            ],
            requestBody: {
              required: true,
              content: {
                "message/rfc822": { schema: { type: "string", format: "binary" } },
                "application/octet-stream": { schema: { type: "string", format: "binary" } },
              },
            },
            responses: {
              201: jsonResponse({ $ref: "#/components/schemas/InboundSpooled" }, "Stored; it will be filed"),
              ...problemResponses(400, 401, 403, 413, 415, 429),
            },
          },
        },
        "/inbound/attachments/{id}": {
          get: {
            operationId: "get_inbound_attachment",
            tags: ["Inbound mail"],
            summary: "Download an attachment of a customer's email",
            parameters: [
              {
                name: "id",
                in: "path",
                required: true,
                schema: { type: "string" },
                example: "att_000000000000000000000000",
              },
            ],
            responses: {
              200: {
                description: "The file, as a download",
                content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
              },
              ...problemResponses(401, 403, 404, 429),
            },
          },
        },
      },
    });
  };
}
