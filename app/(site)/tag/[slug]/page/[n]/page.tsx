export { default, generateMetadata } from '../../page';

export async function generateStaticParams() {
  return [{ slug: '__none__', n: '2' }];
}
