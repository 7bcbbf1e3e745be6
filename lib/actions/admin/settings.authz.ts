import type { AuthzRows } from './authz-types';

let call = 0;

export const rows: AuthzRows = {
  updateSettingsAction: {
    allowed: ['admin'],
    // A different link limit on every call, so an allowed call always has something to save.
    fields: () => ({
      bannedWords: 'slurword\nkill yourself', suspectWords: 'idiot\nscam', linkLimit: String(10 + (++call % 40)),
      holdFirstComment: 'on', editWindowMinutes: '15', maxReplyDepth: '4', commentIntervalSeconds: '15',
      newAccountDailyCap: '20', guestCommenting: '', supporterBadge: 'on', paymentInstructions: 'Pay by bank transfer.',
    }),
  },
};
