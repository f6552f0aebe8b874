import { parseDocName } from "./docs.js";

/*
 * Who may read and write what, per workspace role — decided from a document's name alone, so the
 * server can refuse before it sends a byte and the web app can hide what it could not open.
 *
 * - Rights are per record type (by collection name). A record type's notes documents follow the
 *   rights of the type they belong to: notes of a case are readable by whoever may read cases.
 * - Roles are ordered by what they may do to the workspace itself (members, invites, tokens, the
 *   audit log): owner > admin > editor/support > viewer. `support` shows a role whose data rights
 *   are narrower than an editor's: it serves customers (cases, activities, satisfaction, contacts)
 *   and never opens the sales pipeline (opportunities, quotes).
 * - `automation` is no person's role: it is the automation peer's (a service identity of the server,
 *   `@crm/peer`), which reads every collection and writes records exactly as an editor may, and
 *   never administers anything. A role of its own, so later kinds of documents can grant the
 *   automation what no person gets (or withhold it) without touching the people's roles. It is
 *   not in `roles`: members, invites and the token API/CLI cannot give it.
 * - A person's inbox (docs.ts: `inbox/person/<userId>`, `inbox/read/<userId>`) is no collection:
 *   its rights follow from WHO asks, not from the role. Its person reads the notifications and
 *   writes what they read or dismissed; the automation peer writes both (it delivers and prunes);
 *   nobody else — not an owner, not a service token — opens either. So `docRights` takes the
 *   asker's user id besides the role.
 * - Anything not listed here — an unknown collection, a future document kind — is refused.
 */

/** The roles people (and the tokens they mint) can have, most rights first. */
export const roles = ["owner", "admin", "editor", "support", "viewer"] as const;
export type MemberRole = (typeof roles)[number];
/** The automation peer's service identity (see above). */
export const AUTOMATION_ROLE = "automation";
export type Role = MemberRole | typeof AUTOMATION_ROLE;

/** The record collections a workspace holds (including types whose screens come later). */
export const collections = [
  "accounts",
  "contacts",
  "leads",
  "opportunities",
  "products",
  "quotes",
  "orders",
  "cases",
  "activities",
  "surveyResponses",
  /** A case's conversation: customers' mail and chat, agents' replies, internal notes. */
  "caseMessages",
  /** Ready answers the chat widget offers visitors (peer/src/chat). */
  "answerArticles",
  /** Marketing consent: one record per change of a contact's email subscription status. */
  "consents",
  /** Marketing segments: named live sets of contacts. */
  "segments",
  /** The SQL console's saved queries: one co-edited document per workspace (notes kind). */
  "savedQueries",
  /** Saved list views (filters, sort, group) shared with the team: one document per workspace. */
  "savedViews",
  /** Workspace settings (currency, pipeline stages, SLA targets, lead scoring): admins write. */
  "settings",
] as const;
export type Collection = (typeof collections)[number];

/** A record type's name (as in note document names) → its collection. */
const collectionOfType: Record<string, Collection> = {
  account: "accounts",
  contact: "contacts",
  lead: "leads",
  opportunity: "opportunities",
  product: "products",
  quote: "quotes",
  order: "orders",
  case: "cases",
  activity: "activities",
  surveyResponse: "surveyResponses",
  caseMessage: "caseMessages",
  answerArticle: "answerArticles",
  consent: "consents",
  segment: "segments",
  savedQuery: "savedQueries",
  savedView: "savedViews",
};

type Rights = { read: ReadonlySet<Collection>; write: ReadonlySet<Collection> };

const all = new Set<Collection>(collections);
const except = (...excluded: Collection[]) => new Set(collections.filter((c) => !excluded.includes(c)));
/** What people who do not administer the workspace may change: everything but its settings. */
const data = except("settings");

export const roleRights: Record<Role, Rights> = {
  owner: { read: all, write: all },
  admin: { read: all, write: all },
  editor: { read: all, write: data },
  support: {
    read: except("opportunities", "quotes"),
    write: new Set<Collection>([
      "contacts",
      // A contact's status change writes a consent (the peer writes it if the editor does not).
      "consents",
      "cases",
      "caseMessages",
      "answerArticles",
      "activities",
      "surveyResponses",
      "savedQueries",
      "savedViews",
    ]),
  },
  viewer: { read: all, write: new Set() },
  automation: { read: all, write: data },
};

/** A member's role (what `roles` lists; never `automation`). */
export function isRole(value: unknown): value is MemberRole {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

/** May this role manage members, invites, service tokens and read the audit log? */
export function canAdminister(role: Role): boolean {
  return role === "owner" || role === "admin";
}

/** May `by` give `target` to someone (or take it away)? Only an owner makes or unmakes owners. */
export function canAssignRole(by: Role, target: Role): boolean {
  if (by === "owner") return true;
  return by === "admin" && target !== "owner";
}

export type DocAccess = { workspace: string; collection: Collection } | null;

/**
 * The workspace and collection a document belongs to, or null if no role may open it by its role
 * alone (a person's inbox is no collection: `docRights` decides it by who asks).
 */
export function docAccess(docName: string): DocAccess {
  const parsed = parseDocName(docName);
  if (!parsed || parsed.kind === "inbox") return null;
  const collection =
    parsed.kind === "settings"
      ? "settings"
      : parsed.kind === "records"
        ? (collections as readonly string[]).includes(parsed.collection) && parsed.collection !== "settings"
          ? (parsed.collection as Collection)
          : undefined
        : collectionOfType[parsed.typeName];
  return collection ? { workspace: parsed.workspace, collection } : null;
}

export function canReadCollection(role: Role, collection: Collection): boolean {
  return roleRights[role].read.has(collection);
}

export function canWriteCollection(role: Role, collection: Collection): boolean {
  return roleRights[role].write.has(collection);
}

/**
 * What `role` (in the document's workspace) may do with a document: nothing, read, or read and
 * write. `userId`: the person asking (a session's user; none for service tokens) — a person's own
 * inbox documents are theirs whatever their role.
 */
export function docRights(role: Role, docName: string, userId?: string): "none" | "read" | "write" {
  const parsed = parseDocName(docName);
  if (parsed?.kind === "inbox") {
    if (role === AUTOMATION_ROLE) return "write";
    if (userId === undefined || userId !== parsed.userId) return "none";
    return parsed.box === "read" ? "write" : "read";
  }
  const access = docAccess(docName);
  if (!access || !canReadCollection(role, access.collection)) return "none";
  return canWriteCollection(role, access.collection) ? "write" : "read";
}

/** The workspace's saved SQL queries (title and SQL co-edited): `<workspace>/notes/savedQuery/all`. */
export function savedQueriesDocName(workspace: string): string {
  return `${workspace}/notes/savedQuery/all`;
}

/** The workspace's saved list views (web/src/views): `<workspace>/notes/savedView/all`. */
export function savedViewsDocName(workspace: string): string {
  return `${workspace}/notes/savedView/all`;
}
