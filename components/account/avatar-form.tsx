'use client';
import { useActionState } from 'react';
import { avatarAction } from '@/lib/actions/account';
import { initialState, type ActionState } from '@/lib/actions/state';
import { FormMessage, buttonClass } from '@/components/auth/fields';

export function AvatarForm({ hasImage, initial }: { hasImage: boolean; initial?: ActionState }) {
  const [state, action, pending] = useActionState(avatarAction, initial ?? initialState);
  const errors = state.fieldErrors?.avatar;
  return (
    <div className="space-y-3">
      <FormMessage state={state} />
      <form action={action} encType="multipart/form-data" className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="f-avatar" className="block text-sm font-semibold">Profile picture</label>
          <p id="f-avatar-hint" className="text-sm text-stone-600">JPEG, PNG, WebP or GIF up to 10 MB; cropped to a square.</p>
          <input id="f-avatar" name="avatar" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif"
            aria-describedby="f-avatar-hint" aria-invalid={errors?.length ? true : undefined} className="mt-1 block text-sm" />
          {errors?.length ? <p className="mt-1 text-sm text-red-700">{errors.join(' ')}</p> : null}
        </div>
        <button type="submit" className={buttonClass} disabled={pending}>Upload picture</button>
      </form>
      {hasImage && (
        <form action={action}>
          <input type="hidden" name="remove" value="1" />
          <button type="submit" className="text-sm underline" disabled={pending}>Remove picture and use my initials</button>
        </form>
      )}
    </div>
  );
}
