import { contactName } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { ActivityTimeline } from "../activities/Timeline.js";
import { HistoryLink } from "../data/HistoryPage.js";
import { MoreFields } from "../fields/MoreFields.js";
import type { KeyIn } from "../i18n/keys.js";
import { ConversationHistory } from "../inbox/ConversationHistory.js";
import { ConsentHistory } from "../marketing/ConsentHistory.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { DeleteButton } from "../ui/DeleteButton.js";
import { WriteLink } from "../ui/EditLink.js";
import { NotFound } from "../ui/NotFound.js";
import { PhoneLink } from "../ui/Phone.js";
import { AccountName } from "./AccountName.js";
import { PrivacyActions } from "./PrivacyActions.js";

export function ContactPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { db, store } = useRuntime();
  const [, navigate] = useLocation();
  const canWrite = useCanWrite("contacts");
  const contact = useLiveQuery(() => db.contacts.get(id).then((r) => r ?? null), [db, id]);
  if (contact === undefined) return null;
  if (contact === null) return <NotFound back="/contacts" />;
  const f = (k: KeyIn<"contacts.fields">) => t(`contacts.fields.${k}`);
  return (
    <article className="page record-page" aria-labelledby="record-title">
      <nav className="crumbs" aria-label="breadcrumb">
        <Link href="/contacts">{t("contacts.title")}</Link>
      </nav>
      <header className="record-head">
        <h1 id="record-title">{contactName(contact)}</h1>
        {contact.title && <span className="muted">{contact.title}</span>}
        <div className="grow" />
        <HistoryLink collection="contacts" id={id} />
        <WriteLink href={`/contacts/${id}/edit`} label={t("common.edit")} canWrite={canWrite} />
        <DeleteButton
          disabled={!canWrite}
          onConfirm={async () => {
            await store.remove("contacts", id);
            navigate("/contacts", { replace: true });
          }}
        />
      </header>
      <section className="card narrow" aria-labelledby="details-title">
        <h2 id="details-title">{t("accounts.details")}</h2>
        <dl className="details">
          <dt>{f("accountId")}</dt>
          <dd>
            <AccountName id={contact.accountId} link />
          </dd>
          <dt>{f("email")}</dt>
          <dd>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : "—"}</dd>
          <dt>{f("phone")}</dt>
          <dd>
            <PhoneLink value={contact.phone} />
          </dd>
          <dt>{f("title")}</dt>
          <dd>{contact.title || "—"}</dd>
        </dl>
      </section>
      <MoreFields collection="contacts" record={contact} />
      <ConsentHistory contactId={id} status={contact.emailStatus} />
      <ActivityTimeline accountId={contact.accountId} about={{ type: "contact", id }} />
      <ConversationHistory accountId={contact.accountId} contactId={id} />
      <PrivacyActions contactId={id} name={contactName(contact)} />
    </article>
  );
}
