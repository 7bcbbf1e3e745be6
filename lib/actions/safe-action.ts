import 'server-only';
/**
 * The one shape of every server action (after dub's safe-action and saas-starter's validatedActionWithUser):
 *
 *   export const flagCommentAction = action(
 *     { access: 'signed-in', signedOut, schema: flagSchema, flash: (fd) => `flag:${fd.get('commentId')}` },
 *     async (d, { viewer }) => { await flagComment(viewer, d.commentId, d.reason); return { ok: true, message: 'Thank you.' }; },
 *   );
 *
 * In order: who may call it (`access`, checked again by the data access layer, which is the boundary), the input
 * validated with zod (FormData, or the arguments of a call from a client component), the DAL call, and one error
 * mapping to ActionState that echoes what was typed (never a password; only the schema's fields, each cut to
 * its maximum length: lib/actions/echo.ts) so a refused form loses nothing. A post
 * without JavaScript keeps its result for the page that follows (`flash`) and may be sent elsewhere
 * (`plainPostRedirect`). Cache tags are not here: each DAL write dirties its own (lib/cache-invalidate.ts).
 * Next's redirect() and notFound() pass through; a database that could not be reached is answered with what
 * it means for this write (not saved, or maybe saved) and what was typed; an unexpected error is logged and
 * answered with a generic message, so no stack trace reaches anyone.
 */
import { isConnectionError, noteDatabaseError } from '@/db/client';
import { databaseFailure } from '@/db/resilient';
import { redirect, unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { isPlainPost, flash as keepForPage } from '@/lib/actions/form-flash';
import { echoValues } from '@/lib/actions/echo';
import { formObject, type ActionState } from '@/lib/actions/state';
import { fieldErrorsOf } from '@/lib/validation/zod';
import { OUTAGE_MAYBE_SAVED, OUTAGE_TEXT } from '@/lib/outage';
import type { Permission } from '@/lib/auth/roles';
import { requireStaff } from '@/lib/dal/admin/guard';
import { getViewer, requireViewer, type Viewer } from '@/lib/dal/session';
import { UnauthenticatedError, UserError } from '@/lib/errors';

/** Who may call: anyone; a signed-in account; staff with a permission (finer rules, a verified address among them, are the DAL's). */
export type Access = 'public' | 'signed-in' | { permission: Permission };

type ViewerFor<A extends Access> = A extends 'public' ? Viewer | null : Viewer;

export type ActionContext<A extends Access> = {
  viewer: ViewerFor<A>;
  /** The posted form (form actions only). */
  formData: FormData;
  /** What was typed, echoed back on a refusal (the schema's fields only, each at most its maximum length; no secrets). */
  values: Record<string, string>;
  /** Whether this is a post without JavaScript (no Next-Action header). */
  plainPost: () => Promise<boolean>;
};

type FieldErrors = Record<string, string[]>;

type Common<S extends z.ZodType, A extends Access> = {
  access: A;
  schema: S;
  /** The message of a refused input; default "Please check the form: <first problem>." */
  invalid?: string | ((fieldErrors: FieldErrors) => string);
  /** An anonymous caller of a signed-in action: the message they get, or the page they are sent to. */
  signedOut?: { message: string } | { redirect: string };
};

type FormConfig<S extends z.ZodType, A extends Access, R> = Common<S, A> & {
  input?: 'form';
  /** FormData keys that carry several values (checkbox lists, repeated rows). */
  arrays?: readonly string[];
  /** Fills in what a form posted without (before anything is read or echoed back). */
  prepare?: (formData: FormData) => void;
  /** The name a plain post's result is kept under for the page that follows (readFlash there). */
  flash?: string | ((formData: FormData) => string);
  /** Where a plain post goes once its result is kept (null: the page it was posted from is rendered again). */
  plainPostRedirect?: (state: R | ActionState, formData: FormData) => string | null | Promise<string | null>;
  /** Where the browser goes after every post once its result is kept, with JavaScript or without. */
  redirectTo?: (state: ActionState, formData: FormData) => string | Promise<string>;
  /** Typed input the form cannot rebuild from `values` (repeated rows), returned with every answer, refusals too. */
  echo?: (formData: FormData) => Partial<R>;
};

type ArgsConfig<S extends z.ZodType, A extends Access, R> = Common<S, A> & {
  input: 'args';
  /** What a refused call returns (default: the ActionState itself). */
  refused?: (state: ActionState) => R | Promise<R>;
};

/** A form action: `useActionState(fn)`, `<form action={fn}>` (its FormData alone), or `fn(prev, formData)`. */
export type FormAction<R> = {
  (formData: FormData): Promise<void>;
  // Last: TypeScript infers useActionState's state from the last signature.
  (prev: R | undefined, formData: FormData): Promise<R>;
};

export function action<S extends z.ZodType, A extends Access, R extends ActionState = ActionState>(
  config: FormConfig<S, A, R>,
  fn: (data: z.infer<S>, ctx: ActionContext<A>) => Promise<NoInfer<R> | void>,
): FormAction<R>;
export function action<S extends z.ZodType, A extends Access, R>(
  config: ArgsConfig<S, A, R>,
  fn: (data: z.infer<S>, ctx: ActionContext<A>) => Promise<R>,
): (...args: Extract<z.input<S>, unknown[]>) => Promise<R>;
export function action<S extends z.ZodType, A extends Access, R>(
  config: FormConfig<S, A, R & ActionState> | ArgsConfig<S, A, R>,
  fn: (data: z.infer<S>, ctx: ActionContext<A>) => Promise<R | ActionState | void>,
): unknown {
  if (config.input === 'args') {
    const cfg = config;
    return async (...args: unknown[]) => {
      const state = await run(cfg, args, new FormData(), {}, fn);
      return isRefusal(state) && cfg.refused ? cfg.refused(state) : state;
    };
  }
  const cfg = config as FormConfig<S, A, R & ActionState>;
  return async (prevOrFormData: unknown, maybeFormData?: FormData): Promise<ActionState> => {
    const formData =
      maybeFormData instanceof FormData ? maybeFormData : prevOrFormData instanceof FormData ? prevOrFormData : new FormData();
    const values = echoValues(formData, cfg.schema);
    const result = ((await run(cfg, formObject(formData, cfg.arrays), formData, values, fn)) ?? {
      ok: true,
      message: 'Saved.',
    }) as ActionState;
    const state = cfg.echo ? { ...result, ...cfg.echo(formData) } : result;
    if (cfg.flash || cfg.plainPostRedirect) await answerPlainPost(cfg, formData, state);
    if (cfg.redirectTo) redirect(await cfg.redirectTo(state, formData));
    return state;
  };
}

const refusals = new WeakSet<object>();
const isRefusal = (x: unknown): x is ActionState => typeof x === 'object' && x !== null && refusals.has(x);
function refusal(state: ActionState): ActionState {
  refusals.add(state);
  return state;
}

async function run<S extends z.ZodType, A extends Access, R>(
  config: Common<S, A>,
  input: unknown,
  formData: FormData,
  values: Record<string, string>,
  fn: (data: z.infer<S>, ctx: ActionContext<A>) => Promise<R | ActionState | void>,
): Promise<R | ActionState | void> {
  try {
    const viewer = await authorize(config);
    const parsed = config.schema.safeParse(input);
    if (!parsed.success) return refusal(invalidState(config, parsed.error, values));
    return await fn(parsed.data, { viewer: viewer as ViewerFor<A>, formData, values, plainPost: isPlainPost });
  } catch (err) {
    unstable_rethrow(err);
    if (err instanceof UnauthenticatedError && config.signedOut) {
      if ('redirect' in config.signedOut) redirect(config.signedOut.redirect);
      return refusal({ ok: false, message: config.signedOut.message, values });
    }
    return refusal(toActionState(err, values));
  }
}

async function authorize(config: Common<z.ZodType, Access>): Promise<Viewer | null> {
  const { access } = config;
  if (access === 'public') return getViewer();
  if (typeof access === 'object') return requireStaff(access.permission);
  return requireViewer();
}

function invalidState(config: Common<z.ZodType, Access>, error: z.ZodError, values: Record<string, string>): ActionState {
  const fieldErrors = fieldErrorsOf(error);
  const first = error.issues[0]?.message;
  const message =
    typeof config.invalid === 'function'
      ? config.invalid(fieldErrors)
      : (config.invalid ?? (first ? `Please check the form: ${first}` : 'Please check the form.'));
  return { ok: false, message, fieldErrors, values };
}

/** The one mapping of a failure to what the person sees: their own message, or a generic one (logged). */
export function toActionState(err: unknown, values?: Record<string, string>): ActionState {
  unstable_rethrow(err);
  if (err instanceof UserError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors, values, code: err.code };
  const lost = databaseFailure(err, isConnectionError);
  if (lost) {
    // The next requests get proxy.ts's 503 until the server answers again.
    noteDatabaseError(err);
    return { ok: false, message: lost.maybeSaved ? OUTAGE_MAYBE_SAVED : OUTAGE_TEXT, values };
  }
  console.error('server action failed', err);
  return { ok: false, message: 'Something went wrong on our side. Please try again.', values };
}

async function answerPlainPost<R>(config: FormConfig<z.ZodType, Access, R>, formData: FormData, state: ActionState): Promise<void> {
  if (!(await isPlainPost())) return;
  const form = typeof config.flash === 'function' ? config.flash(formData) : config.flash;
  if (form) await keepForPage(form, state as ActionState);
  const to = config.plainPostRedirect ? await config.plainPostRedirect(state, formData) : null;
  if (to) redirect(to);
}
