import { NetworkError } from "../runtime/api.js";

/*
 * `/api/v1/webhooks` from the browser: same-origin with the session cookie, the workspace in the
 * `CRM-Workspace` header (sync-server/src/peerHost.ts apiAuthenticator). Errors arrive as RFC
 * 9457 problems naming the field (peer/src/api/problems.ts); `Problem` carries them to the form.
 */

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export type EndpointStatus = "enabled" | "disabled" | "failing";

export interface Endpoint {
  id: string;
  url: string;
  events: string[];
  description: string;
  source: "api" | "rest-hook";
  enabled: boolean;
  status: EndpointStatus;
  disabledReason: "gone" | "failing" | "admin" | null;
  disabledAt: number | null;
  consecutiveFailures: number;
  failingSince: number | null;
  lastSuccessAt: number | null;
  createdAt: number;
}

export interface Delivery {
  id: string;
  webhookId: string;
  event: string;
  attempt: number;
  trigger: "auto" | "redeliver";
  at: number;
  durationMs: number;
  request: { url: string; headers: Record<string, string>; body: string };
  response: { status: number; headers: Record<string, string>; body: string } | null;
  error: string | null;
  ok: boolean;
}

async function request<T>(workspace: string, method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: "same-origin",
      headers: {
        "CRM-Workspace": workspace,
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new NetworkError("the server cannot be reached");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new NetworkError(`the server answered ${res.status} without JSON`);
  }
  if (!res.ok) {
    const p = json as { code?: string; detail?: string; errors?: FieldProblem[] };
    throw new Problem(res.status, p.code ?? "error", p.detail ?? res.statusText, p.errors ?? []);
  }
  return json as T;
}

export const webhooksApi = {
  list: (ws: string) => request<{ data: Endpoint[] }>(ws, "GET", "/webhooks").then((r) => r.data),
  create: (ws: string, input: { url: string; events: string[]; description?: string }) =>
    request<Endpoint & { secret: string }>(ws, "POST", "/webhooks", input),
  setEnabled: (ws: string, id: string, enabled: boolean) =>
    request<Endpoint>(ws, "PATCH", `/webhooks/${encodeURIComponent(id)}`, { enabled }),
  remove: (ws: string, id: string) => request<void>(ws, "DELETE", `/webhooks/${encodeURIComponent(id)}`),
  deliveries: (ws: string, id: string) =>
    request<{ data: Delivery[] }>(ws, "GET", `/webhooks/${encodeURIComponent(id)}/deliveries`).then((r) => r.data),
  redeliver: (ws: string, id: string, deliveryId: string) =>
    request<Delivery>(
      ws,
      "POST",
      `/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`,
    ),
};
