import { canAssignRole, type MemberRole as Role } from "@crm/schema";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, call } from "../runtime/api.js";
import { useSession } from "../runtime/session.js";
import { formatDateTime } from "../ui/dates.js";
import { CopyField, RoleSelect, useProblem } from "./TeamShell.js";
import type { Invite } from "./types.js";

const invitesApi = api.workspaces[":ws"].invites;

/**
 * Inviting people, on the members page: make a link (a role, optionally bound to an address),
 * copy it, and withdraw the links nobody has used yet. Failures are shown by the page
 * (`onProblem`), above both cards, as one message.
 */
export function InvitesSection({ onProblem }: { onProblem(problem: string | null): void }) {
  const { t, i18n } = useTranslation();
  const problemOf = useProblem();
  const { workspace } = useSession();
  const [invites, setInvites] = useState<Invite[]>([]);
  const [link, setLink] = useState<string | null>(null);
  const [emailedTo, setEmailedTo] = useState<string | null>(null);
  const [role, setRole] = useState<Role>("editor");
  const [email, setEmail] = useState("");
  const ws = workspace.id;

  const load = useCallback(async () => {
    try {
      const { invites } = await call(invitesApi.$get({ param: { ws } }));
      setInvites(invites.filter((x) => !x.acceptedAt && !x.revokedAt && x.expiresAt > Date.now()));
    } catch (err) {
      onProblem(problemOf(err));
    }
  }, [ws, onProblem, problemOf]);
  useEffect(() => void load(), [load]);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      onProblem(null);
      await load();
    } catch (err) {
      onProblem(problemOf(err));
    }
  };

  const invite = (e: FormEvent) => {
    e.preventDefault();
    void act(async () => {
      const res = await call(invitesApi.$post({ param: { ws }, json: { role, email } }));
      setLink(`${location.origin}${res.path}`);
      setEmailedTo(res.emailed ? res.invite.email : null);
      setEmail("");
    });
  };

  return (
    <section className="card" aria-labelledby="invite-h">
      <h2 id="invite-h">{t("team.invite")}</h2>
      <p className="muted">{t("team.inviteLead")}</p>
      <form className="inline-form" onSubmit={invite}>
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
          <span>{t("team.inviteEmail")}</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <button type="submit" className="button primary">
          {t("team.createInvite")}
        </button>
      </form>
      {emailedTo && (
        <p className="muted" role="status">
          {t("team.inviteEmailed", { email: emailedTo })}
        </p>
      )}
      {link && <CopyField label={t("team.inviteLink")} value={link} />}
      {invites.length > 0 && (
        <>
          <h3>{t("team.openInvites")}</h3>
          <ul className="plain-list">
            {invites.map((i) => (
              <li key={i.id} className="invite-row">
                <span>
                  {t(`roles.${i.role}`)}
                  {i.email ? ` · ${i.email}` : ""} ·{" "}
                  {t("team.expires", { when: formatDateTime(i18n.language, i.expiresAt) })}
                </span>
                <button
                  type="button"
                  className="button small"
                  onClick={() => void act(() => call(invitesApi[":id"].$delete({ param: { ws, id: i.id } })))}
                >
                  {t("team.revoke")}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
