/*
 * Live events of the conversations this process serves: a visitor's and the agents' open event
 * streams (SSE) subscribe per case. Messages are records (durable, synced to every browser);
 * what passes only through here is what needs no keeping: a new message's push to the other side
 * the moment it is stored, typing, and who is there. In memory: with several server instances a
 * visitor and an agent must reach the same one (sticky by case), noted in CONTEXT.md.
 */

export interface VisitorMessage {
  id: string;
  from: "visitor" | "agent";
  name: string;
  text: string;
  at: number;
}

export type ChatEvent =
  | { type: "message"; message: VisitorMessage }
  | { type: "typing"; from: "visitor" | "agent" }
  | { type: "agents"; online: boolean }
  | { type: "visitor"; online: boolean };

export type Side = "visitor" | "agent";
type Listener = (event: ChatEvent) => void;

export class ChatHub {
  private readonly listeners = new Map<string, Map<Listener, Side>>();

  subscribe(caseId: string, side: Side, listener: Listener): () => void {
    const set = this.listeners.get(caseId) ?? new Map<Listener, Side>();
    this.listeners.set(caseId, set);
    const wasOnline = this.visitorOnline(caseId);
    set.set(listener, side);
    if (side === "visitor" && !wasOnline) this.publish(caseId, { type: "visitor", online: true }, "agent");
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(caseId);
      if (side === "visitor" && !this.visitorOnline(caseId))
        this.publish(caseId, { type: "visitor", online: false }, "agent");
    };
  }

  /** To every listener of the case, or only to one side. */
  publish(caseId: string, event: ChatEvent, to?: Side): void {
    const set = this.listeners.get(caseId);
    if (!set) return;
    for (const [listener, side] of [...set]) if (!to || side === to) listener(event);
  }

  visitorOnline(caseId: string): boolean {
    const set = this.listeners.get(caseId);
    return !!set && [...set.values()].includes("visitor");
  }
}
