import { NetworkError } from "../runtime/api.js";
import { RestApiError } from "../runtime/restApi.js";

/*
 * The agent's side of live chat (peer/src/chat/agentRoutes.ts), same-origin with the session
 * cookie and the workspace in `CRM-Workspace`. The case's event stream is read with fetch rather
 * than EventSource, which cannot send that header.
 */

export async function chatAgent<T>(workspace: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/chat/agent${path}`, {
      method: "POST",
      credentials: "same-origin",
      keepalive: path === "/presence",
      headers: { "Content-Type": "application/json", "CRM-Workspace": workspace },
      body: JSON.stringify(body ?? {}),
    });
  } catch {
    throw new NetworkError("the server cannot be reached");
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  if (!res.ok)
    throw new RestApiError(res.status, json.error?.code ?? "http", json.error?.message ?? `HTTP ${res.status}`);
  return json as T;
}

export type AgentEvent = { type: "visitor"; online: boolean } | { type: "typing"; from: "visitor" | "agent" };

/** Follows a chat case's events until `signal` aborts; reconnects after a dropped stream. */
export async function followChat(
  workspace: string,
  caseId: string,
  onEvent: (e: AgentEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const res = await fetch(`/api/chat/agent/cases/${encodeURIComponent(caseId)}/events`, {
        credentials: "same-origin",
        headers: { Accept: "text/event-stream", "CRM-Workspace": workspace },
        signal,
      });
      if (!res.ok || !res.body) return;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const data = buffer
            .slice(0, end)
            .split("\n")
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trim())
            .join("\n");
          buffer = buffer.slice(end + 2);
          if (data) onEvent(JSON.parse(data) as AgentEvent);
          end = buffer.indexOf("\n\n");
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    // A dropped stream (server restart, network) is followed again after a pause.
    await new Promise((r) => setTimeout(r, 2000));
  }
}
