'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { initialState, type ActionState } from '@/lib/actions/state';
import { FormMessage, buttonClass } from '@/components/auth/fields';
import { AVATAR_MAX_BYTES, AVATAR_MAX_LABEL, AVATAR_TOO_BIG } from '@/lib/request-limits';

/** The picture's own route (a server action would not take 5 MB): plain form posts without JavaScript, fetch with it. */
const ROUTE = '/account/avatar';
const TOO_BIG: ActionState = { ok: false, message: AVATAR_TOO_BIG, fieldErrors: { avatar: [`At most ${AVATAR_MAX_LABEL}.`] } };

export function AvatarForm({ hasImage, initial }: { hasImage: boolean; initial?: ActionState }) {
  const router = useRouter();
  const [state, setState] = useState<ActionState>(initial ?? initialState);
  const [pending, setPending] = useState(false);

  async function send(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const file = data.get('avatar');
    // A file over the limit is refused here before it is uploaded; the route says the same to any other client.
    if (file instanceof File && file.size > AVATAR_MAX_BYTES) return setState(TOO_BIG);
    setPending(true);
    try {
      const res = await fetch(ROUTE, { method: 'POST', body: data, headers: { accept: 'application/json' } });
      if (res.status === 401) return router.push('/signin?next=/account');
      const answer = (await res.json().catch(() => null)) as ActionState | null;
      setState(answer ?? { ok: false, message: 'The upload failed. Please try again.' });
      if (answer?.ok) {
        form.reset();
        router.refresh();
      }
    } catch {
      setState({ ok: false, message: 'The upload failed. Check your connection and try again.' });
    } finally {
      setPending(false);
    }
  }

  const errors = state.fieldErrors?.avatar;
  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      <form action={ROUTE} method="post" encType="multipart/form-data" className="flex flex-wrap items-end gap-3" onSubmit={send}>
        <div>
          <label htmlFor="f-avatar" className="block text-sm font-semibold">
            Profile picture
          </label>
          <p id="f-avatar-hint" className="text-sm text-stone-600">
            JPEG, PNG, WebP, GIF or AVIF up to {AVATAR_MAX_LABEL}; cropped to a square.
          </p>
          <input
            id="f-avatar"
            name="avatar"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
            aria-describedby="f-avatar-hint"
            aria-invalid={errors?.length ? true : undefined}
            className="mt-1 block text-sm"
          />
          {errors?.length ? <p className="mt-1 text-sm text-red-700">{errors.join(' ')}</p> : null}
        </div>
        <button type="submit" className={buttonClass} disabled={pending}>
          Upload picture
        </button>
      </form>
      {hasImage && (
        <form action={ROUTE} method="post" encType="multipart/form-data" onSubmit={send}>
          <input type="hidden" name="remove" value="1" />
          <button type="submit" className="text-sm underline" disabled={pending}>
            Remove picture and use my initials
          </button>
        </form>
      )}
    </div>
  );
}
