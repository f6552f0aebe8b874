import {
  type CollectionName,
  canReadCollection,
  canWriteCollection,
  type Role,
  recordTypes,
  type StoredRecord,
} from "@crm/schema";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { QueryError } from "../db/query.js";
import { type Logger, silentLogger } from "../logger.js";
import type { WorkspacePeer } from "../peer.js";
import { NotAcknowledgedError, PeerUnavailableError, type WriteResult } from "../types.js";
import { IdempotencyStore } from "./idempotency.js";
import { type OpenApiContribution, openApiDocument } from "./openapi.js";
import { parseListQuery } from "./params.js";
import { invalidRecord, ProblemException, problemResponse } from "./problems.js";
import { RateLimiter } from "./ratelimit.js";

/*
 * `/api/v1`: records of every type by collection name, read from the workspace peer's projection
 * and written through the peer (validated like a form, merged per field, answered once the server
 * stored the change). Who calls, in which workspace and with which role is the server's business
 * (`authenticate`: a service token or the session cookie); the role's rights are schema's
 * access.ts. The routes and their answers are described by `openapi.ts`, the features' routes by
 * what they `describe`; sync-server/src/openapi.test.ts validates the document with a standard
 * OpenAPI 3.1 validator and calls every operation in it, checking each answer against it.
 */

export interface ApiCaller {
  workspace: string;
  role: Role;
  /** Stamped as createdBy/updatedBy: a user id, or `token:<id>`. */
  actor: string;
  /** Rate limits and idempotency keys are per caller. */
  key: string;
}

export interface RestApiOptions {
  /** The running workspace peers (PeerHost). */
  peer(workspace: string): WorkspacePeer | undefined;
  /**
   * The caller of a request: throws a ProblemException (401/403/404) when there is none or it
   * may not use the API; returns undefined only when the request carries no credentials at all.
   */
  authenticate(c: Context): ApiCaller | undefined;
  /** Requests per caller per minute (bursts as large); default 600. */
  rateLimitPerMinute?: number;
  /** A quote or order number for one created without (the workspace's sequence). */
  allocateNumber?(workspace: string, collection: "quotes" | "orders"): string;
  /** How long a request waits for a starting peer's first sync; default 10 s. */
  readyTimeoutMs?: number;
  logger?: Logger;
  /**
   * Route groups of the features built on the peer (webhooks, rules' run logs, notifications,
   * the calendar feed, …), mounted before the record routes so `/webhooks` is not a collection.
   */
  extensions?: readonly ApiExtension[];
}

/** What a feature's routes share with the record routes: the caller (rate-limited), its peer, a JSON body. */
export interface ApiKit {
  /** The authenticated caller; throws 401/429 problems. */
  caller(c: Context): ApiCaller;
  /** The caller's workspace peer, once it has synced. */
  peerOf(who: ApiCaller): Promise<WorkspacePeer>;
  /** The body as a JSON object; 415/400 problems otherwise. */
  jsonBody(c: Context): Promise<Record<string, unknown>>;
  /**
   * Adds the feature's operations to `/api/v1/openapi.json` (paths relative to `/api/v1`). Every
   * route must be described: the conformance test calls each documented operation and checks the
   * answer against the document (sync-server/src/openapi.test.ts).
   */
  describe(part: OpenApiContribution): void;
  logger: Logger;
}

/** Adds a feature's routes to `/api/v1` (paths relative to it). */
export type ApiExtension = (api: Hono, kit: ApiKit) => void;

const collections = new Set(Object.keys(recordTypes));

function collectionOf(c: Context): CollectionName {
  const name = c.req.param("collection") ?? "";
  if (!collections.has(name))
    throw new ProblemException(404, "not-found", `no collection "${name}": one of ${[...collections].join(", ")}`);
  return name as CollectionName;
}

const jsonHeaders = { "Content-Type": "application/json; charset=UTF-8", "Cache-Control": "no-store" };

export function createRestApi(o: RestApiOptions): Hono {
  const api = new Hono();
  const limiter = new RateLimiter(o.rateLimitPerMinute ?? 600);
  const idempotency = new WeakMap<WorkspacePeer, IdempotencyStore>();
  const logger = o.logger ?? silentLogger;

  api.onError((err, c) => {
    if (err instanceof ProblemException) return problemResponse(c, err);
    if (err instanceof QueryError)
      return problemResponse(
        c,
        new ProblemException(400, "bad-query", `${err.param}: ${err.message}`, [
          { field: err.param, code: err.code, message: err.message },
        ]),
      );
    if (err instanceof NotAcknowledgedError)
      return problemResponse(
        c,
        new ProblemException(
          503,
          "not-acknowledged",
          `${err.message}; retry with the same Idempotency-Key`,
          undefined,
          {
            "Retry-After": "5",
          },
        ),
      );
    if (err instanceof PeerUnavailableError)
      return problemResponse(
        c,
        new ProblemException(503, "unavailable", err.message, undefined, { "Retry-After": "5" }),
      );
    logger.error("api error", { path: c.req.path, error: String(err), stack: (err as Error).stack });
    return problemResponse(c, new ProblemException(500, "internal", "internal server error"));
  });

  const caller = (c: Context): ApiCaller => {
    const who = o.authenticate(c);
    if (!who) throw new ProblemException(401, "unauthorized", "send Authorization: Bearer <service token>, or sign in");
    const taken = limiter.take(who.key);
    c.header("RateLimit-Limit", String(limiter.perMinute));
    if (!taken.ok) {
      const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
      throw new ProblemException(429, "rate-limited", `too many requests; try again in ${seconds} s`, undefined, {
        "Retry-After": String(seconds),
        "RateLimit-Limit": String(limiter.perMinute),
        "RateLimit-Remaining": "0",
      });
    }
    c.header("RateLimit-Remaining", String(taken.remaining));
    return who;
  };

  const peerOf = async (who: ApiCaller): Promise<WorkspacePeer> => {
    const peer = o.peer(who.workspace);
    if (!peer) throw new PeerUnavailableError(`the workspace ${who.workspace} is not served here yet`);
    await peer.ready(o.readyTimeoutMs ?? 10_000);
    return peer;
  };

  const may = (who: ApiCaller, collection: CollectionName, write: boolean) => {
    const ok = write ? canWriteCollection(who.role, collection) : canReadCollection(who.role, collection);
    if (!ok)
      throw new ProblemException(
        403,
        "forbidden",
        `your role (${who.role}) may not ${write ? "change" : "read"} ${collection}`,
      );
  };

  /** The body as a JSON object (the text too, for idempotency). */
  const body = async (c: Context): Promise<{ text: string; fields: StoredRecord }> => {
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type))
      throw new ProblemException(415 as ContentfulStatusCode, "not-json", "send the body as application/json");
    const text = await c.req.text();
    let fields: unknown;
    try {
      fields = JSON.parse(text);
    } catch {
      throw new ProblemException(400, "bad-json", "the body is not valid JSON");
    }
    if (!fields || typeof fields !== "object" || Array.isArray(fields))
      throw new ProblemException(400, "bad-json", "the body must be a JSON object of the record's fields");
    return { text, fields: fields as StoredRecord };
  };

  const answer = (c: Context, result: WriteResult, status: ContentfulStatusCode = 200) => {
    if (!result.ok) throw invalidRecord(result.issues, result.status, result.code);
    return c.body(JSON.stringify(result.record), status, jsonHeaders);
  };

  const described: OpenApiContribution[] = [];
  api.get("/openapi.json", (c) => {
    // Anyone may read the document; a caller who can be told apart gets their workspace's fields,
    // anyone else (a link opened by a person of several workspaces: no header) the built-in ones.
    let who: ApiCaller | undefined;
    try {
      who = o.authenticate(c);
    } catch (err) {
      if (!(err instanceof ProblemException)) throw err;
    }
    const peer = who ? o.peer(who.workspace) : undefined;
    const settings = peer?.isReady ? peer.settings() : undefined;
    const doc = openApiDocument({
      extensions: described,
      ...(settings ? { settings, workspace: who!.workspace } : {}),
    });
    return c.json(doc, 200, { "Cache-Control": "no-store" });
  });

  const kit: ApiKit = {
    caller,
    peerOf,
    jsonBody: async (c) => (await body(c)).fields as Record<string, unknown>,
    describe: (part) => {
      described.push(part);
    },
    logger,
  };
  for (const extend of o.extensions ?? []) extend(api, kit);

  api.get("/:collection", async (c) => {
    const collection = collectionOf(c);
    const who = caller(c);
    may(who, collection, false);
    const query = parseListQuery(new URL(c.req.url).searchParams);
    const page = (await peerOf(who)).list(collection, query);
    return c.body(
      `{"data":[${page.records.join(",")}],"nextCursor":${JSON.stringify(page.nextCursor)}}`,
      200,
      jsonHeaders,
    );
  });

  api.get("/:collection/:id", async (c) => {
    const collection = collectionOf(c);
    const who = caller(c);
    may(who, collection, false);
    const json = (await peerOf(who)).getJson(collection, c.req.param("id"));
    if (!json)
      throw new ProblemException(404, "not-found", `no ${recordTypes[collection].typeName} ${c.req.param("id")}`);
    return c.body(json, 200, jsonHeaders);
  });

  api.post("/:collection", async (c) => {
    const collection = collectionOf(c);
    const who = caller(c);
    may(who, collection, true);
    const { text, fields } = await body(c);
    const peer = await peerOf(who);
    const key = c.req.header("idempotency-key");
    if (key !== undefined && (key.length < 1 || key.length > 255))
      throw new ProblemException(400, "bad-request", "Idempotency-Key must be 1 to 255 characters", [
        { field: "Idempotency-Key", code: "bad-value", message: "1 to 255 characters" },
      ]);
    let store: IdempotencyStore | undefined;
    if (key !== undefined) {
      store = idempotency.get(peer) ?? new IdempotencyStore(peer.db);
      idempotency.set(peer, store);
      const claim = store.claim(who.key, key, IdempotencyStore.fingerprint("POST", c.req.path, text));
      if (claim.kind === "mismatch")
        throw new ProblemException(422, "idempotency-key-reused", "this Idempotency-Key was used with another request");
      if (claim.kind === "in-progress")
        throw new ProblemException(
          409,
          "idempotency-key-in-use",
          "a request with this Idempotency-Key is in progress",
          undefined,
          {
            "Retry-After": "1",
          },
        );
      if (claim.kind === "replay")
        return c.body(claim.body, claim.status as ContentfulStatusCode, {
          "Content-Type": claim.contentType,
          "Cache-Control": "no-store",
          "Idempotent-Replayed": "true",
        });
    }
    let response: Response;
    try {
      if ((collection === "quotes" || collection === "orders") && !fields.number && o.allocateNumber)
        fields.number = o.allocateNumber(who.workspace, collection);
      const result = await peer.create(collection, fields, {
        actor: who.actor,
        ...(key !== undefined ? { id: IdempotencyStore.recordIdFor(who.key, key) } : {}),
      });
      if (result.ok) c.header("Location", `/api/v1/${collection}/${result.record.id}`);
      response = answer(c, result, 201);
    } catch (err) {
      if (!(err instanceof ProblemException)) {
        if (store && key !== undefined) store.finish(who.key, key, 500, "", "");
        throw err;
      }
      response = problemResponse(c, err);
    }
    if (store && key !== undefined)
      store.finish(
        who.key,
        key,
        response.status,
        response.headers.get("content-type") ?? "",
        await response.clone().text(),
      );
    return response;
  });

  api.patch("/:collection/:id", async (c) => {
    const collection = collectionOf(c);
    const who = caller(c);
    may(who, collection, true);
    const { fields } = await body(c);
    const peer = await peerOf(who);
    return answer(c, await peer.patch(collection, c.req.param("id"), fields, who.actor));
  });

  api.delete("/:collection/:id", async (c) => {
    const collection = collectionOf(c);
    const who = caller(c);
    may(who, collection, true);
    return answer(c, await (await peerOf(who)).remove(collection, c.req.param("id"), who.actor));
  });

  api.post("/:collection/:id/restore", async (c) => {
    const collection = collectionOf(c);
    const who = caller(c);
    may(who, collection, true);
    return answer(c, await (await peerOf(who)).restore(collection, c.req.param("id"), who.actor));
  });

  api.all("*", (c) => {
    throw new ProblemException(404, "not-found", `no API route ${c.req.method} ${c.req.path}`);
  });

  return api;
}
