const VERSION_FILE = "/protocol/src/version.ts";
const STAND_IN = new URL("./nextProtocolVersion.ts", import.meta.url).href;

/** Resolves protocol/src/version.ts to the stand-in, except for the stand-in itself. */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (context.parentURL === STAND_IN || !resolved.url.endsWith(VERSION_FILE)) return resolved;
  return { ...resolved, url: STAND_IN };
}
