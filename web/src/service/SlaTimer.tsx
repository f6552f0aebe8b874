import type { CaseSla, SlaClock, SlaState } from "@crm/schema";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import "./service.css";
import { formatDateTime } from "../ui/dates.js";

/** A span of time as people read it on a timer: "2h 05m", "3d 4h", "45s". */
export function formatDuration(t: TFunction, ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return t("service.duration.d", { d, h });
  if (h > 0) return t("service.duration.h", { h, m: String(m).padStart(2, "0") });
  if (m > 0) return t("service.duration.m", { m });
  return t("service.duration.s", { s });
}

export function formatWhen(lang: string, at: number): string {
  return formatDateTime(lang, at);
}

/** A state as a coloured badge, with words (never colour alone). */
export function SlaStateBadge({ state, done }: { state: SlaState; done?: boolean }) {
  const { t } = useTranslation();
  return <span className={`badge sla ${state}${done ? " done" : ""}`}>{t(`service.sla.states.${state}`)}</span>;
}

/** One clock's line: "due in 1h 20m", "overdue by 3m" or "done …". */
export function clockText(t: TFunction, lang: string, c: SlaClock): string {
  if (c.remainingMs === null) return t("service.sla.dueAt", { when: formatWhen(lang, c.dueAt) });
  return c.remainingMs >= 0
    ? t("service.sla.dueIn", { time: formatDuration(t, c.remainingMs) })
    : t("service.sla.overdue", { time: formatDuration(t, c.remainingMs) });
}

/** For a list cell: the worse state of the two clocks, and the running one's timer. */
export function SlaCell({ sla }: { sla: CaseSla }) {
  const { t, i18n } = useTranslation();
  // The clock that matters now: first response until it is done, then resolution.
  const running = sla.firstResponse.remainingMs !== null ? sla.firstResponse : sla.resolution;
  return (
    <span className="sla-cell">
      {/* Both clocks stopped: the case is resolved or closed, its record no longer needs attention. */}
      <SlaStateBadge state={sla.overall} done={running.remainingMs === null} />
      {running.remainingMs !== null && <span className="muted small">{clockText(t, i18n.language, running)}</span>}
    </span>
  );
}
