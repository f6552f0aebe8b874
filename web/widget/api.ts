/** The chat routes of the CRM the script came from (peer/src/chat). */

export interface WidgetMessage {
  id: string;
  from: "visitor" | "agent";
  name: string;
  text: string;
  at: number;
}
export interface Answer {
  id: string;
  question: string;
  answer: string;
}

export class ChatFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(code);
  }
}

export class ChatApi {
  token = "";
  constructor(
    readonly base: string,
    readonly workspace: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}/api/chat${path}`, {
        method,
        headers: {
          ...(body ? { "Content-Type": "application/json" } : {}),
          ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ChatFailure(0, "network");
    }
    if (res.status === 204) return undefined as T;
    const json = (await res.json().catch(() => ({}))) as { error?: { code?: string; fields?: Record<string, string> } };
    if (!res.ok) throw new ChatFailure(res.status, json.error?.code ?? "failed", json.error?.fields ?? {});
    return json as T;
  }

  private get ws() {
    return `/w/${encodeURIComponent(this.workspace)}`;
  }
  status() {
    return this.call<{ agentsOnline: boolean }>("GET", this.ws);
  }
  answers(q: string, lang: string) {
    return this.call<{ answers: Answer[] }>(
      "GET",
      `${this.ws}/answers?q=${encodeURIComponent(q)}&lang=${encodeURIComponent(lang)}`,
    );
  }
  start(input: { name: string; email: string; text: string }) {
    return this.call<{ token: string; caseId: string; agentsOnline: boolean; messages: WidgetMessage[] }>(
      "POST",
      `${this.ws}/chats`,
      input,
    );
  }
  send(text: string) {
    return this.call<{ message: WidgetMessage }>("POST", "/conversation/messages", { text });
  }
  typing() {
    return this.call<void>("POST", "/conversation/typing");
  }
  helped(articleId: string) {
    return this.call<{ recorded: boolean }>("POST", "/conversation/helped", { articleId });
  }
  events(): EventSource {
    return new EventSource(`${this.base}/api/chat/conversation/events?token=${encodeURIComponent(this.token)}`);
  }
}
