import { useEffect } from "react";
import { useCanWrite, useSession } from "../runtime/session.js";
import { chatAgent } from "./chatApi.js";

const BEAT_MS = 20_000;

/**
 * While a member who may answer chats has the app open, the chat widget says an agent is online:
 * a heartbeat every 20 s (the server counts a member for 60 s after one), and "gone" when the tab
 * closes. Renders nothing.
 */
export function ChatPresence() {
  const { workspace } = useSession();
  const canAnswer = useCanWrite("caseMessages");
  const ws = workspace.id;
  useEffect(() => {
    if (!canAnswer) return;
    const beat = () => chatAgent(ws, "/presence", { online: true }).catch(() => {});
    void beat();
    const timer = setInterval(beat, BEAT_MS);
    const gone = () => void chatAgent(ws, "/presence", { online: false }).catch(() => {});
    window.addEventListener("pagehide", gone);
    return () => {
      clearInterval(timer);
      window.removeEventListener("pagehide", gone);
      gone();
    };
  }, [ws, canAnswer]);
  return null;
}
