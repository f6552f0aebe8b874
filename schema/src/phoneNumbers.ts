import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from "libphonenumber-js/min";
import type { FieldIssue } from "./fields.js";
import { issueMessages, normalizePhone } from "./fields.js";
import { spacedE164 } from "./phones.js";
import type { StoredRecord } from "./record.js";

/*
 * Reading phone numbers that people type or files bring, with libphonenumber-js and its "min"
 * metadata (~30 KB gzip: lengths and formats per country, no per-type patterns — enough to tell
 * a national number's country and whether its length can be a number there). Its own entry point
 * (`@crm/schema/phoneNumbers`) so the web app loads it only when a number is saved, imported or
 * a region is chosen; search (phones.ts) needs none of it.
 *
 * A number is stored in E.164 ("+49301234567") when it can be read as a valid number: given in
 * international form ("+49 …", "0049 …" with a region whose exit code is 00), or in national form
 * with the workspace's default region ("030 1234567" in a German workspace). Otherwise it is kept
 * as typed (the validator's normalisation only) and reported as a warning — an import never drops
 * it and lists it to check; a form saves it as typed too.
 */

/** True for an ISO 3166 alpha-2 region the phone metadata knows ("DE", "CN", "US"). */
export function isPhoneRegion(region: string): region is CountryCode {
  return /^[A-Z]{2}$/.test(region) && isSupportedCountry(region);
}

/** Every region with its calling code, for a region picker. */
export function phoneRegions(): { region: string; callingCode: string }[] {
  return getCountries().map((region) => ({ region, callingCode: getCountryCallingCode(region) }));
}

export interface InterpretedPhone {
  /** E.164 when valid, else the text as typed (trimmed). */
  value: string;
  valid: boolean;
}

/** One number as typed, read with the workspace's default region ("" for none). */
export function interpretPhone(raw: string, region: string): InterpretedPhone {
  const text = raw.trim();
  if (!text) return { value: "", valid: true };
  const country = isPhoneRegion(region) ? region : undefined;
  // "0049 …" without a region to say that 00 is the exit code: read as "+49 …", as the validator does.
  const input = !country && /^00[1-9]/.test(text.replace(/[\s().\-/]/g, "")) ? normalizePhone(text) : text;
  const parsed = parsePhoneNumberFromString(input, country);
  if (parsed?.isValid()) return { value: parsed.number, valid: true };
  return { value: text, valid: false };
}

/**
 * "+49301234567" → "+49 30 1234567"; an E.164 number the metadata does not know as valid with its
 * calling code apart ("+1 5550100", as before the library loads); anything else as it is.
 */
export function formatPhone(stored: string): string {
  if (!stored.startsWith("+")) return stored;
  const parsed = parsePhoneNumberFromString(stored);
  return parsed?.isValid() ? parsed.formatInternational() : spacedE164(stored);
}

/**
 * The record's phone fields read with `region`; a number that is not valid is kept as typed and
 * named in `warnings`. Fields equal to `unchanged[field]` are left alone: a number stored earlier
 * never blocks saving a change to another field.
 */
export function interpretPhones(
  phoneFields: readonly string[],
  input: StoredRecord,
  region: string,
  unchanged?: StoredRecord,
): { input: StoredRecord; warnings: FieldIssue[] } {
  const out = { ...input };
  const warnings: FieldIssue[] = [];
  for (const field of phoneFields) {
    const v = out[field];
    if (typeof v !== "string" || !v.trim() || (unchanged && unchanged[field] === v)) continue;
    const read = interpretPhone(v, region);
    out[field] = read.value;
    if (!read.valid) warnings.push({ field, code: "invalidPhone", message: issueMessages.invalidPhone });
  }
  return { input: out, warnings };
}
