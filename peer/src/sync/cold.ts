/** What the sync server uses of the peer's cold path (sync-server/src/docState.ts). */
export { type ColdPlan, planColdApply } from "./coldApply.js";
export { MemoryIndex } from "./itemIndex.js";
