import { h, table, tableWrap } from '../dom.js';
import { int, kgExact, pct, plural, tonnes } from '../format.js';
import { announce } from '../ui.js';

/** The SASB HC-MS-410a.2 figure for a year, with a ready-to-copy text. */
export const sasbPart = {
  what: 'the SASB figure',
  load: ({ loaders }, { year }) => loaders.sasb(year),
  render: (r, _ctx, { year }) => renderSasb(r, year),
  bind(container) {
    const status = container.querySelector('.copy-status');
    const area = container.querySelector('textarea.copy-text');
    container.querySelector('button[data-copy]').addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(area.value);
        status.textContent = 'Copied to the clipboard.';
      } catch {
        // No clipboard permission (e.g. plain http): select it so Ctrl+C copies it.
        area.focus();
        area.select();
        status.textContent = 'Selected: press Ctrl+C (or ⌘C) to copy.';
      }
      announce(status.textContent);
    });
  },
};

function renderSasb(r, year) {
  const rows = sasbRows(r);
  const text = sasbText(year, r, rows);
  const copyStatus = h('span', { class: 'copy-status', 'aria-live': 'polite' });
  const textId = `sasb-text-${year}`;
  return [
    r.description ? h('p', { class: 'lede' }, r.description) : null,
    h(
      'p',
      { class: 'big-figure', dataset: { units: r.units, kg: r.kg } },
      `${plural(r.units, 'unit')} · ${tonnes(r.kg)}`,
      h('span', { class: 'card-sub' }, ` (${kgExact(r.kg)}) reused, recycled or donated in ${year}`),
    ),
    tableWrap(
      'SASB figures',
      table(
        `HC-MS-410a.2 for ${year}`,
        ['', { label: 'Units', num: true }, { label: 'Mass', num: true }, { label: 'Tonnes', num: true }],
        rows.map((x) =>
          h(
            'tr',
            { class: x.total ? 'total' : undefined, dataset: { row: x.key } },
            h('th', { scope: 'row', class: x.sub ? 'sub-row' : undefined }, x.label),
            h('td', { class: 'num' }, x.units === undefined ? '' : int(x.units)),
            h('td', { class: 'num' }, kgExact(x.kg)),
            h('td', { class: 'num' }, tonnes(x.kg)),
          ),
        ),
        { captionHidden: true },
      ),
    ),
    r.scope?.statement ? h('p', { class: 'scope-statement' }, h('strong', {}, 'Scope: '), r.scope.statement) : null,
    r.period?.locked === false ? h('p', { class: 'hint' }, `${year} is not locked: these figures may still change.`) : null,
    h('label', { for: textId, class: 'block-label' }, 'Ready to copy'),
    h('textarea', { id: textId, class: 'copy-text', readonly: true, rows: text.split('\n').length + 2 }, text),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', dataset: { copy: '' } }, 'Copy text'),
      copyStatus,
    ),
  ];
}

function sasbRows(r) {
  const split = r.split ?? {};
  const reused = r.reused ?? {};
  const units = r.unitDetail ?? {};
  return [
    { key: 'reused', label: 'Reused (refurbished + harvested parts)', kg: split.reusedKg },
    { key: 'refurbished', label: 'Refurbished for sale or redeployment', sub: true, units: units.refurbishedForSaleOrRedeployment, kg: reused.refurbishedForSaleOrRedeploymentKg },
    { key: 'harvested', label: 'Harvested parts', sub: true, kg: reused.harvestedPartsKg },
    { key: 'recycled', label: 'Recycled', kg: split.recycledKg },
    { key: 'donated', label: 'Donated', units: units.donated, kg: split.donatedKg },
    { key: 'diverted', label: 'Total reused, recycled or donated', total: true, units: r.units, kg: r.kg },
  ].filter((x) => typeof x.kg === 'number');
}

function sasbText(year, r, rows) {
  const lines = [`SASB ${r.metric ?? 'HC-MS-410a.2'} (${year}): total amount of products accepted for take-back and reused, recycled, or donated`];
  lines.push(`${plural(r.units, 'unit')} recovered; ${kgExact(r.kg)} (${tonnes(r.kg)}) reused, recycled or donated.`);
  for (const x of rows.filter((x) => !x.total)) {
    lines.push(`${x.sub ? '    - ' : '- '}${x.label}: ${kgExact(x.kg)}${x.units !== undefined ? ` (${plural(x.units, 'unit')})` : ''}`);
  }
  if (r.energyRecoveredKg > 0) lines.push(`Energy recovered (not part of the SASB figure): ${kgExact(r.energyRecoveredKg)}.`);
  if (typeof r.landfilledKg === 'number') lines.push(`Landfilled: ${kgExact(r.landfilledKg)}; diversion rate ${pct(r.diversionRate)}.`);
  if (r.scope?.statement) lines.push(`Scope: ${r.scope.statement}`);
  return lines.join('\n');
}
