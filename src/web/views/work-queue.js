import { api } from '../api.js';
import { fill, h, selectField } from '../dom.js';
import { kg, plural, words } from '../format.js';
import { empty, errorBox, loading } from '../ui.js';
import { lastSite, rememberSite } from './receive.js';

/** The states in which a unit waits for the floor (closed units wait for nothing). */
const WAITING = ['received', 'assessed', 'in_refurbishment', 'refurbished', 'dismantling'];
const SHOWN = 5;

const daysSince = (day) => Math.max(0, Math.round((Date.parse(new Date().toISOString().slice(0, 10)) - Date.parse(day)) / 86_400_000));

/**
 * The work queue of one site: per waiting state, how many units wait there (from
 * GET /units/summary) and the oldest of them first (GET /units?state=&siteCode=&order=asc),
 * so the floor sees what is stuck. The site defaults to the last one used on this device.
 */
export async function renderWorkQueue({ signal, sites, summary }) {
  summary ??= await api('/units/summary', { signal });
  const bySite = new Map((summary.bySite ?? []).map((s) => [s.siteCode, s.byState ?? {}]));
  const withWork = sites.filter((s) => WAITING.some((st) => bySite.get(s.code)?.[st]?.units > 0));
  if (!withWork.length) return empty('No unit is waiting at any site.');
  const codes = withWork.map((s) => s.code);
  let site = [lastSite()].find((c) => codes.includes(c)) ?? codes[0];
  const body = h('div', { class: 'queue-body' });
  const picker = selectField(
    'Site',
    'site',
    withWork.map((s) => [s.code, `${s.code} · ${s.name}`]),
    site,
    {
      onchange: (e) => {
        site = e.currentTarget.value;
        rememberSite(site);
        load();
      },
    },
  );

  async function load() {
    fill(body, loading(`Loading the queue of ${site}…`));
    const states = WAITING.filter((st) => bySite.get(site)?.[st]?.units > 0);
    const lists = await Promise.allSettled(states.map((state) => api('/units', { query: { state, siteCode: site, order: 'asc', limit: SHOWN }, signal })));
    if (signal.aborted) return;
    fill(
      body,
      states.map((state, i) => {
        const count = bySite.get(site)[state];
        const r = lists[i];
        return h(
          'section',
          { class: 'queue-state', dataset: { state, units: count.units } },
          h('h3', {}, words(state), h('span', { class: 'queue-count' }, ` · ${plural(count.units, 'unit')} · ${kg(count.remainingKg)}`)),
          r.status === 'rejected'
            ? errorBox(r.reason, `Could not list the ${words(state).toLowerCase()} units`)
            : h(
                'ol',
                { class: 'queue-list' },
                r.value.items.map((u) =>
                  h(
                    'li',
                    { dataset: { unitId: u.id } },
                    h(
                      'a',
                      { href: `#/units/${encodeURIComponent(u.id)}`, class: 'queue-item' },
                      h('span', { class: 'queue-serial' }, u.serialNumber),
                      h('span', { class: 'queue-meta' }, `${u.model} · received ${u.receivedAt} (${plural(daysSince(u.receivedAt), 'day')} ago) · ${kg(u.massBalance?.remainingKg)} left`),
                    ),
                  ),
                ),
              ),
          count.units > SHOWN ? h('p', {}, h('a', { href: `#/units?state=${state}&site=${encodeURIComponent(site)}&order=asc` }, `All ${plural(count.units, `${words(state).toLowerCase()} unit`)}, oldest first`)) : null,
        );
      }),
    );
  }
  load();
  return h('div', { class: 'work-queue' }, h('p', { class: 'hint' }, 'Oldest first in each state: what has waited longest is at the top.'), picker, body);
}
