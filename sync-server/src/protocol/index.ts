export * from "./messages.js";
export * from "./mux.js";
export * from "./version.js";
