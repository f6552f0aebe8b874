import type { Activity, Contact, Lead, Quote } from "@crm/schema";
import type { DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, at, fixture, orders } from "../test-support/fixture.js";
import { openWasm, wasmRows } from "../test-support/wasm.js";
import { allTables, loadTable, loadWorkspace } from "./load.js";
import { lineTotal, recordTable } from "./specs.js";
import { LoadError, type Loose, parseIsoDate } from "./tables.js";

// Every table of the record contract, loaded from records through the Arrow loader into
// duckdb-wasm: the SQL schema, the value rules (references, dates, flags, whole numbers),
// soft-deleted records, and bad values, which stop the load with the record and field named.

type ContactLike = Loose<Contact>;
type LeadLike = Loose<Lead>;
type QuoteLike = Loose<Omit<Quote, "lines">> & { lines?: readonly object[] };
type ActivityLike = Loose<Activity>;
const accountsTable = recordTable("accounts");
const opportunitiesTable = recordTable("opportunities");
const ordersTable = recordTable("orders");
const surveyResponsesTable = recordTable("surveyResponses");

const contacts: ContactLike[] = [
  {
    id: "c1",
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@acme.example",
    phone: "",
    title: "CTO",
    accountId: "A",
    createdAt: at("2024-01-01"),
    createdBy: "u1",
    updatedAt: at("2024-01-02"),
    updatedBy: "u1",
  },
  { id: "c2", lastName: "Nobody", accountId: "" },
];

const leads: LeadLike[] = [
  {
    id: "l1",
    firstName: "Grace",
    lastName: "Hopper",
    company: "Navy",
    source: "referral",
    status: "qualified",
    score: 72.5,
    convertedAt: at("2024-03-01"),
    convertedAccountId: "A",
    convertedContactId: "c1",
    convertedOpportunityId: "",
  },
];

const quotes: QuoteLike[] = [
  {
    id: "q1",
    number: "Q-00001",
    accountId: "A",
    opportunityId: "O1",
    contactId: "",
    status: "accepted",
    validUntil: "2024-02-29",
    orderId: "A1",
    lines: [
      { id: "x", productId: "P1", description: "Widget", quantity: 3, unitPrice: 10, discountPct: 10, taxPct: 20 },
      { id: "y", productId: "", description: "Setup", quantity: 1, unitPrice: 99 },
    ],
  },
  { id: "q2", number: "Q-00002", accountId: "B", status: "draft", validUntil: "", lines: [] },
  { id: "q3", number: "Q-00003", accountId: "B", deletedAt: at("2024-01-01"), lines: [{ id: "z", quantity: 1 }] },
];

const activities: ActivityLike[] = [
  {
    id: "t1",
    kind: "task",
    subject: "Call back",
    dueAt: at("2024-05-01"),
    done: false,
    doneAt: null,
    relatedType: "case",
    relatedId: "K1",
    accountId: "A",
  },
  {
    id: "t2",
    kind: "call",
    subject: "Intro",
    done: true,
    doneAt: at("2024-04-02"),
    relatedType: "",
    relatedId: "",
    accountId: "",
  },
];

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await openWasm();
  await loadWorkspace(conn, { ...fixture, contacts, leads, quotes, activities });
});
afterAll(() => conn?.close());

const rows = (sql: string) => wasmRows(conn, sql).rows;

describe("the tables", () => {
  it("are the fourteen of the contract, each with its declared SQL schema", () => {
    expect(allTables.map((t) => t.name)).toEqual(
      "accounts contacts leads opportunities products quotes quote_lines orders order_lines cases activities survey_responses case_messages answer_articles consents".split(
        " ",
      ),
    );
    for (const spec of allTables) {
      const described = rows(`SELECT column_name, column_type FROM (DESCRIBE ${spec.name})`);
      expect(described, spec.name).toEqual(spec.columns.map((c) => [c.name, c.type]));
    }
  });

  it("hold the issue's minimum columns with the issue's types", () => {
    const has = (table: string, cols: Record<string, string>) => {
      const described = Object.fromEntries(rows(`SELECT column_name, column_type FROM (DESCRIBE ${table})`));
      for (const [name, type] of Object.entries(cols)) expect(described[name], `${table}.${name}`).toBe(type);
    };
    has("accounts", {
      id: "VARCHAR",
      name: "VARCHAR",
      industry: "VARCHAR",
      status: "VARCHAR",
      created_at: "TIMESTAMP",
      churned_at: "TIMESTAMP",
    });
    has("orders", {
      id: "VARCHAR",
      account_id: "VARCHAR",
      status: "VARCHAR",
      ordered_at: "TIMESTAMP",
      total: "DOUBLE",
    });
    has("case_messages", {
      id: "VARCHAR",
      case_id: "VARCHAR",
      direction: "VARCHAR",
      channel: "VARCHAR",
      from_address: "VARCHAR",
      subject: "VARCHAR",
      sent_at: "TIMESTAMP",
      answer_article_id: "VARCHAR",
    });
    has("answer_articles", { id: "VARCHAR", question: "VARCHAR", keywords: "VARCHAR", language: "VARCHAR" });
    has("cases", {
      id: "VARCHAR",
      account_id: "VARCHAR",
      status: "VARCHAR",
      priority: "VARCHAR",
      channel: "VARCHAR",
      opened_at: "TIMESTAMP",
      closed_at: "TIMESTAMP",
    });
    has("survey_responses", {
      id: "VARCHAR",
      account_id: "VARCHAR",
      case_id: "VARCHAR",
      kind: "VARCHAR",
      score: "INTEGER",
      channel: "VARCHAR",
      responded_at: "TIMESTAMP",
    });
    has("opportunities", {
      id: "VARCHAR",
      account_id: "VARCHAR",
      stage: "VARCHAR",
      amount: "DOUBLE",
      probability: "DOUBLE",
      close_date: "DATE",
    });
  });

  it("leave soft-deleted records (and the lines of deleted quotes and orders) out", () => {
    expect(rows("SELECT count(*) FROM orders WHERE id = 'A5'")).toEqual([[0]]);
    expect(rows("SELECT count(*) FROM order_lines WHERE order_id = 'A5'")).toEqual([[0]]);
    expect(rows("SELECT string_agg(id, ' ' ORDER BY id) FROM quotes")).toEqual([["q1 q2"]]);
    expect(rows("SELECT count(*) FROM survey_responses")).toEqual([[fixture.surveyResponses!.length - 1]]);
  });

  it('turn references of "" into NULL, dates into DATE, flags into BOOLEAN', () => {
    expect(rows("SELECT id, account_id FROM contacts ORDER BY id")).toEqual([
      ["c1", "A"],
      ["c2", null],
    ]);
    expect(rows("SELECT converted_account_id, converted_opportunity_id, converted_at, score FROM leads")).toEqual([
      ["A", null, "2024-03-01 12:00:00", 72.5],
    ]);
    expect(rows("SELECT id, valid_until, order_id FROM quotes ORDER BY id")).toEqual([
      ["q1", "2024-02-29", "A1"],
      ["q2", null, null],
    ]);
    expect(rows("SELECT id, done, related_id, account_id FROM activities ORDER BY id")).toEqual([
      ["t1", false, "K1", "A"],
      ["t2", true, null, null],
    ]);
    expect(rows("SELECT id, close_date FROM opportunities WHERE id IN ('O1', 'O8') ORDER BY id")).toEqual([
      ["O1", "2024-07-15"],
      ["O8", null],
    ]);
  });

  it("spread quote and order lines into rows with their position and line total", () => {
    // 3 × 10 = 30, less 10 % = 27, plus 20 % tax = 32.4; the second line has no discount or tax.
    expect(rows("SELECT * FROM quote_lines ORDER BY line_no")).toEqual([
      ["q1", 1, "P1", "Widget", 3, 10, 10, 20, 32.4],
      ["q1", 2, null, "Setup", 1, 99, null, null, 99],
    ]);
    expect(rows("SELECT count(*), sum(line_total) FROM order_lines WHERE order_id = 'A3'")).toEqual([[2, 300]]);
  });

  it("record when an account churned: churnedAt, else its last update; NULL unless churned", async () => {
    expect(rows("SELECT id, churned_at FROM accounts WHERE churned_at IS NOT NULL ORDER BY id")).toEqual([
      ["C", "2024-03-15 12:00:00"],
      ["F", "2024-02-01 12:00:00"],
    ]);
    const scratch = await openWasm();
    try {
      await loadTable(scratch, accountsTable, [
        // An older record without churnedAt: the status changed at its last update.
        { id: "old", name: "Old", status: "churned", updatedAt: at("2024-05-05") },
        // Churned once, customer again: no churn date.
        { id: "back", name: "Back", status: "customer", churnedAt: at("2024-01-01") },
      ]);
      expect(wasmRows(scratch, "SELECT id, churned_at FROM accounts ORDER BY id").rows).toEqual([
        ["back", null],
        ["old", "2024-05-05 12:00:00"],
      ]);
    } finally {
      scratch.close();
    }
  });
});

describe("bad values", () => {
  it("stop the load with the table, the record and the field named, leaving the old table", async () => {
    const before = rows("SELECT count(*) FROM orders");
    const bad = [...orders.slice(0, 2), { ...orders[2]!, total: "12,50" as unknown as number }];
    await expect(loadTable(conn, ordersTable, bad)).rejects.toThrow(
      'orders: record A3: total: expected a number, got "12,50"',
    );
    expect(rows("SELECT count(*) FROM orders")).toEqual(before);
  });

  it("name the field for dates, whole numbers, flags, text and lines", async () => {
    const fail = (p: Promise<void>) =>
      p.then(
        () => "loaded",
        (e: Error) => `${e.name}: ${e.message}`,
      );
    expect(await fail(loadTable(conn, opportunitiesTable, [{ id: "o", closeDate: "2024-02-30" }]))).toBe(
      'LoadError: opportunities: record o: closeDate: expected a date as YYYY-MM-DD, got "2024-02-30"',
    );
    expect(await fail(loadTable(conn, surveyResponsesTable, [{ id: "s", kind: "nps", score: 8.5 }]))).toBe(
      "LoadError: survey_responses: record s: score: expected a whole number, got 8.5",
    );
    expect(await fail(loadWorkspace(conn, { products: [{ id: "p", active: "yes" as unknown as boolean }] }))).toBe(
      'LoadError: products: record p: active: expected true or false, got "yes"',
    );
    expect(await fail(loadTable(conn, accountsTable, [{ id: "a", name: { first: "x" } as unknown as string }]))).toBe(
      "LoadError: accounts: record a: name: expected text, got object",
    );
    expect(await fail(loadWorkspace(conn, { orders: [{ id: "o9", lines: { id: "x" } as never }] }))).toBe(
      "LoadError: orders: record o9: lines: expected a list of lines",
    );
    expect(
      await fail(
        loadWorkspace(conn, { orders: [{ id: "o9", lines: [{ id: "x", quantity: 1, unitPrice: Number.NaN }] }] }),
      ),
    ).toBe("LoadError: order_lines: record o9 line 1: unitPrice: expected a number, got NaN");
    // A record without an id is named by its position.
    await expect(
      loadTable(conn, opportunitiesTable, [{ id: "ok" }, { amount: Number.POSITIVE_INFINITY }]),
    ).rejects.toThrow(LoadError);
    await expect(
      loadTable(conn, opportunitiesTable, [{ id: "ok" }, { amount: Number.POSITIVE_INFINITY }]),
    ).rejects.toThrow("opportunities: record #2: amount: expected a number, got Infinity");
  });

  it("dates: only real calendar days in YYYY-MM-DD", () => {
    expect(parseIsoDate("2024-02-29")).toBe(Date.UTC(2024, 1, 29));
    for (const bad of ["2023-02-29", "2024-13-01", "2024-1-05", "05/01/2024", "2024-01-01T00:00"]) {
      expect(parseIsoDate(bad), bad).toBeNull();
    }
  });

  it("a line total needs a quantity and a price", () => {
    expect(lineTotal({ quantity: 2, unitPrice: 50, discountPct: 50, taxPct: 10 })).toBeCloseTo(55, 12);
    expect(lineTotal({ quantity: 2 })).toBeNull();
  });
});

// The fixture's own accounts load unchanged when reloaded from the same records.
describe("reloading", () => {
  it("replaces a table in place", async () => {
    await loadTable(conn, accountsTable, accounts.slice(0, 2));
    expect(rows("SELECT count(*) FROM accounts")).toEqual([[2]]);
    await loadTable(conn, accountsTable, accounts);
    expect(rows("SELECT count(*) FROM accounts")).toEqual([[accounts.length]]);
  });
});
