'use client';
import { createContext, useActionState, useContext, useEffect, useRef, useState } from 'react';
import type { ActionState } from '@/lib/actions/state';
import { adminButton, adminButtonSecondary, adminInput } from '@/components/admin/ui';
import { banUserAction, editCommentAction, moderateCommentsAction, rejectCommentAction } from '@/lib/actions/admin/moderation';

type Action = (prev: ActionState | undefined, formData: FormData) => Promise<ActionState>;

export function Result({ state }: { state: ActionState | undefined }) {
  if (!state?.message) return null;
  return (
    <p
      role={state.ok ? 'status' : 'alert'}
      className={`rounded border px-3 py-2 text-sm ${state.ok ? 'border-green-700 bg-green-50 text-green-900' : 'border-red-700 bg-red-50 text-red-900'}`}
    >
      {state.message}
    </p>
  );
}

function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <p id={id} className="mt-1 text-sm text-red-700">
      {errors.join(' ')}
    </p>
  ) : null;
}

type Shared = { formAction: (fd: FormData) => void; pending: boolean; state: ActionState | undefined };
const SharedModeration = createContext<Shared | null>(null);

/**
 * One action state for the whole queue: an approved or trashed comment leaves the list, so its result
 * is shown above the list rather than inside the item. The items' buttons and the bulk bar post to it
 * (plain form posts without JavaScript: the page then renders with the result).
 */
export function QueueFeedback({ children, initial }: { children: React.ReactNode; initial?: ActionState }) {
  const [state, formAction, pending] = useActionState(moderateCommentsAction, initial);
  return (
    <SharedModeration.Provider value={{ formAction, pending, state }}>
      <div aria-live="polite" className="mb-2">
        {state?.message ? <Result state={state} /> : null}
      </div>
      {children}
    </SharedModeration.Provider>
  );
}

function useForm(action: Action) {
  return useActionState(action, undefined);
}

/**
 * The queue's bulk bar (inside <QueueFeedback>). The checkboxes live in each item and join this form through the `form`
 * attribute, and "select all" is a plain checkbox acting on the ids this page rendered (`pageIds`), so bulk moderation
 * works without JavaScript too; with it, "select all" also ticks every item (and follows their state).
 */
export function BulkBar({ formId, pageIds }: { formId: string; pageIds: number[] }) {
  const { formAction, pending, state } = useContext(SharedModeration)!;
  const allRef = useRef<HTMLInputElement>(null);
  const items = () => [...document.querySelectorAll<HTMLInputElement>(`input[name="ids"][form="${formId}"]`)];
  useEffect(() => {
    const sync = (e: Event) => {
      const t = e.target as HTMLInputElement | null;
      if (!allRef.current || t?.name !== 'ids' || t.getAttribute('form') !== formId) return;
      const list = items();
      const on = list.filter((c) => c.checked).length;
      allRef.current.checked = on > 0 && on === list.length;
      allRef.current.indeterminate = on > 0 && on < list.length;
    };
    document.addEventListener('change', sync);
    return () => document.removeEventListener('change', sync);
  });
  const reasonErrors = state?.ok === false ? state.fieldErrors?.reason : undefined;
  return (
    <form
      id={formId}
      action={formAction}
      aria-label="Bulk moderation"
      className="sticky top-0 z-10 mb-4 grid gap-2 border-b border-stone-300 bg-white py-2 sm:grid-cols-[auto_auto_1fr_auto] sm:items-end"
    >
      {pageIds.map((id) => (
        <input key={id} type="hidden" name="pageIds" value={id} />
      ))}
      <label className="flex items-center gap-2 py-2 text-sm font-semibold">
        <input
          ref={allRef}
          type="checkbox"
          name="all"
          className="h-5 w-5"
          onChange={(e) => {
            for (const c of items()) c.checked = e.target.checked;
            e.target.indeterminate = false;
          }}
        />
        Select all {pageIds.length} on this page
      </label>
      <div>
        <label htmlFor={`${formId}-action`} className="block text-sm font-semibold">
          With the selected comments
        </label>
        <select id={`${formId}-action`} name="action" defaultValue="approve" className={adminInput}>
          <option value="approve">Approve</option>
          <option value="reject">Reject with the reason</option>
          <option value="spam">Mark as spam</option>
          <option value="trash">Move to trash</option>
        </select>
      </div>
      <div>
        <label htmlFor={`${formId}-reason`} className="block text-sm font-semibold">
          Reason, when rejecting (the authors see it)
        </label>
        <input
          id={`${formId}-reason`}
          name="reason"
          maxLength={500}
          className={adminInput}
          defaultValue={state?.ok === false ? (state.values?.reason ?? '') : ''}
          key={state?.ok === false ? `r:${state.values?.reason ?? ''}` : 'r'}
          aria-invalid={reasonErrors?.length ? true : undefined}
          aria-describedby={reasonErrors?.length ? `${formId}-reason-error` : undefined}
        />
        <FieldError id={`${formId}-reason-error`} errors={reasonErrors} />
      </div>
      <button type="submit" disabled={pending || pageIds.length === 0} className={adminButton}>
        Apply to selected
      </button>
    </form>
  );
}

/** Approve / spam / trash buttons of one comment (one form, the button says which; inside <QueueFeedback>). */
export function QuickActions({ id, status }: { id: number; status: string }) {
  const { formAction, pending } = useContext(SharedModeration)!;
  const buttons = [
    { action: 'approve', label: 'Approve', show: status !== 'approved' },
    { action: 'spam', label: 'Spam', show: status !== 'spam' },
    { action: 'trash', label: 'Trash', show: status !== 'trash' },
  ].filter((b) => b.show);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="ids" value={id} />
      {buttons.map((b) => (
        <button
          key={b.action}
          type="submit"
          name="action"
          value={b.action}
          disabled={pending}
          data-shortcut={b.action}
          className={b.action === 'approve' ? adminButton : adminButtonSecondary}
        >
          {b.label}
        </button>
      ))}
    </form>
  );
}

export function RejectForm({ id }: { id: number }) {
  const [state, formAction, pending] = useForm(rejectCommentAction);
  const fid = `reject-${id}`;
  const errors = state?.fieldErrors?.reason;
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="id" value={id} />
      <label htmlFor={fid} className="block text-sm font-semibold">
        Reason for rejecting (the author sees it)
      </label>
      <textarea
        id={fid}
        name="reason"
        rows={2}
        maxLength={500}
        defaultValue={state?.values?.reason ?? ''}
        key={state?.values?.reason ?? ''}
        aria-invalid={errors?.length ? true : undefined}
        data-reject-reason
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            e.currentTarget.form?.requestSubmit();
          }
        }}
        aria-describedby={errors?.length ? `${fid}-error ${fid}-hint` : `${fid}-hint`}
        className={adminInput}
      />
      <p id={`${fid}-hint`} className="text-xs text-stone-600">
        Ctrl+Enter sends it.
      </p>
      <FieldError id={`${fid}-error`} errors={errors} />
      <button type="submit" disabled={pending} className={adminButtonSecondary}>
        Reject with reason
      </button>
      <Result state={state} />
    </form>
  );
}

export function EditForm({ id, body }: { id: number; body: string }) {
  const [state, formAction, pending] = useForm(editCommentAction);
  const fid = `edit-${id}`;
  const errors = state?.fieldErrors?.body;
  const value = state?.values?.body ?? body;
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="id" value={id} />
      <label htmlFor={fid} className="block text-sm font-semibold">
        Comment text
      </label>
      <textarea
        id={fid}
        name="body"
        rows={4}
        maxLength={10_000}
        defaultValue={value}
        key={value}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${fid}-error` : undefined}
        className={adminInput}
      />
      <FieldError id={`${fid}-error`} errors={errors} />
      <button type="submit" disabled={pending} className={adminButtonSecondary}>
        Save edit
      </button>
      <Result state={state} />
    </form>
  );
}

const DURATIONS = [
  { value: '1', label: '1 day' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: 'forever', label: 'For good' },
  { value: 'until', label: 'Until a date…' },
];

/** Bans a user: how long (or until when, UTC) and why (they see the reason when they try to comment). */
export function BanForm({ userId, handle, idPrefix }: { userId: string; handle: string; idPrefix: string }) {
  const [state, formAction, pending] = useForm(banUserAction);
  const [duration, setDuration] = useState<string | null>(null);
  const current = duration ?? state?.values?.duration ?? '1';
  const fid = (n: string) => `${idPrefix}-${n}`;
  const errors = state?.fieldErrors ?? {};
  return (
    <form action={formAction} className="space-y-2" aria-label={`Ban @${handle}`}>
      <input type="hidden" name="userId" value={userId} />
      <div className="grid gap-2 sm:grid-cols-2">
        <div>
          <label htmlFor={fid('duration')} className="block text-sm font-semibold">
            Ban length
          </label>
          <select
            id={fid('duration')}
            name="duration"
            value={current}
            onChange={(e) => setDuration(e.target.value)}
            aria-invalid={errors.duration?.length ? true : undefined}
            className={adminInput}
          >
            {DURATIONS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
          <FieldError id={fid('duration-error')} errors={errors.duration} />
        </div>
        <div>
          <label htmlFor={fid('until')} className="block text-sm font-semibold">
            Ban ends (UTC, for “until a date”)
          </label>
          <input
            id={fid('until')}
            name="until"
            type="datetime-local"
            defaultValue={state?.values?.until ?? ''}
            key={`u:${state?.values?.until ?? ''}`}
            aria-invalid={errors.until?.length ? true : undefined}
            aria-describedby={errors.until?.length ? fid('until-error') : undefined}
            className={adminInput}
          />
          <FieldError id={fid('until-error')} errors={errors.until} />
        </div>
      </div>
      <div>
        <label htmlFor={fid('reason')} className="block text-sm font-semibold">
          Reason for the ban (the user sees it)
        </label>
        <textarea
          id={fid('reason')}
          name="reason"
          rows={2}
          maxLength={500}
          defaultValue={state?.values?.reason ?? ''}
          key={`r:${state?.values?.reason ?? ''}`}
          aria-invalid={errors.reason?.length ? true : undefined}
          aria-describedby={errors.reason?.length ? fid('reason-error') : undefined}
          className={adminInput}
        />
        <FieldError id={fid('reason-error')} errors={errors.reason} />
      </div>
      <button type="submit" disabled={pending} className={adminButton}>
        Ban @{handle}
      </button>
      <Result state={state} />
    </form>
  );
}
