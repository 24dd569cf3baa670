import { h } from '../dom.js';
import { kgExact, label } from '../format.js';
import { pageHeader } from '../ui.js';

/** What the QR code holds: the serial and the unit id (the search reads either). */
export const qrText = (u) => `${u.serialNumber}|${u.id}`;

// bwip-js (Barcode Writer in Pure PostScript, in JavaScript): vector output, no network, loaded on first use
// (the browser keeps a module once imported).
const loadBwip = () => import('/vendor/bwip-js/bwip-js.mjs');

/** A code as an inline SVG element (parsed, never injected as HTML). */
async function code(options, className, title) {
  const lib = await loadBwip();
  const svgText = lib.toSVG(options);
  const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
  const svg = document.importNode(doc.documentElement, true);
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('class', `code ${className}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', title);
  if (className !== 'qr') svg.setAttribute('preserveAspectRatio', 'none');
  svg.dataset.text = options.text;
  return svg;
}

/**
 * A printable 4 × 2 inch label: a QR code of the serial and id, Code 128 barcodes of the
 * serial and of the id, with the model, site and intake mass. Print CSS puts it alone on
 * a 4 × 2 inch page (a label printer's roll). The codes are drawn while loading (bwip-js,
 * no network), so render only places them.
 */
export const labelView = {
  title: ({ u }) => `Label · ${u.serialNumber}`,
  async load({ args: [id], loaders }) {
    const u = await loaders.unit(id);
    const [qr, serialBars, idBars] = await Promise.all([
      code({ bcid: 'qrcode', text: qrText(u), eclevel: 'M', scale: 4, paddingwidth: 2, paddingheight: 2, backgroundcolor: 'FFFFFF' }, 'qr', `QR code: serial ${u.serialNumber}, unit ${u.id}`),
      code({ bcid: 'code128', text: u.serialNumber, scale: 2, height: 8, paddingwidth: 10, backgroundcolor: 'FFFFFF' }, 'c128 serial', `Code 128 of the serial ${u.serialNumber}`),
      code({ bcid: 'code128', text: u.id, scale: 2, height: 8, paddingwidth: 10, backgroundcolor: 'FFFFFF' }, 'c128 unit-id', `Code 128 of the unit id ${u.id}`),
    ]);
    return { u, qr, serialBars, idBars };
  },
  render({ u, qr, serialBars, idBars }) {
    const sheet = h(
      'div',
      { class: 'label-sheet', dataset: { unitId: u.id } },
      h(
        'div',
        { class: 'label' },
        h(
          'div',
          { class: 'label-top' },
          h('div', { class: 'label-qr' }, qr),
          h(
            'div',
            { class: 'label-text' },
            h('p', { class: 'label-serial' }, u.serialNumber),
            h('p', { class: 'label-model' }, `${u.model}${u.modality ? ` · ${u.modality}` : ''}`),
            h('p', {}, `${u.siteCode} · ${kgExact(u.massKg)}`),
            h('p', { class: 'label-small' }, `${label(u.category)} · received ${u.receivedAt}`),
          ),
        ),
        h('div', { class: 'label-bars' }, h('span', { class: 'bars-key' }, 'S/N'), serialBars),
        h('div', { class: 'label-bars' }, h('span', { class: 'bars-key' }, 'ID'), idBars),
        h('p', { class: 'label-id' }, u.id),
      ),
    );
    return [
      h('p', { class: 'crumbs no-print' }, h('a', { href: `#/units/${encodeURIComponent(u.id)}` }, `← Unit ${u.serialNumber}`)),
      h('div', { class: 'no-print' }, pageHeader(`Label for ${u.serialNumber}`), h('p', { class: 'lede' }, 'Sized for a 4 × 2 inch label printer: choose that paper size and no margins in the print dialog. Scanning either code in the units search opens this unit.')),
      sheet,
      h('div', { class: 'actions no-print' }, h('button', { type: 'button', class: 'big', dataset: { print: '' } }, 'Print label')),
    ];
  },
  bind(root) {
    root.querySelector('[data-print]').addEventListener('click', () => window.print());
  },
};
