import type { FieldDescriptor } from "./types.js";

/*
 * A field as JSON Schema (2020-12, the dialect of OpenAPI 3.1): what the API accepts and returns
 * for it. Describes the stored form; the validator also takes text forms (CSV cells), which the
 * API need not advertise.
 */

export type JsonSchema = Record<string, unknown>;

const lineItem: JsonSchema = {
  type: "object",
  properties: {
    id: { type: "string", maxLength: 40 },
    productId: { type: "string", maxLength: 40 },
    description: { type: "string", maxLength: 500 },
    quantity: { type: "number", minimum: 0 },
    unitPrice: { type: "number", minimum: 0 },
    discountPct: { type: "number", minimum: 0, maximum: 100 },
    taxPct: { type: "number", minimum: 0, maximum: 100 },
  },
};

function valueSchema(d: FieldDescriptor): JsonSchema {
  const text = (extra: JsonSchema = {}): JsonSchema => ({
    type: "string",
    ...(d.maxLength !== undefined ? { maxLength: d.maxLength } : {}),
    ...extra,
  });
  const range = {
    ...(d.min !== undefined ? { minimum: d.min } : {}),
    ...(d.max !== undefined ? { maximum: d.max } : {}),
  };
  const choices = (d.values ?? []).map((v) => v.value);
  // An optional field left empty is stored (and answered) as "", which no format matches.
  const formatted = (format: string) => text(d.required ? { format } : { anyOf: [{ format }, { const: "" }] });
  switch (d.kind) {
    case "email":
      return formatted("email");
    case "url":
      return formatted("uri");
    case "phone":
      return text({ description: "E.164 when the number could be read (+49301234567), else as typed" });
    case "number":
    case "money":
    case "percent":
      return { type: d.integer ? "integer" : "number", ...range };
    case "date":
      return { type: "string", anyOf: [{ format: "date" }, { const: "" }] };
    case "dateTime":
      return d.default === "now" || d.required
        ? { type: "integer", minimum: 0, description: "epoch milliseconds" }
        : { type: ["integer", "null"], minimum: 0, description: "epoch milliseconds" };
    case "boolean":
      return { type: "boolean" };
    case "picklist":
      return d.open || d.picklist === "pipelineStages" || !choices.length
        ? text({ examples: choices })
        : { type: "string", enum: d.required ? choices : ["", ...choices] };
    case "multiPicklist":
      return { type: "array", items: { type: "string", enum: choices }, uniqueItems: true };
    case "reference":
    case "person":
    case "text":
    case "longText":
      return text();
    case "lines":
      return { type: "array", items: lineItem, maxItems: 500 };
    case "json":
      return {};
  }
}

/** The field's schema, titled with its English label and described with its help. */
export function fieldJsonSchema(d: FieldDescriptor): JsonSchema {
  return {
    title: d.label.en,
    ...(d.help ? { description: d.help.en } : {}),
    ...valueSchema(d),
    ...(d.readOnly ? { readOnly: true } : {}),
  };
}

/** An object of the fields: what a record's fields look like in the API. */
export function fieldsJsonSchema(fields: readonly FieldDescriptor[]): JsonSchema {
  const live = fields.filter((f) => !f.retired);
  return {
    type: "object",
    properties: Object.fromEntries(live.map((f) => [f.key, fieldJsonSchema(f)])),
    required: live.filter((f) => f.required).map((f) => f.key),
  };
}
