import Link from '@/components/ui/link';

export default function AdminNotFound() {
  return (
    <div className="mx-auto max-w-xl py-12 text-center">
      <p className="text-sm font-bold tracking-wide text-brand uppercase">404</p>
      <h1 className="mt-2 font-serif text-3xl font-black">Not in the newsroom</h1>
      <p className="mt-4 text-stone-600">That page or record does not exist, or was deleted.</p>
      <p className="mt-6">
        <Link href="/admin" className="underline">
          Back to the dashboard
        </Link>
      </p>
    </div>
  );
}
