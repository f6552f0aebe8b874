/*
 * What the API page shows of an OpenAPI 3.1 document (`/api/v1/openapi.json`): its operations
 * grouped by resource (the document's tags, in its order), each operation's parameters, request
 * and response schemas as rows a table can show, and a curl command to try it. Pure functions of
 * the document, so the page draws whatever the server describes — the routes features add too.
 */

export type Schema = Record<string, unknown>;

export interface ApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface ParamView {
  name: string;
  in: string;
  required: boolean;
  type: string;
  description: string;
}

export interface ResponseView {
  status: string;
  description: string;
  schema?: Schema;
}

export interface OperationView {
  id: string;
  method: string;
  path: string;
  summary: string;
  parameters: ParamView[];
  body?: Schema;
  responses: ResponseView[];
}

export interface GroupView {
  tag: string;
  description?: string;
  operations: OperationView[];
}

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  readOnly: boolean;
  description: string;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** The schema a `$ref` points at (one level of the document's components). */
export function resolve(doc: ApiDocument, schema: Schema | undefined): Schema | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== "string") return schema;
  const name = ref.replace("#/components/schemas/", "");
  return doc.components?.schemas?.[name];
}

/** The component name of a `$ref` schema ("Account"), if it is one. */
export function refName(schema: Schema | undefined): string | undefined {
  const ref = schema?.$ref;
  return typeof ref === "string" ? ref.split("/").pop() : undefined;
}

/** A schema's type in a few words: "string (email)", "integer | null", "one of: a, b", "array of Thing". */
export function typeLabel(schema: Schema | undefined): string {
  if (!schema) return "any";
  const named = refName(schema);
  if (named) return named;
  if (Array.isArray(schema.enum)) {
    const values = (schema.enum as unknown[]).map((v) => (v === "" ? '""' : String(v)));
    return `${values.slice(0, 8).join(" | ")}${values.length > 8 ? " | …" : ""}`;
  }
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type ? [String(schema.type)] : [];
  const format =
    typeof schema.format === "string"
      ? schema.format
      : Array.isArray(schema.anyOf)
        ? (schema.anyOf as Schema[]).map((s) => s.format).find((f): f is string => typeof f === "string")
        : undefined;
  const base = types
    .map((t) => (t === "array" ? `array of ${typeLabel(schema.items as Schema | undefined)}` : t))
    .join(" | ");
  if (!base) return "any";
  return format ? `${base} (${format})` : base;
}

function paramView(doc: ApiDocument, raw: Schema): ParamView {
  const p = (resolve(doc, raw) ?? raw) as Schema;
  const schema = p.schema as Schema | undefined;
  return {
    name: String(p.name),
    in: String(p.in),
    required: p.required === true,
    type: typeLabel(schema),
    description: String(p.description ?? ""),
  };
}

/** Every operation, grouped by its first tag in the order the document lists its tags. */
export function groupOperations(doc: ApiDocument): GroupView[] {
  const groups = new Map<string, GroupView>();
  for (const t of doc.tags ?? [])
    groups.set(t.name, { tag: t.name, ...(t.description ? { description: t.description } : {}), operations: [] });
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item.parameters as Schema[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = item[method] as Schema | undefined;
      if (!op) continue;
      const tag = ((op.tags as string[] | undefined) ?? ["other"])[0]!;
      if (!groups.has(tag)) groups.set(tag, { tag, operations: [] });
      const body = (op.requestBody as Schema | undefined)?.content as Record<string, { schema?: Schema }> | undefined;
      const responses = Object.entries((op.responses as Record<string, Schema>) ?? {}).map(([status, r]) => {
        const content = r.content as Record<string, { schema?: Schema }> | undefined;
        const first = content ? Object.values(content)[0]?.schema : undefined;
        return { status, description: String(r.description ?? ""), ...(first ? { schema: first } : {}) };
      });
      const bodySchema = body?.["application/json"]?.schema;
      groups.get(tag)!.operations.push({
        id: String(op.operationId ?? `${method}_${path}`),
        method: method.toUpperCase(),
        path,
        summary: String(op.summary ?? ""),
        parameters: [...shared, ...((op.parameters as Schema[] | undefined) ?? [])].map((p) => paramView(doc, p)),
        ...(bodySchema ? { body: bodySchema } : {}),
        responses,
      });
    }
  }
  return [...groups.values()].filter((g) => g.operations.length > 0);
}

/** The properties of an object schema (a `$ref` followed), as table rows; titles in Chinese when `zh`. */
export function fieldRows(doc: ApiDocument, schema: Schema | undefined, zh = false): FieldRow[] {
  const s = resolve(doc, schema);
  const properties = (s?.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s?.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, p]) => {
    const title = zh && typeof p["x-title-zh"] === "string" ? p["x-title-zh"] : p.title;
    const words = [title, p.description].filter((w): w is string => typeof w === "string" && w !== "");
    return {
      name,
      type: typeLabel(p),
      required: required.has(name),
      readOnly: p.readOnly === true,
      description: [...new Set(words)].join(" — "),
    };
  });
}

/** A small example body: the required fields (and one more, so a patch shows one), from examples or the type. */
export function exampleBody(doc: ApiDocument, schema: Schema | undefined): Record<string, unknown> {
  const s = resolve(doc, schema);
  const properties = (s?.properties ?? {}) as Record<string, Schema>;
  const required = (s?.required as string[] | undefined) ?? [];
  const keys = required.length
    ? required
    : Object.keys(properties)
        .filter((k) => !properties[k]!.readOnly)
        .slice(0, 1);
  return Object.fromEntries(keys.map((k) => [k, exampleValue(properties[k] ?? {})]));
}

function exampleValue(p: Schema): unknown {
  if (Array.isArray(p.examples) && p.examples.length) return p.examples[0];
  if (p.default !== undefined) return p.default;
  if (Array.isArray(p.enum)) return (p.enum as unknown[]).find((v) => v !== "") ?? "";
  const type = Array.isArray(p.type) ? p.type[0] : p.type;
  if (type === "integer" || type === "number") return typeof p.minimum === "number" ? p.minimum : 1;
  if (type === "boolean") return true;
  if (type === "array") return [];
  if (type === "object") return {};
  return "…";
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A curl command for the operation, with a placeholder token (path parameters as `<name>`). */
export function curlExample(doc: ApiDocument, origin: string, op: OperationView, token = "crm_YOUR_TOKEN"): string {
  const url = `${origin}${op.path.replace(/\{([^}]+)\}/g, "<$1>")}`;
  const lines = [`curl -X ${op.method} ${quote(url)}`, `  -H ${quote(`Authorization: Bearer ${token}`)}`];
  if (op.body) {
    lines.push(`  -H ${quote("Content-Type: application/json")}`);
    lines.push(`  -d ${quote(JSON.stringify(exampleBody(doc, op.body)))}`);
  }
  return lines.join(" \\\n");
}
