import { startMailServer } from './support/mail-server';

export default async function globalSetup() {
  const server = await startMailServer(Number(process.env.E2E_SMTP_PORT || 2626), Number(process.env.E2E_INBOX_PORT || 2627));
  return async () => server.close();
}
