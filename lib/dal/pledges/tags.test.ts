/**
 * Which cache tags each pledge and campaign write dirties, so the bar, the donor wall, the campaign lists
 * and the pledger's own page show the change at the next request whoever called the write.
 */
import { describe, expect, it, vi } from 'vitest';
import { TAGS } from '@/lib/cache-tags';
import { saveCampaign } from '@/lib/dal/campaigns';
import { createPledge } from './create';
import { cancelOwnPledge, cancelPledgeWithToken, confirmPledge } from './confirm-cancel';
import { reviewPledge, reviewPledgeMessage, setPledgeStatus } from './staff';
import { pledgeToken } from './tokens';
import { recordInvalidations } from '@/lib/testing/invalidations';
import { campaignFormSchema } from '@/lib/validation/pledge';
import { ctx, form, mailedConfirmLink, setUpPledgeFixtures } from './test-fixtures';
import { actAsViewer, admin, reader } from './test-people';

vi.mock('next/cache', () => ({ cacheTag: () => {}, cacheLife: () => {}, updateTag: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => import('@/lib/testing/fake-headers'));
vi.mock('@/lib/auth', () => import('@/lib/testing/fake-auth'));

setUpPledgeFixtures();

const campaignTags = () => [TAGS.campaigns, TAGS.campaign(ctx.campaignId)];
const pledgeTags = (pledgeId: string) => [...campaignTags(), TAGS.pledge(pledgeId)].sort();

describe('the tags each write dirties', () => {
  it('a new pledge, and a retry of it, dirty the campaign (its bar and the lists); a refused one dirties nothing', async () => {
    const f = form({ email: `tags-${crypto.randomUUID().slice(0, 8)}@example.com` });
    const first = await recordInvalidations(() => createPledge(f, { viewer: null }));
    expect(first.result.created).toBe(true);
    expect(first.tags).toEqual(campaignTags().sort());
    expect((await recordInvalidations(() => createPledge(f, { viewer: null }))).tags).toEqual(campaignTags().sort());
    const refused = await recordInvalidations(() => createPledge({ ...f, amountCents: 1 }, { viewer: null }).catch((e: Error) => e));
    expect(refused.result).toBeInstanceOf(Error);
    expect(refused.tags).toEqual([]);
  });

  it('confirming with the mailed link and cancelling with the secret link dirty the campaign and the pledge page', async () => {
    const email = `tags-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const p = await createPledge(form({ email }), { viewer: null });
    const [id, token] = await mailedConfirmLink(email);
    expect((await recordInvalidations(() => confirmPledge(id, token))).tags).toEqual(pledgeTags(p.id));
    expect((await recordInvalidations(() => cancelPledgeWithToken(p.id, pledgeToken(p.id)))).tags).toEqual(pledgeTags(p.id));
    const wrong = await recordInvalidations(() => cancelPledgeWithToken(p.id, 'x'.repeat(43)).catch((e: Error) => e));
    expect(wrong.tags).toEqual([]);
  });

  it('cancelling your own pledge dirties the campaign and the pledge page', async () => {
    const p = await createPledge(form({ email: '' }), { viewer: reader });
    actAsViewer(reader);
    expect((await recordInvalidations(() => cancelOwnPledge(p.id))).tags).toEqual(pledgeTags(p.id));
  });

  it('staff decisions (received, review, message) dirty the campaign and the pledge page; a refused caller dirties nothing', async () => {
    const p = await createPledge(form({ amountCents: 500_000, message: 'Go on' }), { viewer: null });
    actAsViewer(reader);
    const refused = await recordInvalidations(() => reviewPledge({ pledgeId: p.id, decision: 'approve', note: '' }).catch((e: Error) => e));
    expect(refused.tags).toEqual([]);
    actAsViewer(admin);
    expect((await recordInvalidations(() => reviewPledge({ pledgeId: p.id, decision: 'approve', note: '' }))).tags).toEqual(
      pledgeTags(p.id),
    );
    expect((await recordInvalidations(() => reviewPledgeMessage({ pledgeId: p.id, decision: 'approve' }))).tags).toEqual(pledgeTags(p.id));
    expect((await recordInvalidations(() => setPledgeStatus({ pledgeId: p.id, status: 'received', note: '' }))).tags).toEqual(
      pledgeTags(p.id),
    );
  });

  it('creating or editing a campaign dirties the lists and that campaign', async () => {
    actAsViewer(admin);
    const fields = {
      slug: `tags-${crypto.randomUUID().slice(0, 8)}`,
      title: 'Tagged',
      description: '',
      goal: '5000',
      currency: 'USD',
      presets: '',
      startsAt: '',
      endsAt: '',
      paymentInstructions: '',
    };
    const created = await recordInvalidations(() => saveCampaign(campaignFormSchema.parse(fields)));
    expect(created.tags).toEqual([TAGS.campaigns, TAGS.campaign(created.result.id)].sort());
    const edited = await recordInvalidations(() =>
      saveCampaign(campaignFormSchema.parse({ ...fields, id: created.result.id, title: 'Renamed' })),
    );
    expect(edited.tags).toEqual([TAGS.campaigns, TAGS.campaign(created.result.id)].sort());
  });
});
