import { describe, expect, it } from "vitest";
import { type ApiDocument, curlExample, exampleBody, fieldRows, groupOperations, typeLabel } from "./openapiView.js";

const doc: ApiDocument = {
  openapi: "3.1.0",
  info: { title: "CRM REST API", version: "1.0.0" },
  tags: [{ name: "accounts" }, { name: "webhooks", description: "Subscriptions" }, { name: "meta" }],
  paths: {
    "/api/v1/openapi.json": {
      get: { tags: ["meta"], summary: "This document", responses: { 200: { description: "OK" } } },
    },
    "/api/v1/accounts": {
      get: {
        tags: ["accounts"],
        summary: "List accounts",
        parameters: [{ name: "limit", in: "query", schema: { type: "integer" } }],
        responses: {
          200: {
            description: "A page",
            content: { "application/json": { schema: { $ref: "#/components/schemas/AccountList" } } },
          },
        },
      },
      post: {
        tags: ["accounts"],
        summary: "Create an account",
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/AccountInput" } } } },
        responses: { 201: { description: "Created" }, 422: { description: "Invalid" } },
      },
    },
    "/api/v1/accounts/{id}": {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      patch: {
        tags: ["accounts"],
        summary: "Set the fields given",
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/AccountPatch" } } } },
        responses: { 200: { description: "Updated" } },
      },
    },
  },
  components: {
    schemas: {
      AccountInput: {
        type: "object",
        properties: {
          name: { type: "string", title: "Name", "x-title-zh": "名称", maxLength: 200 },
          status: { type: "string", title: "Status", enum: ["prospect", "customer"] },
          website: { type: "string", title: "Website", anyOf: [{ format: "uri" }, { const: "" }] },
          createdAt: { type: "integer", readOnly: true },
        },
        required: ["name", "status"],
      },
      AccountPatch: { type: "object", properties: { name: { type: "string" }, status: { type: "string" } } },
      AccountList: {
        type: "object",
        properties: { data: { type: "array", items: { $ref: "#/components/schemas/Account" } } },
      },
    },
  },
};

describe("the API page's view of an OpenAPI document", () => {
  it("groups operations by their tag in the document's order, path parameters included", () => {
    const groups = groupOperations(doc);
    expect(groups.map((g) => [g.tag, g.operations.map((o) => `${o.method} ${o.path}`)])).toEqual([
      ["accounts", ["GET /api/v1/accounts", "POST /api/v1/accounts", "PATCH /api/v1/accounts/{id}"]],
      ["meta", ["GET /api/v1/openapi.json"]],
    ]);
    const patch = groups[0]!.operations[2]!;
    expect(patch.parameters).toEqual([{ name: "id", in: "path", required: true, type: "string", description: "" }]);
    expect(groups[0]!.operations[0]!.responses).toEqual([
      { status: "200", description: "A page", schema: { $ref: "#/components/schemas/AccountList" } },
    ]);
  });

  it("shows a schema's fields with their types, required and read-only ones marked", () => {
    expect(fieldRows(doc, { $ref: "#/components/schemas/AccountInput" })).toEqual([
      { name: "name", type: "string", required: true, readOnly: false, description: "Name" },
      { name: "status", type: "prospect | customer", required: true, readOnly: false, description: "Status" },
      { name: "website", type: "string (uri)", required: false, readOnly: false, description: "Website" },
      { name: "createdAt", type: "integer", required: false, readOnly: true, description: "" },
    ]);
    expect(fieldRows(doc, { $ref: "#/components/schemas/AccountInput" }, true)[0]!.description).toBe("名称");
    expect(typeLabel({ type: ["integer", "null"] })).toBe("integer | null");
    expect(typeLabel({ type: "array", items: { $ref: "#/components/schemas/Account" } })).toBe("array of Account");
  });

  it("writes a curl command with a placeholder token and an example body", () => {
    const [, post, patch] = groupOperations(doc)[0]!.operations;
    expect(exampleBody(doc, post!.body)).toEqual({ name: "…", status: "prospect" });
    expect(curlExample(doc, "https://crm.example.com", post!)).toBe(
      [
        "curl -X POST 'https://crm.example.com/api/v1/accounts'",
        "  -H 'Authorization: Bearer crm_YOUR_TOKEN'",
        "  -H 'Content-Type: application/json'",
        `  -d '{"name":"…","status":"prospect"}'`,
      ].join(" \\\n"),
    );
    expect(curlExample(doc, "http://x", patch!).split(" \\\n")[0]).toBe(
      "curl -X PATCH 'http://x/api/v1/accounts/<id>'",
    );
  });
});
