import type { Metadata } from 'next';
import Link from 'next/link';
import { SignUpForm } from '@/components/auth/sign-up-form';

export const metadata: Metadata = { title: 'Create an account', robots: { index: false } };

export default function SignUpPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 font-serif text-3xl font-bold">Create an account</h1>
      <SignUpForm />
      <p className="mt-4 text-sm">Already have an account? <Link href="/signin" className="underline">Sign in</Link></p>
    </div>
  );
}
