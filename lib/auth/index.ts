import 'server-only';
import NextAuth from 'next-auth';
import { getDb } from '@/db/client';
import { buildAuthConfig } from './config';

export const { handlers, auth, signIn, signOut } = NextAuth(async () => buildAuthConfig(await getDb()));
