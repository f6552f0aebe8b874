import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

/*
 * Checking answers against an OpenAPI 3.1 document (the conformance test of `/api/v1`): the
 * operations it lists, in an order that creates before it reads, updates, deletes and restores;
 * the response it documents for a status, and the body against that response's JSON Schema
 * (2020-12, what OpenAPI 3.1 uses); a minimal valid value of a schema for request bodies.
 */

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON of a known but loose shape
type Json = any;

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const METHODS = ["post", "get", "put", "patch", "delete"] as const;

export interface Operation {
  path: string;
  method: (typeof METHODS)[number];
  op: Json;
  parameters: Json[];
}

export interface Answer {
  op: Operation;
  status: number;
  contentType: string;
  body: unknown;
}

export class OpenApiChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly validators = new Map<string, (data: unknown) => boolean>();
  /** Every answer checked, for coverage. */
  readonly answers: Answer[] = [];

  constructor(readonly doc: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema(doc, "openapi.json");
  }

  /** Every documented operation: by path (a collection before its items), then post, get, put, patch, delete. */
  operations(): Operation[] {
    return Object.keys(this.doc.paths)
      .sort()
      .flatMap((path) => {
        const item = this.doc.paths[path];
        return METHODS.filter((m) => item[m]).map((method) => ({
          path,
          method,
          op: item[method],
          parameters: [...(item.parameters ?? []), ...(item[method].parameters ?? [])],
        }));
      });
  }

  operation(method: string, path: string): Operation {
    const found = this.operations().find((o) => o.method === method.toLowerCase() && o.path === path);
    if (!found) throw new Error(`${method} ${path} is not documented`);
    return found;
  }

  /** The resolved schema of a `$ref` (or the schema itself). */
  resolve(schema: Json): Json {
    if (!schema?.$ref) return schema;
    const parts = String(schema.$ref).replace(/^#\//, "").split("/");
    return this.resolve(parts.reduce((node: Json, key: string) => node?.[key], this.doc));
  }

  /**
   * Checks an answer against the document; returns what is wrong ([] when it conforms): the
   * status must be listed, the content type one the response documents, the body valid.
   */
  check(op: Operation, status: number, contentType: string, body: unknown): string[] {
    this.answers.push({ op, status, contentType, body });
    const where = `${op.method.toUpperCase()} ${op.path} → ${status}`;
    const response = this.resolve(op.op.responses[String(status)] ?? op.op.responses.default);
    if (!response) return [`${where}: status not documented (${JSON.stringify(body).slice(0, 300)})`];
    const content = response.content as Record<string, { schema?: Json }> | undefined;
    if (!content) return [];
    const media = contentType.split(";")[0]!.trim();
    const documented = content[media];
    if (!documented) return [`${where}: content type ${media} not documented (${Object.keys(content).join(", ")})`];
    if (!documented.schema) return [];
    const key = JSON.stringify(documented.schema);
    let validate = this.validators.get(key);
    if (!validate) {
      const schema = documented.schema.$ref
        ? { $ref: `openapi.json${documented.schema.$ref}` }
        : { $defs: {}, ...(rebased(documented.schema) as Json) };
      validate = this.ajv.compile(schema);
      this.validators.set(key, validate);
    }
    if (validate(body)) return [];
    return [`${where}: body does not match: ${this.ajv.errorsText((validate as Json).errors)}`];
  }

  /** A small valid value of a schema: examples and defaults first, then the required properties. */
  sample(schema: Json, depth = 0): unknown {
    const s = this.resolve(schema);
    if (!s || depth > 8) return null;
    if (s.const !== undefined) return s.const;
    if (s.examples?.length) return s.examples[0];
    if (s.example !== undefined) return s.example;
    if (s.default !== undefined) return s.default;
    if (s.enum?.length) return s.enum[0];
    const alternatives = s.oneOf ?? s.anyOf;
    if (alternatives?.length) return this.sample(alternatives[0], depth + 1);
    if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((x: Json) => this.sample(x, depth + 1)));
    const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== "null") : s.type;
    switch (type) {
      case "object":
        return Object.fromEntries(
          (s.required ?? []).map((k: string) => [k, this.sample(s.properties?.[k] ?? {}, depth + 1)]),
        );
      case "array":
        return Array.from({ length: s.minItems ?? 0 }, () => this.sample(s.items ?? {}, depth + 1));
      case "integer":
      case "number":
        return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      case "boolean":
        return false;
      case "string":
        return (
          { uri: "https://example.com/", email: "someone@example.com", date: "2026-01-01" }[s.format as string] ??
          (s.format === "date-time" ? new Date(0).toISOString() : "x".repeat(Math.max(1, s.minLength ?? 1)))
        );
      default:
        return null;
    }
  }
}

/** A schema's local references (`#/components/…`) pointed into the registered document. */
function rebased(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebased);
  if (!schema || typeof schema !== "object") return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === "$ref" && typeof v === "string" && v.startsWith("#/") ? `openapi.json${v}` : rebased(v),
    ]),
  );
}
