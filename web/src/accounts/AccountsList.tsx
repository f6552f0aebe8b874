import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../app/runtime-context.js";
import type { AccountRow } from "../local/db.js";
import { ListPage } from "../ui/ListPage.js";
import { StatusBadge } from "./StatusBadge.js";

export function AccountsList() {
  const { t } = useTranslation();
  return (
    <ListPage<AccountRow>
      collection="accounts"
      prefix="accounts"
      title={(a) => a.name}
      columns={[
        { key: "name", header: t("accounts.fields.name"), cell: (a) => a.name },
        { key: "industry", header: t("accounts.fields.industry"), cell: (a) => a.industry || "—" },
        { key: "status", header: t("accounts.fields.status"), cell: (a) => <StatusBadge status={a.status} /> },
        { key: "phone", header: t("accounts.fields.phone"), cell: (a) => a.phone, className: "hide-narrow" },
        { key: "email", header: t("accounts.fields.email"), cell: (a) => a.email, className: "hide-narrow" },
      ]}
      emptyActions={<LoadDemo />}
    />
  );
}

function LoadDemo() {
  const { t } = useTranslation();
  const { loadDemo } = useRuntime();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await loadDemo("demo");
        setBusy(false);
      }}
    >
      {busy ? t("accounts.loadingDemo") : t("accounts.loadDemo")}
    </button>
  );
}
