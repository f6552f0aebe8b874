/**
 * `performance.mark(name, { detail })` one frame after the current commit, i.e. once what was just
 * rendered is painted: how the browser benchmarks (tests/bench/) time what a person sees, without
 * any Playwright round trip. A mark costs next to nothing, so it stays in production builds.
 */
export function markPainted(name: string, detail?: Record<string, unknown>): void {
  requestAnimationFrame(() => performance.mark(name, { detail }));
}
