// The reward dashboard: sign in, then overview (with points allocated per day), the account's
// cards, its transactions, single allocation, bulk allocation from a CSV file, and an
// employee's voucher store. Tokens come from the dev backend
// (`tokenProvider`): no secret ever reaches the browser.
import { EnKashClient, RedemptionClient, type TokenInfo } from 'enkash-rewards';
import { h, banner } from './ui';
import { overview } from './overview';
import { cardsPage } from './cards';
import { transactionsPage } from './transactions';
import { allocateForm } from './allocate';
import { bulkPage } from './bulk';
import { storePage } from './store';

export interface Config {
  baseUrl: string;
  partnerId: string;
  companyId: string;
  cardAccountId: string;
}

export interface App {
  config: Config;
  client: EnKashClient;
  store: RedemptionClient;
}

const app = document.querySelector<HTMLElement>('#app')!;

// The token routes are POST (the browser then sends this page's Origin, which the backend checks).
async function token(path: string): Promise<TokenInfo> {
  const r = await fetch(path, { method: 'POST', credentials: 'same-origin' });
  if (!r.ok) throw new Error((await r.json()).message ?? `token request failed (${r.status})`);
  return r.json();
}

function login() {
  const email = h('input', { id: 'login-email', type: 'email', autocomplete: 'username', value: 'admin@dashboard.test' });
  const password = h('input', { id: 'login-password', type: 'password', autocomplete: 'current-password' });
  const message = h('div');
  const form = h(
    'form',
    {
      class: 'grid',
      'data-testid': 'login',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const r = await fetch('/api/login', { method: 'POST', body: JSON.stringify({ username: email.value, password: password.value }) });
        if (!r.ok) {
          message.replaceChildren(banner('error', (await r.json()).message));
          return;
        }
        // The configuration is for signed-in users only.
        const c = await fetch('/api/config', { credentials: 'same-origin' });
        if (!c.ok) {
          message.replaceChildren(banner('error', (await c.json()).message));
          return;
        }
        shell(await c.json());
      },
    },
    h('label', { for: 'login-email' }, 'Email'),
    email,
    h('label', { for: 'login-password' }, 'Password'),
    password,
    h('span'),
    h('div', {}, h('button', { type: 'submit' }, 'Sign in'), message),
  );
  app.replaceChildren(h('h1', {}, 'Reward dashboard'), h('p', { class: 'muted' }, 'Sign in to manage reward points.'), form);
}

function shell(config: Config) {
  const client = new EnKashClient({ baseUrl: config.baseUrl, partnerId: config.partnerId, tokenProvider: () => token('/api/token') });
  const store = new RedemptionClient({ baseUrl: config.baseUrl, tokenProvider: () => token('/api/user-token') });
  const ctx: App = { config, client, store };
  const screens: [string, string, (ctx: App) => HTMLElement][] = [
    ['overview', 'Overview', overview],
    ['cards', 'Cards', cardsPage],
    ['transactions', 'Transactions', transactionsPage],
    ['allocate', 'Allocate', allocateForm],
    ['bulk', 'Bulk allocation', bulkPage],
    ['store', 'Voucher store', storePage],
  ];
  const body = h('section');
  const nav = h('nav');
  const show = (id: string) => {
    for (const b of nav.querySelectorAll('button')) b.setAttribute('aria-current', b.dataset.screen === id ? 'page' : 'false');
    body.replaceChildren(screens.find((s) => s[0] === id)![2](ctx));
  };
  for (const [id, label] of screens) nav.append(h('button', { 'data-screen': id, 'data-testid': `tab-${id}`, onclick: () => show(id) }, label));
  app.replaceChildren(h('h1', {}, `Reward dashboard · ${config.companyId} / ${config.cardAccountId}`), nav, body);
  show('overview');
}

login();
