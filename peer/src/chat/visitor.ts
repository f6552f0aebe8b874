import type { CaseMessage, StoredRecord } from "@crm/schema";
import type { WorkspacePeer } from "../peer.js";
import type { VisitorMessage } from "./hub.js";

/*
 * What a visitor is shown of their conversation: customer messages and agents' replies (chat or
 * email), never internal notes, never HTML — only text, which the widget puts in `textContent`.
 */

export function visitorView(m: Pick<CaseMessage, "id" | "direction" | "fromName" | "text" | "sentAt">): VisitorMessage {
  return {
    id: m.id,
    from: m.direction === "outbound" ? "agent" : "visitor",
    name: m.fromName,
    text: m.text,
    at: m.sentAt,
  };
}

export function visitorHistory(peer: WorkspacePeer, caseId: string): VisitorMessage[] {
  const page = peer.list("caseMessages", { filters: [{ field: "caseId", op: "is", value: caseId }], limit: 500 });
  return page.records
    .map((r) => JSON.parse(r) as CaseMessage & StoredRecord)
    .filter((m) => m.direction !== "note" && !m.answerArticleId)
    .sort((a, b) => a.sentAt - b.sentAt)
    .map(visitorView);
}

/** The case's subject from the visitor's first words. */
export function chatSubject(text: string, name: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  if (!line) return `Chat: ${name}`.slice(0, 300);
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export interface StartInput {
  name: string;
  email: string;
  text: string;
}

export const VISITOR_TEXT_MAX = 4000;

/** The start form's fields, or the fields that are wrong (codes the widget translates). */
export function parseStart(
  body: Record<string, unknown>,
): { ok: true; value: StartInput } | { ok: false; fields: Record<string, string> } {
  const str = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  const name = str(body.name);
  const email = str(body.email).toLowerCase();
  const text = str(body.text);
  const fields: Record<string, string> = {};
  if (!name) fields.name = "required";
  else if (name.length > 100) fields.name = "tooLong";
  if (!email) fields.email = "required";
  else if (email.length > 254 || !EMAIL.test(email)) fields.email = "invalidEmail";
  if (!text) fields.text = "required";
  else if (text.length > VISITOR_TEXT_MAX) fields.text = "tooLong";
  return Object.keys(fields).length ? { ok: false, fields } : { ok: true, value: { name, email, text } };
}

/** A visitor's message text, or the problem with it. */
export function parseText(body: Record<string, unknown>): { ok: true; text: string } | { ok: false; code: string } {
  const text = typeof body.text === "string" ? body.text.trim() : "";
  if (!text) return { ok: false, code: "required" };
  if (text.length > VISITOR_TEXT_MAX) return { ok: false, code: "tooLong" };
  return { ok: true, text };
}
