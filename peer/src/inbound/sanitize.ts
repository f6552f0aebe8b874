import sanitizeHtml from "sanitize-html";

/*
 * A customer's HTML mail, made safe to store and show (the web app shows it once more inside a
 * sandboxed frame with a strict CSP: two independent layers). Kept: text formatting, tables,
 * links (http, https, mailto; opened outside the app), inline images given as data: URLs.
 * Removed: scripts and every other active element, event handlers, forms and inputs, frames,
 * objects, <style> sheets, <base>, <meta> (a refresh), and styles that can load anything —
 * a style attribute keeps only listed properties whose value has no `url(`, `image-set(`,
 * `expression(` or `@import`. Remote images are not loaded: their URL moves to
 * `data-remote-src` (the app puts it back when the agent asks to see images), `cid:` images are
 * dropped.
 */

const SAFE_VALUE = /^(?!.*(url|image-set|expression|image|element)\s*\()(?!.*@import)(?!.*\\)[^<>"]*$/i;

const styleProperties = [
  "color",
  "background-color",
  "font-family",
  "font-size",
  "font-style",
  "font-weight",
  "text-align",
  "text-decoration",
  "line-height",
  "margin",
  "margin-top",
  "margin-bottom",
  "margin-left",
  "margin-right",
  "padding",
  "padding-top",
  "padding-bottom",
  "padding-left",
  "padding-right",
  "border",
  "border-collapse",
  "border-color",
  "border-style",
  "border-width",
  "width",
  "max-width",
  "height",
  "vertical-align",
  "white-space",
  "display",
];

const allowedStyles = { "*": Object.fromEntries(styleProperties.map((p) => [p, [SAFE_VALUE]])) };

export function sanitizeMailHtml(html: string): { html: string; remoteImages: number } {
  let remoteImages = 0;
  const out = sanitizeHtml(html, {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== "style"),
      "img",
      "font",
      "center",
      "span",
      "div",
    ],
    disallowedTagsMode: "discard",
    allowedAttributes: {
      "*": ["style", "align", "valign", "dir", "lang", "title", "width", "height", "colspan", "rowspan"],
      a: ["href", "name", "target", "rel"],
      img: ["src", "alt", "data-remote-src"],
      font: ["color", "face", "size"],
      table: ["border", "cellpadding", "cellspacing", "bgcolor"],
      td: ["bgcolor"],
      th: ["bgcolor"],
      tr: ["bgcolor"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["data"] },
    allowedSchemesAppliedToAttributes: ["href", "src"],
    allowProtocolRelative: false,
    allowedStyles,
    // The text of these is dropped with them (sanitize-html's default keeps script text out too).
    nonTextTags: ["style", "script", "textarea", "option", "noscript", "title", "head", "template", "select"],
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, target: "_blank", rel: "noopener noreferrer nofollow" },
      }),
      img: (tagName, attribs) => {
        // Only a URL this function moved there may be in data-remote-src, never the sender's own.
        const { src = "", "data-remote-src": _theirs, ...rest } = attribs;
        if (/^https:\/\//i.test(src) || /^http:\/\//i.test(src)) {
          remoteImages++;
          return { tagName, attribs: { ...rest, "data-remote-src": src } };
        }
        if (/^data:image\/(png|jpe?g|gif|webp);/i.test(src)) return { tagName, attribs: { ...rest, src } };
        return { tagName, attribs: rest };
      },
    },
  });
  return { html: out, remoteImages };
}
