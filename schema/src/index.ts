export * from "./access.js";
export * from "./demo.js";
export * from "./docs.js";
export * from "./fields.js";
export * from "./ids.js";
export * from "./record.js";
export * from "./records/account.js";
export * from "./records/contact.js";
export * from "./yrecords.js";

import { AccountType } from "./records/account.js";
import { ContactType } from "./records/contact.js";

/** Every record type, by collection name. */
export const recordTypes = { accounts: AccountType, contacts: ContactType } as const;
export type CollectionName = keyof typeof recordTypes;
