import { loadSettings } from '@/lib/settings';
import type { AuthzRows } from './authz-types';

export const rows: AuthzRows = {
  updateSettingsAction: {
    allowed: ['admin'],
    // The current settings with a different link limit, so an allowed call always has something to save
    // and changes nothing else (the matrix test restores the settings afterwards).
    fields: async () => {
      const s = await loadSettings();
      return {
        bannedWords: s.bannedWords.join('\n'),
        suspectWords: s.suspectWords.join('\n'),
        linkLimit: String((s.linkLimit + 1) % 50),
        holdFirstComment: s.holdFirstComment ? 'on' : '',
        editWindowMinutes: String(s.editWindowMinutes),
        maxReplyDepth: String(s.maxReplyDepth),
        commentIntervalSeconds: String(s.commentIntervalSeconds),
        newAccountDailyCap: String(s.newAccountDailyCap),
        notificationBatchMinutes: String(s.notificationBatchMinutes ?? 5),
        guestCommenting: s.guestCommenting ? 'on' : '',
        supporterBadge: s.supporterBadge ? 'on' : '',
        paymentInstructions: s.paymentInstructions,
      };
    },
  },
};
