export * from "./builtIns.js";
export * from "./evaluate.js";
export * from "./model.js";
export * from "./store.js";
export * from "./validate.js";
