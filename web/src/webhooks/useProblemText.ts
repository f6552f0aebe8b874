import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { NetworkError } from "../runtime/api.js";
import { Problem } from "./webhooksApi.js";

/** What a failed request means, in the reader's language. */
export function useProblemText(): (err: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (err: unknown) => {
      if (err instanceof NetworkError) return t("webhooks.errors.network");
      if (err instanceof Problem && err.status === 403) return t("webhooks.errors.forbidden");
      return t("webhooks.errors.other", { message: err instanceof Error ? err.message : String(err) });
    },
    [t],
  );
}
