/*
 * How quote and order numbers are written. Numbers from the workspace's sequence (the server's
 * blocks, see sequence.ts) are "Q-00042" / "O-00042". A device that must number offline with an
 * empty reserve writes a *provisional* number instead: "Q-0007-7KQ2XM" = this device's 7th
 * provisional quote number, then its device tag. It is final (numbers never change once given);
 * "provisional" only says it is not from the workspace's sequence:
 *
 * - it cannot collide with a sequence number: those have no second "-";
 * - it cannot collide with another device's: the tag is 6 random Crockford base32 characters
 *   (30 bits) drawn once per device and workspace, so two devices among 1,000 share a tag with
 *   probability ~0.05 %, and even then only collide if both number offline with empty reserves up
 *   to the same count. A server-assigned tag would need the server, which is exactly what is missing;
 * - it cannot repeat on this device: its counter only goes up, in the same IndexedDB transaction
 *   that hands it out;
 * - it is short enough to read on the phone (13 characters; the field holds 20), and Crockford's
 *   alphabet has no I, L, O or U to misread.
 */

export type NumberPrefix = "Q" | "O";

/** Crockford's base32 alphabet: digits and letters without I, L, O, U. */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const DEVICE_TAG_LENGTH = 6;

/** A fresh random device tag, e.g. "7KQ2XM". */
export function newDeviceTag(
  randomBytes: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n)),
): string {
  const bytes = randomBytes(DEVICE_TAG_LENGTH);
  return Array.from(bytes, (b) => CROCKFORD[b & 31]).join("");
}

/** "Q-0007-7KQ2XM": the device's `n`th provisional number of this kind. */
export function provisionalNumber(prefix: NumberPrefix, n: number, deviceTag: string): string {
  return `${prefix}-${String(n).padStart(4, "0")}-${deviceTag}`;
}

export function isProvisionalNumber(number: string): boolean {
  return /^[QO]-\d+-[0-9A-Z]+$/.test(number);
}

/**
 * The sequence number in "Q-00042" (or its lower-case sort key "q-00042"): 42; 0 for anything else
 * (provisional numbers, typed-in or imported text), which the server's counter need not respect.
 */
export function sequenceNumberOf(number: string): number {
  const m = /^[QOqo]-(\d{1,9})$/.exec(number);
  return m ? Number(m[1]) : 0;
}
