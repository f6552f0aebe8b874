import type { ApiKit } from "../api/app.js";

/** The OpenAPI description of the survey links (routes.ts): HTML pages for a customer's browser. */
export function describeSurveys(kit: ApiKit): void {
  const tags = ["Surveys"];
  const html = (description: string) => ({
    description,
    content: { "text/html": { schema: { type: "string", pattern: "^<!doctype html>" } } },
  });
  const pages = {
    400: html("The link is not valid (signature, score), or the comment form came from another site"),
    403: html("The link expired (30 days after the mail)"),
    404: html("The case or its workspace is gone"),
    409: html("The answer was given more than 24 hours ago and can no longer be changed, or there is none yet"),
    429: html("Too many requests from this address or for this case"),
  };
  const token = {
    name: "token",
    in: "path",
    required: true,
    description: "The signed token of the survey mail's links",
    schema: { type: "string" },
    example: "zz-not-a-token.zz",
  };
  kit.describe({
    tags: [{ name: "Surveys", description: "The links of a CSAT mail: a customer answers without an account" }],
    paths: {
      "/surveys/csat/{token}": {
        parameters: [token],
        get: {
          operationId: "answer_csat",
          tags,
          summary:
            "One click of a CSAT mail: records the score (1–5) as the case's one SurveyResponse (source customer), changeable for 24 hours; without `score`, shows the recorded answer. No credentials: the signed token is the capability.",
          security: [{}],
          parameters: [{ name: "score", in: "query", schema: { type: "integer", minimum: 1, maximum: 5 } }],
          responses: { 200: html("The thank-you page with the comment form"), ...pages },
        },
        post: {
          operationId: "comment_csat",
          tags,
          summary: "The thank-you page's comment form: sets the answer's comment (within 24 hours of the answer).",
          security: [{}],
          requestBody: {
            required: true,
            content: {
              "application/x-www-form-urlencoded": {
                schema: { type: "object", properties: { comment: { type: "string", maxLength: 5000 } } },
              },
            },
          },
          responses: {
            200: html("The page again, saying the comment was saved"),
            ...pages,
            415: html("Not a form"),
          },
        },
      },
    },
  });
}
