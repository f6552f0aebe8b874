import type { AnswerArticle, CaseMessage, StoredRecord } from "@crm/schema";
import type { Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { IdempotencyStore } from "../api/idempotency.js";
import { accountOfDomain } from "../inbound/process.js";
import type { WorkspacePeer } from "../peer.js";
import { searchArticles } from "./articles.js";
import { type ChatContext, ChatError, jsonBody, limited } from "./context.js";
import type { ChatEvent } from "./hub.js";
import { signVisitorToken, VISITOR_TOKEN_TTL_MS, type VisitorClaims, verifyVisitorToken } from "./token.js";
import { chatSubject, parseStart, parseText, visitorHistory, visitorView } from "./visitor.js";

/*
 * The widget's routes, called from other origins. Every one checks the page's Origin against the
 * workspace's `chat.widgetOrigins` before doing anything and only then answers with
 * Access-Control-Allow-Origin; a page elsewhere gets 403 and its browser cannot read even that.
 * A conversation's routes take the case from the visitor token (token.ts) — there is no case id
 * in their paths to change.
 */

const VISITOR_ACTOR = "chat:visitor";

function allowOrigin(c: Context, peer: WorkspacePeer): void {
  const origin = c.req.header("origin")?.toLowerCase();
  if (!origin || !peer.settings().chat.widgetOrigins.includes(origin))
    throw new ChatError(403, "origin-not-allowed", "this page's origin may not use the chat (Settings → Chat)");
  c.header("Access-Control-Allow-Origin", origin);
  c.header("Vary", "Origin");
  c.header("Cache-Control", "no-store");
}

const bearer = (c: Context) =>
  /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? c.req.query("token") ?? "";

export function visitorRoutes(app: Hono, chat: ChatContext): void {
  const visitor = async (c: Context): Promise<{ claims: VisitorClaims; peer: WorkspacePeer }> => {
    const claims = verifyVisitorToken(chat.key(), bearer(c), chat.now());
    if (!claims) throw new ChatError(401, "unauthorized", "the chat's token is unknown or expired: start a new chat");
    const peer = await chat.peerOf(claims.w);
    allowOrigin(c, peer);
    const theCase = peer.get("cases", claims.c);
    if (!theCase || theCase.deletedAt) throw new ChatError(404, "not-found", "this conversation no longer exists");
    return { claims, peer };
  };

  // Preflight grants nothing by itself: each request is checked again against the workspace's list.
  app.options("/*", (c) => {
    const origin = c.req.header("origin");
    if (!origin) return c.body(null, 204);
    return c.body(null, 204, {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": "GET, POST",
      "Access-Control-Allow-Headers": "Content-Type, Authorization",
      "Access-Control-Max-Age": "600",
      Vary: "Origin",
    });
  });

  app.get("/w/:workspace", async (c) => {
    const peer = await chat.peerOf(c.req.param("workspace"));
    allowOrigin(c, peer);
    return c.json({ agentsOnline: chat.agentsOnline(peer.workspace) });
  });

  app.get("/w/:workspace/answers", async (c) => {
    const peer = await chat.peerOf(c.req.param("workspace"));
    allowOrigin(c, peer);
    limited(chat.searches.take(`search:${chat.o.ipOf(c)}`), "searches");
    const q = (c.req.query("q") ?? "").slice(0, 500);
    const articles: AnswerArticle[] = [];
    let cursor: string | undefined;
    do {
      const page = peer.list("answerArticles", { limit: 500, ...(cursor ? { cursor } : {}) });
      for (const r of page.records) articles.push(JSON.parse(r) as AnswerArticle);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && articles.length < 5000);
    const lang = c.req.query("lang")?.slice(0, 2);
    const hits = searchArticles(articles, q, lang ? { language: lang } : {});
    return c.json({ answers: hits.map(({ id, question, answer }) => ({ id, question, answer })) });
  });

  app.post("/w/:workspace/chats", async (c) => {
    const peer = await chat.peerOf(c.req.param("workspace"));
    allowOrigin(c, peer);
    const input = parseStart(await jsonBody(c));
    if (!input.ok) throw new ChatError(422, "invalid", "some fields are missing or wrong", { fields: input.fields });
    const ip = chat.o.ipOf(c);
    const now = chat.now();
    if (chat.store.startsFrom(ip, now - 60 * 60_000) >= chat.limits.chatsPerHour)
      limited({ ok: false, retryAfterMs: 10 * 60_000 }, "new chats from this address");
    chat.store.recordStart(ip, peer.workspace, now);
    const { name, email, text } = input.value;

    const contact = await contactFor(peer, email, name);
    const created = await peer.create(
      "cases",
      {
        subject: chatSubject(text, name),
        channel: "chat",
        status: "new",
        contactId: contact.id,
        accountId: contact.accountId,
        openedAt: now,
      },
      { actor: VISITOR_ACTOR },
    );
    if (!created.ok) throw new Error(`chat: the case could not be written: ${JSON.stringify(created.issues)}`);
    const caseId = String(created.record.id);
    await writeVisitorMessage(peer, chat, { w: peer.workspace, c: caseId, n: name, e: email, x: 0 }, text);
    const token = signVisitorToken(chat.key(), {
      w: peer.workspace,
      c: caseId,
      n: name,
      e: email,
      x: now + VISITOR_TOKEN_TTL_MS,
    });
    chat.o.logger?.info("chat: started", { workspace: peer.workspace, caseId });
    return c.json(
      { token, caseId, agentsOnline: chat.agentsOnline(peer.workspace), messages: visitorHistory(peer, caseId) },
      201,
    );
  });

  app.post("/conversation/messages", async (c) => {
    const { claims, peer } = await visitor(c);
    limited(chat.messages.take(`messages:${claims.c}`), "messages");
    const parsed = parseText(await jsonBody(c));
    if (!parsed.ok)
      throw new ChatError(422, "invalid", "the message is empty or too long", { fields: { text: parsed.code } });
    const message = await writeVisitorMessage(peer, chat, claims, parsed.text);
    return c.json({ message }, 201);
  });

  app.post("/conversation/typing", async (c) => {
    const { claims } = await visitor(c);
    // Past the limit typing is simply not relayed: it is a hint, not something to refuse.
    if (chat.typing.take(`typing:${claims.c}`).ok)
      chat.hub.publish(claims.c, { type: "typing", from: "visitor" }, "agent");
    return c.body(null, 204);
  });

  app.post("/conversation/helped", async (c) => {
    const { claims, peer } = await visitor(c);
    limited(chat.messages.take(`messages:${claims.c}`), "messages");
    const body = await jsonBody(c);
    const articleId = typeof body.articleId === "string" ? body.articleId : "";
    const article = articleId ? peer.get("answerArticles", articleId) : undefined;
    if (!article || article.deletedAt) throw new ChatError(404, "not-found", "no such answer");
    // One entry per article and conversation: a second click changes nothing.
    const id = IdempotencyStore.recordIdFor(`chat:${claims.c}`, `helped:${articleId}`);
    const written = await peer.create(
      "caseMessages",
      { ...visitorEntry(chat, claims, `✓ ${String(article.question)}`), answerArticleId: articleId },
      { actor: VISITOR_ACTOR, id },
    );
    if (!written.ok) throw new Error(`chat: "helped" could not be written: ${JSON.stringify(written.issues)}`);
    return c.json({ recorded: true, first: written.created }, written.created ? 201 : 200);
  });

  app.get("/conversation/events", async (c) => {
    const { claims, peer } = await visitor(c);
    return streamSSE(c, async (stream) => {
      const send = (e: ChatEvent | { type: "history"; messages: unknown }) =>
        stream.writeSSE({ event: e.type, data: JSON.stringify(e) });
      let agents = chat.agentsOnline(claims.w);
      await send({ type: "history", messages: visitorHistory(peer, claims.c) });
      await send({ type: "agents", online: agents });
      const off = chat.hub.subscribe(claims.c, "visitor", (e) => void send(e));
      const poll = setInterval(() => {
        const now = chat.agentsOnline(claims.w);
        if (now === agents) {
          void stream.write(": keep-alive\n\n");
          return;
        }
        agents = now;
        void send({ type: "agents", online: now });
      }, chat.o.presencePollMs ?? 10_000);
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      clearInterval(poll);
      off();
    });
  });
}

/** A conversation entry the visitor wrote (plain text: nothing a visitor sends is HTML). */
function visitorEntry(chat: ChatContext, claims: VisitorClaims, text: string): StoredRecord {
  return {
    caseId: claims.c,
    direction: "inbound",
    channel: "chat",
    fromName: claims.n,
    fromAddress: claims.e,
    text,
    html: "",
    sentAt: chat.now(),
    author: "",
  };
}

async function writeVisitorMessage(peer: WorkspacePeer, chat: ChatContext, claims: VisitorClaims, text: string) {
  const written = await peer.create("caseMessages", visitorEntry(chat, claims, text), { actor: VISITOR_ACTOR });
  if (!written.ok) throw new Error(`chat: the message could not be written: ${JSON.stringify(written.issues)}`);
  const message = visitorView(written.record as unknown as CaseMessage);
  chat.hub.publish(claims.c, { type: "message", message });
  // A visitor writing again reopens a chat an agent had answered or closed.
  const theCase = peer.get("cases", claims.c);
  if (theCase && ["pending", "resolved", "closed"].includes(String(theCase.status)))
    await peer.patch("cases", claims.c, { status: "open" }, VISITOR_ACTOR);
  return message;
}

/** The visitor's contact: found by email (as inbound mail does), else created with their domain's account. */
async function contactFor(
  peer: WorkspacePeer,
  email: string,
  name: string,
): Promise<{ id: string; accountId: string }> {
  const page = peer.list("contacts", { filters: [{ field: "email", op: "is", value: email }], limit: 1 });
  if (page.records[0]) {
    const found = JSON.parse(page.records[0]) as { id: string; accountId?: string };
    return { id: found.id, accountId: found.accountId ?? "" };
  }
  const words = name.split(/\s+/).filter(Boolean);
  const created = await peer.create(
    "contacts",
    {
      firstName: words.length > 1 ? words.slice(0, -1).join(" ").slice(0, 100) : "",
      lastName: (words.at(-1) ?? email.split("@")[0] ?? "Visitor").slice(0, 100),
      email,
      accountId: accountOfDomain(peer, email.split("@")[1] ?? ""),
    },
    { actor: VISITOR_ACTOR },
  );
  if (!created.ok) throw new Error(`chat: the contact could not be written: ${JSON.stringify(created.issues)}`);
  return { id: String(created.record.id), accountId: String(created.record.accountId ?? "") };
}
