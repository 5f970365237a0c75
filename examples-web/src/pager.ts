// A paged table: previous/next, a page size, "21–30 of 95", and a loader that fetches one page
// (from the server or from a list in the page; the table does not care). A page answered
// after a newer one was asked for is dropped.
import { h, banner, explain } from './ui';

export interface Column<T> {
  label: string;
  cell: (row: T) => Node | string;
  /** A class for the column's cells (e.g. "num" to right-align amounts). */
  className?: string;
}

export interface PageOf<T> {
  rows: T[];
  /** Records in all pages, when known. */
  total: number | undefined;
}

export interface PagedTable {
  element: HTMLElement;
  /** Back to the first page and load it again (after the filter changed). */
  reload: () => void;
}

export function pagedTable<T>(opts: {
  /** Prefix of the test ids: `${id}-row`, `${id}-prev`, `${id}-next`, `${id}-page-size`, `${id}-status`. */
  id: string;
  caption: string;
  columns: Column<T>[];
  load: (offset: number, pageSize: number, signal: AbortSignal) => Promise<PageOf<T>>;
  rowAttrs?: (row: T) => Record<string, string>;
  empty: string;
  pageSizes?: number[];
}): PagedTable {
  const sizes = opts.pageSizes ?? [10, 25, 50];
  let pageSize = sizes[0];
  let offset = 0;
  let controller: AbortController | undefined;

  const body = h('tbody');
  const status = h('span', { class: 'muted', 'data-testid': `${opts.id}-status`, role: 'status', 'aria-live': 'polite' });
  const problem = h('div');
  const prev = h('button', { class: 'secondary', 'data-testid': `${opts.id}-prev`, onclick: () => go(Math.max(0, offset - pageSize)) }, '← Previous');
  const next = h('button', { class: 'secondary', 'data-testid': `${opts.id}-next`, onclick: () => go(offset + pageSize) }, 'Next →');
  const sizeId = `${opts.id}-page-size`;
  const size = h('select', { id: sizeId, 'data-testid': sizeId }, ...sizes.map((n) => h('option', { value: String(n) }, String(n))));
  size.addEventListener('change', () => {
    pageSize = Number(size.value);
    go(0);
  });
  const table = h(
    'table',
    { 'data-testid': opts.id, 'aria-busy': 'false' },
    h('caption', { class: 'sr-only' }, opts.caption),
    h('thead', {}, h('tr', {}, ...opts.columns.map((c) => h('th', { scope: 'col', class: c.className }, c.label)))),
    body,
  );

  async function go(to: number) {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    prev.disabled = next.disabled = true;
    table.setAttribute('aria-busy', 'true');
    status.textContent = 'Loading…';
    problem.replaceChildren();
    try {
      const page = await opts.load(to, pageSize, mine.signal);
      if (controller !== mine) return; // a newer page was asked for
      offset = to;
      body.replaceChildren(
        ...page.rows.map((row) => h('tr', { 'data-testid': `${opts.id}-row`, ...(opts.rowAttrs?.(row) ?? {}) }, ...opts.columns.map((c) => h('td', { class: c.className }, c.cell(row))))),
      );
      if (!page.rows.length) body.append(h('tr', {}, h('td', { colspan: opts.columns.length, class: 'muted' }, opts.empty)));
      const last = offset + page.rows.length;
      status.textContent = page.rows.length
        ? `${offset + 1}–${last}${page.total === undefined ? '' : ` of ${page.total}`} · page ${Math.floor(offset / pageSize) + 1}${page.total === undefined ? '' : ` of ${Math.max(1, Math.ceil(page.total / pageSize))}`}`
        : page.total ? `Nothing on this page (${page.total} in all)` : '';
      prev.disabled = offset === 0;
      // Without a total, a full page may have a next one.
      next.disabled = page.total === undefined ? page.rows.length < pageSize : last >= page.total;
    } catch (e) {
      if (controller !== mine) return;
      status.textContent = '';
      problem.replaceChildren(banner('error', explain(e)));
      prev.disabled = offset === 0;
    } finally {
      if (controller === mine) table.setAttribute('aria-busy', 'false');
    }
  }

  const element = h(
    'div',
    { class: 'paged' },
    table,
    h('div', { class: 'row' }, prev, next, status, h('span', { class: 'spacer' }), h('label', { for: sizeId }, 'Rows per page'), size),
    problem,
  );
  go(0);
  return { element, reload: () => go(0) };
}
