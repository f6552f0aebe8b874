import { type MemberRole as Role, roles } from "@crm/schema";
import { type ReactNode, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { hasKey } from "../i18n/keys.js";
import { ApiError, NetworkError } from "../runtime/api.js";
import { useIsAdmin, useSession } from "../runtime/session.js";
import { useServerList } from "../ui/useServerList.js";

/*
 * What the team pages share: the frame with its tabs, the role picker, a field to copy a link or
 * token from, and the sentence for a failed request. Everything on these pages needs the server
 * (it is about the server's people and secrets), so they say plainly when it cannot be reached
 * instead of showing stale data.
 */

export function useProblem() {
  const { t } = useTranslation();
  return useCallback(
    (err: unknown) =>
      err instanceof NetworkError
        ? t("team.offline")
        : err instanceof ApiError
          ? hasKey("auth.errors", err.code)
            ? t(`auth.errors.${err.code}`)
            : err.message
          : String(err),
    [t],
  );
}

/**
 * A team page's list (members, tokens) as the server has it, and the page's one problem message.
 * `act` makes a change and reads the list again; either failing becomes the problem. `read` must
 * be stable (a module-level function): the list is read again whenever it or the workspace changes.
 */
export function useTeamList<T>(read: (ws: string) => Promise<T[]>) {
  const { workspace } = useSession();
  const ws = workspace.id;
  const fetchList = useCallback(() => read(ws), [read, ws]);
  const { items, problem, setProblem, load, act } = useServerList(fetchList, useProblem());
  useEffect(() => void load(), [load]);
  return { items, problem, setProblem, act };
}

export function TeamShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  const { workspace } = useSession();
  const isAdmin = useIsAdmin();
  const tabs = [
    ["/team", t("team.members")],
    ["/team/tokens", t("team.tokens")],
    ["/team/audit", t("team.audit")],
    ["/team/api", t("apiDocs.tab")],
  ] as const;
  return (
    <div className="page">
      <div className="page-head">
        <h1>{t("team.title", { workspace: workspace.name })}</h1>
      </div>
      <nav className="tabs" aria-label={t("team.sections")}>
        {tabs.map(([href, label]) => (
          <Link key={href} href={href} className="tab" aria-current={location === href ? "page" : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      {isAdmin ? children : <p className="empty">{t("team.adminsOnly")}</p>}
    </div>
  );
}

export function RoleSelect({
  value,
  onChange,
  label,
  allowed,
}: {
  value: Role;
  onChange(r: Role): void;
  label: string;
  allowed: (r: Role) => boolean;
}) {
  const { t } = useTranslation();
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {roles
        .filter((r) => allowed(r) || r === value)
        .map((r) => (
          <option key={r} value={r} disabled={!allowed(r)}>
            {t(`roles.${r}`)}
          </option>
        ))}
    </select>
  );
}

export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-field">
      <label>
        <span>{label}</span>
        <input readOnly value={value} onFocus={(e) => e.target.select()} />
      </label>
      <button
        type="button"
        className="button small"
        onClick={() => {
          void navigator.clipboard?.writeText(value).then(() => setCopied(true));
        }}
      >
        {copied ? t("team.copied") : t("team.copy")}
      </button>
    </div>
  );
}
