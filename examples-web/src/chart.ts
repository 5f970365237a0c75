// Points allocated per day (credits), as a hand-drawn SVG bar chart with a title and a
// description for screen readers, and the same numbers in a table beside it.
import type { Transaction } from 'enkash-rewards';
import type { App } from './main';
import { h, inr, banner, explain } from './ui';
import { accountTransactions, dayKey, loadCards, when } from './sdk';

export interface Day {
  day: string; // yyyy-mm-dd, local
  points: number;
  count: number;
}

/** The last `days` local days up to today, oldest first, with the credits of each. */
export function perDay(transactions: Transaction[], days: number, today = new Date()): Day[] {
  const list: Day[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - i);
    list.push({ day: dayKey(d), points: 0, count: 0 });
  }
  const index = new Map(list.map((d) => [d.day, d]));
  for (const t of transactions) {
    const at = when(t);
    const slot = at && t.cardTransactionType === 'CR' ? index.get(dayKey(at)) : undefined;
    if (!slot) continue;
    // Paise, so that sums of rupee amounts stay exact.
    slot.points = (Math.round(slot.points * 100) + Math.round((t.amount ?? 0) * 100)) / 100;
    slot.count++;
  }
  return list;
}

const SVG = 'http://www.w3.org/2000/svg';
function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/** A step for the value axis: 1, 2 or 5 times a power of ten, about four lines. */
function niceStep(max: number): number {
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= rough) ?? power * 10;
}

const short = (day: string) => {
  const [, m, d] = day.split('-').map(Number);
  return `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]}`;
};

export function barChart(days: Day[]): SVGSVGElement {
  const [W, H, left, right, top, bottom] = [760, 240, 64, 12, 12, 40];
  const max = Math.max(...days.map((d) => d.points), 0);
  const step = max > 0 ? niceStep(max) : 1;
  const ceiling = Math.max(step, Math.ceil(max / step) * step);
  const y = (v: number) => top + (H - top - bottom) * (1 - v / ceiling);
  const slot = (W - left - right) / days.length;
  const total = days.reduce((sum, d) => sum + d.points, 0);
  const best = days.reduce((a, b) => (b.points > a.points ? b : a), days[0]);
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': 'chart-title chart-desc', 'data-testid': 'chart', class: 'chart' },
    s('title', { id: 'chart-title' }, `Points allocated per day, ${short(days[0].day)} to ${short(days[days.length - 1].day)}`),
    s('desc', { id: 'chart-desc' }, `${days.length} days, ${inr(total)} in all; the most on ${short(best.day)}: ${inr(best.points)}. The table below lists every day.`),
  );
  for (let v = 0; v <= ceiling; v += step) {
    svg.append(
      s('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, v >= 1000 ? `${v / 1000}k` : String(v)),
    );
  }
  days.forEach((d, i) => {
    const x = left + i * slot;
    const bar = s('rect', { x: x + slot * 0.15, y: y(d.points), width: slot * 0.7, height: y(0) - y(d.points), class: 'bar', 'data-day': d.day, 'data-points': d.points }, s('title', {}, `${short(d.day)}: ${inr(d.points)} (${d.count} credits)`));
    svg.append(bar);
    if (i % Math.ceil(days.length / 10) === 0 || i === days.length - 1) svg.append(s('text', { x: x + slot / 2, y: H - bottom + 16, 'text-anchor': 'middle', class: 'axis' }, short(d.day)));
  });
  return svg;
}

export function dayTable(days: Day[]): HTMLElement {
  return h(
    'details',
    { 'data-testid': 'chart-numbers' },
    h('summary', {}, 'The numbers'),
    h(
      'table',
      {},
      h('caption', { class: 'sr-only' }, 'Points allocated per day'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col', class: 'num' }, 'Points allocated'), h('th', { scope: 'col', class: 'num' }, 'Credits'))),
      h('tbody', {}, ...days.map((d) => h('tr', { 'data-day': d.day }, h('td', {}, d.day), h('td', { class: 'num' }, inr(d.points)), h('td', { class: 'num' }, String(d.count))))),
    ),
  );
}

/** The chart section of the overview: the last `days` days (7, 14 or 30). */
export function allocationChart(app: App): HTMLElement {
  const body = h('div', { 'aria-live': 'polite' });
  const range = h('select', { id: 'chart-days', 'data-testid': 'chart-days' }, ...[30, 14, 7].map((n) => h('option', { value: String(n) }, `Last ${n} days`)));
  const draw = async () => {
    body.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    const days = Number(range.value);
    const today = new Date();
    const first = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1));
    try {
      const credits = await accountTransactions(app, await loadCards(app), { type: 'CR', from: dayKey(first) });
      const list = perDay(credits, days, today);
      body.replaceChildren(barChart(list), dayTable(list));
    } catch (e) {
      body.replaceChildren(banner('error', explain(e)));
    }
  };
  range.addEventListener('change', draw);
  draw();
  return h('div', { 'data-testid': 'allocation-chart' }, h('div', { class: 'row chart-head' }, h('h2', {}, 'Points allocated per day'), h('span', { class: 'spacer' }), h('label', { for: 'chart-days', class: 'sr-only' }, 'Period'), range), body);
}
