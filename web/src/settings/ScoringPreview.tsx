import { type Lead, type LeadScoringRule, scoreLead } from "@crm/schema";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import type { Row } from "../local/db.js";
import { usableRule } from "./rules.js";

const SHOWN = 8;

/**
 * What the rules being edited would do to this device's leads: each lead's score now and with the
 * draft, highest first, and how many would change. A rule with a bad number counts for nothing
 * here (saving refuses it). Leads are thousands at most, so this scores them all per change.
 */
export function ScoringPreview(props: {
  leads: Row<Lead>[] | undefined;
  rules: LeadScoringRule[];
  saved: LeadScoringRule[];
}) {
  const { t } = useTranslation();
  const { leads, rules: draft, saved } = props;
  const scored = useMemo(() => {
    if (!leads) return undefined;
    const usable = draft.filter(usableRule);
    return leads
      .map((l) => ({
        id: l.id,
        name: [l.firstName, l.lastName].filter(Boolean).join(" "),
        company: l.company,
        now: scoreLead(l, saved).score,
        next: scoreLead(l, usable).score,
      }))
      .sort((a, b) => b.next - a.next || a.name.localeCompare(b.name));
  }, [leads, draft, saved]);
  if (!scored) return null;
  const changed = scored.filter((s) => s.now !== s.next).length;
  return (
    <section className="scoring-preview" aria-labelledby="scoring-preview-title">
      <h2 id="scoring-preview-title">{t("settings.scoring.preview")}</h2>
      {scored.length === 0 ? (
        <p className="muted">{t("settings.scoring.previewNone")}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t("settings.scoring.previewSummary", { count: scored.length, changed })}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("settings.scoring.lead_")}</th>
                <th scope="col" className="num">
                  {t("settings.scoring.now")}
                </th>
                <th scope="col" className="num">
                  {t("settings.scoring.draft")}
                </th>
              </tr>
            </thead>
            <tbody>
              {scored.slice(0, SHOWN).map((s) => (
                <tr key={s.id} className={s.now !== s.next ? "score-changed" : undefined}>
                  <td>
                    <Link href={`/leads/${s.id}`}>{s.name || "—"}</Link>
                    {s.company && <span className="muted small"> · {s.company}</span>}
                  </td>
                  <td className="num">{s.now}</td>
                  <td className="num">
                    <strong>{s.next}</strong>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {scored.length > SHOWN && (
            <p className="muted small">{t("settings.scoring.more", { count: scored.length - SHOWN })}</p>
          )}
        </>
      )}
    </section>
  );
}
