import { describe, expect, it } from 'vitest';
import { fetchPublicImage, isPrivateAddress } from './remote-image';

describe('images fetched for an import', () => {
  it('never reach this server or its network, whatever the export says', async () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '100.64.0.1',
    ]) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ['93.184.216.34', '2606:4700::1111', '8.8.8.8']) expect(isPrivateAddress(ip), ip).toBe(false);
    for (const url of [
      'http://127.0.0.1:9/wp-content/uploads/a.jpg',
      'http://169.254.169.254/latest/meta-data/',
      'http://localhost/x.png',
      'http://[::1]/x.png',
      'file:///etc/passwd',
    ]) {
      expect(await fetchPublicImage(url), url).toBeNull();
    }
  });
});
