import { type CollectionName, snakeCase, sqlColumnsOf } from "@crm/schema";
import { describe, expect, it } from "vitest";
import {
  accountsTable,
  activitiesTable,
  casesTable,
  contactsTable,
  leadsTable,
  opportunitiesTable,
  ordersTable,
  productsTable,
  quotesTable,
  surveyResponsesTable,
} from "./specs.js";
import type { TableSpec } from "./tables.js";

/*
 * schema's field descriptors say what each field's analytics column is (name and type). The
 * tables here are still written by hand; until they are generated from the descriptors, every
 * column a table has must be the one its field's descriptor names.
 */
const tables: Record<CollectionName, TableSpec<never>> = {
  accounts: accountsTable,
  contacts: contactsTable,
  leads: leadsTable,
  opportunities: opportunitiesTable,
  products: productsTable,
  quotes: quotesTable,
  orders: ordersTable,
  cases: casesTable,
  activities: activitiesTable,
  surveyResponses: surveyResponsesTable,
};

describe("analytics tables and the field descriptors", () => {
  it("name and type every record column as the field's descriptor does", () => {
    for (const [collection, table] of Object.entries(tables) as [CollectionName, TableSpec<never>][]) {
      expect(table.name, collection).toBe(snakeCase(collection));
      const described = new Map(sqlColumnsOf(collection).map((c) => [c.column, c.type]));
      for (const column of table.columns)
        expect(`${column.name} ${described.get(column.name)}`, collection).toBe(`${column.name} ${column.type}`);
    }
  });
});
