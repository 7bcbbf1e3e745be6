import { NextResponse } from 'next/server';
import { flash } from '@/lib/actions/form-flash';
import type { ActionState } from '@/lib/actions/state';
import { currentUser, removeAvatar, setAvatar } from '@/lib/dal/users-account';
import { UnauthenticatedError, UserError } from '@/lib/errors';
import { AVATAR_MAX_BYTES, AVATAR_MAX_LABEL, AVATAR_TOO_BIG, FORM_OVERHEAD_BYTES } from '@/lib/request-limits';
import { isSameOrigin, readForm, seeOther } from '@/lib/route-helpers';

const tooBig = () => new UserError(AVATAR_TOO_BIG, 413, { avatar: [`At most ${AVATAR_MAX_LABEL}.`] });

/**
 * The profile picture: upload (or `remove=1`) from /account. A route handler rather than a server action, so
 * that a picture's 5 MB is allowed here only, and a bigger body is refused from its Content-Length (or as soon
 * as it passes the limit) with the size message, the same with JavaScript (a JSON ActionState) as without (a
 * 303 back to /account, the result kept for the form in the flash cookie). It checks the Origin itself (CSRF);
 * lib/dal/users-account checks the session, the ban and the bytes.
 */
export async function POST(req: Request) {
  const json = (req.headers.get('accept') ?? '').includes('application/json');
  const answer = async (state: ActionState, status: number): Promise<Response> => {
    if (json) return NextResponse.json(state, { status, headers: status === 413 ? { connection: 'close' } : undefined });
    if (status === 401) return seeOther('/signin?next=/account');
    await flash('avatar', state);
    return seeOther('/account');
  };
  if (!isSameOrigin(req)) return NextResponse.json({ ok: false, message: 'Cross-site uploads are not accepted.' }, { status: 403 });
  try {
    // Signed out: told before the body is read.
    await currentUser();
    const form = await readForm(req, AVATAR_MAX_BYTES + FORM_OVERHEAD_BYTES, tooBig);
    if (form.get('remove') === '1') {
      await removeAvatar();
      return answer({ ok: true, message: 'Your picture was removed: your initials show instead.' }, 200);
    }
    const file = form.get('avatar');
    if (!(file instanceof File) || file.size === 0) {
      throw new UserError('Choose an image file to upload.', 400, { avatar: ['Choose an image file.'] });
    }
    await setAvatar(Buffer.from(await file.arrayBuffer()));
    return answer({ ok: true, message: 'Your new picture is saved.' }, 200);
  } catch (err) {
    if (err instanceof UnauthenticatedError) return answer({ ok: false, message: err.message }, 401);
    if (err instanceof UserError) return answer({ ok: false, message: err.message, fieldErrors: err.fieldErrors }, err.status);
    console.error('avatar upload failed', err);
    return answer({ ok: false, message: 'Something went wrong on our side. Please try again.' }, 500);
  }
}
