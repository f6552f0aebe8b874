export { type ApiCaller, type ApiExtension, type ApiKit, createRestApi, type RestApiOptions } from "./app.js";
export { IdempotencyStore } from "./idempotency.js";
export {
  API_VERSION,
  jsonResponse,
  type OpenApiContribution,
  type OpenApiPart,
  openApiDocument,
  problemResponses,
  schemaName,
} from "./openapi.js";
export { parseListQuery } from "./params.js";
export { type Problem, type ProblemError, ProblemException, problemBody } from "./problems.js";
export { RateLimiter } from "./ratelimit.js";
