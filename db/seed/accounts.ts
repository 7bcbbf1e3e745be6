/**
 * Demo accounts created by the seed. Every one of them (and every generated reader) signs in with
 * DEMO_PASSWORD; the CLI prints DEMO_ACCOUNTS after seeding.
 */
import type { Role } from '../schema';
import { createRng } from './prng';

export const DEMO_PASSWORD = 'broadsheet-demo-2026';

export type SeedUser = {
  email: string;
  name: string;
  handle: string;
  role: Role;
  bio: string | null;
  /** Comments from this account wait for a moderator (the demo troll). */
  premoderated?: boolean;
};

/** Staff and named journalists. author@ and the four others below write the articles. */
export const STAFF: SeedUser[] = [
  {
    email: 'admin@broadsheet.test',
    name: 'Ada Whitcombe',
    handle: 'ada-whitcombe',
    role: 'admin',
    bio: 'Publisher of Broadsheet. Keeps the lights on and the servers humming.',
  },
  {
    email: 'editor@broadsheet.test',
    name: 'Tomás Reyes',
    handle: 'tomas-reyes',
    role: 'editor',
    bio: 'Managing editor. Previously metro editor at the Harbour Courier for eleven years.',
  },
  {
    email: 'moderator@broadsheet.test',
    name: 'Priya Natarajan',
    handle: 'priya-natarajan',
    role: 'moderator',
    bio: 'Community editor. Reads every comment so you do not have to.',
  },
  {
    email: 'author@broadsheet.test',
    name: 'Maria Okafor',
    handle: 'maria-okafor',
    role: 'author',
    bio: 'Politics correspondent covering city hall, the statehouse and the money that moves between them.',
  },
  {
    email: 'jonas.lindqvist@broadsheet.test',
    name: 'Jonas Lindqvist',
    handle: 'jonas-lindqvist',
    role: 'author',
    bio: 'Climate and environment reporter. Writes about water, heat and the people who plan for both.',
  },
  {
    email: 'amara.chen@broadsheet.test',
    name: 'Amara Chen',
    handle: 'amara-chen',
    role: 'author',
    bio: 'Business reporter following small firms, labour and the local economy.',
  },
  {
    email: 'daniel.mensah@broadsheet.test',
    name: 'Daniel Mensah',
    handle: 'daniel-mensah',
    role: 'author',
    bio: 'Science writer with a soft spot for field research and the people who do it.',
  },
  {
    email: 'lucia.ferraro@broadsheet.test',
    name: 'Lucía Ferraro',
    handle: 'lucia-ferraro',
    role: 'author',
    bio: 'Culture critic: books, stages, galleries and the occasional parade.',
  },
  { email: 'reader@broadsheet.test', name: 'Robin Park', handle: 'robin-park', role: 'reader', bio: null },
  { email: 'reader2@broadsheet.test', name: 'Sam Alvarez', handle: 'sam-alvarez', role: 'reader', bio: null },
  { email: 'troll@broadsheet.test', name: 'Rex Gnarl', handle: 'rex-gnarl', role: 'reader', bio: null, premoderated: true },
];

/** Handles of the journalists, in byline order of preference. */
export const AUTHOR_HANDLES = ['maria-okafor', 'jonas-lindqvist', 'amara-chen', 'daniel-mensah', 'lucia-ferraro'] as const;

export const DEMO_ACCOUNTS: { email: string; role: Role; password: string }[] = [
  'admin@broadsheet.test',
  'editor@broadsheet.test',
  'moderator@broadsheet.test',
  'author@broadsheet.test',
  'jonas.lindqvist@broadsheet.test',
  'amara.chen@broadsheet.test',
  'daniel.mensah@broadsheet.test',
  'lucia.ferraro@broadsheet.test',
  'reader@broadsheet.test',
  'reader2@broadsheet.test',
  'troll@broadsheet.test',
].map((email) => ({ email, role: STAFF.find((u) => u.email === email)!.role, password: DEMO_PASSWORD }));

const FIRST = [
  'Aisha',
  'Bruno',
  'Chiara',
  'Dmitri',
  'Elena',
  'Farid',
  'Greta',
  'Hugo',
  'Ines',
  'Jamal',
  'Keiko',
  'Liam',
  'Mina',
  'Nikolai',
  'Olu',
  'Paloma',
  'Quentin',
  'Rosa',
  'Sipho',
  'Tara',
  'Umar',
  'Vera',
  'Wes',
  'Ximena',
  'Yusuf',
  'Zofia',
  'Agnes',
  'Bao',
  'Cormac',
  'Delphine',
  'Emeka',
  'Freya',
  'Gideon',
  'Hana',
  'Ivo',
  'June',
];
const LAST = [
  'Abbott',
  'Baptiste',
  'Castellanos',
  'Dube',
  'Eriksen',
  'Fitzgerald',
  'Gallo',
  'Haddad',
  'Ivanova',
  'Jansen',
  'Kowalski',
  'Laurent',
  'Moreau',
  'Nakamura',
  'Osei',
  'Petrov',
  'Quinn',
  'Rahman',
  'Santos',
  'Tanaka',
  'Usman',
  'Vidal',
  'Whitaker',
  'Xu',
  'Yilmaz',
  'Zimmermann',
  'Adeyemi',
  'Brennan',
  'Costa',
  'Dahl',
];

export const GENERATED_READER_COUNT = 40;

/** The commenters: GENERATED_READER_COUNT readers with distinct names, the same on every run. */
export function generatedReaders(): SeedUser[] {
  const rng = createRng('broadsheet-readers');
  const seen = new Set<string>();
  const out: SeedUser[] = [];
  while (out.length < GENERATED_READER_COUNT) {
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const handle = `${first}-${last}`.toLowerCase();
    if (seen.has(handle)) continue;
    seen.add(handle);
    out.push({
      email: `${first}.${last}@readers.broadsheet.test`.toLowerCase(),
      name: `${first} ${last}`,
      handle,
      role: 'reader',
      bio: null,
    });
  }
  return out;
}
