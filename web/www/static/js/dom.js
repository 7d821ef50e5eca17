// Building DOM nodes without innerHTML, so user text is always inserted as text.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// HTML the server made from Markdown with cmark's safe mode (raw HTML dropped, unsafe links removed): the one
// place markup from the server is inserted as markup.
export function serverHtml(node, html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  clear(node).append(template.content);
}
