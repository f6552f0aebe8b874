import { createContext, useContext } from "react";
import type { Runtime } from "./runtime.js";

export const RuntimeContext = createContext<Runtime | null>(null);

export function useRuntime(): Runtime {
  const rt = useContext(RuntimeContext);
  if (!rt) throw new Error("useRuntime outside RuntimeContext");
  return rt;
}
