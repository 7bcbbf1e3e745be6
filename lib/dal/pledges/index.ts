import 'server-only';
/**
 * Pledges: creating them idempotently, the pledger's own view and cancellation, the public donor wall,
 * staff status changes and export, and who gets the supporter badge. One module per job:
 *   tokens         the pledger's secret links (HMAC of the id, stored hashed) and masked address
 *   idempotency    form keys, retries answered with the recorded pledge
 *   create         recording a pledge and mailing the thank-you (through lib/mail/pledge-mail)
 *   confirm-cancel the pledger's writes: double opt-in, cancel by link or from the account
 *   reads          pledge page, "your pledges", donor wall, supporter badge
 *   staff-list, staff, export   the staff list, status and review decisions, CSV
 *
 * The secret link goes to the pledge's address by mail and nowhere else: the form's response (first
 * submission or a replay of it from history or a shared computer) never shows it, only "we mailed the link
 * to j***@example.com".
 *
 * Trust: a guest's pledge counts toward the public bar only once its address is confirmed through the
 * double opt-in link or staff mark it received; a pledge above the campaign's review ceiling waits for
 * staff approval; donor-wall messages wait for staff unless the campaign publishes them at once.
 * `countedSql` in campaigns.ts is the one definition of "counts".
 *
 * Every write dirties its own cache tags (the campaign's, and TAGS.pledge(id) for the pledge's page).
 */
export { confirmPath, maskEmail, pledgeNumber, pledgePath, pledgeToken } from './tokens';
export { createPledge } from './create';
export type { CreatedPledge } from './idempotency';
export type { ConfirmView, PledgeView } from './views';
export { cancelOwnPledge, cancelPledgeWithToken, confirmPledge, getPledgeForConfirmation, type CancelResult } from './confirm-cancel';
export { getPledgeWithToken, getSupporterIds, isSupporter, listDonorWall, listMyPledges, WALL_PAGE_SIZE } from './reads';
export type { MyPledge, WallEntry } from './reads';
export { listPledgesForStaff, STAFF_PAGE_SIZE, type StaffPledge } from './staff-list';
export { reviewPledge, reviewPledgeMessage, setPledgeStatus } from './staff';
export { csvField, exportPledgesCsv } from './export';
