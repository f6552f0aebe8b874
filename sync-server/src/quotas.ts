import { TooManyDocuments } from "./errors.js";

/*
 * Document quotas. A loaded document costs memory (its state, a room, awareness) and a document
 * that was written costs storage forever, so nobody may hold or create an unbounded number:
 *
 * - documents open on one connection (a mux socket joins one per name it sends),
 * - documents open by one principal (a person or a service token) across all their connections,
 * - documents a principal creates (writes the first row of) per hour. Record shards are bounded by
 *   the names themselves (parseDocName: a type's shard count); notes documents are one per record
 *   id, so only this bounds them; inbox documents are two per person, opened only by that person
 *   and by the automation peer (which opens one only while delivering to it: peer's
 *   sync/documents.ts), so they cost each principal two.
 *
 * The web app subscribes every record shard its role may read (353 for an owner), the workspace
 * settings, saved views and saved queries, the person's two inbox documents, plus the notes of the
 * record pages open: ~360 per tab.
 * The defaults leave room for several tabs and devices of one person and for scripts.
 */

export interface DocLimits {
  /** Documents one connection may have open at once. */
  perConnection: number;
  /** Documents one principal may have open at once, over all its connections. */
  perPrincipal: number;
  /** Documents one principal may create per hour. */
  newPerHour: number;
}

export const DEFAULT_DOC_LIMITS: DocLimits = { perConnection: 1000, perPrincipal: 4000, newPerHour: 2000 };

/** The environment variables of the limits (for messages and `--help`). */
export const DOC_LIMIT_ENV = {
  perConnection: "MAX_DOCS_PER_CONNECTION",
  perPrincipal: "MAX_DOCS_PER_PRINCIPAL",
  newPerHour: "MAX_NEW_DOCS_PER_HOUR",
} as const satisfies Record<keyof DocLimits, string>;

const HOUR_MS = 3600_000;

/** The open and created documents of every principal of one server. */
export class DocQuotas {
  private readonly open = new Map<string, number>();
  private readonly created = new Map<string, { since: number; count: number }>();

  constructor(
    readonly limits: DocLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * One more document is about to be opened by a connection that has `openOnConnection` open,
   * for `principal` (undefined without sign-in: only the connection's limit applies). Throws
   * `TooManyDocuments` naming the limit; otherwise counts it (undo with `closed`).
   */
  opening(principal: string | undefined, openOnConnection: number): void {
    const { perConnection, perPrincipal } = this.limits;
    if (openOnConnection >= perConnection)
      throw new TooManyDocuments(
        `this connection has ${openOnConnection} documents open: the limit ${DOC_LIMIT_ENV.perConnection} (${perConnection}) is reached; unsubscribe from some first`,
      );
    if (principal === undefined) return;
    const open = this.open.get(principal) ?? 0;
    if (open >= perPrincipal)
      throw new TooManyDocuments(
        `you have ${open} documents open over all your connections: the limit ${DOC_LIMIT_ENV.perPrincipal} (${perPrincipal}) is reached; close some tabs first`,
      );
    this.open.set(principal, open + 1);
  }

  /** A document counted by `opening` was left. */
  closed(principal: string | undefined): void {
    if (principal === undefined) return;
    const open = (this.open.get(principal) ?? 0) - 1;
    if (open > 0) this.open.set(principal, open);
    else this.open.delete(principal);
  }

  /** `principal` writes the first row of a document: counts it, or throws when the hour's quota is used. */
  creating(principal: string | undefined): void {
    if (principal === undefined) return;
    const now = this.now();
    let window = this.created.get(principal);
    if (!window || now - window.since >= HOUR_MS) {
      window = { since: now, count: 0 };
      this.created.set(principal, window);
    }
    const limit = this.limits.newPerHour;
    if (window.count >= limit) {
      const minutes = Math.max(1, Math.ceil((window.since + HOUR_MS - now) / 60_000));
      throw new TooManyDocuments(
        `you created ${window.count} new documents within an hour: the limit ${DOC_LIMIT_ENV.newPerHour} (${limit}) is reached; try again in ${minutes} min`,
      );
    }
    window.count++;
  }

  /** Documents `principal` has open now (for tests and diagnostics). */
  openBy(principal: string): number {
    return this.open.get(principal) ?? 0;
  }
}
