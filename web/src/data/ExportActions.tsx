import type { CollectionName } from "@crm/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useRuntime } from "../runtime/context.js";
import { usePeople } from "../runtime/people.js";
import { useCanWrite } from "../runtime/session.js";
import { useSettings } from "../sales/useSettings.js";
import { langOf } from "./columns.js";
import { download, exportCsv, exportVCards, fileName } from "./exportFile.js";

/**
 * Import / Export buttons for the head of any record list: CSV for every collection, vCard too
 * for contacts. Reads the local copy, so it works offline.
 */
export function ExportActions({ collection }: { collection: CollectionName }) {
  const { t, i18n } = useTranslation();
  const { db } = useRuntime();
  const people = usePeople();
  const settings = useSettings();
  const canWrite = useCanWrite(collection);
  const [busy, setBusy] = useState(false);
  const run = async (make: () => Promise<void>) => {
    setBusy(true);
    try {
      await make();
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="data-actions">
      {canWrite && (
        <Link href={`/data/import?type=${collection}`} className="button">
          {t("data.export.import")}
        </Link>
      )}
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() =>
          void run(async () =>
            download(
              fileName(collection, "csv"),
              await exportCsv(db, collection, langOf(i18n.language), t, people, settings),
              "text/csv;charset=utf-8",
            ),
          )
        }
      >
        {busy ? t("data.export.exporting") : t("data.export.csv")}
      </button>
      {collection === "contacts" && (
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() =>
            void run(async () =>
              download(fileName("contacts", "vcf"), await exportVCards(db), "text/vcard;charset=utf-8"),
            )
          }
        >
          {t("data.export.vcard")}
        </button>
      )}
    </span>
  );
}
