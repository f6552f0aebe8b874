import { type CaseMessage, canReadCollection, canWriteCollection, type StoredRecord } from "@crm/schema";
import type { Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ApiCaller } from "../api/app.js";
import { ProblemException } from "../api/problems.js";
import type { WorkspacePeer } from "../peer.js";
import { type ChatContext, ChatError, jsonBody } from "./context.js";
import type { ChatEvent } from "./hub.js";
import { parseText, visitorView } from "./visitor.js";

/*
 * The agents' side, same-origin from the app (session cookie + CRM-Workspace, like `/api/v1`):
 * a heartbeat that makes the widget say someone is there, a case's live stream (the visitor's
 * typing and whether they are still on the page), typing, and a chat reply — written through the
 * peer like any entry, then pushed to the visitor's stream at once.
 */

export function agentRoutes(app: Hono, chat: ChatContext): void {
  const agent = (c: Context): ApiCaller => {
    let who: ApiCaller | undefined;
    try {
      who = chat.o.authenticate(c);
    } catch (err) {
      if (err instanceof ProblemException) throw new ChatError(err.status as 401, err.code, err.message);
      throw err;
    }
    if (!who) throw new ChatError(401, "unauthorized", "sign in");
    if (!canReadCollection(who.role, "cases") || !canWriteCollection(who.role, "caseMessages"))
      throw new ChatError(403, "forbidden", `your role (${who.role}) may not answer chats`);
    return who;
  };
  const chatCase = async (c: Context, who: ApiCaller): Promise<WorkspacePeer> => {
    const peer = await chat.peerOf(who.workspace);
    const theCase = peer.get("cases", c.req.param("id") ?? "");
    if (!theCase || theCase.deletedAt || theCase.channel !== "chat")
      throw new ChatError(404, "not-found", "no such chat");
    return peer;
  };

  app.post("/agent/presence", async (c) => {
    const who = agent(c);
    const body = await jsonBody(c);
    if (body.online === false) chat.store.agentGone(who.workspace, who.actor);
    else chat.store.agentSeen(who.workspace, who.actor, chat.now());
    return c.json({ agentsOnline: chat.agentsOnline(who.workspace) });
  });

  app.get("/agent/cases/:id/events", async (c) => {
    const who = agent(c);
    await chatCase(c, who);
    const caseId = c.req.param("id");
    c.header("Cache-Control", "no-store");
    return streamSSE(c, async (stream) => {
      const send = (e: ChatEvent) => stream.writeSSE({ event: e.type, data: JSON.stringify(e) });
      await send({ type: "visitor", online: chat.hub.visitorOnline(caseId) });
      const off = chat.hub.subscribe(caseId, "agent", (e) => void send(e));
      const keepAlive = setInterval(() => void stream.write(": keep-alive\n\n"), 25_000);
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      clearInterval(keepAlive);
      off();
    });
  });

  app.post("/agent/cases/:id/typing", async (c) => {
    const who = agent(c);
    await chatCase(c, who);
    const caseId = c.req.param("id");
    if (chat.typing.take(`agent-typing:${who.actor}:${caseId}`).ok)
      chat.hub.publish(caseId, { type: "typing", from: "agent" }, "visitor");
    return c.body(null, 204);
  });

  app.post("/agent/cases/:id/messages", async (c) => {
    const who = agent(c);
    const peer = await chatCase(c, who);
    const caseId = c.req.param("id");
    const parsed = parseText(await jsonBody(c));
    if (!parsed.ok)
      throw new ChatError(422, "invalid", "the message is empty or too long", { fields: { text: parsed.code } });
    const theCase = peer.get("cases", caseId)!;
    const now = chat.now();
    const written = await peer.create(
      "caseMessages",
      {
        caseId,
        direction: "outbound",
        channel: "chat",
        fromName: chat.o.nameOf?.(who.actor) ?? "",
        text: parsed.text,
        html: "",
        sentAt: now,
        author: who.actor,
      } as StoredRecord,
      { actor: who.actor },
    );
    if (!written.ok) throw new Error(`chat: the reply could not be written: ${JSON.stringify(written.issues)}`);
    const message = visitorView(written.record as unknown as CaseMessage);
    chat.hub.publish(caseId, { type: "message", message }, "visitor");
    // As an email reply does (peer/src/replies): the SLA's first response, and a new case answered.
    const changes: StoredRecord = {};
    if (theCase.firstResponseAt == null) changes.firstResponseAt = now;
    if (theCase.status === "new") changes.status = "open";
    if (Object.keys(changes).length) await peer.patch("cases", caseId, changes, who.actor);
    return c.json({ entry: written.record, visitorOnline: chat.hub.visitorOnline(caseId) }, 201);
  });
}
