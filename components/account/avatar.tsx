/** A user's picture, or their initials on a colour derived from the handle when they have none. */
export function Avatar({
  name,
  handle,
  image,
  size = 48,
  lazy = false,
}: {
  name: string | null;
  handle: string;
  image: string | null;
  size?: number;
  /** Many on a page (a comment thread): load when near the viewport, and no preload of each in the head. */
  lazy?: boolean;
}) {
  const label = name || handle;
  if (image) {
    return (
      // Avatars are already small WebP files of the right size (sharp on upload): next/image would add nothing.
      // eslint-disable-next-line @next/next/no-img-element
      <img
        src={image}
        alt=""
        width={size}
        height={size}
        loading={lazy ? 'lazy' : undefined}
        className="shrink-0 rounded-full border border-stone-300 object-cover"
        style={{ width: size, height: size }}
      />
    );
  }
  const initials =
    label
      .split(/[\s_-]+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('') || '?';
  let hash = 0;
  for (const ch of handle) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return (
    <span
      aria-hidden="true"
      className="inline-flex shrink-0 select-none items-center justify-center rounded-full font-semibold text-white"
      style={{ width: size, height: size, fontSize: Math.round(size * 0.4), background: `hsl(${hue} 45% 30%)` }}
    >
      {initials}
    </span>
  );
}
