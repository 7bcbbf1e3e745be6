'use client';
import { useActionState } from 'react';
import { updateProfileAction } from '@/lib/actions/account';
import { initialState, type ActionState } from '@/lib/actions/state';
import { HANDLE_RULE } from '@/lib/validation/auth';
import { Field, FormMessage, buttonClass, inputClass } from '@/components/auth/fields';

export function ProfileForm({ name, handle, bio, initial }: { name: string; handle: string; bio: string; initial?: ActionState }) {
  const [state, action, pending] = useActionState(updateProfileAction, initial ?? initialState);
  const bioValue = state.values?.bio ?? bio;
  const bioErrors = state.fieldErrors?.bio;
  return (
    <form action={action} className="space-y-4" noValidate aria-labelledby="profile-heading">
      <FormMessage state={state} />
      <Field name="name" label="Display name" autoComplete="name" state={state} defaultValue={name} maxLength={80} />
      <Field name="handle" label="Handle" autoComplete="username" state={state} defaultValue={handle} maxLength={30} hint={HANDLE_RULE} />
      <div>
        <label htmlFor="f-bio" className="block text-sm font-semibold">
          Short bio
        </label>
        <p id="f-bio-hint" className="text-sm text-stone-600">
          Optional, up to 500 characters, shown on your public profile.
        </p>
        <textarea
          id="f-bio"
          name="bio"
          rows={3}
          maxLength={500}
          defaultValue={bioValue}
          key={`bio:${bioValue}`}
          aria-describedby={bioErrors?.length ? 'f-bio-hint f-bio-error' : 'f-bio-hint'}
          aria-invalid={bioErrors?.length ? true : undefined}
          className={inputClass}
        />
        {bioErrors?.length ? (
          <p id="f-bio-error" className="mt-1 text-sm text-red-700">
            {bioErrors.join(' ')}
          </p>
        ) : null}
      </div>
      <button type="submit" className={buttonClass} disabled={pending}>
        Save profile
      </button>
    </form>
  );
}
