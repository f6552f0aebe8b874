import { contactName } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { ExportActions } from "../data/ExportActions.js";
import type { KeyIn } from "../i18n/keys.js";
import type { ContactRow } from "../local/db.js";
import { ListPage } from "../ui/ListPage.js";
import { usePhoneText } from "../ui/Phone.js";
import { AccountName } from "./AccountName.js";

export function ContactsList() {
  const { t } = useTranslation();
  const phone = usePhoneText();
  const f = (k: KeyIn<"contacts.fields">) => t(`contacts.fields.${k}`);
  return (
    <ListPage<ContactRow>
      collection="contacts"
      actions={<ExportActions collection="contacts" />}
      prefix="contacts"
      title={(c) => contactName(c)}
      columns={[
        { key: "name", header: f("name"), cell: (c) => contactName(c), sortField: "lastName" },
        { key: "title", header: f("title"), cell: (c) => c.title || "—" },
        { key: "account", header: f("accountId"), cell: (c) => <AccountName id={c.accountId} /> },
        { key: "email", header: f("email"), cell: (c) => c.email, className: "hide-narrow" },
        { key: "phone", header: f("phone"), cell: (c) => phone(c.phone), className: "hide-narrow" },
      ]}
    />
  );
}
