import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { principalId } from "../auth/gate.js";
import { FailureLimiter } from "../auth/ratelimit.js";
import { AuthError } from "../auth/store.js";
import { blockRequest, canReserve, isSequenceKind, NumberSequences, sequenceKinds } from "../sequences.js";
import { type Caller, memberOrToken } from "./access.js";
import type { ApiKit, Env } from "./kit.js";
import { body, params, pathId } from "./validate.js";

/*
 * Quote and order numbers (the counter: ../sequences.ts):
 *   POST /workspaces/:ws/sequences/:kind   { count, atLeast? } → { first, last }
 * The one route a service token may use too (`Authorization: Bearer crm_…`): scripts that import
 * orders number them. Rights are checked before the body: whoever may write the collection.
 */

const sequenceParams = z.object({
  ws: pathId("no-workspace", "no such workspace"),
  kind: z
    .string()
    .refine(isSequenceKind, {
      error: (issue) => `no numbers of kind "${String(issue.input)}": one of ${sequenceKinds.join(", ")}`,
      params: { status: 404, code: "no-sequence" },
    })
    .pipe(z.enum(sequenceKinds)),
});

export function sequenceRoutes(kit: ApiKit, options: { blocksPerMinute?: number } = {}) {
  const { now } = kit;
  const sequences = new NumberSequences(kit.store.db);
  // A device asks when its reserve of ~20 runs low; a script takes up to MAX_BLOCK at a time. A
  // principal asking more often than this per workspace is broken or hostile: it would only burn
  // numbers (every block leaves a gap).
  const blockLimiter = new FailureLimiter({ limit: options.blocksPerMinute ?? 60, windowMs: 60_000 });

  const mayReserve = createMiddleware<Caller>(async (c, next) => {
    const { caller, ws, role } = c.var;
    const kind = c.req.param("kind") ?? "";
    if (!isSequenceKind(kind) || !canReserve(role, kind))
      throw new AuthError(
        403,
        "forbidden",
        `your role (${role}) may not create ${kind}s, so it gets no ${kind} numbers`,
      );
    const key = `${principalId(caller)} ${ws}`;
    const wait = blockLimiter.retryAfter(key, now());
    if (wait > 0) {
      c.header("Retry-After", String(Math.ceil(wait / 1000)));
      throw new AuthError(
        429,
        "too-many-requests",
        `too many number blocks asked for; try again in ${Math.ceil(wait / 1000)} s`,
      );
    }
    await next();
  });

  return new Hono<Env>().post(
    "/workspaces/:ws/sequences/:kind",
    params(sequenceParams),
    memberOrToken(kit),
    mayReserve,
    body(blockRequest),
    (c) => {
      const { caller, ws } = c.var;
      blockLimiter.fail(`${principalId(caller)} ${ws}`, now()); // counts every block handed out, not only failures
      return c.json(sequences.allocate(ws, c.req.valid("param").kind, c.req.valid("json")));
    },
  );
}
