import { canAssignRole, type MemberRole as Role } from "@crm/schema";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../runtime/api.js";
import { useSession } from "../runtime/session.js";
import { formatDateTime } from "../ui/dates.js";
import { FormError } from "../ui/FormError.js";
import { CopyField, RoleSelect, TeamShell, useTeamList } from "./TeamShell.js";
import type { Token } from "./types.js";

/** `/team/tokens`: service tokens for scripts and providers — made (shown once), listed, revoked. */

const tokensApi = api.workspaces[":ws"].tokens;
const listTokens = (ws: string) => call(tokensApi.$get({ param: { ws } })).then((r) => r.tokens);

const EXPIRY_HOURS = { never: 0, day: 24, month: 24 * 30, year: 24 * 365 } as const;

export function TokensPage() {
  const { t, i18n } = useTranslation();
  const { workspace } = useSession();
  const { items: tokens, problem, act } = useTeamList<Token>(listTokens);
  const [minted, setMinted] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [expiry, setExpiry] = useState<keyof typeof EXPIRY_HOURS>("month");
  const [nameError, setNameError] = useState<string | null>(null);
  const ws = workspace.id;

  const mint = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(t("team.tokenNameRequired"));
      return;
    }
    void act(async () => {
      const hours = EXPIRY_HOURS[expiry];
      const res = await call(
        tokensApi.$post({ param: { ws }, json: { name, role, ...(hours ? { expiresInHours: hours } : {}) } }),
      );
      setMinted(res.token);
      setName("");
    });
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
              {(Object.keys(EXPIRY_HOURS) as (keyof typeof EXPIRY_HOURS)[]).map((k) => (
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
                    <td>{formatDateTime(i18n.language, tk.createdAt)}</td>
                    <td>
                      {t(`team.states.${state}`)}
                      {state === "active" && tk.expiresAt
                        ? ` · ${t("team.expires", { when: formatDateTime(i18n.language, tk.expiresAt) })}`
                        : ""}
                    </td>
                    <td className="actions">
                      {state === "active" && (
                        <button
                          type="button"
                          className="button small danger-outline"
                          onClick={() => void act(() => call(tokensApi[":id"].$delete({ param: { ws, id: tk.id } })))}
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
