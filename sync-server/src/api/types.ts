import type { createApi } from "./index.js";

/**
 * The routes of `/api` as types only: what the web app's client (`hc<ApiRoutes>`, web/src/auth/
 * api.ts) is typed by. Import it with `import type`: nothing of the server reaches the bundle.
 */
export type ApiRoutes = ReturnType<typeof createApi>;
