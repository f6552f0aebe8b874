/*
 * Dates for people, through one cached `Intl.DateTimeFormat` per locale and style. Why:
 * `Date#toLocaleDateString(locale, options)` builds a new ICU formatter on every call (about a
 * millisecond, far more on a busy machine); a list or a 360 page formats dozens of dates per
 * render, and a scrolled list a few more at every step.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

export function formatDate(locale: string, at: number, options: Intl.DateTimeFormatOptions = {}): string {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format.format(at);
}
