/**
 * The work queue of one site, a part of the pipeline page: per waiting state, how many
 * units wait there (from GET /units/summary) and the oldest of them first
 * (GET /units?state=&siteCode=&order=asc), so the floor sees what is stuck. The site
 * defaults to the last one used on this device.
 */
import { h, selectField } from '../dom.js';
import { recall, remember } from '../device.js';
import { kgExact, plural, words } from '../format.js';
import { empty } from '../ui.js';
import { mountPart } from '../view.js';

/** The states in which a unit waits for the floor (closed units wait for nothing). */
const WAITING = ['received', 'assessed', 'in_refurbishment', 'refurbished', 'dismantling'];
const SHOWN = 5;

/** Whole days from one date to another (YYYY-MM-DD), never negative. */
export const daysBetween = (from, to) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));

export const workQueuePart = {
  what: 'the work queue',
  async load({ loaders }, { summary, sites, site }) {
    const bySite = new Map(summary.bySite.map((s) => [s.siteCode, s.byState]));
    const withWork = sites.filter((s) => WAITING.some((st) => bySite.get(s.code)?.[st]?.units > 0));
    if (!withWork.length) return { withWork, chosen: null };
    const codes = withWork.map((s) => s.code);
    const chosen = [site, recall('lastSite')].find((c) => codes.includes(c)) ?? codes[0];
    const states = WAITING.filter((st) => bySite.get(chosen)?.[st]?.units > 0);
    const lists = await Promise.all(states.map((state) => loaders.units({ state, siteCode: chosen, order: 'asc', limit: SHOWN })));
    return { withWork, chosen, queue: states.map((state, i) => ({ state, count: bySite.get(chosen)[state], units: lists[i].items })) };
  },

  render({ withWork, chosen, queue }) {
    if (!chosen) return empty('No unit is waiting at any site.');
    const today = new Date().toISOString().slice(0, 10);
    return h(
      'div',
      { class: 'work-queue' },
      h('p', { class: 'hint' }, 'Oldest first in each state: what has waited longest is at the top.'),
      selectField('Site', 'site', withWork.map((s) => [s.code, `${s.code} · ${s.name}`]), chosen),
      queue.map(({ state, count, units }) =>
        h(
          'section',
          { class: 'queue-state', dataset: { state, units: count.units } },
          h('h3', {}, words(state), h('span', { class: 'queue-count' }, ` · ${plural(count.units, 'unit')} · ${kgExact(count.remainingKg)}`)),
          h(
            'ol',
            { class: 'queue-list' },
            units.map((u) =>
              h(
                'li',
                { dataset: { unitId: u.id } },
                h(
                  'a',
                  { href: `#/units/${encodeURIComponent(u.id)}`, class: 'queue-item' },
                  h('span', { class: 'queue-serial' }, u.serialNumber),
                  h('span', { class: 'queue-meta', dataset: { remainingKg: u.massBalance.remainingKg } }, `${u.model} · received ${u.receivedAt} (${plural(daysBetween(u.receivedAt, today), 'day')} ago) · ${kgExact(u.massBalance.remainingKg)} left`),
                ),
              ),
            ),
          ),
          count.units > SHOWN ? h('p', {}, h('a', { href: `#/units?state=${state}&site=${encodeURIComponent(chosen)}&order=asc` }, `All ${plural(count.units, `${words(state).toLowerCase()} unit`)}, oldest first`)) : null,
        ),
      ),
    );
  },

  bind(container, _data, ctx, _refs, pageData) {
    container.querySelector('select[name=site]')?.addEventListener('change', (e) => {
      const site = e.currentTarget.value;
      remember('lastSite', site);
      mountPart(container, workQueuePart, ctx, { ...pageData, site }).then(() => container.querySelector('select[name=site]')?.focus());
    });
  },
};
