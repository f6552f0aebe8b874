import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../runtime/api.js";
import { useSession } from "../runtime/session.js";
import { formatDateTime } from "../ui/dates.js";
import { FormError } from "../ui/FormError.js";
import { TeamShell, useProblem } from "./TeamShell.js";
import type { AuditEntry } from "./types.js";

/** `/team/audit`: the workspace's audit log, newest first, a page at a time. */

/** Entries the server answers at once (sync-server/src/api/audit.ts): a full page means there may be more. */
const PAGE = 100;
const auditApi = api.workspaces[":ws"].audit;

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const problemOf = useProblem();
  const { workspace } = useSession();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const ws = workspace.id;

  const load = useCallback(
    async (before?: number) => {
      try {
        const res = await call(auditApi.$get({ param: { ws }, query: before ? { before: String(before) } : {} }));
        setEntries((old) => (before && old ? [...old, ...res.entries] : res.entries));
        setMore(res.entries.length === PAGE);
        setProblem(null);
      } catch (err) {
        setProblem(problemOf(err));
      }
    },
    [ws, problemOf],
  );
  useEffect(() => void load(), [load]);

  return (
    <TeamShell>
      <FormError message={problem} />
      <section className="card" aria-labelledby="audit-h">
        <h2 id="audit-h">{t("team.audit")}</h2>
        <p className="muted">{t("team.auditLead")}</p>
        {entries && entries.length === 0 && <p className="muted">{t("team.noAudit")}</p>}
        {entries && entries.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>{t("team.when")}</th>
                <th>{t("team.who")}</th>
                <th>{t("team.what")}</th>
                <th>{t("team.target")}</th>
                <th>{t("team.ip")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(i18n.language, e.at)}</td>
                  <td>{e.actorName || e.actor || "—"}</td>
                  <td>{t(`team.actions_.${e.action}`, { defaultValue: e.action })}</td>
                  <td className="mono">{e.target}</td>
                  <td className="mono">{e.ip}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {more && entries && (
          <button type="button" className="button" onClick={() => void load(entries.at(-1)!.id)}>
            {t("team.older")}
          </button>
        )}
      </section>
    </TeamShell>
  );
}
