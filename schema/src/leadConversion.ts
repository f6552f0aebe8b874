import { accountDomain, companyNameKey, emailDomain, freeMailDomains } from "./dedupe.js";
import type { Account, AccountInput } from "./records/account.js";
import type { ContactInput } from "./records/contact.js";
import type { Lead } from "./records/lead.js";
import type { OpportunityInput } from "./records/opportunity.js";

/*
 * Converting a qualified lead: it becomes a contact at an account (an existing one when the
 * company is already known — a second account for the same company is the duplicate everyone
 * complains about) and, optionally, an opportunity. This module only plans; the caller writes
 * the records it returns, then the lead changes with the new ids.
 */

export interface AccountMatch {
  account: Account;
  /** 3: name and domain agree; 2: the company's domain; 1: the name only. */
  strength: 1 | 2 | 3;
  reasons: ("name" | "domain")[];
}

/**
 * Existing accounts the lead probably belongs to, best first: the same normalised company name,
 * or the lead's email domain equal to the account's website (or email) domain. A free-mail
 * address (gmail.com …) says nothing about the company and is ignored.
 */
export function findLikelyAccounts(
  lead: Pick<Lead, "company" | "email">,
  accounts: readonly Account[],
): AccountMatch[] {
  const name = companyNameKey(lead.company);
  const mail = emailDomain(lead.email);
  const domain = mail && !freeMailDomains.has(mail) ? mail : "";
  const out: AccountMatch[] = [];
  for (const account of accounts) {
    if (account.deletedAt) continue;
    const reasons: AccountMatch["reasons"] = [];
    if (name && companyNameKey(account.name) === name) reasons.push("name");
    const accDomain = domain ? accountDomain(account) : "";
    // "sales.acme.io" belongs to "acme.io".
    if (accDomain && (domain === accDomain || domain.endsWith(`.${accDomain}`))) reasons.push("domain");
    if (!reasons.length) continue;
    const strength = reasons.length === 2 ? 3 : reasons[0] === "domain" ? 2 : 1;
    out.push({ account, strength, reasons });
  }
  return out.sort((a, b) => b.strength - a.strength || a.account.name.localeCompare(b.account.name));
}

export interface ConversionOptions {
  /** Use this existing account instead of creating one (from `findLikelyAccounts`). */
  accountId?: string;
  /** Create an opportunity too; its name defaults to "<company> – new deal". */
  opportunity?: false | { name?: string; amount?: number; closeDate?: string; stage?: string };
  /** Who owns the new records; the lead's owner when not given. */
  owner?: string;
}

export interface ConversionPlan {
  /** Inputs for the records to create; `account` is null when an existing one is used. */
  account: AccountInput | null;
  /** The existing account to attach to, or "" when `account` is to be created. */
  existingAccountId: string;
  contact: Omit<ContactInput, "accountId">;
  opportunity: Omit<OpportunityInput, "accountId" | "contactId"> | null;
  /** Fields to write on the lead once the ids exist. */
  leadChanges(ids: { accountId: string; contactId: string; opportunityId: string }, now: number): Partial<Lead>;
}

export class ConversionError extends Error {}

export function planConversion(lead: Lead, options: ConversionOptions = {}): ConversionPlan {
  if (lead.convertedAt) throw new ConversionError(`lead ${lead.id} was already converted`);
  if (lead.status === "disqualified") throw new ConversionError(`lead ${lead.id} is disqualified`);
  const owner = options.owner ?? lead.owner;
  const company = lead.company.trim();
  const personal = [lead.firstName, lead.lastName].filter(Boolean).join(" ");
  const mail = emailDomain(lead.email);
  const account: AccountInput | null = options.accountId
    ? null
    : {
        // A lead with no company (a private buyer) still needs an account to hang deals on.
        name: company || personal,
        website: mail && !freeMailDomains.has(mail) ? mail : "",
        phone: lead.phone,
        status: "prospect",
        owner,
      };
  const opp = options.opportunity;
  return {
    account,
    existingAccountId: options.accountId ?? "",
    contact: {
      firstName: lead.firstName,
      lastName: lead.lastName,
      email: lead.email,
      phone: lead.phone,
      title: lead.title,
    },
    opportunity: opp
      ? {
          name: opp.name?.trim() || `${company || personal} – new deal`,
          amount: opp.amount ?? 0,
          closeDate: opp.closeDate ?? "",
          stage: opp.stage ?? "qualification",
          owner,
        }
      : null,
    leadChanges: (ids, now) => ({
      status: "qualified",
      convertedAt: now,
      convertedAccountId: ids.accountId,
      convertedContactId: ids.contactId,
      convertedOpportunityId: ids.opportunityId,
    }),
  };
}
