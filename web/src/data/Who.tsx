import { useTranslation } from "react-i18next";
import { useRuntime } from "../app/runtime-context.js";

/**
 * A person by their user id. Only the signed-in person's name is known on every device (there is
 * no synced member directory yet), so others show as their id.
 */
export function Who({ id }: { id: string }) {
  const { t } = useTranslation();
  const { me } = useRuntime();
  if (!id) return null;
  return <>{id === me.id ? `${me.name} (${t("data.history.you")})` : id}</>;
}
