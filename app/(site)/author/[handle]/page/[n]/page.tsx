export { default, generateMetadata } from '../../page';

export async function generateStaticParams() {
  return [{ handle: '__none__', n: '2' }];
}
