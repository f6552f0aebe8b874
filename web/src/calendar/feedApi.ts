/*
 * The person's calendar feed on the server (`/api/v1/calendar/feed`, peer/src/calendar/routes.ts):
 * same-origin requests with the session cookie and the workspace in `CRM-Workspace`. The feed's
 * secret address comes back once, when made; the server keeps only its hash.
 */

export type FeedState = { active: false } | { active: true; createdAt: number; lastFetchedAt: number | null };

/** The server refused (its problem's `detail`), or could not be reached (`offline`). */
export class FeedError extends Error {
  constructor(
    message: string,
    readonly offline = false,
  ) {
    super(message);
  }
}

async function request(workspace: string, method: "GET" | "POST" | "DELETE"): Promise<Response> {
  let res: Response;
  try {
    res = await fetch("/api/v1/calendar/feed", {
      method,
      credentials: "same-origin",
      headers: { "CRM-Workspace": workspace, Accept: "application/json" },
    });
  } catch {
    throw new FeedError("offline", true);
  }
  if (res.ok) return res;
  let detail = res.statusText;
  try {
    detail = ((await res.json()) as { detail?: string }).detail ?? detail;
  } catch {
    // not a problem document (a proxy's page): the status text
  }
  throw new FeedError(detail);
}

export async function feedState(workspace: string): Promise<FeedState> {
  return (await (await request(workspace, "GET")).json()) as FeedState;
}

/** A new address (the old one stops working): its absolute URL. */
export async function createFeed(workspace: string): Promise<string> {
  const { path } = (await (await request(workspace, "POST")).json()) as { path: string };
  return new URL(path, window.location.origin).href;
}

export async function revokeFeed(workspace: string): Promise<void> {
  await request(workspace, "DELETE");
}
