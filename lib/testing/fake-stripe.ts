/**
 * A local HTTP server that answers the few Stripe API endpoints Broadsheet calls, the way Stripe's own
 * stripe-mock does (form-encoded requests, JSON objects with Stripe's field names, `{ object: 'list' }`
 * lists, a 401 without a secret key), plus a minimal hosted checkout page. The official SDK is pointed at it
 * with STRIPE_API_HOST/PORT/PROTOCOL. Unlike stripe-mock it keeps state, so a test can pay, renew, fail,
 * refund and cancel, and it signs the resulting events with the SDK's `webhooks.generateTestHeaderString`
 * and hands them to `deliver` (vitest: the route handler in process; e2e: an HTTP POST to the app).
 *
 *   POST   /v1/checkout/sessions          create (Idempotency-Key honoured)     GET /v1/checkout/sessions   list
 *   GET    /v1/subscriptions/:id          retrieve                              DELETE /v1/subscriptions/:id cancel
 *   GET    /v1/invoices, /v1/charges      lists (created[gte], status)
 *   GET    /checkout/:id                  the "hosted" page; its Pay button posts /checkout/:id/pay, which
 *                                         answers 303 to success_url and then delivers the signed webhooks
 *   POST   /_test/renew?email=, /_test/fail?email=, /_test/refund?email=   what Stripe would do later
 *
 * Used by vitest (lib/dal/payments/*.test.ts) and by the e2e run (e2e/global-setup.ts).
 */
import http from 'node:http';
import crypto from 'node:crypto';
import Stripe from 'stripe';

type Obj = Record<string, unknown>;
type Meta = Record<string, string>;

export type SignedEvent = { event: Obj; body: string; signature: string };
export type Deliver = (signed: SignedEvent) => Promise<{ status: number }>;

type Session = Obj & {
  id: string;
  mode: 'payment' | 'subscription';
  status: 'open' | 'complete';
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Meta;
  success_url: string;
  url: string;
  payment_intent: string | null;
  subscription: string | null;
  invoice: string | null;
  customer: string | null;
  created: number;
};

type Sub = Obj & {
  id: string;
  status: 'active' | 'canceled';
  metadata: Meta;
  customer: string;
  email: string;
  amount: number;
  currency: string;
};

const rid = (prefix: string) => `${prefix}_test_${crypto.randomBytes(12).toString('hex')}`;

/** `a[b][0][c]=1` form fields, as the SDK encodes them, back into nested objects (arrays as index-keyed objects). */
export function parseStripeForm(body: string): Obj {
  const out: Obj = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[');
    let node = out;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Obj;
    });
  }
  return out;
}

const MONTH_S = 30 * 86_400;

export async function startFakeStripe(opts: { port?: number; webhookSecret: string; deliver?: Deliver }) {
  const signer = new Stripe('sk_test_fake_signer');
  const sessions = new Map<string, Session>();
  const subs = new Map<string, Sub>();
  const invoices = new Map<string, Obj>();
  const charges = new Map<string, Obj>();
  const byIdempotencyKey = new Map<string, Session>();
  /** Seconds since the epoch for new objects; each renewal moves it a month on (no waiting on the wall clock). */
  let clock = Math.floor(Date.now() / 1000);
  let deliver: Deliver | undefined = opts.deliver;
  const delivered: Array<{ type: string; status: number }> = [];

  function sign(type: string, object: Obj): SignedEvent {
    const event = {
      id: rid('evt'),
      object: 'event',
      api_version: '2026-11-18.endive',
      created: clock,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object },
    };
    const body = JSON.stringify(event, null, 2);
    const signature = signer.webhooks.generateTestHeaderString({ payload: body, secret: opts.webhookSecret });
    return { event, body, signature };
  }

  async function send(signed: SignedEvent[]): Promise<void> {
    if (!deliver) return;
    for (const s of signed) {
      const { status } = await deliver(s);
      delivered.push({ type: String(s.event.type), status });
    }
  }

  function newCharge(amount: number, currency: string, metadata: Meta): { pi: string; charge: Obj } {
    const pi = rid('pi');
    const charge = {
      id: rid('ch'),
      object: 'charge',
      amount,
      amount_refunded: 0,
      currency,
      // Stripe copies the PaymentIntent's metadata onto its charge.
      metadata,
      payment_intent: pi,
      refunded: false,
      status: 'succeeded',
      created: clock,
    };
    charges.set(charge.id, charge);
    return { pi, charge };
  }

  function newInvoice(sub: Sub, paid: boolean): Obj {
    const { pi } = paid ? newCharge(sub.amount, sub.currency, sub.metadata) : { pi: null };
    const invoice = {
      id: rid('in'),
      object: 'invoice',
      amount_due: sub.amount,
      amount_paid: paid ? sub.amount : 0,
      currency: sub.currency,
      customer: sub.customer,
      customer_email: sub.email,
      status: paid ? 'paid' : 'open',
      billing_reason: 'subscription_cycle',
      created: clock,
      period_start: clock,
      period_end: clock + MONTH_S,
      lines: {
        object: 'list',
        data: [{ id: rid('il'), object: 'line_item', amount: sub.amount, period: { start: clock, end: clock + MONTH_S } }],
      },
      parent: { type: 'subscription_details', quote_details: null, subscription_details: { metadata: sub.metadata, subscription: sub.id } },
      payments: {
        object: 'list',
        data: pi ? [{ object: 'invoice_payment', payment: { type: 'payment_intent', payment_intent: pi } }] : [],
      },
    };
    invoices.set(invoice.id, invoice);
    return invoice;
  }

  /** The donor pays on the hosted page: what Stripe creates, and the events it sends (in its usual order). */
  function complete(id: string): SignedEvent[] {
    const s = sessions.get(id);
    if (!s) throw new Error(`no session ${id}`);
    if (s.status === 'complete') return [];
    s.status = 'complete';
    s.payment_status = 'paid';
    s.customer = rid('cus');
    const meta = (s._meta as Meta) ?? {};
    if (s.mode === 'payment') {
      s.payment_intent = newCharge(s.amount_total, s.currency, meta).pi;
      return [sign('checkout.session.completed', publicSession(s))];
    }
    const sub: Sub = {
      id: rid('sub'),
      object: 'subscription',
      status: 'active',
      metadata: meta,
      customer: s.customer,
      email: s.customer_email ?? '',
      amount: s.amount_total,
      currency: s.currency,
    };
    subs.set(sub.id, sub);
    const invoice = newInvoice(sub, true);
    invoice.billing_reason = 'subscription_create';
    s.subscription = sub.id;
    s.invoice = String(invoice.id);
    return [sign('checkout.session.completed', publicSession(s)), sign('invoice.paid', invoice)];
  }

  /** The session as the API shows it (without what the fake keeps for later). */
  const publicSession = (s: Session): Obj => Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith('_')));

  function subFor(email: string | null): Sub | undefined {
    return [...subs.values()].reverse().find((s) => s.email === email);
  }

  /** A month passes: the next invoice is charged (refused once the subscription is cancelled). */
  function renew(subId: string, paid = true): SignedEvent[] | null {
    const sub = subs.get(subId);
    if (!sub || sub.status !== 'active') return null;
    clock += MONTH_S;
    const invoice = newInvoice(sub, paid);
    return [sign(paid ? 'invoice.paid' : 'invoice.payment_failed', invoice)];
  }

  /** Stripe refunds a payment (in full unless `amount`): a charge.refunded event with the cumulative amount. */
  function refund(paymentIntent: string, amount?: number): SignedEvent[] {
    const charge = [...charges.values()].find((c) => c.payment_intent === paymentIntent);
    if (!charge) throw new Error(`no charge for ${paymentIntent}`);
    charge.amount_refunded = Math.min(Number(charge.amount), Number(charge.amount_refunded) + (amount ?? Number(charge.amount)));
    charge.refunded = charge.amount_refunded === charge.amount;
    return [sign('charge.refunded', { ...charge })];
  }

  function cancel(subId: string): { sub: Sub; events: SignedEvent[] } | null {
    const sub = subs.get(subId);
    if (!sub) return null;
    if (sub.status === 'canceled') return { sub, events: [] };
    sub.status = 'canceled';
    return { sub, events: [sign('customer.subscription.deleted', { ...sub, canceled_at: clock })] };
  }

  const list = (url: URL, items: Obj[], path: string) => {
    const gte = Number(url.searchParams.get('created[gte]') ?? 0);
    const status = url.searchParams.get('status');
    const data = items.filter((o) => Number(o.created) >= gte && (!status || o.status === status)).reverse();
    return { object: 'list', data, has_more: false, url: path };
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const stripeError = (status: number, message: string, code?: string) =>
      json(status, { error: { type: status === 401 ? 'invalid_request_error' : 'invalid_request_error', message, code } });
    const p = url.pathname;
    try {
      if (p.startsWith('/v1/')) {
        if (!/^Bearer (sk|rk)_test_\w+$/.test(req.headers.authorization ?? '')) return stripeError(401, 'Invalid API Key provided');
        if (req.method === 'POST' && p === '/v1/checkout/sessions') {
          const key = String(req.headers['idempotency-key'] ?? '');
          const again = key ? byIdempotencyKey.get(key) : undefined;
          if (again) return json(200, publicSession(again));
          const f = parseStripeForm(body);
          const item = ((f.line_items as Obj)?.['0'] ?? {}) as Obj;
          const price = (item.price_data ?? {}) as Obj;
          const mode = f.mode === 'subscription' ? 'subscription' : 'payment';
          if (!price.currency || !price.unit_amount || !f.success_url)
            return stripeError(400, 'Missing required param: line_items[0][price_data]');
          if (mode === 'subscription' && (price.recurring as Obj)?.interval !== 'month')
            return stripeError(400, 'A subscription needs a recurring price');
          const id = rid('cs');
          const dataKey = mode === 'subscription' ? 'subscription_data' : 'payment_intent_data';
          const session: Session = {
            id,
            object: 'checkout.session',
            mode,
            status: 'open',
            payment_status: 'unpaid',
            amount_total: Number(price.unit_amount) * Number(item.quantity ?? 1),
            currency: String(price.currency),
            client_reference_id: (f.client_reference_id as string) ?? null,
            customer_email: (f.customer_email as string) ?? null,
            metadata: (f.metadata as Meta) ?? {},
            success_url: String(f.success_url),
            cancel_url: String(f.cancel_url ?? ''),
            url: `http://${req.headers.host}/checkout/${id}`,
            payment_intent: null,
            subscription: null,
            invoice: null,
            customer: null,
            created: clock,
            _meta: (((f[dataKey] as Obj)?.metadata as Meta) ?? {}) as unknown,
            _description: String((price.product_data as Obj)?.name ?? ''),
          };
          sessions.set(id, session);
          if (key) byIdempotencyKey.set(key, session);
          return json(200, publicSession(session));
        }
        if (req.method === 'GET' && p === '/v1/checkout/sessions')
          return json(200, list(url, [...sessions.values()].map(publicSession), p));
        if (req.method === 'GET' && p === '/v1/invoices') return json(200, list(url, [...invoices.values()], p));
        if (req.method === 'GET' && p === '/v1/charges') return json(200, list(url, [...charges.values()], p));
        const sub = /^\/v1\/subscriptions\/([\w-]+)$/.exec(p);
        if (sub) {
          const found = subs.get(sub[1]);
          if (!found) return stripeError(404, `No such subscription: '${sub[1]}'`, 'resource_missing');
          if (req.method === 'GET') return json(200, found);
          if (req.method === 'DELETE') {
            const r = cancel(sub[1])!;
            json(200, r.sub);
            // Like Stripe: the deletion event follows the API answer.
            await send(r.events);
            return;
          }
        }
        return stripeError(404, `Unrecognized request URL (${req.method}: ${p})`);
      }

      const page = /^\/checkout\/([\w-]+)(\/pay)?$/.exec(p);
      if (page) {
        const s = sessions.get(page[1]);
        if (!s) return stripeError(404, 'No such checkout session');
        if (!page[2]) {
          const amount = `${(s.amount_total / 100).toFixed(2)} ${s.currency.toUpperCase()}${s.mode === 'subscription' ? ' per month' : ''}`;
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          res.end(
            `<!doctype html><html lang="en"><head><title>Checkout (test)</title></head><body><main>` +
              `<h1>Pay ${escapeHtml(String(s._description))}</h1><p>${escapeHtml(amount)}</p>` +
              `<p>${escapeHtml(s.customer_email ?? '')}</p>` +
              `<form method="post" action="/checkout/${s.id}/pay"><button type="submit">Pay</button></form>` +
              `</main></body></html>`,
          );
          return;
        }
        const events = complete(s.id);
        res.writeHead(303, { location: s.success_url });
        res.end();
        await send(events);
        return;
      }

      if (req.method === 'POST' && p.startsWith('/_test/')) {
        const s = subFor(url.searchParams.get('email'));
        if (p === '/_test/renew' || p === '/_test/fail') {
          const events = s ? renew(s.id, p === '/_test/renew') : null;
          if (!events) return json(409, { error: 'no active subscription: nothing is charged' });
          await send(events);
          return json(200, { charged: p === '/_test/renew', invoice: events[0].event.data });
        }
        if (p === '/_test/refund') {
          const done = [...sessions.values()].reverse().find((x) => x.customer_email === url.searchParams.get('email') && x.payment_intent);
          if (!done?.payment_intent) return json(404, { error: 'no payment' });
          const events = refund(done.payment_intent);
          await send(events);
          return json(200, { refunded: true });
        }
      }
      stripeError(404, 'Not found');
    } catch (err) {
      if (!res.headersSent) stripeError(500, (err as Error).message);
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  return {
    port,
    /** The env that points the app's SDK here. */
    env: {
      STRIPE_SECRET_KEY: 'sk_test_broadsheet_fake',
      STRIPE_WEBHOOK_SECRET: opts.webhookSecret,
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: String(port),
      STRIPE_API_PROTOCOL: 'http',
    },
    sessions,
    subs,
    delivered,
    setDeliver(d: Deliver | undefined) {
      deliver = d;
    },
    /** Builds and signs an event without delivering it (tests that deliver by hand, in any order). */
    sign,
    complete,
    renew,
    refund,
    cancel,
    send,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
