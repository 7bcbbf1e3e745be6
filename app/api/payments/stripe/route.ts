/**
 * Stripe's webhook endpoint. The signature is verified by the SDK on the raw body (a forged or altered event
 * is a 400 and changes nothing); the event is applied once (lib/dal/payments/webhook.ts). Answers: 200 when
 * handled, a duplicate, ignored or refused (Stripe need not send it again; a refusal is logged and recorded);
 * 409 when it arrived before what it refers to (Stripe sends it again later); 404 while payments are off.
 * No origin check: Stripe is not a browser, and the signature is the proof.
 */
import { NextResponse } from 'next/server';
import { applyPaymentEvent } from '@/lib/dal/payments/webhook';
import { getPaymentProvider } from '@/lib/payments';
import { WebhookSignatureError } from '@/lib/payments/provider';
import { declaredTooLarge } from '@/lib/route-helpers';
import { ACTION_BODY_MAX_BYTES } from '@/lib/request-limits';

export async function POST(req: Request): Promise<Response> {
  const provider = await getPaymentProvider();
  if (!provider) return NextResponse.json({ error: 'Online payments are not configured.' }, { status: 404 });
  if (declaredTooLarge(req, ACTION_BODY_MAX_BYTES)) return NextResponse.json({ error: 'Too large.' }, { status: 413 });
  const raw = await req.text();
  let event;
  try {
    event = provider.parseWebhook(raw, req.headers.get('stripe-signature'));
  } catch (err) {
    if (!(err instanceof WebhookSignatureError)) throw err;
    console.warn('[payments] webhook with a bad signature refused:', err.message);
    return NextResponse.json({ error: 'Bad signature.' }, { status: 400 });
  }
  const outcome = await applyPaymentEvent(provider.name, event);
  if (outcome.result === 'retry') return NextResponse.json({ error: outcome.reason }, { status: 409 });
  return NextResponse.json({ received: true, result: outcome.result });
}
