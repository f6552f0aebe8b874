/*
 * Phone numbers for search, without the phone-number library (which is ~30 KB gzip of code and
 * metadata: it loads only where numbers are read from people or files — phoneNumbers.ts).
 *
 * Stored numbers are E.164 ("+49301234567") when they could be interpreted, else as typed. A
 * record's search terms for a number are two: its E.164 digits ("49301234567") and its national
 * significant number ("301234567"), found by splitting off the country calling code — the codes
 * are prefix-free (ITU E.164), so the table below is all that takes. A phone-like query becomes
 * one word of digits with the alternatives a person may mean, so that "030 1234567",
 * "(030) 123-4567", "+49 30 1234567", "0049 30 1234567" and "4930 1234567" all find that number.
 */

/** Every geographic country calling code (libphonenumber's metadata; phones.test.ts keeps it so). */
export const COUNTRY_CALLING_CODES: ReadonlySet<string> = new Set(
  (
    "1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 " +
    "90 91 92 93 94 95 98 211 212 213 216 218 220 221 222 223 224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 " +
    "239 240 241 242 243 244 245 246 247 248 249 250 251 252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 " +
    "269 290 291 297 298 299 350 351 352 353 354 355 356 357 358 359 370 371 372 373 374 375 376 377 378 380 381 382 383 " +
    "385 386 387 389 420 421 423 500 501 502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 597 598 599 670 672 " +
    "673 674 675 676 677 678 679 680 681 682 683 685 686 687 688 689 690 691 692 850 852 853 855 856 880 886 960 961 962 " +
    "963 964 965 966 967 968 970 971 972 973 974 975 976 977 992 993 994 995 996 998"
  ).split(" "),
);

/** "+49301234567" → { callingCode: "49", national: "301234567" }; null when not E.164. */
export function splitE164(phone: string): { callingCode: string; national: string } | null {
  const m = /^\+(\d{6,15})$/.exec(phone);
  if (!m) return null;
  const digits = m[1]!;
  for (let n = 1; n <= 3; n++) {
    const code = digits.slice(0, n);
    if (COUNTRY_CALLING_CODES.has(code)) return { callingCode: code, national: digits.slice(n) };
  }
  return null;
}

/** "+493012345678" → "+49 3012345678": readable without the phone-number library. */
export function spacedE164(phone: string): string {
  const split = splitE164(phone);
  return split ? `+${split.callingCode} ${split.national}` : phone;
}

/**
 * The search terms of a stored number: at most two (imports write one index entry per term, and
 * each costs). E.164: its digits and its national significant number. Anything else (a number
 * kept as typed): its digits, and those digits without leading zeros (a trunk "0").
 */
export function phoneTerms(phone: string): string[] {
  const v = phone.trim();
  if (!v) return [];
  const split = splitE164(v);
  if (split) return [split.callingCode + split.national, split.national];
  const digits = v.replace(/\D/g, "");
  if (digits.length < 3) return [];
  const national = digits.replace(/^0+/, "");
  return national && national !== digits ? [digits, national] : [digits];
}

/** Only digits and the punctuation people write numbers with, and at least one digit. */
const PHONE_LIKE = /^[+\d\s().\-/]*\d[+\d\s().\-/]*$/;

/**
 * The words of a search query, each as the prefixes it may stand for (a record matches a word
 * when one of its terms starts with one of them; it matches the query when it matches every
 * word). Text splits at spaces, lowercased. A query of digits and phone punctuation only is one
 * word: its digits, and — when it starts with 0 — also without the international "00" or the
 * trunk "0", which the national significant number lacks. "+" and spaces never matter.
 */
export function parseSearchQuery(query: string): string[][] {
  const q = query.trim();
  if (!q) return [];
  if (PHONE_LIKE.test(q)) return [phoneQueryPrefixes(q)];
  return q
    .toLocaleLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (PHONE_LIKE.test(w) ? phoneQueryPrefixes(w) : [w]));
}

function phoneQueryPrefixes(q: string): string[] {
  const digits = q.replace(/\D/g, "");
  if (q.startsWith("+")) return [digits];
  if (digits.startsWith("00")) return [digits, digits.slice(2)];
  if (digits.startsWith("0")) return [digits, digits.slice(1)];
  return [digits];
}

/** True when one of `terms` starts with one of the word's prefixes. */
export function termsMatch(terms: readonly string[], prefixes: readonly string[]): boolean {
  for (const t of terms) for (const p of prefixes) if (t.startsWith(p)) return true;
  return false;
}
