import { requestTimeMetadata } from '@/lib/metadata';
import Link from '@/components/ui/link';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { readFlash } from '@/lib/actions/form-flash';

export const generateMetadata = () => requestTimeMetadata({ title: 'Create an account', robots: { index: false } });
// Rendered per request before the first byte (no Suspense): the form and its result are plain HTML, so it
// works without JavaScript.
export const instant = false;

export default async function SignUpPage() {
  const initial = await readFlash('signup');
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 font-serif text-3xl font-bold">Create an account</h1>
      <SignUpForm initial={initial} />
      <p className="mt-4 text-sm">
        Already have an account?{' '}
        <Link href="/signin" className="underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
