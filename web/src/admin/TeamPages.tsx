import { canAssignRole, type Role, roles } from "@crm/schema";
import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { ApiError, apiFetch, NetworkError } from "../auth/api.js";
import { useIsAdmin, useSession } from "../auth/session-context.js";
import { formatDateTime } from "../ui/dates.js";
import { FormError } from "../ui/FormError.js";

/*
 * Workspace administration for owners and admins: members and invites, service tokens, and the
 * audit log. Everything here needs the server (it is about the server's people and secrets), so
 * these pages say plainly when it cannot be reached instead of showing stale data.
 */

interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
  addedAt: number;
}
interface Invite {
  id: string;
  role: Role;
  email: string;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  revokedAt: number | null;
}
interface Token {
  id: string;
  name: string;
  role: Role;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}
interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  actorName: string;
  action: string;
  target: string;
  ip: string;
  detail: string;
}

function useProblem() {
  const { t } = useTranslation();
  return useCallback(
    (err: unknown) =>
      err instanceof NetworkError
        ? t("team.offline")
        : err instanceof ApiError
          ? t(`auth.errors.${err.code}`, { defaultValue: err.message })
          : String(err),
    [t],
  );
}

function when(ms: number, lang: string): string {
  return formatDateTime(lang, ms);
}

function TeamShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  const { workspace } = useSession();
  const isAdmin = useIsAdmin();
  const tabs = [
    ["/team", t("team.members")],
    ["/team/tokens", t("team.tokens")],
    ["/team/audit", t("team.audit")],
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

function RoleSelect({
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

function CopyField({ label, value }: { label: string; value: string }) {
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

export function MembersPage() {
  const { t, i18n } = useTranslation();
  const problemOf = useProblem();
  const { workspace, session } = useSession();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invites, setInvites] = useState<Invite[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [inviteRole, setInviteRole] = useState<Role>("editor");
  const [inviteEmail, setInviteEmail] = useState("");
  const base = `/workspaces/${workspace.id}`;
  const myRole = workspace.role;

  const load = useCallback(async () => {
    try {
      const [m, i] = await Promise.all([
        apiFetch<{ members: Member[] }>("GET", `${base}/members`),
        apiFetch<{ invites: Invite[] }>("GET", `${base}/invites`),
      ]);
      setMembers(m.members);
      setInvites(i.invites.filter((x) => !x.acceptedAt && !x.revokedAt && x.expiresAt > Date.now()));
      setProblem(null);
    } catch (err) {
      setProblem(problemOf(err));
    }
  }, [base, problemOf]);
  useEffect(() => void load(), [load]);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await load();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };

  const invite = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const res = await apiFetch<{ path: string }>("POST", `${base}/invites`, { role: inviteRole, email: inviteEmail });
      setLink(`${location.origin}${res.path}`);
      setInviteEmail("");
    });
  };

  return (
    <TeamShell>
      <FormError message={problem} />
      <section className="card" aria-labelledby="members-h">
        <h2 id="members-h">{t("team.members")}</h2>
        {members === null ? null : (
          <table className="table">
            <thead>
              <tr>
                <th>{t("team.name")}</th>
                <th>{t("auth.fields.email")}</th>
                <th>{t("team.role")}</th>
                <th>
                  <span className="sr-only">{t("team.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => {
                const mayChange = m.userId !== session.user.id && canAssignRole(myRole, m.role);
                return (
                  <tr key={m.userId}>
                    <td>{m.name}</td>
                    <td>{m.email}</td>
                    <td>
                      {mayChange ? (
                        <RoleSelect
                          label={t("team.roleOf", { name: m.name })}
                          value={m.role}
                          allowed={(r) => canAssignRole(myRole, r)}
                          onChange={(role) =>
                            void act(() => apiFetch("PATCH", `${base}/members/${m.userId}`, { role }))
                          }
                        />
                      ) : (
                        t(`roles.${m.role}`)
                      )}
                    </td>
                    <td className="actions">
                      {mayChange && (
                        <button
                          type="button"
                          className="button small danger-outline"
                          onClick={() => {
                            if (confirm(t("team.removeConfirm", { name: m.name })))
                              void act(() => apiFetch("DELETE", `${base}/members/${m.userId}`));
                          }}
                        >
                          {t("team.remove")}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-labelledby="invite-h">
        <h2 id="invite-h">{t("team.invite")}</h2>
        <p className="muted">{t("team.inviteLead")}</p>
        <form className="inline-form" onSubmit={invite}>
          <div className="field">
            <span>{t("team.role")}</span>
            <RoleSelect
              label={t("team.role")}
              value={inviteRole}
              onChange={setInviteRole}
              allowed={(r) => canAssignRole(myRole, r)}
            />
          </div>
          <label className="field">
            <span>{t("team.inviteEmail")}</span>
            <input type="email" value={inviteEmail} onChange={(e) => setInviteEmail(e.target.value)} />
          </label>
          <button type="submit" className="button primary">
            {t("team.createInvite")}
          </button>
        </form>
        {link && <CopyField label={t("team.inviteLink")} value={link} />}
        {invites.length > 0 && (
          <>
            <h3>{t("team.openInvites")}</h3>
            <ul className="plain-list">
              {invites.map((i) => (
                <li key={i.id} className="invite-row">
                  <span>
                    {t(`roles.${i.role}`)}
                    {i.email ? ` · ${i.email}` : ""} · {t("team.expires", { when: when(i.expiresAt, i18n.language) })}
                  </span>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => void act(() => apiFetch("DELETE", `${base}/invites/${i.id}`))}
                  >
                    {t("team.revoke")}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </TeamShell>
  );
}

const EXPIRY_HOURS = { never: 0, day: 24, month: 24 * 30, year: 24 * 365 } as const;

export function TokensPage() {
  const { t, i18n } = useTranslation();
  const problemOf = useProblem();
  const { workspace } = useSession();
  const [tokens, setTokens] = useState<Token[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [minted, setMinted] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [expiry, setExpiry] = useState<keyof typeof EXPIRY_HOURS>("month");
  const [nameError, setNameError] = useState<string | null>(null);
  const base = `/workspaces/${workspace.id}`;

  const load = useCallback(async () => {
    try {
      setTokens((await apiFetch<{ tokens: Token[] }>("GET", `${base}/tokens`)).tokens);
      setProblem(null);
    } catch (err) {
      setProblem(problemOf(err));
    }
  }, [base, problemOf]);
  useEffect(() => void load(), [load]);

  const mint = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(t("team.tokenNameRequired"));
      return;
    }
    try {
      const hours = EXPIRY_HOURS[expiry];
      const res = await apiFetch<{ token: string }>("POST", `${base}/tokens`, {
        name,
        role,
        ...(hours ? { expiresInHours: hours } : {}),
      });
      setMinted(res.token);
      setName("");
      await load();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };

  return (
    <TeamShell>
      <FormError message={problem} />
      <section className="card" aria-labelledby="mint-h">
        <h2 id="mint-h">{t("team.mint")}</h2>
        <p className="muted">{t("team.tokensLead")}</p>
        <form className="inline-form" onSubmit={mint} noValidate>
          <label className={`field${nameError ? " invalid" : ""}`}>
            <span>{t("team.tokenName")}</span>
            <input
              value={name}
              aria-invalid={nameError ? true : undefined}
              onChange={(e) => {
                setName(e.target.value);
                setNameError(null);
              }}
            />
            {nameError && <span className="field-error">{nameError}</span>}
          </label>
          <div className="field">
            <span>{t("team.role")}</span>
            <RoleSelect
              label={t("team.role")}
              value={role}
              onChange={setRole}
              allowed={(r) => canAssignRole(workspace.role, r)}
            />
          </div>
          <label className="field">
            <span>{t("team.expiry")}</span>
            <select value={expiry} onChange={(e) => setExpiry(e.target.value as keyof typeof EXPIRY_HOURS)}>
              {Object.keys(EXPIRY_HOURS).map((k) => (
                <option key={k} value={k}>
                  {t(`team.expiryOptions.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button primary">
            {t("team.mintButton")}
          </button>
        </form>
        {minted && (
          <>
            <CopyField label={t("team.newToken")} value={minted} />
            <p className="muted small">{t("team.tokenOnce")}</p>
          </>
        )}
      </section>
      <section className="card" aria-labelledby="tokens-h">
        <h2 id="tokens-h">{t("team.tokens")}</h2>
        {tokens && tokens.length === 0 && <p className="muted">{t("team.noTokens")}</p>}
        {tokens && tokens.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>{t("team.tokenName")}</th>
                <th>{t("team.role")}</th>
                <th>{t("team.created")}</th>
                <th>{t("team.state")}</th>
                <th>
                  <span className="sr-only">{t("team.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((tk) => {
                const expired = tk.expiresAt !== null && tk.expiresAt <= Date.now();
                const state = tk.revokedAt ? "revoked" : expired ? "expired" : "active";
                return (
                  <tr key={tk.id}>
                    <td>{tk.name}</td>
                    <td>{t(`roles.${tk.role}`)}</td>
                    <td>{when(tk.createdAt, i18n.language)}</td>
                    <td>
                      {t(`team.states.${state}`)}
                      {state === "active" && tk.expiresAt
                        ? ` · ${t("team.expires", { when: when(tk.expiresAt, i18n.language) })}`
                        : ""}
                    </td>
                    <td className="actions">
                      {state === "active" && (
                        <button
                          type="button"
                          className="button small danger-outline"
                          onClick={() =>
                            void apiFetch("DELETE", `${base}/tokens/${tk.id}`).then(load, (err) =>
                              setProblem(problemOf(err)),
                            )
                          }
                        >
                          {t("team.revoke")}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </TeamShell>
  );
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const problemOf = useProblem();
  const { workspace } = useSession();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const base = `/workspaces/${workspace.id}`;

  const load = useCallback(
    async (before?: number) => {
      try {
        const res = await apiFetch<{ entries: AuditEntry[] }>(
          "GET",
          `${base}/audit${before ? `?before=${before}` : ""}`,
        );
        setEntries((old) => (before && old ? [...old, ...res.entries] : res.entries));
        setMore(res.entries.length === 100);
        setProblem(null);
      } catch (err) {
        setProblem(problemOf(err));
      }
    },
    [base, problemOf],
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
                  <td>{when(e.at, i18n.language)}</td>
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

export function NewWorkspacePage() {
  const { t } = useTranslation();
  const problemOf = useProblem();
  const { openWorkspace } = useSession();
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const ws = await apiFetch<{ id: string }>("POST", "/workspaces", { name });
      await openWorkspace(ws.id);
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <div className="form-page">
      <form className="form card narrow" onSubmit={submit} noValidate>
        <h1>{t("workspace.newTitle")}</h1>
        <p className="muted">{t("workspace.newLead")}</p>
        <FormError message={problem} />
        <label className="field">
          <span>{t("auth.fields.workspaceName")}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t("workspace.create")}
          </button>
          <Link href="/accounts" className="button">
            {t("common.cancel")}
          </Link>
        </div>
      </form>
    </div>
  );
}
