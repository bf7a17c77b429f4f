// Small DOM helpers: every value from the API reaches the page as text, never as HTML.

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

/** A table of rows; `columns` are [heading, cell(row) -> text or node, class?]. */
export function table(columns, rows, rowAttrs = () => ({})) {
  return el('table', {},
    el('thead', {}, el('tr', {}, columns.map(([h]) => el('th', {}, h)))),
    el('tbody', {}, rows.map(r => el('tr', rowAttrs(r),
      columns.map(([, cell, cls]) => el('td', { class: cls }, cell(r)))))));
}

/** Replaces what section `id` of `parent` shows, creating it on first use. */
export function section(parent, id, ...content) {
  let node = parent.querySelector(`#${id}`);
  if (!node) {
    node = el('section', { id });
    parent.append(node);
  }
  node.replaceChildren(...content.flat().filter(c => c !== null && c !== undefined));
  return node;
}

export function stateBadge(state) {
  return el('span', { class: `state state-${state}` }, state);
}

export const num = (v, digits = 4) => (v === null || v === undefined ? '' : Number(v).toFixed(digits));
export const int = v => (v === null || v === undefined ? '' : Number(v).toLocaleString('en'));
export const when = ms => new Date(ms).toLocaleString();
