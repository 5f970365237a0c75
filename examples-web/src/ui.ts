// Small DOM helpers and the one place that turns SDK errors into words for a person.
import { isEnKashError } from 'enkash-rewards';

type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;

/** Creates an element: h('button', { onclick }, 'Save'). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

export const inr = (n: number | undefined) =>
  n === undefined ? '–' : `₹${n.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** What to tell a person about an error: what happened and what to do. */
export function explain(e: unknown): string {
  if (!isEnKashError(e)) return `Something went wrong: ${String(e)}`;
  switch (e.kind) {
    case 'validation':
      return `Please correct the highlighted fields. ${e.fieldErrors.map((f) => f.message).join(' ')}`;
    case 'api':
      return `EnKash refused the request: ${e.message}.${e.code === 1 ? ' Nothing was changed.' : ''}`;
    case 'duplicateReference':
      return e.alreadyApplied
        ? 'This payment went through (its answer was lost, and the retry found it already done). Nothing more to do.'
        : `This reference was used before, so a payment under it already exists: ${e.message}. Look it up before paying again.`;
    case 'auth':
      return `Your session with EnKash could not be established: ${e.message}. Sign in again.`;
    case 'network':
      return 'EnKash could not be reached. Check the connection and try again.';
    case 'timeout':
      return e.mayHaveBeenApplied
        ? 'EnKash did not answer in time. The request may have been applied: check before repeating it.'
        : 'EnKash did not answer in time. Nothing was sent.';
    case 'aborted':
      return 'Cancelled.';
    default:
      return e.message;
  }
}

export function banner(kind: 'ok' | 'error', text: string): HTMLElement {
  return h('div', { class: `banner ${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': `banner-${kind}` }, text);
}
