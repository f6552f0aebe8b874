import { useEffect, useState } from "react";

/**
 * The current time, refreshed every `everyMs`: SLA timers count down and a case turns "breached"
 * while the page is open, without any write. Pages pass a coarser tick for long lists.
 */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
