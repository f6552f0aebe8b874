import { type CollectionName, customSection, type FieldDescriptor, fieldsOf, type StoredRecord } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { recordTitle } from "../data/recordTitle.js";
import { useRuntime } from "../runtime/context.js";
import { useSettings } from "../sales/useSettings.js";
import { usePersonLabel } from "../ui/Person.js";
import { useLang } from "./FieldInput.js";
import { fieldValueText } from "./valueText.js";

/**
 * A record page's custom fields ("More fields"): each live one with its label and its value as
 * its kind reads (a choice by its label in the reader's language, a reference by name and
 * linked, money in the workspace currency …). Nothing when the type has no custom fields. It
 * follows the settings live: a field a teammate adds shows up at once, a retired one goes.
 */
export function MoreFields({ collection, record }: { collection: CollectionName; record: StoredRecord }) {
  const { t } = useTranslation();
  const lang = useLang();
  const settings = useSettings();
  const person = usePersonLabel();
  const headingId = useId();
  const fields = fieldsOf(collection, settings, { live: true }).filter((f) => f.customId);
  const refs = fields.filter((f) => f.kind === "reference" && typeof f.ref === "string" && record[f.key]);
  const titles = useReferenceTitles(refs, record);
  if (fields.length === 0) return null;
  const ctx = {
    t,
    lang,
    currency: settings.currency,
    person: (id: string) => person(id).text,
    title: (id: string) => titles?.[id],
  };
  return (
    <section className="card more-fields" aria-labelledby={headingId}>
      <h2 id={headingId}>{customSection.label[lang]}</h2>
      <dl className="details">
        {fields.map((f) => {
          const text = fieldValueText(f, record[f.key], ctx);
          const id = String(record[f.key] ?? "");
          return (
            <div key={f.key} className="detail" data-field={f.key}>
              <dt>{f.label[lang]}</dt>
              <dd>
                {text && f.kind === "reference" && typeof f.ref === "string" && titles?.[id] ? (
                  <Link href={`/${f.ref}/${id}`}>{text}</Link>
                ) : (
                  text || "—"
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

/** The names of the records the reference fields point at, as this device has them. */
function useReferenceTitles(refs: readonly FieldDescriptor[], record: StoredRecord) {
  const { db } = useRuntime();
  const wanted = refs.map((f) => [String(f.ref), String(record[f.key])] as const);
  const key = wanted.map((w) => w.join(":")).join("|");
  return useLiveQuery(async () => {
    const out: Record<string, string> = {};
    for (const [collection, id] of wanted) {
      const row = await db.table<StoredRecord, string>(collection).get(id);
      if (row) out[id] = recordTitle(collection as CollectionName, row);
    }
    return out;
    // `key` names exactly what is read: re-read only when a reference changes.
  }, [db, key]);
}
