/**
 * What a person is told when their post meets a database outage. No imports: client components and the e2e
 * tests read these.
 *
 * Refused by proxy.ts before anything ran (a 503; a form posted with JavaScript gets it in plain text, which
 * Next's client throws as an error with that text, and app/error.tsx shows it instead of "Something went
 * wrong"), or by the action wrapper when the database could not be reached (lib/actions/safe-action.ts).
 */
export const OUTAGE_TITLE = 'Temporarily unavailable';
export const OUTAGE_TEXT = "We can't reach our database right now, so this was not saved. Please try again in a minute.";
export const OUTAGE_ACTION_MESSAGE = `${OUTAGE_TITLE}: ${OUTAGE_TEXT}`;
/** The connection broke while a write was being saved: it may or may not have been (it is never sent twice). */
export const OUTAGE_MAYBE_SAVED =
  'We lost the connection to our database while saving this, so it may not have been saved. Please check in a minute, and try again if it is not there.';
