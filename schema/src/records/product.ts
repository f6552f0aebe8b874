import { z } from "zod";
import { requiredText, text } from "../fields.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { bool, money } from "../scalars.js";
import { searchWords } from "./account.js";

// A Product is an entry in the price book: what quotes and orders are made of.

export interface Product extends BaseRecord {
  name: string;
  /** Stock-keeping unit: unique among live products (imports check it; see `unique`). */
  sku: string;
  unitPrice: number;
  /** What one unit costs us; 0 when unknown. Lets analytics compute gross margin. */
  cost: number;
  /** Inactive products stay on old quotes and orders but are not offered for new ones. */
  active: boolean;
  description: string;
}

export const productInput = z.object({
  name: requiredText(200),
  sku: requiredText(64).transform((s) => s.toUpperCase()),
  unitPrice: money(),
  cost: money(),
  active: bool(true),
  description: text(2000).default(""),
});
export type ProductInput = z.input<typeof productInput>;

export const ProductType = defineRecordType<Product, typeof productInput>({
  typeName: "product",
  collection: "products",
  // A price book holds hundreds to a few thousand products: one document.
  shards: 1,
  migrations: [],
  input: productInput,
  defaults: () => ({ name: "", sku: "", unitPrice: 0, cost: 0, active: true, description: "" }),
  searchTerms: (p) => searchWords(p.name, p.sku),
  sortKey: (p) => p.name.toLocaleLowerCase(),
  unique: ["sku"],
});
