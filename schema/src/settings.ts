import type * as Y from "yjs";
import { z } from "zod";
import type { CustomFieldDef } from "./descriptors/custom.js";
import type { PicklistValue } from "./descriptors/types.js";
import { type FieldIssue, toIssues } from "./fields.js";
import { type CasePriority, casePriorities } from "./records/case.js";
import { leadFields } from "./records/lead.js";
import {
  completeFieldSettings,
  customFieldsSchema,
  defaultPicklists,
  fieldSettingsIssues,
  picklistsSchema,
  readFieldSettings,
  writeFieldSettings,
} from "./settingsFields.js";

/*
 * Workspace settings: currency, default phone region, pipeline stages, SLA targets and escalation,
 * lead-scoring rules, custom fields and picklists. They live in their own Yjs document (docs.ts,
 * `settingsDocName`), a Y.Map with one key per section. A section is one validated JSON value:
 * the stages are edited as a list (their order is the pipeline), so two admins editing the stage
 * list concurrently end with one of the two lists whole — never an interleaving with duplicate
 * ids — while one editing stages and another SLA targets both keep their change. Custom fields
 * and picklist values are stored one entry per item instead (settingsFields.ts), so two admins
 * adding different fields or values both keep theirs. Only admins write this document (access.ts).
 */

export const stageKinds = ["open", "won", "lost"] as const;
export type StageKind = (typeof stageKinds)[number];

export interface PipelineStage {
  id: string;
  label: string;
  /** The probability a deal entering the stage gets by default, 0–100. */
  probability: number;
  /** Open stages count in the forecast; won/lost close the deal. */
  kind: StageKind;
}

/** Targets in minutes of calendar time from `openedAt` (no business hours: see sla.ts). */
export interface SlaTarget {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export interface EscalationRule {
  /** Escalate when a target is at risk, or only once breached. */
  when: "atRisk" | "breached";
  /** Raise the priority one step, or hand the case to `assignee`. */
  action: "raisePriority" | "reassign";
  assignee: string;
}

export const scoringOperators = [
  "equals",
  "notEquals",
  "contains",
  "endsWith",
  "in",
  "isEmpty",
  "isNotEmpty",
  "greaterThan",
  "lessThan",
] as const;
export type ScoringOperator = (typeof scoringOperators)[number];

export interface LeadScoringRule {
  field: string;
  operator: ScoringOperator;
  /** Compared as text, case-insensitively; a comma-separated list for `in`; a number for greater/less. */
  value: string;
  /** Added to the score when the rule matches (negative to penalise). */
  points: number;
}

/**
 * A reply agents insert into a case's answer (web/src/service/ReplyBox.tsx): `body` is a Liquid
 * template whose merge fields (`{{ contact.first_name | default: "there" }}`, `{{ case.subject }}`,
 * `{{ agent.name }}`) are filled for the case when inserted (web/src/canned/).
 */
export interface CannedResponse {
  id: string;
  title: string;
  body: string;
}

export interface WorkspaceSettings {
  /** ISO 4217 code: every amount in the workspace is in this currency. */
  currency: string;
  /**
   * ISO 3166 alpha-2 region ("DE", "CN", "US") whose numbering a phone number without a country
   * code is read in, when typed or imported (phoneNumbers.ts); "" for none: such numbers are then
   * kept as typed, with a warning.
   */
  defaultRegion: string;
  pipelineStages: PipelineStage[];
  sla: {
    targets: Record<CasePriority, SlaTarget>;
    /** A target is "at risk" when less than this share (%) of it is left. */
    atRiskPct: number;
    escalation: EscalationRule;
  };
  leadScoring: { rules: LeadScoringRule[] };
  /**
   * The chat widget (peer/src/chat): the web pages' origins ("https://shop.example.com") allowed
   * to embed it; none means the widget answers nobody.
   */
  chat: { widgetOrigins: string[] };
  /** Fields admins added to record types, by definition id (descriptors/custom.ts). */
  customFields: Record<string, CustomFieldDef>;
  /**
   * The values of every list admins edit, in order, by list id: the built-in lists (industry,
   * leadSource, caseCategory; descriptors/picklists.ts) and custom picklist fields' lists.
   */
  picklists: Record<string, PicklistValue[]>;
  /** The team's canned responses, in the order the picker lists them. */
  cannedResponses: CannedResponse[];
}

export const defaultSettings = (): WorkspaceSettings => ({
  currency: "EUR",
  defaultRegion: "",
  pipelineStages: [
    { id: "prospecting", label: "Prospecting", probability: 10, kind: "open" },
    { id: "qualification", label: "Qualification", probability: 25, kind: "open" },
    { id: "proposal", label: "Proposal", probability: 50, kind: "open" },
    { id: "negotiation", label: "Negotiation", probability: 75, kind: "open" },
    { id: "won", label: "Won", probability: 100, kind: "won" },
    { id: "lost", label: "Lost", probability: 0, kind: "lost" },
  ],
  sla: {
    targets: {
      urgent: { firstResponseMinutes: 30, resolutionMinutes: 4 * 60 },
      high: { firstResponseMinutes: 2 * 60, resolutionMinutes: 24 * 60 },
      normal: { firstResponseMinutes: 8 * 60, resolutionMinutes: 3 * 24 * 60 },
      low: { firstResponseMinutes: 24 * 60, resolutionMinutes: 7 * 24 * 60 },
    },
    atRiskPct: 20,
    escalation: { when: "atRisk", action: "raisePriority", assignee: "" },
  },
  leadScoring: {
    rules: [
      { field: "email", operator: "isNotEmpty", value: "", points: 10 },
      { field: "phone", operator: "isNotEmpty", value: "", points: 5 },
      { field: "title", operator: "contains", value: "head", points: 10 },
      { field: "title", operator: "in", value: "ceo,cto,cfo,coo", points: 20 },
      { field: "source", operator: "in", value: "referral,partner", points: 15 },
      { field: "source", operator: "equals", value: "event", points: 5 },
      { field: "email", operator: "endsWith", value: "@gmail.com", points: -5 },
    ],
  },
  cannedResponses: [],
  chat: { widgetOrigins: [] },
  customFields: {},
  picklists: defaultPicklists(),
});

/** A web origin as browsers send it: scheme, host and port only (no path, no trailing slash). */
export const WIDGET_ORIGIN =
  /^https?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/;

const minutes = z.number({ error: "invalidNumber" }).int({ error: "notInteger" }).min(1, { error: "outOfRange" });
const slaTarget = z
  .object({ firstResponseMinutes: minutes, resolutionMinutes: minutes })
  .refine((t) => t.resolutionMinutes >= t.firstResponseMinutes, {
    path: ["resolutionMinutes"],
    error: "outOfRange",
  });

/** Fields of a lead that scoring rules may test: what a person or an import gives, not what is computed. */
export const scorableLeadFields = leadFields.filter((f) => !f.readOnly).map((f) => f.key);

const sectionSchemas = {
  currency: z
    .string({ error: "required" })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, { error: "invalidChoice" }),
  defaultRegion: z
    .string({ error: "invalidChoice" })
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2})?$/, { error: "invalidChoice" }),
  pipelineStages: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, { error: "invalidChoice" }),
        label: z.string().trim().min(1, { error: "required" }).max(60, { error: "tooLong" }),
        probability: z
          .number({ error: "invalidNumber" })
          .min(0, { error: "outOfRange" })
          .max(100, { error: "outOfRange" }),
        kind: z.enum(stageKinds, { error: "invalidChoice" }),
      }),
    )
    .max(30, { error: "tooLong" })
    .superRefine((stages, ctx) => {
      const seen = new Set<string>();
      stages.forEach((s, i) => {
        if (seen.has(s.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: "duplicate" });
        seen.add(s.id);
      });
      // A pipeline needs somewhere for deals to be, to be won and to be lost.
      for (const kind of stageKinds)
        if (!stages.some((s) => s.kind === kind)) ctx.addIssue({ code: "custom", path: [], message: "required" });
    }),
  sla: z.object({
    targets: z.object(
      Object.fromEntries(casePriorities.map((p) => [p, slaTarget])) as Record<CasePriority, typeof slaTarget>,
    ),
    atRiskPct: z.number({ error: "invalidNumber" }).min(0, { error: "outOfRange" }).max(100, { error: "outOfRange" }),
    escalation: z
      .object({
        when: z.enum(["atRisk", "breached"], { error: "invalidChoice" }),
        action: z.enum(["raisePriority", "reassign"], { error: "invalidChoice" }),
        assignee: z.string().trim().max(100, { error: "tooLong" }),
      })
      .refine((e) => e.action !== "reassign" || e.assignee !== "", { path: ["assignee"], error: "required" }),
  }),
  leadScoring: z.object({
    rules: z
      .array(
        z.object({
          field: z.string().refine((f) => scorableLeadFields.includes(f), { error: "invalidChoice" }),
          operator: z.enum(scoringOperators, { error: "invalidChoice" }),
          value: z.string().trim().max(500, { error: "tooLong" }),
          points: z
            .number({ error: "invalidNumber" })
            .int({ error: "notInteger" })
            .min(-1000, { error: "outOfRange" })
            .max(1000, { error: "outOfRange" }),
        }),
      )
      .max(200, { error: "tooLong" })
      .superRefine((rules, ctx) => {
        rules.forEach((r, i) => {
          if ((r.operator === "greaterThan" || r.operator === "lessThan") && !Number.isFinite(Number(r.value)))
            ctx.addIssue({ code: "custom", path: [i, "value"], message: "invalidNumber" });
        });
      }),
  }),
  cannedResponses: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, { error: "invalidChoice" }),
        title: z.string().trim().min(1, { error: "required" }).max(100, { error: "tooLong" }),
        body: z.string().trim().min(1, { error: "required" }).max(10_000, { error: "tooLong" }),
      }),
    )
    .max(200, { error: "tooLong" })
    .superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((r, i) => {
        if (seen.has(r.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: "duplicate" });
        seen.add(r.id);
      });
    }),
  chat: z.object({
    widgetOrigins: z
      .array(z.string({ error: "invalidUrl" }).trim().toLowerCase().regex(WIDGET_ORIGIN, { error: "invalidUrl" }))
      .max(50, { error: "tooLong" }),
  }),
} satisfies { [K in JsonSection]: z.ZodType };

/** The sections stored as one JSON value each; custom fields and picklists are stored per item. */
type JsonSection = Exclude<keyof WorkspaceSettings, "customFields" | "picklists">;

export const workspaceSettingsInput = z.object({
  ...sectionSchemas,
  customFields: customFieldsSchema,
  picklists: picklistsSchema,
});

/** Validates a whole settings object; issues name the field by path (`sla.targets.high.resolutionMinutes`). */
export function validateSettings(
  input: unknown,
): { ok: true; value: WorkspaceSettings } | { ok: false; issues: FieldIssue[] } {
  const parsed = workspaceSettingsInput.safeParse(input);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  const value = parsed.data as WorkspaceSettings;
  const issues = fieldSettingsIssues(value.customFields, value.picklists);
  return issues.length ? { ok: false, issues } : { ok: true, value };
}

const sections = Object.keys(sectionSchemas) as JsonSection[];

export function settingsMapOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap("settings");
}

/**
 * The settings held by a document. A section that is missing (a new workspace) or that no longer
 * validates (written by other code) reads as its default, and is reported, so the app always has
 * usable settings and an admin can see what was replaced.
 */
export function readSettings(doc: Y.Doc): { settings: WorkspaceSettings; replaced: FieldIssue[] } {
  const map = settingsMapOf(doc);
  const defaults = defaultSettings();
  const fields = readFieldSettings(doc);
  const out = { ...defaults, customFields: fields.customFields, picklists: fields.picklists } as Record<
    keyof WorkspaceSettings,
    unknown
  >;
  const replaced: FieldIssue[] = [...fields.replaced];
  for (const key of sections) {
    if (!map.has(key)) continue;
    const parsed = sectionSchemas[key].safeParse(map.get(key));
    if (parsed.success) out[key] = parsed.data;
    else for (const issue of toIssues(parsed.error)) replaced.push({ ...issue, field: joinPath(key, issue.field) });
  }
  return { settings: out as WorkspaceSettings, replaced };
}

export interface WriteSettingsOptions {
  /**
   * Whether records use a list's value: a value an edit leaves out is deleted only when this says
   * no (and it is not built-in); otherwise it is retired. Without it every value counts as used.
   */
  inUse?(list: string, value: string): boolean;
}

/**
 * Validates `patch` merged over the document's settings and writes what changed, in one
 * transaction: the JSON sections that differ, and the custom fields and list values that differ.
 * Nothing is written when any field is invalid. A section never written reads as the default of
 * the code reading it. `customFields` and `picklists` merge per entry: the patch names the fields
 * (by id) and the lists (by id, each whole) it adds or changes; the others stay. A custom field is
 * never removed (retire it); a list value an edit leaves out is retired, or deleted when nobody
 * uses it (`options.inUse`, `completeFieldSettings`). `value` is what the document now reads.
 */
export function writeSettings(
  doc: Y.Doc,
  patch: Partial<WorkspaceSettings>,
  options: WriteSettingsOptions = {},
): { ok: true; value: WorkspaceSettings; written: string[] } | { ok: false; issues: FieldIssue[] } {
  const current = readSettings(doc).settings;
  // Custom fields and lists merge per entry: a patch names the ones it changes.
  const merged = {
    ...current,
    ...patch,
    customFields: { ...current.customFields, ...patch.customFields },
    picklists: { ...current.picklists, ...patch.picklists },
  };
  const parsed = workspaceSettingsInput.safeParse(merged);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  const completed = completeFieldSettings(current, parsed.data as WorkspaceSettings, options.inUse);
  if (!completed.ok) return completed;
  const result = validateSettings({ ...merged, customFields: completed.customFields, picklists: completed.picklists });
  if (!result.ok) return result;
  const map = settingsMapOf(doc);
  const written: string[] = [];
  doc.transact(() => {
    for (const key of sections) {
      const value = result.value[key];
      // Only what differs from what the document reads as: a section left at its default is not
      // written, so it cannot overwrite a concurrent admin's edit of that section.
      if (sameJson(current[key], value)) continue;
      map.set(key, value);
      written.push(key);
    }
    written.push(...writeFieldSettings(doc, current, result.value));
  });
  return { ok: true, value: result.value, written };
}

/** Equal as JSON, whatever the order of object keys. */
function sameJson(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([k, x]) => [k, canon(x)]),
          )
        : v;
  return JSON.stringify(canon(a)) === JSON.stringify(canon(b));
}

function joinPath(a: string, b: string): string {
  return b ? `${a}.${b}` : a;
}

/** The stage with that id, or undefined for a stage the settings no longer have. */
export function stageById(settings: Pick<WorkspaceSettings, "pipelineStages">, id: string): PipelineStage | undefined {
  return settings.pipelineStages.find((s) => s.id === id);
}
