/**
 * How a page is drawn: load → render → bind, each its own step.
 *
 *   load(ctx)               reads what the page needs through ctx.loaders; no DOM.
 *   render(data, ctx)       builds the page's elements from that data; no fetch, no listeners
 *                           that call the API (self-contained widgets, such as a form field
 *                           that checks itself, keep their own). Answers the nodes, or
 *                           { nodes, refs } when bind needs what it built (a form's fields).
 *   bind(root, data, ctx, refs)  wires what the person can do: forms, buttons, navigation.
 *   parts                   { name: part }: sections that load on their own after the page,
 *                           each a { what, load(ctx, data), render, bind, when?, instead? }
 *                           drawn into render's slot(name, …); one failing leaves the rest
 *                           usable; `when(ctx, data)` false draws `instead(ctx, data)`.
 *
 * A failing page load is shown by app.js (one error panel, focus on it, "Try again"); a
 * failing part is shown in its slot the same way, without taking focus from the page.
 */
import { fill, h } from './dom.js';
import { loading, section, showError } from './ui.js';

/** A section whose body a part fills once it has loaded. */
export const slot = (name, title, ...before) => section(title, ...before, h('div', { class: 'part', dataset: { part: name } }, loading(`Loading ${title.toLowerCase()}…`)));

/** Runs a page: load, render into root, bind, then its parts. Throws what load throws. */
export async function mountView(root, view, ctx) {
  const data = await view.load(ctx);
  if (ctx.signal.aborted) return null;
  const { nodes, refs } = rendered(view.render(data, ctx));
  fill(root, nodes);
  view.bind?.(root, data, ctx, refs);
  await Promise.all(
    Object.entries(view.parts ?? {}).map(([name, part]) => {
      const container = root.querySelector(`[data-part="${name}"]`);
      if (!container) return null;
      // A part for what this key may not do says so (`instead`) rather than asking the API for a 403.
      if (part.when && !part.when(ctx, data)) return void fill(container, part.instead?.(ctx, data) ?? null);
      return mountPart(container, part, ctx, data);
    }),
  );
  return data;
}

/** Loads and draws one part into its container; a failure stays in the container, with "Try again". */
export async function mountPart(container, part, ctx, pageData) {
  fill(container, loading(`Loading ${part.what}…`));
  try {
    const data = await part.load(ctx, pageData);
    if (ctx.signal.aborted) return;
    const { nodes, refs } = rendered(part.render(data, ctx, pageData));
    fill(container, nodes);
    part.bind?.(container, data, ctx, refs, pageData);
  } catch (err) {
    if (ctx.signal.aborted || err?.name === 'AbortError') return;
    showError(container, err, { context: `Could not load ${part.what}`, retry: () => mountPart(container, part, ctx, pageData), focus: false });
  }
}

/** What render answered: nodes alone, or { nodes, refs }. */
const rendered = (out) => (out && typeof out === 'object' && 'nodes' in out && !(out instanceof Node) ? out : { nodes: out, refs: undefined });
