// One allocation. The SDK's own validation runs on submit and its field errors are shown
// next to the fields: nothing is sent until the form is valid.
import { validateAllocation, isEnKashError, type AllocationRequest, type FieldError } from 'enkash-rewards';
import type { App } from './main';
import { h, inr, explain, banner } from './ui';

const FIELDS: [keyof AllocationRequest, string, () => HTMLInputElement | HTMLSelectElement][] = [
  ['title', 'Title', () => h('select', {}, h('option', { value: 'Ms' }, 'Ms'), h('option', { value: 'Mrs' }, 'Mrs'), h('option', { value: 'Mr' }, 'Mr'))],
  ['firstName', 'First name', () => h('input', {})],
  ['email', 'Email', () => h('input', { type: 'email' })],
  ['mobile', 'Mobile (10 digits)', () => h('input', { inputmode: 'numeric' })],
  ['gender', 'Gender', () => h('select', {}, h('option', { value: 'F' }, 'F'), h('option', { value: 'M' }, 'M'))],
  ['loadAmount', 'Points (₹)', () => h('input', { inputmode: 'decimal' })],
  ['uniqueReferenceNumber', 'Reference', () => h('input', { value: `DASH-${Date.now()}` })],
];

export function allocateForm({ client, config }: App): HTMLElement {
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const errors = new Map<string, HTMLElement>();
  const result = h('div');
  const form = h('form', { class: 'grid', novalidate: true, 'data-testid': 'allocate-form' });
  for (const [name, label, make] of FIELDS) {
    const input = make();
    input.id = `f-${name}`;
    input.name = name;
    inputs.set(name, input);
    const err = h('div', { class: 'field-error', 'data-testid': `error-${name}` });
    errors.set(name, err);
    form.append(h('label', { for: input.id }, label), h('div', {}, input, err));
  }
  const submit = h('button', { type: 'submit' }, 'Allocate points');
  form.append(h('span'), h('div', {}, submit));

  const labels = new Map(FIELDS.map(([name, label]) => [name as string, label.replace(/ \(.*\)$/, '')]));
  const show = (list: FieldError[]) => {
    for (const [name, el] of errors) {
      const mine = list.filter((e) => e.field === name);
      // The SDK names wire fields; say it with the form's own label.
      el.textContent = mine.map((e) => e.message.replace(name, labels.get(name) ?? name)).join(' ');
      inputs.get(name)?.setAttribute('aria-invalid', String(mine.length > 0));
    }
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = (n: string) => inputs.get(n)!.value.trim();
    const amount = value('loadAmount');
    const request = {
      companyId: config.companyId,
      cardAccountId: config.cardAccountId,
      transactionType: 'CR',
      type: 'ALLOCATE_POINT',
      title: value('title'),
      firstName: value('firstName') || undefined,
      email: value('email') || undefined,
      mobile: value('mobile') || undefined,
      gender: value('gender'),
      loadAmount: amount === '' ? undefined : Number(amount),
      uniqueReferenceNumber: value('uniqueReferenceNumber'),
    } as AllocationRequest;
    const problems = validateAllocation(request);
    show(problems);
    result.replaceChildren();
    if (problems.length) return; // nothing is sent
    submit.disabled = true;
    try {
      const card = await client.createAndAllocatePoints(request);
      result.replaceChildren(banner('ok', `Allocated ${inr(request.loadAmount)} to ${card.firstName ?? card.email}: card ${card.enKashCardId}, card balance ${inr(card.otbBalance)}, account balance ${inr(card.accountBalance)}.`));
      (inputs.get('uniqueReferenceNumber') as HTMLInputElement).value = `DASH-${Date.now()}`;
    } catch (err) {
      if (isEnKashError(err) && err.kind === 'validation') show(err.fieldErrors);
      result.replaceChildren(banner('error', explain(err)));
    } finally {
      submit.disabled = false;
    }
  });
  return h('div', {}, h('h2', {}, 'Allocate points to one person'), form, result);
}
