import {
  type CollectionName,
  type FieldDescriptor,
  type FieldSettings,
  fieldJsonSchema,
  fieldsOf,
  type JsonSchema,
  recordTypes,
} from "@crm/schema";
import { filterOps, MAX_LIMIT, opsForKind } from "../db/query.js";
import { webhookOpenApi } from "../webhooks/openapi.js";
import { problemTitles } from "./problems.js";

/*
 * The OpenAPI 3.1 description of `/api/v1`, generated — never written by hand — from the field
 * descriptors (schema's `fieldJsonSchema`: kinds, lengths, ranges, picklist values, labels and
 * help) and this module's route table. With a workspace's settings it includes that workspace's
 * custom fields and picklist values; without, the built-in fields (what `/api/v1/openapi.json`
 * answers to a caller without credentials).
 */

export const API_VERSION = "1.0.0";

const collections = Object.keys(recordTypes) as CollectionName[];

/** "surveyResponse" → "SurveyResponse": the component names of a type. */
export function schemaName(collection: CollectionName): string {
  const n = recordTypes[collection].typeName;
  return n[0]!.toUpperCase() + n.slice(1);
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** "an account", "a contact": the type's name with its article. */
const aType = (collection: CollectionName) => {
  const n = recordTypes[collection].typeName;
  return `${/^[aeiou]/i.test(n) ? "an" : "a"} ${n}`;
};

function valueSchema(f: FieldDescriptor): JsonSchema {
  // The Chinese label beside the English title, for the app's API page (an OpenAPI extension keyword).
  const s: JsonSchema = { ...fieldJsonSchema(f), ...(f.label.zh ? { "x-title-zh": f.label.zh } : {}) };
  // Numbers a type fills in from others (a deal's probability from its stage) may be null until then.
  if (f.emptyIsNull && typeof s.type === "string") return { ...s, type: [s.type, "null"] };
  return s;
}

function recordSchema(collection: CollectionName, settings?: FieldSettings): JsonSchema {
  const fields = fieldsOf(collection, settings, { base: true }).filter((f) => !f.retired);
  const properties: Record<string, JsonSchema> = Object.fromEntries(fields.map((f) => [f.key, valueSchema(f)]));
  properties.deletedAt = {
    title: "Deleted",
    description: "When the record was moved to the trash (epoch ms); null while it is live",
    type: ["integer", "null"],
    readOnly: true,
  };
  return {
    type: "object",
    description: `${aType(collection).replace(/^a/, "A")} as stored. Fields added by a newer version may appear too.`,
    properties,
    required: ["id", "createdAt", "createdBy", "updatedAt", "updatedBy", "deletedAt"],
  };
}

function inputSchema(collection: CollectionName, settings: FieldSettings | undefined, patch: boolean): JsonSchema {
  const fields = fieldsOf(collection, settings).filter((f) => !f.retired && !f.computed);
  const required = patch
    ? []
    : fields.filter((f) => f.required && (f.kind !== "boolean" || f.customId === undefined)).map((f) => f.key);
  return {
    type: "object",
    description: patch
      ? "The fields to set; the others keep their value (also when someone changes them meanwhile)."
      : "The new record's fields; those left out take their default.",
    properties: Object.fromEntries(fields.map((f) => [f.key, valueSchema(f)])),
    ...(required.length ? { required } : {}),
    additionalProperties: false,
  };
}

const problemSchema: JsonSchema = {
  type: "object",
  description: "RFC 9457 problem details; `code` is the stable reason, `errors` names each field.",
  properties: {
    type: { type: "string", description: "urn:crm:problem:<code>" },
    title: { type: "string" },
    status: { type: "integer" },
    code: {
      type: "string",
      description: "The stable reason; features built on the API may add their own",
      examples: Object.keys(problemTitles),
    },
    detail: { type: "string" },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: {
          field: { type: "string", description: "a record field (a path like lines.2.quantity) or a query parameter" },
          code: { type: "string" },
          message: { type: "string" },
        },
        required: ["field", "code", "message"],
      },
    },
  },
  required: ["type", "title", "status", "code", "detail"],
};

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ref("Problem") } },
});

const retryAfter = {
  "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "integer", minimum: 1 } },
};

/** Documented problem responses by status (for an extension's operations too). */
export const problemResponses = (...statuses: number[]): Record<string, JsonSchema> =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      {
        ...problem(
          {
            400: "A query parameter or the body is malformed",
            401: "No valid token or session",
            403: "The caller's role may not do this",
            404: "No such record",
            409: "The record is in the trash, or a request with this Idempotency-Key is in progress",
            413: "The body is too large",
            415: "The body is not application/json",
            422: "The record is not valid; `errors` names each field",
            429: "Too many requests (see Retry-After)",
            503: "The server did not confirm storing the change in time, or is starting",
          }[s] ?? "Error",
        ),
        ...(s === 429 || s === 503 ? { headers: retryAfter } : {}),
      },
    ]),
  );

/** A documented JSON response. */
export const jsonResponse = (schema: JsonSchema, description: string): JsonSchema => ({
  description,
  content: { "application/json": { schema } },
});

/**
 * What a feature's routes add to the document (`ApiKit.describe`): its operations, by paths
 * relative to `/api/v1` like its routes, and the component schemas they refer to
 * (`#/components/schemas/<name>`). A function is asked again for each document, with the caller's
 * workspace settings when there is one.
 */
export interface OpenApiPart {
  paths?: Record<string, JsonSchema>;
  schemas?: Record<string, JsonSchema>;
  tags?: { name: string; description?: string }[];
}
export type OpenApiContribution = OpenApiPart | ((settings?: FieldSettings) => OpenApiPart);

const idParam = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string", pattern: "^[a-z0-9][a-z0-9_-]{0,63}$" },
};

function filterDescription(collection: CollectionName, settings?: FieldSettings): string {
  const lines = fieldsOf(collection, settings, { base: true })
    .filter((f) => f.filter && !f.retired && opsForKind[f.kind].length)
    .map((f) => `- \`${f.key}\` (${f.kind}): ${opsForKind[f.kind].join(", ")}`);
  return [
    "Filters, all of which apply: `filter[<field>]=<value>` (equals) or `filter[<field>][<op>]=<value>`.",
    "Text compares without case; `in` takes comma-separated values; `before`/`after` take a day",
    "(YYYY-MM-DD); `withinDays` a number of days up to now; `gt`/`gte`/`lt`/`lte` on a date-time take",
    "epoch ms or ISO 8601. Fields and their operators:",
    ...lines,
  ].join("\n");
}

function collectionPaths(collection: CollectionName, settings?: FieldSettings): Record<string, JsonSchema> {
  const T = schemaName(collection);
  const sortable = fieldsOf(collection, settings, { base: true })
    .filter((f) => f.sort && !f.retired)
    .map((f) => f.key);
  const json = jsonResponse;
  const tag = [collection];
  return {
    [`/api/v1/${collection}`]: {
      get: {
        operationId: `list_${collection}`,
        tags: tag,
        summary: `List ${collection}`,
        parameters: [
          {
            name: "filter",
            in: "query",
            style: "deepObject",
            explode: true,
            description: filterDescription(collection, settings),
            schema: { type: "object", additionalProperties: true },
          },
          {
            name: "sort",
            in: "query",
            description: "One field, `-` first for descending; default: the type's own order",
            schema: { type: "string", enum: sortable.flatMap((k) => [k, `-${k}`]) },
          },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: 50 } },
          { name: "cursor", in: "query", description: "`nextCursor` of the previous page", schema: { type: "string" } },
          {
            name: "deleted",
            in: "query",
            description: "Records in the trash: left out, included, or only them",
            schema: { type: "string", enum: ["exclude", "include", "only"], default: "exclude" },
          },
        ],
        responses: {
          200: json(ref(`${T}List`), "A page of records"),
          ...problemResponses(400, 401, 403, 429, 503),
        },
      },
      post: {
        operationId: `create_${collection}`,
        tags: tag,
        summary: `Create ${aType(collection)}`,
        parameters: [
          {
            name: "Idempotency-Key",
            in: "header",
            description:
              "Repeating the request with the same key returns the first response (and never makes a second record); the same key with another body is refused (422)",
            schema: { type: "string", maxLength: 255 },
          },
        ],
        requestBody: { required: true, content: { "application/json": { schema: ref(`${T}Input`) } } },
        responses: {
          201: {
            ...json(ref(T), "Created and stored by the server"),
            headers: { Location: { description: "The record's URL", schema: { type: "string" } } },
          },
          ...problemResponses(400, 401, 403, 409, 413, 415, 422, 429, 503),
        },
      },
    },
    [`/api/v1/${collection}/{id}`]: {
      parameters: [idParam],
      get: {
        operationId: `get_${collection}`,
        tags: tag,
        summary: `Get ${aType(collection)} (also one in the trash)`,
        responses: { 200: json(ref(T), "The record"), ...problemResponses(401, 403, 404, 429, 503) },
      },
      patch: {
        operationId: `update_${collection}`,
        tags: tag,
        summary: "Set the fields given",
        requestBody: { required: true, content: { "application/json": { schema: ref(`${T}Patch`) } } },
        responses: {
          200: json(ref(T), "Updated and stored by the server"),
          ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
        },
      },
      delete: {
        operationId: `delete_${collection}`,
        tags: tag,
        summary: "Move to the trash (soft delete; restore brings it back)",
        responses: { 200: json(ref(T), "In the trash"), ...problemResponses(401, 403, 404, 429, 503) },
      },
    },
    [`/api/v1/${collection}/{id}/restore`]: {
      parameters: [idParam],
      post: {
        operationId: `restore_${collection}`,
        tags: tag,
        summary: "Bring back from the trash",
        responses: { 200: json(ref(T), "Restored"), ...problemResponses(401, 403, 404, 429, 503) },
      },
    },
  };
}

export function openApiDocument(
  options: { settings?: FieldSettings; workspace?: string; extensions?: readonly OpenApiContribution[] } = {},
): JsonSchema {
  const { settings } = options;
  const schemas: Record<string, JsonSchema> = { Problem: problemSchema };
  for (const c of collections) {
    const T = schemaName(c);
    schemas[T] = recordSchema(c, settings);
    schemas[`${T}Input`] = inputSchema(c, settings, false);
    schemas[`${T}Patch`] = inputSchema(c, settings, true);
    schemas[`${T}List`] = {
      type: "object",
      properties: {
        data: { type: "array", items: ref(T) },
        nextCursor: { type: ["string", "null"], description: "Pass as `cursor` for the next page; null on the last" },
      },
      required: ["data", "nextCursor"],
    };
  }
  const paths: Record<string, JsonSchema> = {
    "/api/v1/openapi.json": {
      get: {
        operationId: "openapi",
        tags: ["meta"],
        summary: "This document (with the caller's workspace's custom fields when authenticated)",
        security: [{}, { bearerAuth: [] }, { sessionCookie: [] }],
        responses: {
          200: { description: "OpenAPI 3.1", content: { "application/json": { schema: { type: "object" } } } },
        },
      },
    },
  };
  const tags: { name: string; description?: string }[] = [];
  // The features' routes are matched before the collections' (app.ts), so they are listed first.
  for (const contribution of options.extensions ?? []) {
    const part = typeof contribution === "function" ? contribution(settings) : contribution;
    for (const [path, item] of Object.entries(part.paths ?? {})) paths[`/api/v1${path}`] = item;
    Object.assign(schemas, part.schemas);
    tags.push(...(part.tags ?? []));
  }
  for (const c of collections) Object.assign(paths, collectionPaths(c, settings));
  const webhooks = webhookOpenApi();
  Object.assign(paths, webhooks.paths);
  Object.assign(schemas, webhooks.schemas);
  return {
    openapi: "3.1.0",
    info: {
      title: "CRM REST API",
      version: API_VERSION,
      description: [
        "Records of every type, by collection name. Reads come from the server's projection of the",
        "workspace (a browser's edit shows within moments); writes are validated like the app's forms,",
        "merged per field with concurrent edits, and answered once the server has stored them.",
        "Authenticate with a service token (`Authorization: Bearer crm_…`, made on the Team page or",
        "with `crm-server token`) or the app's session cookie; the role's rights apply.",
        `Errors are RFC 9457 problem details (\`application/problem+json\`). Filter operators: ${filterOps.join(", ")}.`,
        ...(options.workspace ? [`Fields of workspace \`${options.workspace}\`, custom fields included.`] : []),
      ].join(" "),
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    tags: [...collections.map((c) => ({ name: c })), ...tags, { name: "meta" }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "A service token: crm_<id>_<secret>" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "crm_session" },
      },
    },
  };
}
