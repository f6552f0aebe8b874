import { recordEvents } from "./events.js";

/*
 * The webhook routes in `/api/v1/openapi.json` (merged by api/openapi.ts): paths and schemas,
 * with the same problem format as the record routes.
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
const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };
const admins = "Owners and admins only.";

const eventName: Schema = {
  type: "string",
  description: `One of ${recordEvents().slice(0, 3).join(", ")} … (every collection × created/updated/deleted), rule.<ruleId>, rule.* or *`,
  examples: ["accounts.updated", "rule.r1", "*"],
};

export function webhookOpenApi(): { paths: Record<string, Schema>; schemas: Record<string, Schema> } {
  const schemas: Record<string, Schema> = {
    WebhookEndpoint: {
      type: "object",
      properties: {
        id: { type: "string" },
        url: { type: "string", format: "uri" },
        events: { type: "array", items: eventName },
        description: { type: "string" },
        source: { type: "string", enum: ["api", "rest-hook"] },
        enabled: { type: "boolean" },
        status: { type: "string", enum: ["enabled", "disabled", "failing"] },
        disabledReason: { type: ["string", "null"], enum: ["gone", "failing", "admin", null] },
        disabledAt: { type: ["integer", "null"] },
        consecutiveFailures: { type: "integer" },
        failingSince: { type: ["integer", "null"] },
        lastSuccessAt: { type: ["integer", "null"] },
        createdAt: { type: "integer" },
      },
      required: ["id", "url", "events", "enabled", "status"],
    },
    WebhookEndpointCreated: {
      allOf: [
        ref("WebhookEndpoint"),
        {
          type: "object",
          properties: {
            secret: { type: "string", pattern: "^whsec_", description: "Shown once: the signing secret" },
          },
          required: ["secret"],
        },
      ],
    },
    WebhookEndpointInput: {
      type: "object",
      properties: {
        url: { type: "string", format: "uri", maxLength: 2048, examples: ["https://example.com/crm-events"] },
        events: { type: "array", items: eventName, minItems: 1, maxItems: 100 },
        description: { type: "string", maxLength: 200 },
      },
      required: ["url", "events"],
      additionalProperties: false,
    },
    WebhookEndpointPatch: {
      type: "object",
      properties: {
        url: { type: "string", format: "uri", maxLength: 2048, examples: ["https://example.com/crm-events"] },
        events: { type: "array", items: eventName, minItems: 1, maxItems: 100 },
        description: { type: "string", maxLength: 200 },
        enabled: { type: "boolean" },
      },
      additionalProperties: false,
    },
    WebhookDelivery: {
      type: "object",
      properties: {
        id: { type: "string" },
        webhookId: { type: "string", description: "The message's webhook-id (the same for every attempt)" },
        event: { type: "string" },
        attempt: { type: "integer", description: "0 for a redelivery by hand" },
        trigger: { type: "string", enum: ["auto", "redeliver"] },
        at: { type: "integer" },
        durationMs: { type: "integer" },
        request: { type: "object" },
        response: { type: ["object", "null"] },
        error: { type: ["string", "null"] },
        ok: { type: "boolean" },
      },
      required: ["id", "webhookId", "event", "at", "ok"],
    },
    RestHookInput: {
      type: "object",
      properties: {
        target_url: { type: "string", format: "uri", examples: ["https://example.com/crm-events"] },
        event: eventName,
      },
      required: ["target_url", "event"],
    },
    RestHook: {
      type: "object",
      properties: {
        id: { type: "string" },
        target_url: { type: "string" },
        event: { type: "string" },
        secret: { type: "string" },
      },
      required: ["id", "target_url", "event", "secret"],
    },
  };
  const tags = ["webhooks"];
  const paths: Record<string, Schema> = {
    "/api/v1/webhooks": {
      get: {
        operationId: "list_webhooks",
        tags,
        summary: `Webhook endpoints. ${admins}`,
        responses: {
          200: json(
            { type: "object", properties: { data: { type: "array", items: ref("WebhookEndpoint") } } },
            "The endpoints",
          ),
          ...problems(401, 403, 429),
        },
      },
      post: {
        operationId: "create_webhook",
        tags,
        summary: `Subscribe an endpoint; the answer holds its signing secret, once. ${admins}`,
        requestBody: { required: true, content: { "application/json": { schema: ref("WebhookEndpointInput") } } },
        responses: {
          201: json(ref("WebhookEndpointCreated"), "Subscribed"),
          ...problems(400, 401, 403, 415, 422, 429, 503),
        },
      },
    },
    "/api/v1/webhooks/{id}": {
      parameters: [idParam],
      get: {
        operationId: "get_webhook",
        tags,
        summary: `One endpoint. ${admins}`,
        responses: { 200: json(ref("WebhookEndpoint"), "The endpoint"), ...problems(401, 403, 404, 429) },
      },
      patch: {
        operationId: "update_webhook",
        tags,
        summary: `Change the URL, events or description; enable or disable. ${admins}`,
        requestBody: { required: true, content: { "application/json": { schema: ref("WebhookEndpointPatch") } } },
        responses: {
          200: json(ref("WebhookEndpoint"), "The endpoint"),
          ...problems(400, 401, 403, 404, 415, 422, 429),
        },
      },
      delete: {
        operationId: "delete_webhook",
        tags,
        summary: `Delete an endpoint and its log. ${admins}`,
        responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 429) },
      },
    },
    "/api/v1/webhooks/{id}/deliveries": {
      parameters: [idParam],
      get: {
        operationId: "list_webhook_deliveries",
        tags,
        summary: `The endpoint's delivery attempts, newest first. ${admins}`,
        parameters: [
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
        ],
        responses: {
          200: json(
            { type: "object", properties: { data: { type: "array", items: ref("WebhookDelivery") } } },
            "The attempts",
          ),
          ...problems(400, 401, 403, 404, 429),
        },
      },
    },
    "/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
      parameters: [idParam, { name: "deliveryId", in: "path", required: true, schema: { type: "string" } }],
      post: {
        operationId: "redeliver_webhook",
        tags,
        summary: `Send the message of an attempt again now (same webhook-id). ${admins}`,
        responses: { 200: json(ref("WebhookDelivery"), "The new attempt"), ...problems(401, 403, 404, 429) },
      },
    },
    "/api/v1/hooks": {
      post: {
        operationId: "subscribe_rest_hook",
        tags,
        summary: `REST hook subscribe (Zapier, n8n). ${admins}`,
        requestBody: { required: true, content: { "application/json": { schema: ref("RestHookInput") } } },
        responses: { 201: json(ref("RestHook"), "Subscribed"), ...problems(400, 401, 403, 415, 422, 429, 503) },
      },
    },
    "/api/v1/hooks/{id}": {
      parameters: [idParam],
      delete: {
        operationId: "unsubscribe_rest_hook",
        tags,
        summary: `REST hook unsubscribe. ${admins}`,
        responses: { 204: { description: "Unsubscribed" }, ...problems(401, 403, 404, 429) },
      },
    },
  };
  return { paths, schemas };
}
