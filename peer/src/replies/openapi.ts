import type { ApiKit } from "../api/app.js";
import { jsonResponse, problemResponses } from "../api/openapi.js";

/** The OpenAPI description of `POST /cases/{id}/replies` (routes.ts). */
export function describeReplies(kit: ApiKit): void {
  kit.describe({
    tags: [{ name: "Case replies", description: "An agent answers a case by email" }],
    schemas: {
      CaseReplyInput: {
        type: "object",
        properties: {
          text: {
            type: "string",
            minLength: 1,
            maxLength: 50_000,
            description: "The reply, plain text",
            example: "Thank you, we are on it.",
          },
        },
        required: ["text"],
        additionalProperties: false,
      },
      CaseReplySent: {
        type: "object",
        properties: {
          entry: { $ref: "#/components/schemas/CaseMessage" },
          mail: {
            type: "object",
            properties: {
              id: { type: "string", description: "The message in the mail log" },
              messageId: { type: "string", description: "Its Message-ID (also the entry's)" },
              to: { type: "string", description: "The customer's address" },
              outbox: { type: "boolean", description: "No SMTP_URL: kept in the outbox, not delivered" },
            },
            required: ["id", "messageId", "to", "outbox"],
          },
        },
        required: ["entry", "mail"],
      },
    },
    paths: {
      "/cases/{id}/replies": {
        post: {
          operationId: "post_case_reply",
          tags: ["Case replies"],
          summary: "Reply to a case's customer by email",
          description:
            "Writes an outbound entry in the case's conversation and sends it to the customer (the contact's email, else the first sender) from the workspace's support address, threaded with In-Reply-To and References and the case token in the subject. Sets the case's first response time when it has none; a new case becomes pending. Roles that may write conversation entries and read cases.",
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" }, example: "zz-missing-1" },
            {
              name: "Idempotency-Key",
              in: "header",
              description: "The same key again returns the first reply: one entry, one email",
              schema: { type: "string", maxLength: 255 },
            },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/CaseReplyInput" } } },
          },
          responses: {
            201: jsonResponse({ $ref: "#/components/schemas/CaseReplySent" }, "Stored and queued for sending"),
            200: jsonResponse(
              { $ref: "#/components/schemas/CaseReplySent" },
              "A repeated Idempotency-Key: the first reply",
            ),
            409: {
              description: "The case has no customer address",
              content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
            },
            ...problemResponses(400, 401, 403, 404, 415, 422, 429),
          },
        },
      },
    },
  });
}
