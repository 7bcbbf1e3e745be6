'use server';
import crypto from 'node:crypto';
import { redirect } from 'next/navigation';
import { updateTag } from 'next/cache';
import { headers } from 'next/headers';
import { flash } from '@/lib/actions/form-flash';
import { formValues, type ActionState } from '@/lib/actions/state';
import { TAGS } from '@/lib/cache-tags';
import { getCampaignSummary } from '@/lib/dal/campaigns';
import { cancelOwnPledge, cancelPledgeWithToken, confirmPath, confirmPledge, createPledge, pledgePath, pledgeTag } from '@/lib/dal/pledges';
import { keepPledgeResult } from '@/lib/actions/pledge-result';
import { UserError } from '@/lib/errors';
import { clientIp } from '@/lib/client-ip';
import { hitLimit, ipLimit, peekLimit, retryMessage } from '@/lib/rate-limit';
import { parsePledgeForm } from '@/lib/validation/pledge';

function invalidateCampaign(campaignId: string) {
  updateTag(TAGS.campaigns);
  updateTag(TAGS.campaign(campaignId));
}

/**
 * The public pledge form. Validates everything at once; on success records the pledge (idempotently, by
 * the form's key), refreshes the bar and sends the browser to /pledges/thanks, which says what happens
 * next (confirm by mail, staff review). Never to the pledge's secret page: whoever submits the form (or
 * replays it from history on a shared computer) is not necessarily the address's owner. A retry of the
 * same form lands on "this pledge is already recorded; we mailed the link to j***@example.com".
 */
export async function pledgeAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  return runPledge(formData, false);
}

/**
 * The same, for the form in cached pages (the article slot), which can't show a result in place: a
 * refusal always goes to the campaign's pledge page (with the result in the flash cookie).
 */
export async function pledgeFormAction(formData: FormData): Promise<void> {
  await runPledge(formData, true);
}

async function runPledge(formData: FormData, alwaysRedirect: boolean): Promise<ActionState> {
  const values = formValues(formData);
  // A form posted without JavaScript has no key yet; give the re-rendered form one so its next submission
  // (and any reload of it) is recognised. The DAL derives one from the content for the first submission.
  if (!values.idempotencyKey) values.idempotencyKey = `s-${crypto.randomBytes(18).toString('base64url')}`;
  const parsed = parsePledgeForm(Object.fromEntries(Object.entries(values)));
  if (!parsed.ok) {
    const fields = Object.keys(parsed.fieldErrors);
    return refuse(formData, alwaysRedirect, {
      ok: false,
      message:
        fields.length === 1
          ? `Please check the ${label(fields[0])}: ${parsed.fieldErrors[fields[0]][0]}`
          : 'Please check the highlighted fields.',
      fieldErrors: parsed.fieldErrors,
      values,
    });
  }
  try {
    const data = formData.get('idempotencyKey') ? parsed.data : { ...parsed.data, idempotencyKey: '' };
    // New pledges per client IP are limited (a flood of fake promises would distort the bar); a retry of
    // an already recorded form is answered as before, whatever the limit.
    const ip = clientIp(await headers());
    const limit = ipLimit('pledgeIp', ip);
    const state = await peekLimit(limit, ip);
    const refuseNew = state.limited
      ? retryMessage(state.retryAfterSec).replace('Too many attempts.', 'Too many pledges from your network.')
      : undefined;
    const result = await createPledge(data, { refuseNew });
    if (result.created) await hitLimit(limit, ip);
    invalidateCampaign(result.campaignId);
    await keepPledgeResult(result);
  } catch (err) {
    if (err instanceof UserError)
      return refuse(formData, alwaysRedirect, { ok: false, message: err.message, fieldErrors: err.fieldErrors, values });
    throw err;
  }
  redirect('/pledges/thanks');
}

/**
 * A refusal. With JavaScript the form shows it in place. A plain form post (no JavaScript) would get the
 * page back from its prerendered shell with an empty form, so the result goes into the flash cookie and the
 * browser to the campaign's pledge page, which renders per request and hands it to the form.
 */
async function refuse(formData: FormData, alwaysRedirect: boolean, state: ActionState): Promise<ActionState> {
  if (!alwaysRedirect && (await headers()).get('next-action')) return state;
  const values = { ...state.values };
  // The cookie is small: a very long message is cut (its error still says how long it was).
  if (values.message && values.message.length > 600) values.message = values.message.slice(0, 600);
  await flash('pledge', { ...state, values });
  const campaign = await getCampaignSummary(String(formData.get('campaignId') ?? '').slice(0, 100)).catch(() => null);
  redirect(campaign ? `/support/${campaign.slug}#pledge-form` : '/support#pledge-form');
}

function label(field: string): string {
  return (
    (
      { amount: 'amount', email: 'email', message: 'message', displayName: 'name', currency: 'currency', frequency: 'frequency' } as Record<
        string,
        string
      >
    )[field] ?? 'form'
  );
}

/** Cancel from the mail's link: the token is the proof. */
export async function cancelPledgeWithTokenAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  const { id, token } = tokenFields(formData);
  try {
    await cancelByToken(id, token);
  } catch (err) {
    if (err instanceof UserError) return { ok: false, message: err.message };
    throw err;
  }
  redirect(pledgePath(id, token));
}

function tokenFields(formData: FormData) {
  return { id: String(formData.get('pledgeId') ?? ''), token: String(formData.get('token') ?? '') };
}

async function cancelByToken(id: string, token: string) {
  const r = await cancelPledgeWithToken(id, token);
  invalidateCampaign(r.campaignId);
  updateTag(pledgeTag(r.pledgeId));
}

/** The same as a plain form action (the cancel page is cached): back to the pledge, which shows its status. */
export async function cancelPledgeWithTokenFormAction(formData: FormData): Promise<void> {
  const { id, token } = tokenFields(formData);
  try {
    await cancelByToken(id, token);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    redirect('/support');
  }
  redirect(pledgePath(id, token));
}

/** Cancel one of your own unpaid pledges from your pledges page. */
export async function cancelOwnPledgeAction(_prev: ActionState | undefined, formData: FormData): Promise<ActionState> {
  const id = String(formData.get('pledgeId') ?? '');
  try {
    const r = await cancelOwnPledge(id);
    invalidateCampaign(r.campaignId);
    updateTag(pledgeTag(r.pledgeId));
    return { ok: true, message: r.alreadyCancelled ? 'This pledge was already cancelled.' : 'Your pledge is cancelled.' };
  } catch (err) {
    if (err instanceof UserError) return { ok: false, message: err.message };
    throw err;
  }
}

/**
 * The double opt-in: the button on the page the mailed confirmation link opens (plain form, works without
 * JavaScript). Back to the same page, which then says what happened (confirmed, held for review, or why not).
 */
export async function confirmPledgeFormAction(formData: FormData): Promise<void> {
  const { id, token } = tokenFields(formData);
  if (!/^[0-9a-f-]{36}$/i.test(id) || !token || token.length > 100) redirect('/support');
  try {
    const r = await confirmPledge(id, token);
    invalidateCampaign(r.view.campaign.id);
    updateTag(pledgeTag(r.view.id));
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
  }
  // The page shows the outcome (or that the link is not valid) from the database.
  redirect(confirmPath(id, token));
}
