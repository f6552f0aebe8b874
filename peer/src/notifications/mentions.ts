import { type CollectionName, canReadCollection, isRecordId, noteDocName, recordTitle, recordTypes } from "@crm/schema";
import type { Hono } from "hono";
import type { ApiExtension } from "../api/app.js";
import { jsonResponse, type OpenApiPart, problemResponses } from "../api/openapi.js";
import { ProblemException } from "../api/problems.js";
import type { Logger } from "../logger.js";
import { deliverNotification } from "./deliver.js";
import type { MemberDirectory } from "./directory.js";
import { NOTIFY_JOB } from "./payload.js";

/*
 * `POST /api/v1/notifications/mentions` — how the server learns that someone was mentioned in a
 * record's notes (`@name` in the notes editor), without believing a notification a browser makes
 * up: the browser says only WHICH record and WHICH mention nodes (their ids and the user ids they
 * carry); the server checks that the caller is a person who may read that record, that the record
 * exists, and that each mentioned person is a member — and writes the notification itself,
 * "<caller> mentioned you in <record's name>", with the caller as its author.
 *
 *   { "record": { "collection": "accounts", "id": "…" }, "mentions": [{ "id": "<node id>", "userId": "…" }] }
 *
 * Once per mention: the notification's key is (notes document, mention node id, person), so the
 * browser may send the same mention again — after a reload, from a second tab, from its offline
 * queue — and the person still has one notification. The note being saved again sends nothing:
 * the editor reports only mention nodes it inserted (web/src/notes/mentions.ts).
 *
 * Written at once (deliverNotification, answered once the server stored it), not through the job
 * queue: the browser's durable queue retries until it gets a 2xx, the key makes retries harmless,
 * and the route works in whichever process answers the API — a queued job would wait in the
 * answering process's peer file, which runs no jobs beside a `crm-server worker`.
 */

const MAX_MENTIONS = 50;
const MENTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

const userIds = { type: "array", items: { type: "string" } };

/** The route in `/api/v1/openapi.json`: for people signed in to the app (its session cookie). */
export const mentionsOpenApi: OpenApiPart = {
  tags: [{ name: "notifications", description: "In-app notifications" }],
  schemas: {
    MentionsInput: {
      type: "object",
      properties: {
        record: {
          type: "object",
          properties: {
            collection: { type: "string", enum: Object.keys(recordTypes) },
            id: { type: "string" },
          },
          required: ["collection", "id"],
          examples: [{ collection: "accounts", id: "zz-no-record" }],
        },
        mentions: {
          type: "array",
          maxItems: MAX_MENTIONS,
          items: {
            type: "object",
            properties: {
              id: { type: "string", pattern: MENTION_ID.source, description: "The mention node's id in the notes" },
              userId: { type: "string", description: "The person mentioned" },
            },
            required: ["id", "userId"],
          },
        },
      },
      required: ["record", "mentions"],
    },
    MentionsResult: {
      type: "object",
      description:
        "Who was notified now, who had been for these mentions already, who was skipped (no member, or the caller)",
      properties: { delivered: userIds, had: userIds, skipped: userIds },
      required: ["delivered", "had", "skipped"],
    },
  },
  paths: {
    "/notifications/mentions": {
      post: {
        operationId: "notify_mentions",
        tags: ["notifications"],
        summary:
          "Notify the people mentioned (@name) in a record's notes; once per mention however often it is sent. A person signed in to the app only, not a token.",
        security: [{ sessionCookie: [] }],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/MentionsInput" } } },
        },
        responses: {
          200: jsonResponse({ $ref: "#/components/schemas/MentionsResult" }, "Delivered (or had been)"),
          ...problemResponses(400, 401, 403, 404, 415, 429, 503),
        },
      },
    },
  },
};

export function mentionRoutes(directory: MemberDirectory, logger: Logger): ApiExtension {
  return (api: Hono, kit) => {
    kit.describe(mentionsOpenApi);
    api.post("/notifications/mentions", async (c) => {
      const who = kit.caller(c);
      if (who.actor.startsWith("token:") || who.actor === "automation")
        throw new ProblemException(403, "forbidden", "mentions are made by people signed in, not by tokens");
      const body = await kit.jsonBody(c);
      const record = body.record as Record<string, unknown> | undefined;
      const collection = typeof record?.collection === "string" ? record.collection : "";
      const id = typeof record?.id === "string" ? record.id : "";
      if (!(collection in recordTypes))
        throw new ProblemException(400, "invalid", "record.collection: not a record type", [
          { field: "record.collection", code: "invalid", message: "Not a record type." },
        ]);
      if (!isRecordId(id))
        throw new ProblemException(400, "invalid", "record.id: not a record id", [
          { field: "record.id", code: "invalid", message: "Not a record id." },
        ]);
      if (!canReadCollection(who.role, collection as CollectionName))
        throw new ProblemException(403, "forbidden", `your role (${who.role}) may not read ${collection}`);
      const mentions = body.mentions;
      if (!Array.isArray(mentions) || mentions.length > MAX_MENTIONS)
        throw new ProblemException(400, "invalid", `mentions: a list of at most ${MAX_MENTIONS}`, [
          { field: "mentions", code: "invalid", message: `A list of at most ${MAX_MENTIONS} mentions.` },
        ]);
      for (const [i, m] of mentions.entries()) {
        const ok = m && typeof m === "object" && MENTION_ID.test(String(m.id)) && isRecordId(String(m.userId ?? ""));
        if (!ok)
          throw new ProblemException(400, "invalid", `mentions[${i}]: { id, userId }`, [
            { field: `mentions[${i}]`, code: "invalid", message: "A mention is { id, userId }." },
          ]);
      }
      const peer = await kit.peerOf(who);
      const stored = peer.get(collection as CollectionName, id);
      if (!stored) throw new ProblemException(404, "not-found", `no record ${id} in ${collection}`);
      const note = noteDocName(peer.workspace, recordTypes[collection as CollectionName].typeName, id);
      const title = recordTitle(collection as CollectionName, stored);
      const result = { delivered: [] as string[], had: [] as string[], skipped: [] as string[] };
      for (const m of mentions as { id: string; userId: string }[]) {
        if (m.userId === who.actor || !directory.isMember(peer.workspace, m.userId)) {
          result.skipped.push(m.userId);
          continue;
        }
        const done = await deliverNotification(
          peer,
          {
            key: `${NOTIFY_JOB}:mention:${note}:${m.id}`,
            payload: { to: [m.userId], kind: "mention", title, record: { collection, id }, actor: who.actor },
          },
          { directory, logger },
        );
        if ("invalid" in done) throw new Error(done.invalid);
        result.delivered.push(...done.delivered);
        result.had.push(...done.had);
      }
      return c.json(result, 200, { "Cache-Control": "no-store" });
    });
  };
}
