import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('configuration from the environment', () => {
  it.each([
    ['abc', 'PORT must be a port number, 0–65535 (got "abc")'],
    ['80.5', 'PORT must be a port number, 0–65535 (got "80.5")'],
    ['-1', 'PORT must be a port number, 0–65535 (got "-1")'],
    ['70000', 'PORT must be a port number, 0–65535 (got 70000)'],
  ])('when PORT=%s, then start-up stops with: %s', (port, line) => {
    expect(() => loadConfig({ PORT: port })).toThrow(line);
  });

  it.each([['0', 0], ['3000', 3000], ['65535', 65535]])('when PORT=%s, then the port is %s', (port, n) => {
    expect(loadConfig({ PORT: port }).port).toBe(n);
  });

  it('when several variables are bad, then each is named with what it must be', () => {
    expect(() => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(
      /PORT must be a port number.*\n.*LOG_LEVEL must be one of debug, info, warn, error, silent \(got "loud"\)/,
    );
  });
});

describe('HOST, the address the service listens on', () => {
  it('when HOST is not set, then the service listens on this machine only (127.0.0.1)', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
  });

  it.each(['0.0.0.0', '::', '192.168.1.20', 'fe80::1', 'floor-server.local', 'localhost'])('when HOST=%s, then it is taken as given', (host) => {
    expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  it.each(['http://0.0.0.0', '0.0.0.0:3000x', 'two words', '-bad.example'])('when HOST=%s, then start-up stops naming HOST and what it must be', (host) => {
    expect(() => loadConfig({ HOST: host })).toThrow(/HOST must be an address or host name to listen on: 127\.0\.0\.1 \(this machine only\), 0\.0\.0\.0 \(every network\)/);
  });
});
