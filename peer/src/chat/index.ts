import { Hono } from "hono";
import { agentRoutes } from "./agentRoutes.js";
import { ChatContext, ChatError, type ChatOptions } from "./context.js";
import { visitorRoutes } from "./visitorRoutes.js";

export { searchArticles, words } from "./articles.js";
export type { ChatLimits, ChatOptions } from "./context.js";
export { ChatStore } from "./store.js";
export { signVisitorToken, type VisitorClaims, verifyVisitorToken } from "./token.js";

/*
 * Live chat (issue 13), mounted by the server at `/api/chat` — beside `/api/v1`, not in it: the
 * widget's visitor is nobody the API knows (no member, no service token) and its routes answer
 * other origins. Visitor routes: visitorRoutes.ts; agents': agentRoutes.ts.
 */
export function createChatEndpoint(o: ChatOptions): Hono {
  const app = new Hono();
  const chat = new ChatContext(o);
  app.onError((err, c) => {
    if (err instanceof ChatError)
      return c.json({ error: { code: err.code, message: err.message, ...err.extra } }, err.status, err.headers);
    o.logger?.error("chat error", { path: c.req.path, error: String(err), stack: (err as Error).stack });
    return c.json({ error: { code: "internal", message: "internal server error" } }, 500);
  });
  visitorRoutes(app, chat);
  agentRoutes(app, chat);
  app.notFound((c) => c.json({ error: { code: "not-found", message: "no such chat route" } }, 404));
  return app;
}
