export * from "./base.js";
export * from "./custom.js";
export * from "./effective.js";
export * from "./jsonSchema.js";
export * from "./picklists.js";
export * from "./spec.js";
export * from "./types.js";
export * from "./validators.js";
