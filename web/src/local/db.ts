import type {
  Account,
  Activity,
  AnswerArticle,
  Case,
  CaseMessage,
  CollectionName,
  Consent,
  Contact,
  Lead,
  Opportunity,
  Order,
  Product,
  Quote,
  Segment,
  StoredRecord,
  SurveyResponse,
} from "@crm/schema";
import Dexie, { type Table } from "dexie";

/*
 * The local database, one per workspace. Dexie holds everything; y-indexeddb is not used:
 * the Yjs update log lives in `updates` so that a shard's update and the projection rows it
 * changes are written in ONE IndexedDB transaction (the list can never show a record whose
 * update was lost, or lose a row whose update was kept), and so that compaction is ours to time.
 */

/** A record as the lists read it: the migrated record plus its index keys. */
export type Row<R> = R & StoredRecord & { sortKey: string; terms: string[] };
export type AccountRow = Row<Account>;
export type ContactRow = Row<Contact>;

export interface UpdateRow {
  id?: number;
  doc: string;
  data: Uint8Array;
}

/** Per-document sync bookkeeping that must survive a reload. */
export interface DocStateRow {
  name: string;
  /** True while this device holds changes to the document the server has not acknowledged. */
  dirty: boolean;
  /**
   * The document's encoded state vector, kept with every stored update, so the sync handshake can
   * run without decoding the document (see sync/client.ts, "cold" documents).
   */
  sv?: Uint8Array;
}

export interface PrefRow {
  key: string;
  value: unknown;
}

export class CrmDatabase extends Dexie {
  updates!: Table<UpdateRow, number>;
  accounts!: Table<AccountRow, string>;
  contacts!: Table<ContactRow, string>;
  leads!: Table<Row<Lead>, string>;
  opportunities!: Table<Row<Opportunity>, string>;
  products!: Table<Row<Product>, string>;
  quotes!: Table<Row<Quote>, string>;
  orders!: Table<Row<Order>, string>;
  cases!: Table<Row<Case>, string>;
  activities!: Table<Row<Activity>, string>;
  surveyResponses!: Table<Row<SurveyResponse>, string>;
  caseMessages!: Table<Row<CaseMessage>, string>;
  answerArticles!: Table<Row<AnswerArticle>, string>;
  consents!: Table<Row<Consent>, string>;
  segments!: Table<Row<Segment>, string>;
  docState!: Table<DocStateRow, string>;
  prefs!: Table<PrefRow, string>;

  constructor(name: string, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      updates: "++id, doc",
      accounts: "id, sortKey, *terms",
      contacts: "id, sortKey, *terms, accountId",
      docState: "name",
      prefs: "key",
    });
    // Issue 4's record types. Few indexes: every index slows the bulk writes of an import or the
    // demo (DESIGN.md: 250k indexed orders take ~50 s), so only what lists and links query.
    this.version(2).stores({
      leads: "id, sortKey, *terms",
      opportunities: "id, sortKey, *terms, accountId",
      products: "id, sortKey, *terms",
      quotes: "id, sortKey, *terms, accountId",
      orders: "id, sortKey, *terms, accountId",
      cases: "id, sortKey, *terms, accountId",
      activities: "id, sortKey, *terms, accountId",
      surveyResponses: "id, sortKey, accountId",
    } satisfies Record<
      Exclude<CollectionName, "accounts" | "contacts" | "caseMessages" | "answerArticles" | "consents" | "segments">,
      string
    >);
    // A contact's, deal's, lead's or case's own activities (their timelines), one indexed read.
    this.version(3).stores({ activities: "id, sortKey, *terms, accountId, relatedId" });
    // A case's conversation (mail, chat, notes), read by case; sortKey is the time.
    this.version(4).stores({ caseMessages: "id, sortKey, caseId" });
    // The chat widget's answer articles (Settings → Answers), in question order; marketing: each
    // contact's consent history (read by contact) and the segments.
    this.version(5).stores({
      answerArticles: "id, sortKey, *terms",
      consents: "id, sortKey, contactId",
      segments: "id, sortKey, *terms",
    });
    // Another tab deletes this database (device data removal): close for good. Dexie's own
    // handler would reopen on the next query and so re-create the database, empty.
    this.on("versionchange", (event) => {
      if (!event.newVersion) this.close({ disableAutoOpen: true });
    });
  }
}

export function databaseName(workspace: string): string {
  return `crm-${workspace}`;
}
