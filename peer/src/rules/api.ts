import { RULE_ID } from "@crm/schema";
import type { ApiExtension } from "../api/app.js";
import { ProblemException } from "../api/problems.js";
import type { FeatureEnv } from "../features.js";
import { RuleStore } from "./runLog.js";

/*
 * `GET /api/v1/rules/runs?rule=<id>[&limit=n]`: a rule's run log, newest first (admins only, like
 * the rules themselves). The log is in the shared database, so any process of the installation
 * answers it, whichever one ran the rule. Asking opens the workspace's peer (and so its rule
 * engine) if the host has not yet.
 */

export function rulesApi(env: Pick<FeatureEnv, "shared">): ApiExtension {
  const store = new RuleStore(env.shared);
  return (api, kit) => {
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
