import { type CollectionName, canReadCollection, recordTypes } from "@crm/schema";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { ApiCaller } from "../api/app.js";
import { problemBody } from "../api/problems.js";
import { filterOps, MAX_LIMIT, QueryError } from "../db/query.js";
import type { WorkspacePeer } from "../peer.js";
import { aggregate, MAX_SCAN, searchRecords } from "./scan.js";

/*
 * The tools an AI assistant gets at `/mcp`, for one caller (a service token: its workspace, its
 * role). Reads of one page, the record reads and every write are *requests to the REST API*
 * (`rest`, the same Hono app as `/api/v1`, called in-process with the caller's own
 * Authorization header): the same rights, validation, acknowledgement, idempotency, quote and
 * order numbers and problem format — nothing here re-implements a rule, so MCP and REST cannot
 * drift apart. A REST problem comes back as a tool error (`isError`) carrying the problem, so the
 * assistant sees which field was refused and why. The search and the aggregate walk the
 * projection (scan.ts) after the same rights check.
 */

export interface McpToolsOptions {
  who: ApiCaller;
  /** The caller's Authorization header, passed on to the REST API unchanged. */
  authorization: string;
  rest: { request(path: string, init: RequestInit): Response | Promise<Response> };
  peerOf(who: ApiCaller): Promise<WorkspacePeer>;
}

const collectionNames = Object.keys(recordTypes) as [CollectionName, ...CollectionName[]];
const collection = z
  .enum(collectionNames)
  .describe("The record type by its collection name (as in /api/v1/<collection>), e.g. accounts, activities");

const filters = z
  .array(
    z.object({
      field: z.string().min(1).describe("A field of the collection (custom fields by their key)"),
      op: z.enum(filterOps).default("is").describe("The REST API's filter operator"),
      value: z.string().default("").describe("The value (a list for `in`: comma-separated)"),
    }),
  )
  .max(20)
  .default([])
  .describe(
    "Conditions that all apply, as in the REST API's filter[<field>][<op>]=<value>. Operators: is, isNot, contains, empty, notEmpty, gt, gte, lt, lte, before/after (a day YYYY-MM-DD), withinDays, in",
  );

const text = (value: unknown): CallToolResult => ({
  content: [{ type: "text", text: JSON.stringify(value, null, 2) }],
});

const failure = (problem: unknown): CallToolResult => ({
  isError: true,
  content: [{ type: "text", text: JSON.stringify(problem, null, 2) }],
});

function queryFailure(err: unknown): CallToolResult {
  if (err instanceof QueryError)
    return failure(
      problemBody(400, "bad-query", `${err.param}: ${err.message}`, [
        { field: err.param, code: err.code, message: err.message },
      ]),
    );
  throw err;
}

export function mcpServer(o: McpToolsOptions): McpServer {
  const server = new McpServer({ name: "crm", version: "1.0.0" });
  const { who } = o;

  const rest = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await o.rest.request(path, {
      method,
      headers: {
        Authorization: o.authorization,
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const raw = await res.text();
    let json: unknown = raw;
    try {
      json = raw ? JSON.parse(raw) : null;
    } catch {
      // not JSON: handed back as text
    }
    return res.ok ? text(json) : failure(json);
  };

  /** The caller's peer, when the role may read the collection. */
  const readable = async (c: CollectionName): Promise<WorkspacePeer | null> =>
    canReadCollection(who.role, c) ? o.peerOf(who) : null;
  const forbidden = (c: CollectionName) =>
    failure(problemBody(403, "forbidden", `your role (${who.role}) may not read ${c}`));

  server.registerTool(
    "search_records",
    {
      title: "Search records",
      description:
        "Read-only. Finds records of one collection whose words start with each word of `query` (names, subjects, e-mail addresses, phone numbers — as the app's search box), optionally narrowed by filters. Returns up to `limit` records as JSON.",
      inputSchema: {
        collection,
        query: z
          .string()
          .max(200)
          .default("")
          .describe("Words to look for; empty: every record the filters let through"),
        filters,
        limit: z.number().int().min(1).max(100).default(20),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      const peer = await readable(args.collection);
      if (!peer) return forbidden(args.collection);
      try {
        return text(searchRecords(peer, args.collection, args.query, args.filters, args.limit));
      } catch (err) {
        return queryFailure(err);
      }
    },
  );

  server.registerTool(
    "get_record",
    {
      title: "Get a record",
      description: "Read-only. One record of a collection by its id, with every field (custom fields included).",
      inputSchema: { collection, id: z.string().min(1).max(200) },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) => rest("GET", `/${args.collection}/${encodeURIComponent(args.id)}`),
  );

  server.registerTool(
    "create_record",
    {
      title: "Create a record",
      description:
        "WRITES to the CRM: creates a record in a collection from its fields (validated like the app's form; a refused field is named in the error). Returns the stored record with its id. Give an idempotencyKey to make a retry safe: the same key never creates a second record.",
      inputSchema: {
        collection,
        fields: z.record(z.string(), z.unknown()).describe('The record\'s fields by key, e.g. {"name": "Initech"}'),
        idempotencyKey: z.string().min(1).max(255).optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      rest(
        "POST",
        `/${args.collection}`,
        args.fields,
        args.idempotencyKey ? { "Idempotency-Key": args.idempotencyKey } : {},
      ),
  );

  server.registerTool(
    "update_record",
    {
      title: "Update a record's fields",
      description:
        "WRITES to the CRM: sets only the fields given on one record (like PATCH; other fields — and other people's concurrent edits of them — are kept). Overwrites the previous values of those fields. Returns the stored record.",
      inputSchema: {
        collection,
        id: z.string().min(1).max(200),
        fields: z.record(z.string(), z.unknown()).describe("Only the fields to change, by key"),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) => rest("PATCH", `/${args.collection}/${encodeURIComponent(args.id)}`, args.fields),
  );

  server.registerTool(
    "query_records",
    {
      title: "Query records (read-only)",
      description: `Read-only. Either a page of records (filters, one sort field, limit, cursor, chosen fields) or, with \`aggregate\`, count/sum/avg/min/max of a numeric field over the matching records, optionally grouped by one field (e.g. open deals' amount by stage). No SQL: the same filter language as the REST API; aggregates look at up to ${MAX_SCAN} records.`,
      inputSchema: {
        collection,
        filters,
        sort: z.string().max(100).optional().describe("One field to sort by; prefix with - for descending"),
        limit: z.number().int().min(1).max(MAX_LIMIT).default(50),
        cursor: z.string().max(2000).optional().describe("nextCursor of the previous page"),
        fields: z.array(z.string()).max(50).optional().describe("Only these fields of each record (id always)"),
        aggregate: z
          .object({
            op: z.enum(["count", "sum", "avg", "min", "max"]),
            field: z.string().optional().describe("The numeric field (not for count)"),
            groupBy: z.string().optional().describe("One field whose values make the groups"),
          })
          .optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      if (args.aggregate) {
        const peer = await readable(args.collection);
        if (!peer) return forbidden(args.collection);
        try {
          const { op, field, groupBy } = args.aggregate;
          return text(aggregate(peer, args.collection, args.filters, op, field, groupBy));
        } catch (err) {
          return queryFailure(err);
        }
      }
      const params = new URLSearchParams();
      for (const f of args.filters) params.append(`filter[${f.field}][${f.op}]`, f.value);
      if (args.sort) params.set("sort", args.sort);
      params.set("limit", String(args.limit));
      if (args.cursor) params.set("cursor", args.cursor);
      const result = await rest("GET", `/${args.collection}?${params}`);
      if (result.isError || !args.fields) return result;
      const page = JSON.parse((result.content[0] as { text: string }).text) as {
        data: Record<string, unknown>[];
        nextCursor: string | null;
      };
      const keep = new Set(["id", ...args.fields]);
      const data = page.data.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => keep.has(k))));
      return text({ data, nextCursor: page.nextCursor });
    },
  );

  return server;
}
