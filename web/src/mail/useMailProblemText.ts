import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { NetworkError } from "../runtime/api.js";
import { RestApiError } from "../runtime/restApi.js";

/** What a failed request means, in the reader's language. */
export function useMailProblemText(): (err: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (err: unknown) => {
      if (err instanceof NetworkError) return t("mail.errors.network");
      if (err instanceof RestApiError && err.status === 403) return t("mail.errors.forbidden");
      return t("mail.errors.other", { message: err instanceof Error ? err.message : String(err) });
    },
    [t],
  );
}
