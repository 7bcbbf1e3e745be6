'use client';
import { useActionState, useState } from 'react';
import { avatarAction } from '@/lib/actions/account';
import { initialState, type ActionState } from '@/lib/actions/state';
import { FormMessage, buttonClass } from '@/components/auth/fields';
import { AVATAR_MAX_BYTES, AVATAR_MAX_LABEL, AVATAR_TOO_BIG } from '@/lib/media-limits';

export function AvatarForm({ hasImage, initial }: { hasImage: boolean; initial?: ActionState }) {
  const [state, action, pending] = useActionState(avatarAction, initial ?? initialState);
  // A file over the limit is refused here before it is uploaded; without JavaScript the server says the same.
  const [tooBig, setTooBig] = useState(false);
  const shown: ActionState = tooBig
    ? { ok: false, message: AVATAR_TOO_BIG, fieldErrors: { avatar: [`At most ${AVATAR_MAX_LABEL}.`] } }
    : state;
  const errors = shown.fieldErrors?.avatar;
  return (
    <div className="space-y-3">
      <FormMessage state={shown} />
      <form
        action={action}
        encType="multipart/form-data"
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          const file = (e.currentTarget.elements.namedItem('avatar') as HTMLInputElement | null)?.files?.[0];
          const big = !!file && file.size > AVATAR_MAX_BYTES;
          setTooBig(big);
          if (big) e.preventDefault();
        }}
      >
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
            onChange={() => setTooBig(false)}
          />
          {errors?.length ? <p className="mt-1 text-sm text-red-700">{errors.join(' ')}</p> : null}
        </div>
        <button type="submit" className={buttonClass} disabled={pending}>
          Upload picture
        </button>
      </form>
      {hasImage && (
        <form action={action}>
          <input type="hidden" name="remove" value="1" />
          <button type="submit" className="text-sm underline" disabled={pending}>
            Remove picture and use my initials
          </button>
        </form>
      )}
    </div>
  );
}
