// Bulk allocation from a CSV file: per-line problems before anything is sent, a progress bar
// fed by onProgress, cancel (AbortSignal), the outcome table, a results download, and resume
// with the same run id (rows already paid come back as "alreadyAllocated": nobody is paid twice).
import { parseRecipientsCsv, outcomesToCsv, type ParsedRecipients, type RunReport } from 'enkash-rewards';
import type { App } from './main';
import { h, explain, banner } from './ui';

export function bulkPage({ client, config }: App): HTMLElement {
  let parsed: ParsedRecipients | undefined;
  let controller: AbortController | undefined;
  const file = h('input', { type: 'file', accept: '.csv,text/csv', 'data-testid': 'csv-file' });
  const runId = h('input', { 'data-testid': 'run-id', value: '' });
  const batchSize = h('input', { type: 'number', min: 1, max: 1000, value: 25, 'data-testid': 'batch-size' });
  const start = h('button', { 'data-testid': 'start', disabled: true }, 'Start run');
  const cancel = h('button', { class: 'secondary', 'data-testid': 'cancel', disabled: true }, 'Cancel');
  const resume = h('button', { class: 'secondary', 'data-testid': 'resume', hidden: true }, 'Resume with the same run id');
  const summary = h('div', { 'data-testid': 'parse-summary' });
  const problems = h('div');
  const bar = h('progress', { max: 1, value: 0, 'data-testid': 'progress' });
  const progressText = h('div', { class: 'muted', 'data-testid': 'progress-text' });
  const outcome = h('div', { 'data-testid': 'outcome' });

  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    try {
      // Bytes, not text: a file that is not UTF-8 is refused with its line number instead of
      // having its names replaced by U+FFFD.
      parsed = parseRecipientsCsv(new Uint8Array(await f.arrayBuffer()));
    } catch (e) {
      parsed = undefined;
      summary.replaceChildren(banner('error', explain(e)));
      problems.replaceChildren();
      start.disabled = true;
      return;
    }
    runId.value ||= `${f.name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 20)}-${new Date().toISOString().slice(0, 10)}`;
    summary.replaceChildren(h('p', {}, `${parsed.rows.length} rows ready, ${parsed.errors.length} line(s) with problems (left out).`));
    problems.replaceChildren(
      parsed.errors.length
        ? h('table', { 'data-testid': 'csv-errors' }, h('tr', {}, h('th', {}, 'Line'), h('th', {}, 'Field'), h('th', {}, 'Problem')), ...parsed.errors.map((e) => h('tr', {}, h('td', {}, String(e.line)), h('td', {}, e.field ?? ''), h('td', {}, e.message))))
        : '',
    );
    start.disabled = parsed.rows.length === 0;
    outcome.replaceChildren();
    resume.hidden = true;
  });

  const render = (report: RunReport) => {
    const t = report.totals;
    const rows = parsed!.rows;
    const csv = outcomesToCsv(report.outcomes, parsed!.lines);
    const link = h('a', { href: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })), download: `${runId.value}-results.csv`, 'data-testid': 'download' }, 'Download results (CSV)');
    outcome.replaceChildren(
      banner(t.failed || t.notAttempted ? 'error' : 'ok', `${t.allocated} allocated, ${t.alreadyAllocated} already allocated, ${t.failed} failed, ${t.invalid} invalid, ${t.notAttempted} not attempted${report.cancelled ? ' (cancelled)' : ''}${report.stopped ? `. Stopped: ${report.stopped}` : ''}.`),
      t.failed || t.notAttempted ? h('p', { class: 'muted' }, 'Rows marked done are paid. Resume to send the rest: paid rows are recognised by their reference and never paid twice.') : '',
      h('div', { class: 'row' }, link),
      h(
        'table',
        { 'data-testid': 'outcomes' },
        h('tr', {}, h('th', {}, 'Line'), h('th', {}, 'Name'), h('th', {}, 'Points'), h('th', {}, 'Status'), h('th', {}, 'Reason / card')),
        ...report.outcomes.map((o) =>
          h('tr', {}, h('td', {}, String(parsed!.lines[o.index])), h('td', {}, rows[o.index]?.name ?? ''), h('td', {}, String(rows[o.index]?.loadAmount ?? '')), h('td', { class: `status-${o.status}` }, o.status), h('td', {}, o.reason ?? o.enKashCardId ?? '')),
        ),
      ),
    );
    resume.hidden = !(t.failed || t.notAttempted);
  };

  const run = async () => {
    if (!parsed) return;
    controller = new AbortController();
    start.disabled = true;
    resume.disabled = true;
    cancel.disabled = false;
    bar.value = 0;
    progressText.textContent = 'Starting…';
    try {
      const report = await client.allocateRewards(parsed.rows, {
        companyId: config.companyId,
        cardAccountId: config.cardAccountId,
        isPointsAllocation: true,
        runId: runId.value,
        batchSize: Number(batchSize.value),
        signal: controller.signal,
        onProgress: (p) => {
          bar.max = p.total;
          bar.value = p.done;
          progressText.textContent = `${p.done} of ${p.total} rows: ${p.allocated} allocated, ${p.failed} failed, ${p.invalid} invalid`;
        },
      });
      render(report);
    } catch (e) {
      outcome.replaceChildren(banner('error', explain(e)));
    } finally {
      cancel.disabled = true;
      start.disabled = false;
      resume.disabled = false;
    }
  };
  start.addEventListener('click', run);
  resume.addEventListener('click', run);
  cancel.addEventListener('click', () => {
    controller?.abort();
    progressText.textContent += ' · cancelling: waiting for the batches in flight';
  });

  return h(
    'div',
    {},
    h('h2', {}, 'Bulk allocation from a CSV file'),
    h('p', { class: 'muted' }, 'Columns: title, name, email, mobile, loadAmount, and optionally remarks, uniqueReferenceNumber.'),
    h('div', { class: 'row' }, file),
    summary,
    problems,
    h('div', { class: 'row' }, h('label', {}, 'Run id'), runId, h('label', {}, 'Batch size'), batchSize),
    h('div', { class: 'row' }, start, cancel, resume),
    bar,
    progressText,
    outcome,
  );
}
