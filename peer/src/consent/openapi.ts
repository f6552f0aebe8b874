import type { ApiKit } from "../api/app.js";

/*
 * The public consent routes in `/api/v1/openapi.json`: no credentials (`security: [{}]`), HTML
 * answers (they are pages a person opens), the one-click answer as text.
 */

const htmlAnswer = (description: string) => ({ description, content: { "text/html": { schema: { type: "string" } } } });
const textAnswer = (description: string) => ({
  description,
  content: { "text/plain": { schema: { type: "string" } } },
});

const workspace = {
  name: "workspace",
  in: "path",
  required: true,
  description: "The workspace's id",
  schema: { type: "string" },
  example: "no-such-workspace",
};
const token = (required: boolean) => ({
  name: "token",
  in: "query",
  required,
  description: "The signed token from the link in the email",
  schema: { type: "string" },
  example: "invalid.token",
});
const lang = {
  name: "lang",
  in: "query",
  required: false,
  description: "en or zh (else Accept-Language)",
  schema: { type: "string", enum: ["en", "zh"] },
};
const formBody = (properties: Record<string, unknown>, required: string[] = []) => ({
  required: true,
  content: {
    "application/x-www-form-urlencoded": { schema: { type: "object", properties, required } },
  },
});
const tags = ["consent"];
const security = [{}];

export function describeConsentRoutes(kit: ApiKit): void {
  kit.describe({
    tags: [{ name: "consent", description: "Public sign-up (double opt-in), preferences and one-click unsubscribe" }],
    paths: {
      "/public/{workspace}/signup": {
        parameters: [workspace],
        get: {
          operationId: "get_signup_form",
          tags,
          security,
          summary: "The hosted sign-up form",
          parameters: [lang],
          responses: { 200: htmlAnswer("The form"), 404: htmlAnswer("No such workspace") },
        },
        post: {
          operationId: "submit_signup_form",
          tags,
          security,
          summary: "Sign up: the contact becomes unconfirmed and gets a confirmation email (double opt-in)",
          requestBody: formBody(
            {
              email: { type: "string" },
              firstName: { type: "string" },
              lastName: { type: "string" },
              topics: { type: "array", items: { type: "string" } },
              consent: { type: "string", enum: ["yes"] },
              lang: { type: "string" },
            },
            ["email", "consent"],
          ),
          responses: {
            200: htmlAnswer("Check your inbox"),
            404: htmlAnswer("No such workspace"),
            422: htmlAnswer("The form again, each wrong field named"),
            429: htmlAnswer("Too many sign-ups from this address (Retry-After)"),
          },
        },
      },
      "/public/{workspace}/confirm": {
        parameters: [workspace],
        get: {
          operationId: "get_signup_confirmation",
          tags,
          security,
          summary: "The confirmation link's page: a button that confirms (a prefetch confirms nothing)",
          parameters: [token(true), lang],
          responses: {
            200: htmlAnswer("The confirm button"),
            400: htmlAnswer("The link is not valid"),
            410: htmlAnswer("The link has expired"),
          },
        },
        post: {
          operationId: "confirm_signup",
          tags,
          security,
          summary: "Confirm: the contact becomes subscribed (the link works once)",
          requestBody: formBody({ token: { type: "string" }, lang: { type: "string" } }, ["token"]),
          responses: {
            200: htmlAnswer("Subscribed"),
            400: htmlAnswer("The link is not valid"),
            404: htmlAnswer("The contact is gone"),
            410: htmlAnswer("The link was used already, or has expired"),
          },
        },
      },
      "/public/{workspace}/preferences": {
        parameters: [workspace],
        get: {
          operationId: "get_email_preferences",
          tags,
          security,
          summary: "A recipient's preference page (topics, unsubscribe)",
          parameters: [token(true), lang],
          responses: {
            200: htmlAnswer("The page"),
            400: htmlAnswer("The link is not valid"),
            404: htmlAnswer("The contact is gone"),
          },
        },
        post: {
          operationId: "save_email_preferences",
          tags,
          security,
          summary: "Save topics, or unsubscribe (action=unsubscribe)",
          requestBody: formBody(
            {
              token: { type: "string" },
              action: { type: "string", enum: ["save", "unsubscribe"] },
              topics: { type: "array", items: { type: "string" } },
              lang: { type: "string" },
            },
            ["token"],
          ),
          responses: {
            200: htmlAnswer("Saved, or unsubscribed"),
            400: htmlAnswer("The link is not valid"),
            404: htmlAnswer("The contact is gone"),
          },
        },
      },
      "/public/{workspace}/unsubscribe": {
        parameters: [workspace],
        post: {
          operationId: "one_click_unsubscribe",
          tags,
          security,
          summary: "RFC 8058 one-click unsubscribe (the List-Unsubscribe URL): body List-Unsubscribe=One-Click",
          parameters: [token(true)],
          requestBody: formBody({ "List-Unsubscribe": { type: "string", enum: ["One-Click"] } }, ["List-Unsubscribe"]),
          responses: {
            200: textAnswer("Unsubscribed (also when already)"),
            400: textAnswer("The link is not valid, or the body is not List-Unsubscribe=One-Click"),
            404: textAnswer("The contact is gone"),
          },
        },
      },
    },
  });
}
