export * from "./compile.js";
export * from "./fields.js";
export * from "./filter.js";
