/** "Support us" call to action around articles. Owned by the pledges work. */
export async function SupportSlot(_props: { position: 'above' | 'below' }) {
  return null;
}
