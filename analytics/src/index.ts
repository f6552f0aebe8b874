export * from "./load.js";
export * from "./queries.js";
export * from "./results.js";
export * from "./tables.js";
