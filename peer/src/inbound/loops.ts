/*
 * Mail that must never open a case (nor, later, get an answer): auto-replies and other
 * machine-sent mail, per RFC 3834 and common practice. A case opened by an out-of-office that
 * our own acknowledgement answers would be the classic mail loop.
 */

export type LoopReason = "nullSender" | "autoSubmitted" | "precedence" | "autoReply";

type HeaderLookup = (name: string) => string | undefined;

/** Why this message is machine-sent, or undefined for a person's mail. */
export function automatedReason(envelopeSender: string, header: HeaderLookup): LoopReason | undefined {
  // The null reverse-path: bounces and other delivery reports (RFC 5321 §4.5.5).
  if (envelopeSender === "") return "nullSender";
  const auto = header("auto-submitted")?.trim().toLowerCase();
  if (auto && auto.split(/[;\s]/)[0] !== "no") return "autoSubmitted";
  const precedence = header("precedence")?.trim().toLowerCase();
  if (precedence && ["bulk", "junk", "list", "auto_reply"].includes(precedence)) return "precedence";
  if (header("x-autoreply") !== undefined || header("x-autorespond") !== undefined) return "autoReply";
  return undefined;
}
