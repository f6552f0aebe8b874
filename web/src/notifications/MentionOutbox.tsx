import { useEffect } from "react";
import { useRuntime } from "../runtime/context.js";
import { flushMentions, onMentionsQueued, postMentions } from "./mentionOutbox.js";

/**
 * Sends the mentions queued on this device (mentionOutbox.ts): at start, whenever one is queued,
 * when the browser comes back online, when the sync connection is back, and every 30 s while some
 * are left (a server that answered 5xx). Mounted once in the app shell; draws nothing.
 */
export function MentionOutbox() {
  const { db, workspace, sync } = useRuntime();
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const post = postMentions(workspace);
    const flush = () => {
      if (stopped) return;
      clearTimeout(timer);
      void flushMentions(db, post)
        .then(({ left }) => {
          if (left && !stopped) timer = setTimeout(flush, 30_000);
        })
        .catch(() => {});
    };
    flush();
    const offQueued = onMentionsQueued(flush);
    let online = false;
    const offStatus = sync.onStatus((status) => {
      const now = status === "syncing" || status === "synced";
      if (now && !online) flush();
      online = now;
    });
    addEventListener("online", flush);
    return () => {
      stopped = true;
      clearTimeout(timer);
      offQueued();
      offStatus();
      removeEventListener("online", flush);
    };
  }, [db, workspace, sync]);
  return null;
}
