'use client';
/**
 * The app's link: next/link, prefetching the target when the reader shows intent (pointer over it, keyboard
 * focus, a touch) instead of as soon as it is on screen. Next's default fetches every visible link's route in
 * the background: some forty requests per front page or admin list view, each a server render or a payload a
 * phone downloads for a page the reader will mostly never open (the pattern from Next's prefetching guide,
 * "Hover-triggered prefetch"). An explicit `prefetch` prop is kept as given.
 */
import NextLink from 'next/link';
import { useState, type ComponentProps } from 'react';

export default function Link({ prefetch, onMouseEnter, onTouchStart, onFocus, ...props }: ComponentProps<typeof NextLink>) {
  const [intent, setIntent] = useState(false);
  return (
    <NextLink
      {...props}
      prefetch={prefetch !== undefined ? prefetch : intent ? null : false}
      onMouseEnter={(e) => {
        setIntent(true);
        onMouseEnter?.(e);
      }}
      onTouchStart={(e) => {
        setIntent(true);
        onTouchStart?.(e);
      }}
      onFocus={(e) => {
        setIntent(true);
        onFocus?.(e);
      }}
    />
  );
}
