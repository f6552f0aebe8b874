// Runs before the app (a classic script in index.html, so before any module). The server's
// Content-Security-Policy allows no eval (sync-server/src/guards.ts). zod probes for eval with
// `new Function` when it builds its first object schema, and the refused probe is reported as a
// CSP violation; under that policy zod cannot compile its validators anyway, so it is told not
// to try (zod reads this global when it loads): same speed, no violation.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });
