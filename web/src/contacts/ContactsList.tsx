import { contactName } from "@crm/schema";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
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
      actions={<ExportActions collection="contacts" />}
      prefix="contacts"
      title={(c) => contactName(c)}
      columns={columns}
    />
  );
}
