import { contactName } from "@crm/schema";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { ExportActions } from "../data/ExportActions.js";
import type { ContactRow } from "../local/db.js";
import { ListPage } from "../ui/ListPage.js";
import type { ListColumnsSpec } from "../views/useListColumns.js";

export function ContactsList() {
  const { t } = useTranslation();
  const header = t("contacts.fields.name");
  // The title column is the full name; a click on its header sorts by last name.
  const columns = useMemo<ListColumnsSpec<ContactRow>>(
    () => ({ titleHeader: header, titleSort: "lastName" }),
    [header],
  );
  return (
    <ListPage<ContactRow>
      collection="contacts"
      actions={
        <>
          {/* Marketing lives with the contacts it is about: the top bar has no room for a section. */}
          <Link href="/marketing/segments" className="button">
            {t("marketing.segments")}
          </Link>
          <ExportActions collection="contacts" />
        </>
      }
      prefix="contacts"
      title={(c) => contactName(c)}
      columns={columns}
    />
  );
}
