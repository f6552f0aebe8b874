import type { Account } from "./records/account.js";
import { type Contact, contactName } from "./records/contact.js";

/*
 * vCard export of contacts, version 3.0 (RFC 2426, what most address books still import best)
 * or 4.0 (RFC 6350). Text values escape backslash, comma, semicolon and line breaks (RFC 6350
 * §3.4); lines longer than 75 octets are folded with CRLF + space, never inside a UTF-8
 * character (§3.2); every line ends with CRLF.
 */

export type VCardVersion = "3.0" | "4.0";

/** Escapes a text value (or one component of a structured value such as N). */
export function escapeVCardText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/,/g, "\\,")
    .replace(/;/g, "\\;")
    .replace(/\r\n|\r|\n/g, "\\n");
}

const encoder = new TextEncoder();

/** Folds one content line to at most 75 octets per physical line. */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let size = 0;
  // A continuation line's leading space counts toward its 75 octets.
  let limit = 75;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    if (size + n > limit) {
      parts.push(current);
      current = "";
      size = 0;
      limit = 74;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

export function contactToVCard(
  contact: Contact,
  options: { version?: VCardVersion; account?: Pick<Account, "name"> | null } = {},
): string {
  const version = options.version ?? "4.0";
  const v4 = version === "4.0";
  const lines = ["BEGIN:VCARD", `VERSION:${version}`];
  const fn = contactName(contact) || contact.email || contact.phone || contact.id;
  lines.push(`FN:${escapeVCardText(fn)}`);
  lines.push(`N:${escapeVCardText(contact.lastName)};${escapeVCardText(contact.firstName)};;;`);
  if (options.account?.name) lines.push(`ORG:${escapeVCardText(options.account.name)}`);
  if (contact.title) lines.push(`TITLE:${escapeVCardText(contact.title)}`);
  if (contact.email) lines.push(v4 ? `EMAIL;TYPE=work:${contact.email}` : `EMAIL;TYPE=INTERNET,WORK:${contact.email}`);
  if (contact.phone)
    lines.push(v4 ? `TEL;TYPE=work;VALUE=uri:tel:${contact.phone}` : `TEL;TYPE=WORK,VOICE:${contact.phone}`);
  if (contact.mobile)
    lines.push(v4 ? `TEL;TYPE=cell;VALUE=uri:tel:${contact.mobile}` : `TEL;TYPE=CELL,VOICE:${contact.mobile}`);
  const address = [contact.mailingStreet, contact.mailingCity, contact.mailingPostalCode, contact.mailingCountry];
  // ADR: post office box; extended address; street; locality; region; postal code; country.
  if (address.some(Boolean)) {
    const [street, city, postalCode, country] = address.map((p) => escapeVCardText(p ?? ""));
    lines.push(`ADR${v4 ? "" : ";TYPE=WORK"}:;;${street};${city};;${postalCode};${country}`);
  }
  // UID lets an address book update the card on the next export instead of adding a second one.
  lines.push(v4 ? `UID:urn:crm:contact:${contact.id}` : `UID:${contact.id}`);
  lines.push(`REV:${new Date(contact.updatedAt).toISOString().replace(/[-:]|\.\d{3}/g, "")}`);
  lines.push("END:VCARD");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}

/** Many contacts as one .vcf file; each card names its account when it is among `accounts`. */
export function contactsToVCards(
  contacts: readonly Contact[],
  accounts: ReadonlyMap<string, Pick<Account, "name">> = new Map(),
  version: VCardVersion = "4.0",
): string {
  return contacts
    .filter((c) => !c.deletedAt)
    .map((c) => contactToVCard(c, { version, account: accounts.get(c.accountId) ?? null }))
    .join("");
}
