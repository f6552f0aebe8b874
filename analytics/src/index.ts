export * from "./load.js";
export * from "./queries.js";
export * from "./records.js";
export * from "./results.js";
export * from "./specs.js";
export * from "./tables.js";
