import { requestTimeMetadata } from '@/lib/metadata';
import { ForgotPasswordForm } from '@/components/auth/forgot-password-form';
import { readFlash } from '@/lib/actions/form-flash';

export const generateMetadata = () => requestTimeMetadata({ title: 'Forgot your password', robots: { index: false } });
export const instant = false;

export default async function ForgotPasswordPage() {
  const initial = await readFlash('forgot');
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 font-serif text-3xl font-bold">Forgot your password?</h1>
      <p className="mb-4">Enter your account&apos;s email address and we will mail you a link to choose a new password.</p>
      <ForgotPasswordForm initial={initial} />
    </div>
  );
}
