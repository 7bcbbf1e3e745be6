import type { CampaignSummary } from '@/lib/dal/campaigns';
import { formatMoney } from '@/lib/money';

type Props = {
  campaign: Pick<
    CampaignSummary,
    | 'title'
    | 'goalCents'
    | 'currency'
    | 'pledgedCents'
    | 'receivedCents'
    | 'outstandingCents'
    | 'supporters'
    | 'percent'
    | 'daysLeft'
    | 'closedReason'
    | 'endsAt'
  >;
  /** One line of text under a thin bar (site footer); the full bar has ticks and a legend. */
  compact?: boolean;
};

/** "990 of 5,000" as a share of the bar's width, clamped to 0..100 and never rounding a sliver away. */
function widthPercent(part: number, goal: number): number {
  if (part <= 0) return 0;
  return Math.min(100, Math.max(0.5, (part * 100) / goal));
}

export function progressText(c: Props['campaign']): string {
  const goal = formatMoney(c.goalCents, c.currency);
  return `${formatMoney(c.pledgedCents, c.currency)} pledged of ${goal} goal (${c.percent}%), ${formatMoney(c.receivedCents, c.currency)} received`;
}

export function supportersText(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'supporter' : 'supporters'}`;
}

export function daysLeftText(c: Props['campaign']): string | null {
  if (c.daysLeft === null) return null;
  // daysLeft is 0 exactly when the end date has passed (computed where the totals are loaded).
  if (c.daysLeft === 0) return 'Ended';
  if (c.closedReason) return null;
  return `${c.daysLeft} ${c.daysLeft === 1 ? 'day' : 'days'} left`;
}

/**
 * The goal bar: pledged so far in two segments (received, and still awaiting payment), ticks at 0, half
 * and the goal, and the same facts as text. A `progressbar` for assistive technology, whose value is the
 * amount pledged (in cents) out of the goal.
 */
export function ProgressBar({ campaign: c, compact = false }: Props) {
  const receivedW = widthPercent(c.receivedCents, c.goalCents);
  const outstandingW = Math.min(100 - receivedW, widthPercent(c.outstandingCents, c.goalCents));
  const text = progressText(c);
  const days = daysLeftText(c);
  const bar = (
    <div
      role="progressbar"
      aria-label={`${c.title}: pledged so far`}
      aria-valuemin={0}
      aria-valuemax={c.goalCents}
      aria-valuenow={Math.min(c.pledgedCents, c.goalCents)}
      aria-valuetext={text}
      className={`relative flex w-full overflow-hidden rounded-full bg-stone-200 ring-1 ring-stone-300 ${compact ? 'h-2' : 'h-4'}`}
    >
      <div className="h-full bg-brand" style={{ width: `${receivedW}%` }} data-segment="received" />
      <div
        className="h-full bg-[repeating-linear-gradient(45deg,#f59e0b_0,#f59e0b_6px,#fbbf24_6px,#fbbf24_12px)]"
        style={{ width: `${outstandingW}%` }}
        data-segment="pledged"
      />
    </div>
  );

  if (compact) {
    return (
      <div className="space-y-1">
        {bar}
        <p className="text-sm text-stone-700">
          <strong>{formatMoney(c.pledgedCents, c.currency)}</strong> of {formatMoney(c.goalCents, c.currency)} · {c.percent}% ·{' '}
          {supportersText(c.supporters)}
        </p>
      </div>
    );
  }

  const half = Math.round(c.goalCents / 2);
  return (
    <div className="space-y-2">
      <p className="flex flex-wrap items-baseline gap-x-2">
        <span className="font-serif text-3xl font-black" data-testid="amount-pledged">
          {formatMoney(c.pledgedCents, c.currency)}
        </span>
        <span className="text-stone-700">pledged of {formatMoney(c.goalCents, c.currency)} goal</span>
      </p>
      {bar}
      <div aria-hidden="true" className="relative h-5 text-xs text-stone-600">
        <span className="absolute left-0">{formatMoney(0, c.currency)}</span>
        <span className="absolute left-1/2 -translate-x-1/2">{formatMoney(half, c.currency)}</span>
        <span className="absolute right-0">{formatMoney(c.goalCents, c.currency)}</span>
      </div>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-stone-800">
        <li>
          <strong>{c.percent}%</strong> of the goal
        </li>
        <li>
          <strong data-testid="supporter-count">{supportersText(c.supporters)}</strong>
        </li>
        {days ? <li>{days}</li> : null}
      </ul>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-stone-700">
        <li className="flex items-center gap-1.5">
          <span aria-hidden="true" className="inline-block size-3 rounded-sm bg-brand" />
          Received: <strong data-testid="amount-received">{formatMoney(c.receivedCents, c.currency)}</strong>
        </li>
        <li className="flex items-center gap-1.5">
          <span aria-hidden="true" className="inline-block size-3 rounded-sm bg-amber-400" />
          Awaiting payment: <strong data-testid="amount-outstanding">{formatMoney(c.outstandingCents, c.currency)}</strong>
        </li>
      </ul>
    </div>
  );
}
