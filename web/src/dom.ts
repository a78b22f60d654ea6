// Building the page from data without HTML: every value from the server (or
// from a report's embedded JSON) goes in as a text node or an attribute, never
// through innerHTML, so a run named `<img onerror=…>` shows as that text.

// What an element may hold: text (strings and numbers become text nodes),
// nodes, nested lists of either; null, undefined and false are skipped.
export type Child = string | number | Node | null | undefined | false | readonly Child[];

// Attributes; `class` sets the class list. true sets an empty attribute,
// false, null and undefined leave it out.
export type Attrs = Record<string, string | number | boolean | null | undefined>;

function append(parent: Node, child: Child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child as readonly Child[]) append(parent, c);
  } else if (child instanceof Node) {
    parent.appendChild(child);
  } else {
    parent.appendChild(document.createTextNode(String(child)));
  }
}

// An element: el("td", { class: "num" }, "42"), el("tr", null, cells).
// Event handler attributes are refused (wire events with addEventListener);
// href and src only take http:/https: URLs (see safeUrl), others are dropped.
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (/^on/i.test(name)) throw new Error(`el: no event handler attributes (${name})`);
    let text = value === true ? "" : String(value);
    if (/^(href|src|action|formaction|xlink:href)$/i.test(name)) {
      const url = safeUrl(text);
      if (url === null) continue;
      text = url;
    }
    e.setAttribute(name, text);
  }
  append(e, children);
  return e;
}

// Removes every child of `node`.
export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

// Replaces the children of `node` with `children`.
export function fill(node: Node, ...children: Child[]): void {
  clear(node);
  append(node, children);
}

// The URL if it is an absolute http: or https: one, else null: a link built
// from data may not run script (javascript:), carry a page (data:) or leave
// the web.
export function safeUrl(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

// A link to `url` showing `text` when the URL is http(s); otherwise plain
// text: `text`, or the URL itself (shown, not followed) when there is none.
export function link(url: string | undefined, text: string, attrs: Attrs = {}): Node {
  const safe = url ? safeUrl(url) : null;
  if (safe === null) return document.createTextNode(text || url || "");
  return el("a", { ...attrs, href: safe }, text);
}

// Text made safe to place in HTML, for the few places that must hand HTML to
// a library (ECharts' tooltip formatters).
export function escapeHtml(text: unknown): string {
  return String(text)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
