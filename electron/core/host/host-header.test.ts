// Which requests a loopback server takes as addressed to itself (DNS rebinding defence).
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isAddressedTo, ownAuthorities } from './host-header';

const request = (host: string | undefined, url = '/'): IncomingMessage => ({ headers: host === undefined ? {} : { host }, url }) as IncomingMessage;
const OWN = ownAuthorities(8765);

describe('Host header check', () => {
  it('takes its own loopback address and localhost, on its own port, in any case', () => {
    expect(isAddressedTo(request('127.0.0.1:8765'), OWN)).toBe(true);
    expect(isAddressedTo(request('localhost:8765'), OWN)).toBe(true);
    expect(isAddressedTo(request('LocalHost:8765'), OWN)).toBe(true);
  });

  it('refuses other names, other ports, no port, no Host, and [::1] unless it listens there', () => {
    for (const host of ['attacker.example:8765', 'rebind.127.0.0.1.nip.io:8765', '127.0.0.1:8766', '127.0.0.1', 'localhost', 'localhost.:8765', '[::1]:8765', '127.0.0.1:8765.evil', '']) {
      expect(isAddressedTo(request(host), OWN), host).toBe(false);
    }
    expect(isAddressedTo(request(undefined), OWN)).toBe(false);
    expect(isAddressedTo(request('[::1]:8765'), ownAuthorities(8765, { ipv6: true }))).toBe(true);
  });

  it('checks an absolute request target as well, which wins over Host', () => {
    expect(isAddressedTo(request('127.0.0.1:8765', 'http://127.0.0.1:8765/api/types'), OWN)).toBe(true);
    expect(isAddressedTo(request('127.0.0.1:8765', 'http://attacker.example:8765/api/types'), OWN)).toBe(false);
    expect(isAddressedTo(request('127.0.0.1:8765', 'https://127.0.0.1:8765/'), OWN)).toBe(false);
    expect(isAddressedTo(request('127.0.0.1:8765', '*'), OWN)).toBe(false);
  });
});
