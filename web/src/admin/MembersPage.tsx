import { canAssignRole } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { api, call } from "../runtime/api.js";
import { useSession } from "../runtime/session.js";
import { FormError } from "../ui/FormError.js";
import { InvitesSection } from "./InvitesSection.js";
import { RoleSelect, TeamShell, useTeamList } from "./TeamShell.js";
import type { Member } from "./types.js";

const membersApi = api.workspaces[":ws"].members;
const member = membersApi[":userId"];
const listMembers = (ws: string) => call(membersApi.$get({ param: { ws } })).then((r) => r.members);

/** `/team`: the workspace's members and their roles, and inviting people (InvitesSection). */
export function MembersPage() {
  const { t } = useTranslation();
  const { workspace, session } = useSession();
  const { items: members, problem, setProblem, act } = useTeamList<Member>(listMembers);
  const ws = workspace.id;
  const myRole = workspace.role;

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
                const param = { ws, userId: m.userId };
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
                          onChange={(role) => void act(() => call(member.$patch({ param, json: { role } })))}
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
                              void act(() => call(member.$delete({ param })));
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
      <InvitesSection onProblem={setProblem} />
    </TeamShell>
  );
}
