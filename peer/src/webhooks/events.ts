import { recordTypes } from "@crm/schema";

/*
 * The events an endpoint can subscribe to: `<collection>.created|updated|deleted` for every
 * record type (schema's recordTypes, so types later issues add are included), `rule.<ruleId>`
 * (sent by a rule's "send a webhook" action as a `webhook.event` job), `rule.*` and `*`.
 */

export const RECORD_EVENT_KINDS = ["created", "updated", "deleted"] as const;

export function recordEvents(): string[] {
  return Object.keys(recordTypes).flatMap((c) => RECORD_EVENT_KINDS.map((k) => `${c}.${k}`));
}

const RULE_EVENT = /^rule\.[A-Za-z0-9_-]{1,80}$/;

/** Why an event name cannot be subscribed to, or undefined when it can. */
export function eventProblem(event: unknown): string | undefined {
  if (typeof event !== "string" || !event) return "an event is a non-empty string";
  if (event === "*" || event === "rule.*" || RULE_EVENT.test(event)) return undefined;
  const [collection, kind, ...rest] = event.split(".");
  if (rest.length || !collection || !kind)
    return `"${event}" is not an event: use <collection>.created, .updated, .deleted, rule.<id> or *`;
  if (!(collection in recordTypes))
    return `"${collection}" is not a collection: one of ${Object.keys(recordTypes).join(", ")}`;
  if (!(RECORD_EVENT_KINDS as readonly string[]).includes(kind))
    return `"${kind}" is not a record event: created, updated or deleted`;
  return undefined;
}

/** Does a subscription to `events` receive `event`? */
export function subscribed(events: readonly string[], event: string): boolean {
  return events.some((e) => e === "*" || e === event || (e === "rule.*" && event.startsWith("rule.")));
}
