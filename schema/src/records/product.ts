import { defineFields, field, type RecordInput } from "../descriptors/spec.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { searchWords } from "./account.js";
import { commonAliases } from "./aliases.js";

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

export const productFields = defineFields<Product>({
  name: field.text(
    { en: "Name", zh: "名称" },
    {
      required: true,
      defaultColumn: true,
      aliases: { en: ["name", "product", "product name"], zh: ["产品", "产品名称", "名称"] },
    },
  ),
  sku: field.text(
    { en: "SKU", zh: "SKU" },
    {
      required: true,
      maxLength: 64,
      upperCase: true,
      unique: true,
      defaultColumn: true,
      aliases: { en: ["sku", "product code", "item code", "code"], zh: ["货号", "产品编码", "编码"] },
    },
  ),
  unitPrice: field.money(
    { en: "Unit price", zh: "单价" },
    { defaultColumn: true, aliases: { en: ["unit price", "price", "list price"], zh: ["单价", "价格"] } },
  ),
  cost: field.money({ en: "Cost", zh: "成本" }, { aliases: { en: ["cost", "unit cost"], zh: ["成本"] } }),
  active: field.boolean(
    { en: "Active", zh: "在售" },
    { default: true, defaultColumn: true, aliases: { en: ["active", "enabled"], zh: ["启用", "有效"] } },
  ),
  description: field.longText({ en: "Description", zh: "描述" }, { aliases: commonAliases.description }),
});

export const ProductType = defineRecordType<Product>({
  typeName: "product",
  collection: "products",
  // A price book holds hundreds to a few thousand products: one document.
  shards: 1,
  migrations: [],
  fields: productFields,
  searchTerms: (p) => searchWords(p.name, p.sku),
  sortKey: (p) => p.name.toLocaleLowerCase(),
});

/** The built-in fields' validator (`ProductType.validate` adds the workspace's custom fields). */
export const productInput = ProductType.input;
export type ProductInput = RecordInput<Product>;
