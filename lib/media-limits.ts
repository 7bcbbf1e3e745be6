/**
 * Upload limits shared by the server (lib/media.ts, lib/dal/users-account.ts) and the browser (the avatar
 * form checks the size before uploading). No server-only imports here.
 *
 * Profile pictures: at most 5 MB (they are cropped to 256 px). Server actions accept bodies a little larger
 * (next.config.js serverActions.bodySizeLimit), so a bigger file still reaches the action and gets this
 * message instead of an error page.
 */
export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
export const AVATAR_MAX_LABEL = '5 MB';
export const AVATAR_TOO_BIG = `That picture is too large: profile pictures can be at most ${AVATAR_MAX_LABEL}. Resize it and try again.`;

/** next.config.js experimental.serverActions.bodySizeLimit ('6mb'): bigger bodies never reach an action. */
export const SERVER_ACTION_BODY_LIMIT_BYTES = 6 * 1024 * 1024;
