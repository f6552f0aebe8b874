import { type AuthIssue, type Checked, isRecordId, passwordStrengthCodes, roles } from "@crm/schema";
import { zValidator } from "@hono/zod-validator";
import { z } from "zod";
import { AuthError } from "../auth/store.js";

/*
 * Every request's body, path parameters and query go through a zod schema before the handler
 * (`body`, `params`, `query`: @hono/zod-validator, so Hono knows each route's input and the web
 * app's client is typed by it). A refusal is the API's one error format, naming the field:
 * `{ error: { code: "invalid", field, message: "field: …" } }` with 400, or for the forms before
 * the app (setup, sign-in, joining, naming a workspace) every field's issue in `issues`, checked by
 * the same rules the web forms run (schema's authForms.ts). A path parameter that cannot name
 * anything (not an id, an unknown kind) answers 404 with the code its schema gives.
 */

interface IssueParams {
  /** A form rule's issue (authForms.ts), carried through zod unchanged. */
  form?: AuthIssue;
  /** For a path parameter: what naming nothing answers. */
  status?: 404;
  code?: string;
}

/** A form's issues → 400: `weak-password` when the password's strength is all that is wrong. */
export function formRefusal(issues: AuthIssue[]): AuthError {
  const onlyStrength = issues.every((i) => passwordStrengthCodes.has(i.code));
  return AuthError.invalid(issues, onlyStrength ? "weak-password" : "invalid");
}

/** The value of a form's check, or the 400 naming every field's issue. */
export function checked<T>(result: Checked<T>): T {
  if (result.ok) return result.value;
  throw formRefusal(result.issues);
}

export function refusal(error: z.core.$ZodError): AuthError {
  const paramsOf = (issue: z.core.$ZodIssue) => (issue as { params?: IssueParams }).params ?? {};
  const forms = error.issues.map((i) => paramsOf(i).form);
  if (forms.every((f) => f !== undefined)) return formRefusal(forms as AuthIssue[]);
  const issue = error.issues.find((i) => !paramsOf(i).form)!;
  const field = issue.path.join(".") || undefined;
  const { status, code } = paramsOf(issue);
  if (status && code) return new AuthError(status, code, issue.message, field);
  return new AuthError(400, "invalid", `${field ?? "body"}: ${issue.message}`, field);
}

function refuse(result: { success: boolean; error?: z.core.$ZodError }): void {
  if (!result.success && result.error) throw refusal(result.error);
}

/** The JSON body (invalid JSON → 400 `bad-json`, see errors.ts). */
export const body = <T extends z.ZodType>(schema: T) => zValidator("json", schema, refuse);
export const params = <T extends z.ZodType>(schema: T) => zValidator("param", schema, refuse);
export const query = <T extends z.ZodType>(schema: T) => zValidator("query", schema, refuse);

/** A path segment that names one thing by its id; what is not an id names nothing: 404 `code`. */
export const pathId = (code: string, message: string) =>
  z.string().refine(isRecordId, { error: message, params: { status: 404, code } satisfies IssueParams });

/** `:ws`, for every workspace route (workspace ids have the record ids' form). */
export const workspaceParam = z.object({ ws: pathId("no-workspace", "no such workspace") });

/** Nothing to say; still JSON, as the CSRF guard wants every POST to be (so the client sends `{}`). */
export const emptyBody = z.object({});

/** A role to give (members, invites, tokens). */
export const role = z.enum(roles, { error: `one of ${roles.join(", ")}` });

/**
 * A text field of a form before the app. Anything that is not text counts as left empty, as the
 * web form would send it: the form's rule then names every missing field at once.
 */
export const formText = z.string().catch("");

/** A form's rule (schema's authForms.ts) as the last step of its schema: every issue at its field. */
export const formRule =
  <I, T>(rule: (input: I) => Checked<T>) =>
  (input: I, ctx: z.RefinementCtx): T => {
    const result = rule(input);
    if (result.ok) return result.value;
    for (const issue of result.issues)
      ctx.addIssue({
        code: "custom",
        path: [issue.field],
        message: issue.message,
        params: { form: issue } satisfies IssueParams,
      });
    return z.NEVER;
  };
