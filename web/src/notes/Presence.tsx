import { useTranslation } from "react-i18next";
import { initials } from "../app/initials.js";
import type { PresentUser } from "./useNoteDoc.js";

export function Presence({ users }: { users: PresentUser[] }) {
  const { t } = useTranslation();
  if (!users.length) return null;
  const names = users.map((u) => u.name).join(", ");
  return (
    <ul className="presence" aria-label={`${t("accounts.alsoHere")}: ${names}`}>
      {users.map((u) => (
        <li key={u.id} className="avatar" style={{ background: u.color }} title={u.name}>
          {initials(u.name)}
        </li>
      ))}
    </ul>
  );
}
