import { NetworkError } from "./api.js";

/*
 * The REST API (`/api/v1`, served by the automation peer) from the app: same-origin, with the
 * session cookie, and the workspace named in the `CRM-Workspace` header (a person may belong to
 * several). Errors there are RFC 9457 problems; `RestApiError` carries their status and detail.
 */

export class RestApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function restApi<T>(workspace: string, path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      ...init,
      credentials: "same-origin",
      headers: { Accept: "application/json", ...init.headers, "CRM-Workspace": workspace },
    });
  } catch {
    throw new NetworkError("the server cannot be reached");
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const p = (json ?? {}) as { code?: string; detail?: string };
    throw new RestApiError(res.status, p.code ?? "http", p.detail ?? `HTTP ${res.status}`);
  }
  return json as T;
}
