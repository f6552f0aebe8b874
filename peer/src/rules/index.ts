export { type RulePayload, runRule } from "./actions.js";
export { rulesApi } from "./api.js";
export { attachRules, MAX_DEPTH, type RulesEngine, type RulesOptions } from "./engine.js";
export { RuleMarks } from "./marks.js";
export { RUNS_KEPT, type RuleRun, RuleStore, type RunAction, type RunStatus } from "./runLog.js";
