import { api } from '../api.js';
import { h, table, tableWrap } from '../dom.js';
import { int, kgExact, tonnes } from '../format.js';
import { announce, empty } from '../ui.js';

/** The SASB HC-MS-410a.2 figure for a year, with a ready-to-copy text. */
export async function renderSasb(year, signal) {
  const r = await api('/reports/sasb/hc-ms-410a-2', { query: { year }, signal });
  const rows = sasbRows(r);
  const text = sasbText(year, r, rows);
  const copyStatus = h('span', { class: 'copy-status', 'aria-live': 'polite' });
  const textId = `sasb-text-${year}`;
  return [
    rows.length
      ? tableWrap(
          'SASB figures',
          table(
            `HC-MS-410a.2 for ${year}`,
            ['', { label: 'Units', num: true }, { label: 'Mass', num: true }, { label: 'Tonnes', num: true }],
            rows.map((x) => h('tr', { dataset: { row: x.key } }, h('th', { scope: 'row' }, x.label), h('td', { class: 'num' }, x.units === undefined ? '—' : int(x.units)), h('td', { class: 'num' }, kgExact(x.kg)), h('td', { class: 'num' }, tonnes(x.kg)))),
            { captionHidden: true },
          ),
        )
      : empty(`No take-back figures for ${year}.`),
    h('label', { for: textId, class: 'block-label' }, 'Ready to copy'),
    h('textarea', { id: textId, class: 'copy-text', readonly: true, rows: 6 }, text),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          onclick: async () => {
            const area = document.getElementById(textId);
            try {
              await navigator.clipboard.writeText(area.value);
              copyStatus.textContent = 'Copied to the clipboard.';
            } catch {
              // No clipboard permission (e.g. plain http): select it so Ctrl+C copies it.
              area.focus();
              area.select();
              copyStatus.textContent = 'Selected: press Ctrl+C (or ⌘C) to copy.';
            }
            announce(copyStatus.textContent);
          },
        },
        'Copy text',
      ),
      copyStatus,
    ),
  ];
}

/** The rows of the figure, whichever of the documented parts the answer carries. */
function sasbRows(r) {
  const parts = [
    ['acceptedForTakeBack', 'Accepted for take-back'],
    ['reused', 'Reused (refurbished units and harvested parts)'],
    ['recycled', 'Recycled'],
    ['donated', 'Donated'],
    ['diverted', 'Reused, recycled or donated (diverted)'],
    ['landfilled', 'Landfilled'],
  ];
  const src = r.figures ?? r;
  return parts
    .filter(([k]) => src[k] && typeof src[k] === 'object')
    .map(([k, label]) => ({ key: k, label, units: src[k].units, kg: src[k].kg ?? src[k].massKg }));
}

function scopeText(r) {
  if (typeof r.scopeStatement === 'string') return r.scopeStatement;
  if (typeof r.scope === 'string') return r.scope;
  if (typeof r.scope?.statement === 'string') return r.scope.statement;
  return '';
}

function sasbText(year, r, rows) {
  if (typeof r.text === 'string') return r.text;
  const lines = [`SASB HC-MS-410a.2 — Total amount of products accepted for take-back and reused, recycled, or donated, ${year}:`];
  for (const x of rows) lines.push(`- ${x.label}: ${x.units === undefined ? '' : `${int(x.units)} units, `}${kgExact(x.kg)} (${tonnes(x.kg)})`);
  const scope = scopeText(r);
  if (scope) lines.push('', `Scope: ${scope}`);
  return lines.join('\n');
}
