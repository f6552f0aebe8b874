import { contactName } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { ActivityTimeline } from "../activities/Timeline.js";
import { HistoryLink } from "../data/HistoryPage.js";
import { useValueText } from "../data/useValueText.js";
import { MoreFields } from "../fields/MoreFields.js";
import type { KeyIn } from "../i18n/keys.js";
import { ConversationHistory } from "../inbox/ConversationHistory.js";
import { NotesCard } from "../notes/NotesCard.js";
import { Presence } from "../notes/Presence.js";
import { useNoteDoc, usePresence } from "../notes/useNoteDoc.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { KeyFigures, LinkedRecords, useAccount360 } from "../service/Customer360.js";
import { formatDateTime } from "../ui/dates.js";
import { WriteLink } from "../ui/EditLink.js";
import { NotFound } from "../ui/NotFound.js";
import { PersonName } from "../ui/Person.js";
import { PhoneLink } from "../ui/Phone.js";
import { markPainted } from "../ui/paintMark.js";
import { EditAndDelete, RecordHead } from "../ui/RecordHead.js";
import { StatusBadge } from "./StatusBadge.js";

export function AccountPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const runtime = useRuntime();
  const canWrite = useCanWrite("accounts");
  const canWriteContacts = useCanWrite("contacts");
  const { db, me } = runtime;
  const account = useLiveQuery(() => db.accounts.get(id).then((r) => r ?? null), [db, id]);
  const contacts = useLiveQuery(() => db.contacts.where("accountId").equals(id).sortBy("sortKey"), [db, id]);
  // The customer 360: everything linked to the account, each read through its accountId index.
  const linked = useAccount360(id);
  const valueText = useValueText("accounts", {});
  const note = useNoteDoc("account", id);
  const others = usePresence(note?.awareness, me.id);
  // The 360 benchmark's "page painted": the account, key figures, linked records, contacts and
  // timeline all read (notes load on their own). The bench always arrives from a list, so the
  // page mounts afresh and no value here is left over from another account.
  const ready = account !== undefined && contacts !== undefined && Object.values(linked).every((v) => v !== undefined);
  useEffect(() => {
    if (ready) markPainted("crm:account-360", { id });
  }, [ready, id]);

  if (account === undefined) return null;
  if (account === null) return <NotFound back="/accounts" />;
  const f = (k: KeyIn<"accounts.fields">) => t(`accounts.fields.${k}`);
  const address = [
    account.billingStreet,
    [account.billingPostalCode, account.billingCity].filter(Boolean).join(" "),
    account.billingCountry,
  ]
    .filter(Boolean)
    .join(", ");
  return (
    <article className="page record-page" aria-labelledby="record-title">
      <RecordHead
        list="/accounts"
        listLabel={t("accounts.title")}
        title={account.name}
        badges={<StatusBadge status={account.status} />}
      >
        <Presence users={others} />
        <HistoryLink collection="accounts" id={id} />
        <EditAndDelete collection="accounts" id={id} list="/accounts" canWrite={canWrite} />
      </RecordHead>
      <KeyFigures data={linked} />
      <div className="record-grid">
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title">{t("accounts.details")}</h2>
          <dl className="details">
            <dt>{f("website")}</dt>
            <dd>
              {account.website ? (
                <a href={account.website} target="_blank" rel="noreferrer noopener">
                  {account.website.replace(/^https?:\/\//, "")}
                </a>
              ) : (
                "—"
              )}
            </dd>
            <dt>{f("industry")}</dt>
            <dd>{valueText("industry", account.industry) || "—"}</dd>
            <dt>{f("phone")}</dt>
            <dd>
              <PhoneLink value={account.phone} />
            </dd>
            <dt>{f("email")}</dt>
            <dd>{account.email ? <a href={`mailto:${account.email}`}>{account.email}</a> : "—"}</dd>
            <dt>{f("billingAddress")}</dt>
            <dd>{address || "—"}</dd>
            <dt>{f("owner")}</dt>
            <dd>
              <PersonName id={account.owner} />
            </dd>
            <dt>{f("updated")}</dt>
            <dd>{formatDateTime(i18n.language, account.updatedAt)}</dd>
          </dl>
        </section>
        <MoreFields collection="accounts" record={account} />
        <section className="card" aria-labelledby="contacts-title">
          <div className="card-head">
            <h2 id="contacts-title">{t("accounts.contacts")}</h2>
            <WriteLink
              href={`/contacts/new?account=${id}`}
              label={t("accounts.addContact")}
              canWrite={canWriteContacts}
              small
            />
          </div>
          {contacts && contacts.length === 0 && <p className="muted">{t("accounts.noContacts")}</p>}
          <ul className="plain-list">
            {contacts?.map((c) => (
              <li key={c.id}>
                <Link href={`/contacts/${c.id}`}>{contactName(c)}</Link>
                <span className="muted small">{[c.title, c.email].filter(Boolean).join(" · ")}</span>
              </li>
            ))}
          </ul>
        </section>
        <LinkedRecords accountId={id} data={linked} />
        <ActivityTimeline accountId={id} />
        <ConversationHistory accountId={id} />
        <NotesCard note={note} editable={canWrite} />
      </div>
    </article>
  );
}
