import type { FieldIssue } from "@crm/schema";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/*
 * Every error of `/api/v1` is one format, RFC 9457 "problem details" (`application/problem+json`):
 *
 *   { "type": "urn:crm:problem:invalid", "title": "The record is not valid", "status": 422,
 *     "code": "invalid", "detail": "name: This field is required.",
 *     "errors": [{ "field": "name", "code": "required", "message": "This field is required." }] }
 *
 * `code` is the stable, machine-readable reason (also the last part of `type`); `errors` names
 * each field (a record field, or a query parameter such as `filter[amount][gt]`) with a code
 * from schema's validators and an English message.
 */

export interface ProblemError {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: ProblemError[];
}

export const problemTitles: Record<string, string> = {
  "bad-request": "The request is malformed",
  "bad-json": "The body is not valid JSON",
  "not-json": "The body must be application/json",
  "bad-query": "A query parameter is not valid",
  unauthorized: "Authentication required",
  forbidden: "Not allowed",
  "not-found": "Not found",
  deleted: "The record is deleted",
  conflict: "Conflict",
  invalid: "The record is not valid",
  "idempotency-key-reused": "The Idempotency-Key was used with another request",
  "idempotency-key-in-use": "A request with this Idempotency-Key is in progress",
  "too-large": "The body is too large",
  "rate-limited": "Too many requests",
  unavailable: "Try again shortly",
  "not-acknowledged": "The change is not confirmed yet",
  internal: "Internal server error",
};

export class ProblemException extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    detail: string,
    readonly errors?: ProblemError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

export function problemBody(status: number, code: string, detail: string, errors?: ProblemError[]): Problem {
  return {
    type: `urn:crm:problem:${code}`,
    title: problemTitles[code] ?? "Error",
    status,
    code,
    detail,
    ...(errors?.length ? { errors } : {}),
  };
}

export function problemResponse(c: Context, p: ProblemException): Response {
  const body = problemBody(p.status, p.code, p.message, p.errors);
  return c.body(JSON.stringify(body), p.status, {
    "Content-Type": "application/problem+json",
    "Cache-Control": "no-store",
    ...(p.headers ?? {}),
  });
}

/** Validation issues as a 422 problem (the first one in `detail`). */
export function invalidRecord(issues: readonly FieldIssue[], status: ContentfulStatusCode = 422, code = "invalid") {
  const first = issues[0];
  return new ProblemException(
    status,
    code,
    first ? `${first.field}: ${first.message}` : "the record is not valid",
    issues.map((i) => ({ field: i.field, code: i.code, message: i.message })),
  );
}
