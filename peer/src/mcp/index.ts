export { createMcpEndpoint, type McpEndpointOptions } from "./endpoint.js";
