import { RULE_ID } from "@crm/schema";
import type { ApiExtension } from "../api/app.js";
import { jsonResponse, type OpenApiPart, problemResponses } from "../api/openapi.js";
import { ProblemException } from "../api/problems.js";
import type { FeatureEnv } from "../features.js";
import { RuleStore } from "./runLog.js";

/*
 * `GET /api/v1/rules/runs?rule=<id>[&limit=n]`: a rule's run log, newest first (admins only, like
 * the rules themselves). The log is in the shared database, so any process of the installation
 * answers it, whichever one ran the rule. Asking opens the workspace's peer (and so its rule
 * engine) if the host has not yet.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The run log's operation in `/api/v1/openapi.json`. */
export const rulesOpenApi: OpenApiPart = {
  tags: [{ name: "rules", description: "Workflow rules (built in Settings → Rules)" }],
  schemas: {
    RuleRun: {
      type: "object",
      description: "One run of a rule: when, on which record, what each action did, or the error",
      properties: {
        key: { type: "string", description: "The run's job key (unique)" },
        ruleId: { type: "string" },
        at: { type: "integer", description: "When it ran (epoch ms)" },
        collection: { type: "string", description: "The record's collection, e.g. accounts" },
        recordId: { type: "string" },
        status: { type: "string", enum: ["done", "error", "skipped", "waiting"] },
        cause: { type: "string", description: 'What fired it: "created", "changed status", "sla breached" …' },
        actions: {
          type: "array",
          items: {
            type: "object",
            properties: { type: { type: "string" }, detail: { type: "string" } },
            required: ["type", "detail"],
          },
        },
        error: { type: ["string", "null"] },
      },
      required: ["key", "ruleId", "at", "collection", "recordId", "status", "cause", "actions", "error"],
    },
  },
  paths: {
    "/rules/runs": {
      get: {
        operationId: "list_rule_runs",
        tags: ["rules"],
        summary: "A rule's run log, newest first (the last 200 runs are kept). Owners and admins only.",
        parameters: [
          {
            name: "rule",
            in: "query",
            required: true,
            description: "The rule's id",
            schema: { type: "string", pattern: RULE_ID.source },
            example: "sla-escalation",
          },
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 200, default: 50 } },
        ],
        responses: {
          200: jsonResponse(
            { type: "object", properties: { runs: { type: "array", items: ref("RuleRun") } }, required: ["runs"] },
            "The runs",
          ),
          ...problemResponses(400, 401, 403, 429, 503),
        },
      },
    },
  },
};

export function rulesApi(env: Pick<FeatureEnv, "shared">): ApiExtension {
  const store = new RuleStore(env.shared);
  return (api, kit) => {
    kit.describe(rulesOpenApi);
    api.get("/rules/runs", async (c) => {
      const who = kit.caller(c);
      if (who.role !== "owner" && who.role !== "admin")
        throw new ProblemException(403, "forbidden", "only admins read the rules' run logs");
      const rule = c.req.query("rule") ?? "";
      if (!RULE_ID.test(rule))
        throw new ProblemException(400, "bad-query", "rule: a rule id is required", [
          { field: "rule", code: "required", message: "a rule id is required" },
        ]);
      const raw = c.req.query("limit");
      const limit = raw === undefined ? 50 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200)
        throw new ProblemException(400, "bad-query", "limit: a whole number from 1 to 200", [
          { field: "limit", code: "bad-limit", message: "a whole number from 1 to 200" },
        ]);
      // The workspace's peer — its rule engine — is opened now if it was not yet (a workspace
      // created since the host's last scan): whoever looks at rules sees them running.
      await kit.peerOf(who);
      return c.json({ runs: store.runs(who.workspace, rule, limit) }, 200, { "Cache-Control": "no-store" });
    });
  };
}
