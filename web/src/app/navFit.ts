/**
 * How many of the main navigation's sections fit in `available` pixels, in order: all of them
 * when they fit side by side; otherwise as many as fit beside the "More" button that holds the
 * rest. `widths`: each section's link; `gap` between two items.
 */
export function sectionsThatFit(widths: readonly number[], available: number, gap: number, moreWidth: number): number {
  const all = widths.reduce((sum, w) => sum + w, 0) + gap * Math.max(0, widths.length - 1);
  if (all <= available + 0.5) return widths.length;
  let used = moreWidth;
  let n = 0;
  for (const w of widths) {
    if (used + w + gap > available + 0.5) break;
    used += w + gap;
    n++;
  }
  return n;
}
