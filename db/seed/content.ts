/**
 * The demo newsroom's taxonomy and articles. Bodies are assembled from paragraph banks with a PRNG
 * seeded by the article's slug, so every run (and every machine) produces the same HTML.
 * Bodies use only p, h2, h3, blockquote, ul/ol/li, a, strong and em.
 */
import { AUTHOR_HANDLES } from './accounts';
import {
  DRAFT_SLUG,
  LONG_THREAD_SLUG,
  SCHEDULED_SLUG,
  SEARCH_SLUG,
  SEARCH_WORD,
  TEN_THOUSAND_SLUG,
  HELD_COMMENTS_SLUG,
  HUNDRED_SLUG,
  THOUSAND_SLUG,
} from './fixtures';
import { createRng, type Rng } from './prng';

export type SeedCategory = { slug: string; name: string; description: string; position: number; color: [string, string] };

export const CATEGORIES: SeedCategory[] = [
  {
    slug: 'politics',
    name: 'Politics',
    position: 1,
    color: ['#7f1d1d', '#f59e0b'],
    description: 'City hall, the statehouse, elections and the money that moves between them.',
  },
  {
    slug: 'climate',
    name: 'Climate',
    position: 2,
    color: ['#064e3b', '#34d399'],
    description: 'Heat, water, energy and the people planning for a warmer region.',
  },
  {
    slug: 'local',
    name: 'Local',
    position: 3,
    color: ['#1e3a8a', '#60a5fa'],
    description: 'Neighbourhoods, schools, streets and the people who keep them going.',
  },
  {
    slug: 'culture',
    name: 'Culture',
    position: 4,
    color: ['#581c87', '#f0abfc'],
    description: 'Books, stages, galleries, music and the city’s creative life.',
  },
  {
    slug: 'business',
    name: 'Business',
    position: 5,
    color: ['#134e4a', '#fbbf24'],
    description: 'Work, wages, rents and the local economy, from corner shops to the port.',
  },
  {
    slug: 'science',
    name: 'Science',
    position: 6,
    color: ['#0c4a6e', '#a5f3fc'],
    description: 'Research in the field and the lab, explained without the jargon.',
  },
];

export const TAGS: { slug: string; name: string }[] = [
  ['transit', 'Transit'],
  ['city-hall', 'City Hall'],
  ['budget', 'Budget'],
  ['schools', 'Schools'],
  ['investigations', 'Investigations'],
  ['elections', 'Elections'],
  ['data', 'Data'],
  ['housing', 'Housing'],
  ['community', 'Community'],
  ['water', 'Water'],
  ['agriculture', 'Agriculture'],
  ['heat', 'Heat'],
  ['energy', 'Energy'],
  ['wildfires', 'Wildfires'],
  ['health', 'Health'],
  ['explainer', 'Explainer'],
  ['small-business', 'Small Business'],
  ['arts', 'Arts'],
  ['music', 'Music'],
  ['books', 'Books'],
  ['theatre', 'Theatre'],
  ['research', 'Research'],
  ['labour', 'Labour'],
  ['space', 'Space'],
  ['oceans', 'Oceans'],
  ['reader-questions', 'Reader Questions'],
].map(([slug, name]) => ({ slug, name }));

/** The paragraphs of the long thread's body that feedback points quote; each must stay verbatim in the body. */
export const LONG_THREAD_FEEDBACK = [
  {
    paragraph:
      'Local papers used to be the place where a town argued with itself. We think that is still worth doing. A newspaper is only as good as the questions its readers send it. So before we plan next year’s coverage, we are asking you.',
    quote: 'A newspaper is only as good as the questions its readers send it.',
    question: 'What question would you like Broadsheet to answer next year?',
  },
  {
    paragraph:
      'Some of you wrote that you want fewer stories and longer ones. Others asked for short updates you can read on the bus. We cannot promise to do everything at once. Tell us which one story you would pay to read. We read every answer, and we will publish what we learn.',
    quote: 'Tell us which one story you would pay to read.',
    question: 'Which story would you pay to read?',
  },
];

type Spec = {
  title: string;
  slug?: string;
  dek: string;
  category: string;
  tags: string[];
  /** Noun phrase the prose is about. */
  topic: string;
  place: string;
  org: string;
  status?: 'published' | 'scheduled' | 'draft';
  /** Days before the seed time (negative: in the future). */
  daysAgo?: number;
  authors?: string[];
  /** Hand-written paragraphs (HTML) placed after the introduction. */
  extra?: string[];
  /** Replaces the generated body entirely. */
  body?: string;
};

const SPECS: Spec[] = [
  // Politics
  {
    title: 'City council delays vote on the transit levy for a third time',
    category: 'politics',
    tags: ['transit', 'city-hall', 'budget'],
    dek: 'Council members want more detail on who pays. Riders want buses that come on time.',
    topic: 'the transit levy',
    place: 'the council chamber',
    org: 'the city council',
  },
  {
    title: 'Inside the statehouse deal that rewrote school funding',
    category: 'politics',
    tags: ['schools', 'budget', 'investigations'],
    dek: 'A late-night amendment moved money between districts. We traced where it went.',
    topic: 'the school funding formula',
    place: 'the statehouse',
    org: 'the legislature’s finance committee',
  },
  {
    title: 'Turnout in the spring primaries was the lowest in two decades',
    category: 'politics',
    tags: ['elections', 'data'],
    dek: 'Fewer polling places, a new ID rule and a quiet ballot. Voters told us which mattered most.',
    topic: 'primary turnout',
    place: 'the county elections office',
    org: 'the county elections board',
  },
  {
    title: 'Who is funding the ballot measure on short-term rentals',
    category: 'politics',
    tags: ['housing', 'elections', 'investigations'],
    dek: 'Most of the money behind Measure K comes from outside the city, filings show.',
    topic: 'Measure K',
    place: 'the old port district',
    org: 'the campaign committee',
  },
  {
    title: 'The mayor’s first hundred days, by the numbers',
    category: 'politics',
    tags: ['city-hall', 'data'],
    dek: 'Promises made, promises kept, and a few that quietly disappeared from the website.',
    topic: 'the mayor’s agenda',
    place: 'city hall',
    org: 'the mayor’s office',
  },
  {
    title: 'Redistricting maps split three neighbourhoods down the middle',
    category: 'politics',
    tags: ['elections', 'community'],
    dek: 'Residents of Millbrook, Eastgate and Saltmarsh say the new lines ignore how they actually live.',
    topic: 'the new district maps',
    place: 'Millbrook',
    org: 'the redistricting commission',
  },
  // Climate
  {
    title: 'The summer the river ran low',
    category: 'climate',
    tags: ['water', 'agriculture'],
    dek: 'Barges stopped, irrigators argued and a town learned how much it depends on one gauge.',
    topic: 'the low river',
    place: 'the river landing',
    org: 'the water authority',
  },
  {
    title: 'Heat maps show which blocks cook first, and who lives there',
    category: 'climate',
    tags: ['heat', 'data', 'housing'],
    dek: 'Volunteers with thermometers on bicycles found a fourteen-degree gap across the city.',
    topic: 'urban heat',
    place: 'the Eastgate flats',
    org: 'the public health department',
  },
  {
    title: 'A solar co-op on the east side is selling power back to the grid',
    category: 'climate',
    tags: ['energy', 'community'],
    dek: 'Two hundred households, one shared array and a utility that did not expect them to succeed.',
    topic: 'the solar co-op',
    place: 'the east side',
    org: 'the regional utility',
  },
  {
    title: 'Wildfire smoke days have tripled since 2010',
    category: 'climate',
    tags: ['wildfires', 'health', 'data'],
    dek: 'Our analysis of air-quality records shows the smoky season now starts in June.',
    topic: 'wildfire smoke',
    place: 'the valley',
    org: 'the air quality district',
  },
  {
    title: 'Farmers are trading corn for sorghum as the aquifer drops',
    category: 'climate',
    tags: ['agriculture', 'water'],
    dek: 'A crop that needs a third less water is changing what the county looks like from the road.',
    topic: 'the falling aquifer',
    place: 'the county’s western farms',
    org: 'the groundwater district',
  },
  {
    title: 'What the new flood maps mean for your insurance',
    category: 'climate',
    tags: ['water', 'housing', 'explainer'],
    dek: 'About four thousand homes were added to the flood zone. Here is what changes, and when.',
    topic: 'the new flood maps',
    place: 'Saltmarsh',
    org: 'the federal flood agency',
  },
  // Local
  {
    title: 'The last hardware store on Main Street turns 100',
    slug: HELD_COMMENTS_SLUG,
    category: 'local',
    tags: ['small-business', 'community'],
    dek: 'Four generations, one creaky floor and a key-cutting machine older than the mayor.',
    topic: 'the hardware store',
    place: 'Main Street',
    org: 'the Main Street merchants’ association',
  },
  {
    title: 'Library hours are back, and so are the lines',
    category: 'local',
    tags: ['community', 'schools'],
    dek: 'Evening hours returned this month. On the first Tuesday, the queue reached the corner.',
    topic: 'library hours',
    place: 'the central library',
    org: 'the library board',
  },
  {
    title: 'A bus route, a hospital and a two-hour commute',
    category: 'local',
    tags: ['transit', 'health'],
    dek: 'Nurses on the night shift describe the ride that the new timetable made longer.',
    topic: 'the number 9 bus',
    place: 'St. Brigid’s hospital',
    org: 'the transit agency',
  },
  {
    title: 'Neighbours built a playground in a weekend. The city wants permits.',
    category: 'local',
    tags: ['community', 'city-hall'],
    dek: 'Sixty volunteers, donated lumber and a notice taped to the slide on Monday morning.',
    topic: 'the volunteer playground',
    place: 'Orchard Lane',
    org: 'the parks department',
  },
  {
    title: 'Why the potholes on Harbour Road keep coming back',
    category: 'local',
    tags: ['transit', 'budget', 'explainer'],
    dek: 'The answer involves clay, trucks and a repair budget that has not grown since 2012.',
    topic: 'Harbour Road',
    place: 'Harbour Road',
    org: 'the public works department',
  },
  {
    title: 'Meet the crossing guard who knows every child’s name',
    category: 'local',
    tags: ['schools', 'community'],
    dek: 'Thirty-one years at the corner of Elm and Fifth, in every kind of weather.',
    topic: 'the school crossing',
    place: 'Elm and Fifth',
    org: 'the school district',
  },
  // Culture
  {
    title: 'The painter who mixes her own colours',
    slug: SEARCH_SLUG,
    category: 'culture',
    tags: ['arts', 'community'],
    dek: 'In a studio above a laundromat, pigments are ground by hand and named after the neighbourhood.',
    topic: 'the studio',
    place: 'the studio above the laundromat',
    org: 'the Dock Street gallery',
    extra: [
      `<p>Her favourite is a dusty violet she calls <em>${SEARCH_WORD}</em>, after the flowers her grandmother grew along the fence in Millbrook. She grinds it from a mineral she buys by the kilo and a little bone black, and she will not tell anyone the ratio.</p>`,
      `<p>“People think colour is something you choose,” she said, rubbing a smear of ${SEARCH_WORD} into the back of her hand. “It is something you make, slowly, and it makes you back.”</p>`,
    ],
  },
  {
    title: 'A jazz club reopens in the old bank vault',
    category: 'culture',
    tags: ['music', 'small-business'],
    dek: 'The acoustics are perfect, the door weighs two tonnes and the bar is where the safe-deposit boxes were.',
    topic: 'the vault club',
    place: 'the former Merchants Bank',
    org: 'the new owners',
  },
  {
    title: 'Twelve books to read before the library sale',
    category: 'culture',
    tags: ['books'],
    dek: 'Our critic picked a dozen titles from the shelves that are about to be cleared.',
    topic: 'the library sale',
    place: 'the central library',
    org: 'the Friends of the Library',
  },
  {
    title: 'Shakespeare in a parking garage',
    category: 'culture',
    tags: ['theatre', 'community'],
    dek: 'A community company stages The Tempest on level three. The echo is part of the show.',
    topic: 'the garage Tempest',
    place: 'the Fifth Street garage',
    org: 'the Harbour Players',
  },
  {
    title: 'Inside the archive of a city’s lost songs',
    category: 'culture',
    tags: ['music', 'research'],
    dek: 'Thousands of home recordings, digitised one reel at a time by a retired sound engineer.',
    topic: 'the song archive',
    place: 'a basement in Eastgate',
    org: 'the historical society',
  },
  {
    title: 'The murals of Dock Street, explained',
    category: 'culture',
    tags: ['arts', 'explainer'],
    dek: 'Who painted them, what they mean and why two of them are about to disappear.',
    topic: 'the Dock Street murals',
    place: 'Dock Street',
    org: 'the arts commission',
  },
  // Business
  {
    title: 'Rents are rising faster than wages for the fifth year running',
    category: 'business',
    tags: ['housing', 'labour', 'data'],
    dek: 'The median renter now spends 38 percent of income on housing. Five households explain the trade-offs.',
    topic: 'rents',
    place: 'the inner suburbs',
    org: 'the housing authority',
  },
  {
    title: 'The bakery that went to a four-day week and never looked back',
    category: 'business',
    tags: ['small-business', 'labour'],
    dek: 'Same bread, fewer hours, lower turnover. The owner shared her books with us.',
    topic: 'the four-day week',
    place: 'the bakery on Quay Street',
    org: 'the bakery',
  },
  {
    title: 'Warehouse jobs arrived. The bus service did not.',
    category: 'business',
    tags: ['labour', 'transit'],
    dek: 'Two thousand jobs on the edge of town, and most workers need a car to reach them.',
    topic: 'the logistics park',
    place: 'the logistics park',
    org: 'the economic development office',
  },
  {
    title: 'A local bank is lending to businesses the big ones ignore',
    category: 'business',
    tags: ['small-business', 'investigations'],
    dek: 'Small loans, slow decisions and a default rate lower than the national banks’.',
    topic: 'community lending',
    place: 'the Quay Street branch',
    org: 'the credit union',
  },
  {
    title: 'What the port expansion will cost, and who pays',
    category: 'business',
    tags: ['budget', 'investigations'],
    dek: 'The price has doubled since the first estimate. We read all four hundred pages of the plan.',
    topic: 'the port expansion',
    place: 'the container terminal',
    org: 'the port authority',
  },
  // Science
  {
    title: 'The bees in the cemetery are doing better than anyone expected',
    category: 'science',
    tags: ['research', 'agriculture'],
    dek: 'Unmown grass and old trees make the city’s oldest cemetery a haven for wild pollinators.',
    topic: 'the cemetery bees',
    place: 'Hillside cemetery',
    org: 'the university’s ecology lab',
  },
  {
    title: 'Counting stars from a rooftop in the middle of the city',
    category: 'science',
    tags: ['space', 'research'],
    dek: 'Amateur astronomers are measuring light pollution one clear night at a time.',
    topic: 'light pollution',
    place: 'a rooftop on Fifth Street',
    org: 'the astronomy club',
  },
  {
    title: 'Scientists mapped the bay floor and found a forest',
    category: 'science',
    tags: ['oceans', 'research'],
    dek: 'Sonar surveys revealed tree stumps from a coastline that vanished eight thousand years ago.',
    topic: 'the drowned forest',
    place: 'the outer bay',
    org: 'the marine institute',
  },
  {
    title: 'How a school science fair caught a water problem',
    category: 'science',
    tags: ['schools', 'water', 'research'],
    dek: 'A seventh-grader tested tap water in twenty homes. The results reached the water board.',
    topic: 'the science fair project',
    place: 'Westview Middle School',
    org: 'the water board',
  },
  {
    title: 'The long-COVID clinic, one year on',
    category: 'science',
    tags: ['health', 'research'],
    dek: 'Three hundred patients, a waiting list and a team still learning what helps.',
    topic: 'the long-COVID clinic',
    place: 'St. Brigid’s hospital',
    org: 'the clinic',
  },
  // Well-known articles
  {
    title: 'The long thread: what do you want from your local paper?',
    slug: LONG_THREAD_SLUG,
    category: 'local',
    tags: ['community', 'reader-questions'],
    daysAgo: 5,
    authors: ['maria-okafor', 'lucia-ferraro'],
    dek: 'We asked readers what Broadsheet should cover, and how. Hundreds of you answered.',
    topic: 'local news',
    place: 'the newsroom',
    org: 'Broadsheet',
    body: longThreadBody(),
  },
  {
    title: 'Ten thousand comments on the four-day school week',
    slug: TEN_THOUSAND_SLUG,
    category: 'local',
    tags: ['schools', 'reader-questions'],
    daysAgo: 4,
    authors: ['amara-chen'],
    dek: 'The district’s proposal drew more responses than any story we have published. Here is the debate.',
    topic: 'the four-day school week',
    place: 'the district office',
    org: 'the school board',
  },
  // Benchmark articles (npm run bench): explicit dates, authors and tags, so they draw nothing from the shared PRNG.
  {
    title: 'A hundred comments on the night bus',
    slug: HUNDRED_SLUG,
    category: 'local',
    tags: ['community', 'reader-questions'],
    daysAgo: 20,
    authors: ['amara-chen'],
    dek: 'The transit board wants to cut the last two night routes. Riders wrote in.',
    topic: 'the night bus routes',
    place: 'the central depot',
    org: 'the transit board',
  },
  {
    title: 'A thousand comments on the bike lanes',
    slug: THOUSAND_SLUG,
    category: 'local',
    tags: ['community', 'reader-questions'],
    daysAgo: 21,
    authors: ['maria-okafor'],
    dek: 'Protected lanes on three avenues: the plan, the objections and the numbers behind both.',
    topic: 'the protected bike lanes',
    place: 'the three avenues',
    org: 'the transport committee',
  },
  // Not public
  {
    title: 'Budget week: a preview of the hearings',
    slug: SCHEDULED_SLUG,
    category: 'politics',
    tags: ['budget', 'city-hall'],
    status: 'scheduled',
    daysAgo: -7,
    dek: 'Five days, forty departments and the questions worth asking at each hearing.',
    topic: 'the budget hearings',
    place: 'the council chamber',
    org: 'the finance committee',
  },
  {
    title: 'Notes on the harbour commission',
    slug: DRAFT_SLUG,
    category: 'business',
    tags: ['investigations', 'budget'],
    status: 'draft',
    dek: 'Work in progress: the commission’s minutes, contracts and travel claims.',
    topic: 'the harbour commission',
    place: 'the port authority offices',
    org: 'the harbour commission',
  },
];

function longThreadBody(): string {
  return [
    '<p>For three weeks this autumn, we left a question at the bottom of every article: what do you want from your local paper? The answers arrived by comment, by email and, in two cases, by handwritten letter.</p>',
    `<p>${LONG_THREAD_FEEDBACK[0].paragraph}</p>`,
    '<h2>What you told us so far</h2>',
    '<p>The most common request was simple: follow stories to the end. Readers told us they see the first article about a new development, a lawsuit or a council vote, and then never learn how it turned out.</p>',
    '<ul><li><strong>Follow-ups:</strong> tell us how it ended, not only how it began.</li><li><strong>Meetings:</strong> cover the planning board and the school board, not just the council.</li><li><strong>Explainers:</strong> what a decision means for a renter, a commuter, a parent.</li></ul>',
    '<blockquote><p>“I do not need to know everything. I need to know what changed on my street and who decided it.”</p><p>— a reader in Millbrook</p></blockquote>',
    '<h2>What we are changing</h2>',
    `<p>${LONG_THREAD_FEEDBACK[1].paragraph}</p>`,
    '<p>Starting next month, every investigation will carry a short note at the end: what we still do not know, and what we will look at next. You can read more about how we work on our <a href="/about">about page</a>.</p>',
    '<h3>How to take part</h3>',
    '<p>Reply below, join the conversation under any of the highlighted passages, or write to <em>tips@broadsheet.test</em>. The thread stays open as long as you keep it going.</p>',
  ].join('\n');
}

// Prose banks ---------------------------------------------------------------------------------------

const SOURCE_FIRST = [
  'Helen',
  'Marcus',
  'Noor',
  'Grace',
  'Victor',
  'Leila',
  'Oscar',
  'Ruth',
  'Felix',
  'Imani',
  'Theo',
  'Carmen',
  'Arjun',
  'Beatrice',
  'Kwame',
  'Sofia',
];
const SOURCE_LAST = [
  'Albright',
  'Okonkwo',
  'Haas',
  'Delgado',
  'Brandt',
  'Mbeki',
  'Sørensen',
  'Farouk',
  'Lindgren',
  'Morales',
  'Novak',
  'Park',
  'Achebe',
  'Romano',
  'Kaur',
  'Doyle',
];
const EXPERT_ROLES = [
  'a professor of public policy at the state university',
  'an economist who studies regional budgets',
  'a researcher at the Institute for Urban Affairs',
  'a former deputy director of the planning department',
  'who runs a tenants’ advice line',
  'an analyst at a nonpartisan budget watchdog',
  'a hydrologist who has studied the basin for two decades',
  'who chairs the neighbourhood association',
];

const SUBHEADS = [
  'What the numbers show',
  'How we got here',
  'Who pays',
  'What happens next',
  'The view from the ground',
  'What officials say',
  'The questions that remain',
  'A longer history',
  'What residents want',
  'Reading the fine print',
  'Why it matters now',
  'What other cities tried',
];

type Ctx = {
  topic: string;
  place: string;
  org: string;
  resident: string;
  residentFirst: string;
  expert: string;
  expertLast: string;
  expertRole: string;
  official: string;
  officialLast: string;
  n: () => number;
  pct: () => number;
  year: () => number;
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const INTROS: ((c: Ctx) => string)[] = [
  (c) =>
    `For most of the past year, ${c.topic} has been the kind of thing people mention at the bus stop and then forget. That changed this month, when ${c.org} put a number on it: ${c.n()} thousand dollars more than anyone had planned for, and a deadline that arrives before the next election.`,
  (c) =>
    `On a grey morning at ${c.place}, ${c.resident}, who has lived nearby for ${(c.n() % 40) + 5} years, pointed at what ${c.topic} has already changed. “You could not have told me this would happen here,” ${c.residentFirst} said. “Not ten years ago, not five.”`,
  (c) =>
    `${cap(c.topic)} rarely makes the front page. It should. Over the past six weeks Broadsheet interviewed more than ${(c.n() % 30) + 20} people, read hundreds of pages of public records and sat through ${(c.n() % 6) + 3} public meetings to understand how it works and who it affects.`,
  (c) =>
    `Ask ten people at ${c.place} about ${c.topic} and you will hear ten different stories. Ask ${c.org}, and you will hear one. The distance between those versions is what this article is about.`,
  (c) =>
    `It started, as these things often do, with a memo. In ${c.year()}, a two-page note from ${c.org} proposed a small change to ${c.topic}. Few people read it. Almost everyone now lives with the result.`,
];

const SECOND: ((c: Ctx) => string)[] = [
  (c) =>
    `The decision will shape daily life for thousands of residents, and it is being made now. ${cap(c.org)} is expected to take a final position within weeks, after a comment period that closes at the end of the month.`,
  (c) =>
    `Supporters say the change is overdue. Critics say it was designed without the people it affects. Both sides agree on one thing: what happens at ${c.place} over the next year will be hard to undo.`,
  () =>
    `This is not a new debate. What is new is the money involved, the speed of the timetable and the number of people who have started to pay attention.`,
];

const BODY: ((c: Ctx) => string)[] = [
  (c) =>
    `Records obtained by Broadsheet show that ${c.org} discussed ${c.topic} at least ${(c.n() % 9) + 3} times in closed session before any public hearing was scheduled. Officials say that is normal for a matter involving contracts; critics say it left residents only a few weeks to respond to a plan that took years to write.`,
  (c) =>
    `${c.expert}, ${c.expertRole}, said the pattern is familiar. “Decisions like this are made in the details,” ${c.expertLast} said. “By the time the headline arrives, most of the choices are already baked in. The public gets to react, not to shape.”`,
  (c) =>
    `The figures are stark. Since ${c.year()}, costs tied to ${c.topic} have grown by roughly ${c.pct()} percent, while the budget meant to cover them has barely moved. The gap has been filled with one-time money, deferred maintenance and, in at least two years, a transfer from the reserve fund.`,
  (c) =>
    `${c.official}, a spokesperson for ${c.org}, said the agency had “followed every required step” and welcomed further public input. ${c.officialLast} declined to say whether the timetable could change, but noted that similar proposals elsewhere had been revised after hearings.`,
  (c) =>
    `Not everyone is worried. Several business owners near ${c.place} told Broadsheet they expect the change to bring more foot traffic, not less. “People said the same thing the last time,” one said, “and the last time it worked out fine.”`,
  (c) =>
    `Residents describe a quieter cost. ${c.resident} keeps a notebook of every letter, notice and phone call about ${c.topic}. It now runs to ${(c.n() % 80) + 40} pages. “I am not against anything,” ${c.residentFirst} said. “I just want somebody to explain it once, properly.”`,
  () =>
    `Comparable cities offer a mixed picture. Two tried a similar approach in the last decade; one reversed it within three years, and the other now points to it as a model. The difference, researchers say, came down to whether residents were involved early or consulted late.`,
  (c) =>
    `The money matters, but so does the calendar. Because of how the state’s rules are written, any change approved after the first of the year cannot take effect until ${c.year() + 12}, which would push the whole project past the terms of everyone now in office.`,
  (c) =>
    `Broadsheet asked ${c.org} for the data behind its estimates. It provided a summary table, but not the underlying figures, citing the time needed to prepare them. We have filed a formal records request and will publish what we receive.`,
  () =>
    `At a packed meeting last week, speakers were given two minutes each. Most used them to ask the same question in different words: who decided, and when? The answers, when they came, referred to a process rather than a person.`,
  (c) =>
    `There is a version of this story that ends well. It involves clearer notice, a longer timetable and a willingness to change course if the first year goes badly. ${c.expertLast} thinks it is still possible. “Nothing here is locked in yet,” ${c.expertLast} said. “But the window is closing.”`,
  (c) =>
    `For now, the practical effects are small and scattered: a longer wait here, a higher bill there, a notice on a door. Taken together, they add up to a change in how ${c.place} works, and who it works for.`,
  (c) =>
    `Data compiled by Broadsheet from public filings suggests the burden is not evenly shared. Households in the three lowest-income precincts account for roughly ${c.pct()} percent of those affected, though they make up less than a quarter of the population.`,
  (c) =>
    `Some of the strongest reactions came from people who had never attended a public meeting before. “I found out from a neighbour,” said ${c.resident}. “Then I found out the neighbour found out from a sign on a lamp post. That is not how this should work.”`,
];

const QUOTES: ((c: Ctx) => [string, string])[] = [
  (c) => [
    `Nobody asked us. They asked the people who already agreed with them, and then they called it consultation.`,
    `${c.resident}, a resident near ${c.place}`,
  ],
  (c) => [
    `We are trying to do a twenty-year job with a two-year budget. Something has to give, and usually it is the thing nobody is watching.`,
    `${c.expert}, ${c.expertRole}`,
  ],
  (c) => [
    `There is no villain in this story. There is a process that nobody designed on purpose, and it produces results nobody would choose.`,
    `${c.expert}, ${c.expertRole}`,
  ],
  (c) => [`We will publish every figure we have as soon as it is ready. We want people to check our work.`, `${c.official}, ${c.org}`],
  (c) => [
    `I have seen this before. The first year is hard, the second is better, and by the third nobody remembers the fuss.`,
    `${c.official}, ${c.org}`,
  ],
];

const LISTS: ((c: Ctx) => string)[] = [
  (c) =>
    `<p><strong>What we still do not know:</strong></p>\n<ul><li>How ${c.org} arrived at its cost estimate.</li><li>Whether the timetable can change after the hearings.</li><li>Who will be responsible if the first year runs over budget.</li></ul>`,
  (c) =>
    `<p>The key dates:</p>\n<ol><li>The comment period closes at the end of the month.</li><li>${cap(c.org)} holds its final hearing two weeks later.</li><li>Any change takes effect at the start of the next fiscal year.</li></ol>`,
  (c) =>
    `<p>How to take part:</p>\n<ul><li>Read the full proposal at the central library or on the ${c.org} website.</li><li>Send written comments before the deadline; they become part of the public record.</li><li>Attend the hearing at ${c.place}, or watch the livestream.</li></ul>`,
];

const ENDINGS: ((c: Ctx) => string)[] = [
  (c) => `Broadsheet will keep following ${c.topic}. If you have information or documents, write to <em>tips@broadsheet.test</em>.`,
  (c) =>
    `This article is part of our continuing coverage of ${c.topic}. <strong>Corrections</strong> and updates will be noted at the top of the page.`,
  (c) => `What would you like us to find out next about ${c.topic}? Tell us in the comments below.`,
];

function personName(rng: Rng): [string, string] {
  const first = rng.pick(SOURCE_FIRST);
  const last = rng.pick(SOURCE_LAST);
  return [`${first} ${last}`, last];
}

function generateBody(spec: Spec, slug: string, allSlugs: string[]): string {
  const rng = createRng(`body:${slug}`);
  const [resident] = personName(rng);
  const [expert, expertLast] = personName(rng);
  const [official, officialLast] = personName(rng);
  const c: Ctx = {
    topic: spec.topic,
    place: spec.place,
    org: spec.org,
    resident,
    residentFirst: resident.split(' ')[0],
    expert,
    expertLast,
    expertRole: rng.pick(EXPERT_ROLES),
    official,
    officialLast,
    n: () => rng.int(12, 480),
    pct: () => rng.int(14, 63),
    year: () => rng.int(2009, 2019),
  };
  const body = rng.shuffle(BODY);
  let b = 0;
  const parts: string[] = [];
  parts.push(`<p>${rng.pick(INTROS)(c)}</p>`);
  parts.push(`<p>${rng.pick(SECOND)(c)}</p>`);
  for (const extra of spec.extra ?? []) parts.push(extra);
  const subheads = rng.sample(SUBHEADS, 3);
  const quoteAt = rng.int(0, 2);
  const listAt = rng.chance(0.6) ? rng.int(0, 2) : -1;
  const linkAt = rng.int(0, 2);
  for (let s = 0; s < 3; s++) {
    parts.push(`<h2>${subheads[s]}</h2>`);
    const paragraphs = rng.int(2, 3);
    for (let p = 0; p < paragraphs; p++) parts.push(`<p>${body[b++ % body.length](c)}</p>`);
    if (s === quoteAt) {
      const [quote, who] = rng.pick(QUOTES)(c);
      parts.push(`<blockquote><p>“${quote}”</p><p>— ${who}</p></blockquote>`);
    }
    if (s === listAt) parts.push(rng.pick(LISTS)(c));
    if (s === linkAt) {
      const others = allSlugs.filter((x) => x !== slug);
      const other = rng.pick(others);
      parts.push(
        rng.chance(0.5)
          ? `<p>This story builds on <a href="/article/${other}">our earlier reporting</a>, which looked at a related decision.</p>`
          : `<p>The full documents are available from the <a href="https://example.org/records/${slug}">public records portal</a>; we have highlighted the passages discussed here.</p>`,
      );
    }
  }
  parts.push(`<p>${rng.pick(ENDINGS)(c)}</p>`);
  return parts.join('\n');
}

export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function countWords(html: string): number {
  return html
    .replace(/<[^>]+>/g, ' ')
    .split(/\s+/)
    .filter(Boolean).length;
}

export function readingMinutes(html: string): number {
  return Math.max(1, Math.round(countWords(html) / 230));
}

export type SeedArticle = {
  slug: string;
  title: string;
  dek: string;
  body: string;
  category: string;
  tags: string[];
  /** Author handles in byline order. */
  authors: string[];
  status: 'published' | 'scheduled' | 'draft';
  /** Milliseconds relative to the seed time (negative: in the past); null for a draft. */
  publishedOffsetMs: number | null;
  readingMinutes: number;
};

const PRIMARY_AUTHOR: Record<string, string> = {
  politics: 'maria-okafor',
  climate: 'jonas-lindqvist',
  local: 'maria-okafor',
  culture: 'lucia-ferraro',
  business: 'amara-chen',
  science: 'daniel-mensah',
};

const DAY = 86_400_000;

/** Every seeded article, fully generated (deterministic). */
export function buildArticles(): SeedArticle[] {
  const slugs = SPECS.map((s) => s.slug ?? slugify(s.title));
  // Bodies link to other public articles; the benchmark articles are left out so adding them changed no other body.
  const publicSlugs = slugs.filter((s, i) => (SPECS[i].status ?? 'published') === 'published' && s !== HUNDRED_SLUG && s !== THOUSAND_SLUG);
  const rng = createRng('articles');
  let spread = 0;
  return SPECS.map((spec, i) => {
    const slug = slugs[i];
    const status = spec.status ?? 'published';
    const body = spec.body ?? generateBody(spec, slug, publicSlugs);
    let authors = spec.authors;
    if (!authors) {
      const primary = PRIMARY_AUTHOR[spec.category];
      authors = [primary];
      if (rng.chance(0.3)) authors.push(rng.pick(AUTHOR_HANDLES.filter((h) => h !== primary)));
    }
    const tags = spec.tags.length >= 2 ? spec.tags : [...spec.tags, rng.pick(TAGS.filter((t) => !spec.tags.includes(t.slug))).slug];
    let publishedOffsetMs: number | null = null;
    if (status !== 'draft') {
      if (spec.daysAgo !== undefined) publishedOffsetMs = -spec.daysAgo * DAY + (spec.daysAgo < 0 ? 0 : -3 * 3_600_000);
      else {
        // Spread the regular articles over the past ~60 days, newest first.
        spread++;
        publishedOffsetMs = -(spread * 1.7 * DAY) - rng.int(6, 18) * 3_600_000 - rng.int(0, 59) * 60_000;
      }
    }
    return {
      slug,
      title: spec.title,
      dek: spec.dek,
      body,
      category: spec.category,
      tags,
      authors,
      status,
      publishedOffsetMs,
      readingMinutes: readingMinutes(body),
    };
  });
}
