import Link from '@/components/ui/link';

/** Why an emailed link did not work, and where to ask for a new one. */
export function LinkProblem({ message }: { message: string }) {
  return (
    <div className="space-y-3">
      <p role="alert" className="rounded border border-red-700 bg-red-50 px-3 py-2">
        {message}
      </p>
      <p>
        Signed in? Ask for a new link from{' '}
        <Link href="/account" className="underline">
          your account
        </Link>
        .
      </p>
    </div>
  );
}
