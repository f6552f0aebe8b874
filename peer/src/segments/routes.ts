import { canReadCollection, filterSchema, relatedConditionSchema } from "@crm/schema";
import { z } from "zod";
import type { ApiExtension } from "../api/app.js";
import { jsonResponse, problemResponses } from "../api/openapi.js";
import { ProblemException } from "../api/problems.js";
import { evaluateSegment } from "./evaluate.js";

/*
 * `GET /api/v1/segments/{id}/members`: who is in a filter segment now, as the campaign sender will
 * ask at send time. Segments themselves are records (`/api/v1/segments`, the generic routes).
 * An SQL segment runs only in the browser's DuckDB (the server has no analytics engine): 422.
 */

const MAX_LIMIT = 10_000;

const storedDefinition = z.object({
  kind: z.string(),
  filters: z.array(filterSchema).catch([]),
  related: z.array(relatedConditionSchema).catch([]),
});

export function segmentRoutes(): ApiExtension {
  return (api, kit) => {
    api.get("/segments/:id/members", async (c) => {
      const who = kit.caller(c);
      if (!canReadCollection(who.role, "segments") || !canReadCollection(who.role, "contacts"))
        throw new ProblemException(403, "forbidden", `your role (${who.role}) may not read segments and contacts`);
      const limitText = c.req.query("limit");
      const limit = limitText === undefined ? 1000 : Number(limitText);
      if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT)
        throw new ProblemException(400, "bad-query", `limit: a whole number from 0 to ${MAX_LIMIT}`, [
          { field: "limit", code: "bad-limit", message: `a whole number from 0 to ${MAX_LIMIT}` },
        ]);
      const peer = await kit.peerOf(who);
      const record = peer.get("segments", c.req.param("id"));
      if (!record || record.deletedAt) throw new ProblemException(404, "not-found", "no such segment");
      const segment = storedDefinition.parse(record);
      if (segment.kind === "sql")
        throw new ProblemException(
          422,
          "sql-segment",
          "an SQL segment is evaluated in the browser's DuckDB only; define it with filters to use it here",
          [{ field: "kind", code: "invalidChoice", message: "SQL segments are evaluated in the browser only" }],
        );
      const result = evaluateSegment(peer, segment);
      const members = result.ids.slice(0, limit).map((id) => {
        const contact = peer.get("contacts", id);
        return {
          id,
          firstName: contact?.firstName ?? "",
          lastName: contact?.lastName ?? "",
          email: contact?.email ?? "",
          emailStatus: contact?.emailStatus ?? "none",
        };
      });
      return c.json(
        { segmentId: record.id, count: result.ids.length, members, evaluatedMs: Math.round(result.ms) },
        200,
        { "Cache-Control": "no-store" },
      );
    });

    kit.describe({
      tags: [{ name: "segments", description: "Who is in a segment now" }],
      schemas: {
        SegmentMembers: {
          type: "object",
          properties: {
            segmentId: { type: "string" },
            count: { type: "integer", description: "Members now (all of them, whatever the limit)" },
            members: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  id: { type: "string" },
                  firstName: { type: "string" },
                  lastName: { type: "string" },
                  email: { type: "string" },
                  emailStatus: { type: "string" },
                },
                required: ["id", "firstName", "lastName", "email", "emailStatus"],
              },
            },
            evaluatedMs: { type: "integer", description: "How long the evaluation took" },
          },
          required: ["segmentId", "count", "members", "evaluatedMs"],
        },
      },
      paths: {
        "/segments/{id}/members": {
          get: {
            operationId: "list_segment_members",
            tags: ["segments"],
            summary: "The contacts in a filter segment now (evaluated at the request over the current records)",
            parameters: [
              { name: "id", in: "path", required: true, schema: { type: "string" } },
              {
                name: "limit",
                in: "query",
                required: false,
                description: "Members listed (the count is always the whole); default 1000",
                schema: { type: "integer", minimum: 0, maximum: MAX_LIMIT },
              },
            ],
            responses: {
              200: jsonResponse({ $ref: "#/components/schemas/SegmentMembers" }, "The members"),
              ...problemResponses(400, 401, 403, 404, 422, 429, 503),
            },
          },
        },
      },
    });
  };
}
