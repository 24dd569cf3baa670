import { api } from '../api.js';
import { h, inputField, uid } from '../dom.js';
import { dateTime, int, kgExact, label } from '../format.js';
import { bindForm } from '../forms.js';
import { empty } from '../ui.js';
import { CATEGORIES, REGIONS } from './constants.js';
const REGION_NAMES = { USCAN: 'USCAN', LATAM: 'Latin America', EMEA: 'EMEA', APAC: 'Asia-Pacific', JAPAN: 'Japan', INDIA: 'India', CHINA: 'China' };

/**
 * The year's reporting boundary in the footnote's words, what it leaves out (from the
 * indicators, the same read), and (while the year is open, for keys that may set it) a
 * form that replaces it.
 */
export const boundaryPart = {
  what: 'the boundary',
  async load({ loaders }, { year }) {
    const [p, indicators] = await Promise.all([loaders.period(year), loaders.indicators(year)]);
    return { p, out: indicators.scope.outOfBoundary };
  },
  render({ p, out }, { can }, { year }) {
    const b = p.boundary;
    const history = p.boundaryHistory ?? [];
    return [
      b
        ? h(
            'div',
            { class: 'boundary', dataset: { boundary: 'set' } },
            h('p', { class: 'boundary-statement' }, h('strong', {}, b.statement), '.'),
            h(
              'p',
              { class: 'hint' },
              `Set ${dateTime(b.setAt)} by ${b.setBy}${b.note ? ` — “${b.note}”` : ''}.`,
              history.length > 1 ? ` It replaced ${history.length - 1} earlier ${history.length === 2 ? 'boundary' : 'boundaries'}: ${history.slice(0, -1).map((x) => `“${x.statement}”`).join('; ')}.` : '',
            ),
          )
        : empty(`${year} has no reporting boundary: its figures count every category from every region.`),
      h(
        'p',
        { class: out.units || out.kg ? 'notice info out-of-boundary' : 'notice out-of-boundary', dataset: { units: out.units, kg: out.kg } },
        out.units || out.kg
          ? `Outside the boundary in ${year}: ${int(out.units)} units received and ${kgExact(out.kg)} moved. They are tracked, but not in the published figures.`
          : `Nothing recorded in ${year} lies outside the boundary.`,
      ),
      p.locked
        ? h('p', { class: 'hint' }, `${year} is locked: its boundary was published with its figures and cannot change until the year is reopened.`)
        : can('POST /periods/{year}/boundary')
          ? boundaryForm(year, b)
          : h('p', { class: 'hint' }, 'ESG and admin keys can change the boundary while the year is open.'),
    ];
  },
  bind(container, _data, ctx, _refs, { year }) {
    const form = container.querySelector('form.boundary-form');
    if (!form) return;
    bindForm(form, {
      context: 'Could not set the boundary',
      labels: { rules: 'Categories and regions' },
      send(d) {
        const rules = CATEGORIES.filter((c) => d.get(`${c}:included`) === 'on').map((c) => ({ category: c, regions: d.get(`${c}:all`) === 'on' ? null : d.getAll(`${c}:region`).map(String) }));
        const note = String(d.get('note') ?? '').trim();
        return api(`/periods/${year}/boundary`, { method: 'POST', body: note ? { rules, note } : { rules } });
      },
      // A new boundary moves every figure of the year: draw the page again.
      done: (set) => ctx.reload({ said: `${year} boundary set: ${set.statement}.` }),
    });
  },
};

function boundaryForm(year, current) {
  const rules = new Map((current?.rules ?? []).map((r) => [r.category, r.regions]));
  const button = h('button', { type: 'submit' }, `Set the ${year} boundary`);
  const rows = CATEGORIES.map((c) => {
    const included = rules.has(c);
    const regions = rules.get(c);
    const id = uid(c);
    const regionBoxes = REGIONS.map((r) => {
      const rid = uid(`${c}-${r}`);
      return h(
        'span',
        { class: 'field check' },
        h('input', { type: 'checkbox', id: rid, name: `${c}:region`, value: r, checked: included && regions != null && regions.includes(r) }),
        h('label', { for: rid }, REGION_NAMES[r]),
      );
    });
    return h(
      'fieldset',
      { class: 'boundary-rule', dataset: { category: c } },
      h('legend', {}, label(c)),
      h('div', { class: 'field check' }, h('input', { type: 'checkbox', id, name: `${c}:included`, checked: included }), h('label', { for: id }, 'In the boundary')),
      h(
        'div',
        { class: 'field check' },
        h('input', { type: 'checkbox', id: `${id}-all`, name: `${c}:all`, checked: !included || regions == null }),
        h('label', { for: `${id}-all` }, 'From every region'),
      ),
      h('div', { class: 'region-boxes', role: 'group', 'aria-label': `${label(c)}: only from these regions` }, regionBoxes),
    );
  });
  return h(
    'form',
    {
      class: 'boundary-form',
      'aria-label': `Set the ${year} reporting boundary`,
      dataset: { action: 'POST /periods/{year}/boundary' },
    },
    h('p', {}, 'Which categories, from which regions, the year’s published figures cover (the report’s scope footnote). The boundary in force is replaced; the old one stays in the history.'),
    rows,
    inputField('Note (optional)', 'note', { maxlength: 500 }, 'Where the boundary comes from, e.g. the report’s footnote.'),
    h('div', { class: 'actions' }, button),
    h('div', { class: 'form-status', 'aria-live': 'polite' }),
  );
}
