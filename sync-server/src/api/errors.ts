import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { AuthError } from "../auth/store.js";
import { SequenceExhausted } from "../sequences.js";
import type { Env } from "./kit.js";

/**
 * Every error of `/api` as `{ error: { code, message, field?, issues? } }` with the status that
 * fits: AuthError (thrown by the store, the access middleware and the validators) → its status;
 * a body Hono's validator could not parse → 400 `bad-json`; anything else → 500, logged.
 */
export function apiError(err: Error, c: Context<Env>): Response {
  if (err instanceof AuthError)
    return c.json(
      {
        error: {
          code: err.code,
          message: err.message,
          ...(err.field ? { field: err.field } : {}),
          ...(err.issues ? { issues: err.issues } : {}),
        },
      },
      err.status,
    );
  if (err instanceof SequenceExhausted) return c.json({ error: { code: "exhausted", message: err.message } }, 409);
  // The only HTTPException raised under /api: hono/validator's "Malformed JSON in request body".
  if (err instanceof HTTPException && err.status === 400)
    return c.json({ error: { code: "bad-json", message: "the request body is not valid JSON" } }, 400);
  console.error(err);
  return c.json({ error: { code: "internal", message: "internal server error" } }, 500);
}
