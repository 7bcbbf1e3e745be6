import { RequestTime } from '@/components/site/request-time';
import { requestTimeMetadata } from '@/lib/metadata';

export const generateMetadata = () => requestTimeMetadata({ title: 'Check your email', robots: { index: false } });

export default function CheckEmailPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 font-serif text-3xl font-bold">Check your email</h1>
      <p>We sent you a sign-in link. It works once and expires in 24 hours.</p>
      <RequestTime />
    </div>
  );
}
