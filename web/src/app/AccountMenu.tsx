import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { RemoveDeviceData } from "../device/RemoveDeviceData.js";
import { colorFor } from "../runtime/api.js";
import { useSession } from "../runtime/session.js";
import { initials } from "./initials.js";

const NEW = "__new__";

/** The open workspace (switch or start another), who is signed in, sign-out and removing this device's data. */
export function AccountMenu() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const { session, workspace, switchWorkspace, signOut } = useSession();
  return (
    <div className="account-menu">
      <label className="workspace-switch">
        <span className="sr-only">{t("workspace.label")}</span>
        <select
          aria-label={t("workspace.label")}
          value={workspace.id}
          onChange={(e) => {
            if (e.target.value === NEW) navigate("/workspaces/new");
            else switchWorkspace(e.target.value);
          }}
        >
          {session.workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
          <option value={NEW}>{t("workspace.new")}</option>
        </select>
      </label>
      {/* The person's own settings (their calendar feed) are behind their name. */}
      <Link
        href="/me"
        className="me"
        title={`${session.user.email} · ${t(`roles.${workspace.role}`)} · ${t("calendar.open")}`}
      >
        <span className="avatar small" style={{ background: colorFor(session.user.id) }} aria-hidden="true">
          {initials(session.user.name)}
        </span>
        <span className="me-name">{session.user.name}</span>
        <span className="badge role-badge">{t(`roles.${workspace.role}`)}</span>
        <span className="sr-only">{t("calendar.open")}</span>
      </Link>
      <Link href="/settings" className="button small">
        {t("nav.settings")}
      </Link>
      <button type="button" className="button small" onClick={() => void signOut()}>
        {t("auth.signOut")}
      </button>
      <RemoveDeviceData />
    </div>
  );
}
