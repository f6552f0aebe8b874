import type Database from "better-sqlite3";
import { publicBase } from "./routes.js";
import { ConsentKeys } from "./tokens.js";

/*
 * What the campaign sender puts in each message: the recipient's List-Unsubscribe URLs (RFC 2369
 * / 8058: an https URL for the one-click POST, and a mailto) and the visible preference link.
 * Pass them to `MailInput.listUnsubscribe`; the mail subsystem writes the headers (and
 * List-Unsubscribe-Post) inside the DKIM signature.
 */

export interface RecipientLinks {
  /** One-click POST target (List-Unsubscribe https). */
  url: string;
  /** List-Unsubscribe mailto (to the unsubscribe mailbox, the token in the subject). */
  mailto: string;
  /** The preference page for the visible link in the body. */
  preferences: string;
}

let keysFor = new WeakMap<Database.Database, ConsentKeys>();

/** Test helper: forget cached keys (a test that swaps databases). */
export function resetLinkKeys(): void {
  keysFor = new WeakMap();
}

export function recipientLinks(
  shared: Database.Database,
  o: { origin: string; workspace: string; contactId: string; unsubscribeMailbox: string },
): RecipientLinks {
  let keys = keysFor.get(shared);
  if (!keys) {
    keys = new ConsentKeys(shared);
    keysFor.set(shared, keys);
  }
  const token = keys.recipient(o.workspace, o.contactId);
  const base = `${new URL(o.origin).origin}${publicBase(o.workspace)}`;
  return {
    url: `${base}/unsubscribe?token=${token}`,
    mailto: `mailto:${o.unsubscribeMailbox}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`,
    preferences: `${base}/preferences?token=${token}`,
  };
}
