import { useCallback, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { NetworkError } from "../runtime/api.js";
import { restApi } from "../runtime/restApi.js";
import { useSession } from "../runtime/session.js";
import { FormError } from "../ui/FormError.js";

interface LoggingAddress {
  address: string;
  createdAt: number;
}

/**
 * The member's own address for logging sales email (`/api/v1/inbound/logging-address`,
 * peer/src/inbound/logging.ts): shown with a copy button, replaceable when it got out.
 */
export function LoggingAddressSection() {
  const { t } = useTranslation();
  const { workspace } = useSession();
  const id = useId();
  const [address, setAddress] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const ws = workspace.id;

  const run = useCallback(
    async (method: "GET" | "POST") => {
      setBusy(true);
      setProblem(null);
      try {
        const a = await restApi<LoggingAddress>(ws, "/inbound/logging-address", { method });
        setAddress(a.address);
        setCopied(false);
        return true;
      } catch (err) {
        setProblem(
          err instanceof NetworkError
            ? t("emailLog.offline")
            : t("emailLog.failed", { message: (err as Error).message }),
        );
        return false;
      } finally {
        setBusy(false);
      }
    },
    [ws, t],
  );

  useEffect(() => {
    void run("GET");
  }, [run]);

  return (
    <section className="card" aria-labelledby={`${id}-h`} aria-busy={busy || undefined}>
      <h2 id={`${id}-h`}>{t("emailLog.title")}</h2>
      <p>{t("emailLog.lead")}</p>
      <p className="muted">{t("emailLog.private")}</p>
      <FormError message={problem} />
      {notice && <output className="muted">{notice}</output>}
      {address && (
        <div className="copy-field">
          <label>
            <span>{t("emailLog.address")}</span>
            <input readOnly value={address} onFocus={(e) => e.target.select()} />
          </label>
          <button
            type="button"
            className="button small"
            onClick={() => void navigator.clipboard?.writeText(address).then(() => setCopied(true))}
          >
            {copied ? t("emailLog.copied") : t("emailLog.copy")}
          </button>
        </div>
      )}
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() =>
            void run("POST").then((ok) => {
              if (ok) setNotice(t("emailLog.regenerated"));
            })
          }
        >
          {t("emailLog.regenerate")}
        </button>
      </div>
    </section>
  );
}
