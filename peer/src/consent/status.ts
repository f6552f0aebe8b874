import type { ConsentMethod, EmailStatus } from "@crm/schema";
import type { WorkspacePeer } from "../peer.js";
import type { PeerRecord, RecordChange } from "../types.js";

/*
 * Every change of a contact's email subscription status leaves a `consents` record — whoever
 * made it. The peer's own paths (sign-up form, confirmation link, preference page, one-click
 * unsubscribe) write the consent themselves, *before* the contact (so it exists whenever the
 * change is seen). Everyone else — a person in the app, an import, a REST client — is covered by
 * this consumer: for each status change it queues a `consent.ensure` job a little later (a
 * browser's import writes its own consent records in a separate document, which may arrive just
 * after the contacts), and the job writes the consent unless the writer already did. The job is
 * keyed by the change's position in the feed and creates the record with an id derived from
 * itself, so a change gets exactly one consent across crashes.
 */

export const CONSENT_CONSUMER = "consent.status";
export const CONSENT_ENSURE_JOB = "consent.ensure";
/** A writer's own consent counts for a change when made this close to it. */
export const CONSENT_MATCH_WINDOW_MS = 10 * 60_000;

export interface StatusChange {
  contactId: string;
  from: EmailStatus;
  to: EmailStatus;
  at: number;
  actor: string;
}

const isStatus = (v: unknown): v is EmailStatus => typeof v === "string" && v !== "";

/** The status change a record change carries, if any (a contact created already opted in counts). */
export function statusChangeOf(change: RecordChange): StatusChange | undefined {
  // A deleted or erased contact's status is nobody's choice (erasure blanks it): no consent.
  if (
    change.collection !== "contacts" ||
    change.kind === "deleted" ||
    change.record.erasedAt ||
    change.record.deletedAt
  )
    return undefined;
  const f = change.fields.emailStatus;
  if (!f) return undefined;
  const to = f.new;
  const from = change.kind === "created" || f.old == null ? "none" : f.old;
  if (!isStatus(to) || !isStatus(from) || from === to) return undefined;
  return { contactId: change.id, from, to, at: change.at, actor: change.actor };
}

/** How a writer that did not say made the change: a token is a program, anyone else a person. */
export function methodOf(actor: string): ConsentMethod {
  return actor.startsWith("token:") ? "api" : "person";
}

/** The consents of one contact, newest first. */
export function consentsOf(peer: WorkspacePeer, contactId: string): PeerRecord[] {
  const page = peer.list("consents", {
    filters: [{ field: "contactId", op: "is", value: contactId }],
    sort: { field: "at", dir: "desc" },
    limit: 500,
  });
  return page.records.map((r) => JSON.parse(r) as PeerRecord);
}

export function hasConsentFor(peer: WorkspacePeer, s: StatusChange): boolean {
  return consentsOf(peer, s.contactId).some(
    (c) => c.toStatus === s.to && c.fromStatus === s.from && Math.abs(Number(c.at) - s.at) <= CONSENT_MATCH_WINDOW_MS,
  );
}

export function attachConsentEnforcement(peer: WorkspacePeer, options: { graceMs: number }): () => void {
  peer.runner.register(CONSENT_ENSURE_JOB, async (job, ctx) => {
    const s = job.payload as StatusChange;
    if (hasConsentFor(peer, s)) return { written: false };
    const contact = peer.get("contacts", s.contactId);
    const r = await ctx.createRecord("consents", {
      contactId: s.contactId,
      fromStatus: s.from,
      toStatus: s.to,
      at: s.at,
      method: methodOf(s.actor),
      wording: typeof contact?.emailConsentBasis === "string" ? contact.emailConsentBasis : "",
      source: s.actor,
    });
    if (!r.ok) throw new Error(`the consent record was refused: ${JSON.stringify(r.issues)}`);
    return { written: r.created, id: r.record.id };
  });
  return peer.feed.consume(
    CONSENT_CONSUMER,
    (changes) => {
      for (const change of changes) {
        const s = statusChangeOf(change);
        if (!s) continue;
        peer.jobs.enqueueNow({
          kind: CONSENT_ENSURE_JOB,
          key: `${CONSENT_ENSURE_JOB}:${change.seq}`,
          payload: s,
          runAt: Date.now() + options.graceMs,
        });
      }
    },
    { collections: ["contacts"] },
  );
}

export interface SetStatusInput {
  contactId: string;
  to: EmailStatus;
  method: ConsentMethod;
  wording?: string;
  source?: string;
  /** Other contact fields written with the status (topics, the consent basis). */
  fields?: Record<string, unknown>;
}

/**
 * The peer's own status change: the consent first, then the contact (see the header). Returns
 * false (writing nothing) when the contact is gone or already has that status and no fields change.
 */
export async function setEmailStatus(
  peer: WorkspacePeer,
  input: SetStatusInput,
  now = Date.now(),
): Promise<{ changed: boolean }> {
  const contact = peer.get("contacts", input.contactId);
  if (!contact || contact.deletedAt) return { changed: false };
  const from = (contact.emailStatus as EmailStatus | undefined) ?? "none";
  if (from !== input.to) {
    const consent = await peer.create(
      "consents",
      {
        contactId: input.contactId,
        fromStatus: from,
        toStatus: input.to,
        at: now,
        method: input.method,
        wording: input.wording ?? "",
        source: input.source ?? "",
      },
      { actor: "automation" },
    );
    if (!consent.ok) throw new Error(`the consent record was refused: ${JSON.stringify(consent.issues)}`);
  } else if (!input.fields) return { changed: false };
  const patch = await peer.patch(
    "contacts",
    input.contactId,
    { ...(input.fields ?? {}), ...(from !== input.to ? { emailStatus: input.to } : {}) },
    "automation",
  );
  if (!patch.ok) throw new Error(`the contact was refused: ${JSON.stringify(patch.issues)}`);
  return { changed: from !== input.to };
}
