/** Elements built from text only: nothing the server or the visitor sends is ever parsed as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(typeof child === "string" ? document.createTextNode(child) : child);
  return node;
}

export const CSS = `
:host{all:initial;font:14px/1.4 system-ui,sans-serif;color:#1d2733}
*{box-sizing:border-box;font:inherit}
.launch{position:fixed;right:20px;bottom:20px;z-index:2147483000;background:#1f3a5f;color:#fff;border:0;border-radius:24px;padding:12px 18px;cursor:pointer;box-shadow:0 2px 10px #0004}
.panel{position:fixed;right:20px;bottom:76px;z-index:2147483000;width:340px;max-height:560px;display:flex;flex-direction:column;background:#fff;border:1px solid #c9d1db;border-radius:10px;box-shadow:0 6px 24px #0003;overflow:hidden}
.panel[hidden]{display:none}
header{display:flex;justify-content:space-between;align-items:center;background:#1f3a5f;color:#fff;padding:10px 12px}
header button{background:none;border:0;color:#fff;cursor:pointer;font-size:18px}
.status{padding:6px 12px;background:#eef2f6;font-size:12px}
.body{flex:1;overflow:auto;padding:10px 12px;display:flex;flex-direction:column;gap:8px}
label{display:flex;flex-direction:column;gap:2px;font-size:12px}
input,textarea{border:1px solid #9aa7b5;border-radius:6px;padding:6px 8px;width:100%}
textarea{min-height:60px;resize:vertical}
.err{color:#b3261e;font-size:12px}
.btn{background:#1f3a5f;color:#fff;border:0;border-radius:6px;padding:7px 12px;cursor:pointer}
.link{background:none;border:0;color:#1f3a5f;text-decoration:underline;cursor:pointer;padding:0;text-align:left}
:focus-visible{outline:2px solid #e08a00;outline-offset:2px}
.msg{max-width:85%;padding:6px 9px;border-radius:8px;white-space:pre-wrap;overflow-wrap:anywhere}
.msg.visitor{align-self:flex-end;background:#dbe7f5}
.msg.agent{align-self:flex-start;background:#f0f0f0}
.who{display:block;font-size:11px;color:#52606d}
.answers{border-top:1px solid #e3e8ee;padding-top:6px;display:flex;flex-direction:column;gap:6px}
.answer{border:1px solid #e3e8ee;border-radius:6px;padding:6px 8px}
.answer p{margin:4px 0;white-space:pre-wrap}
.typing{font-size:12px;color:#52606d;min-height:16px;padding:0 12px}
form.compose{display:flex;gap:6px;padding:8px 12px;border-top:1px solid #e3e8ee}
`;
