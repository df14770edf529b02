import { describe, expect, it } from 'vitest';
import { StoreOpenError } from './errors.js';
import { parseStoreLocation, redactStoreUrl, urlHasPassword } from './location.js';
import { StoreSetting } from './setting.js';

describe('parseStoreLocation', () => {
  it.each([
    ['steward.db', { engine: 'sqlite', file: '/srv/work/steward.db' }],
    ['.steward/steward.db', { engine: 'sqlite', file: '/srv/work/.steward/steward.db' }],
    ['/var/lib/steward.db', { engine: 'sqlite', file: '/var/lib/steward.db' }],
    ['./my:store.db', { engine: 'sqlite', file: '/srv/work/my:store.db' }],
    [':memory:', { engine: 'sqlite', file: ':memory:' }],
    ['file:///var/lib/steward.db', { engine: 'sqlite', file: '/var/lib/steward.db' }],
    ['file:rel/steward.db', { engine: 'sqlite', file: '/srv/work/rel/steward.db' }],
    ['postgres://steward@db/steward', { engine: 'postgres', url: 'postgres://steward@db/steward' }],
    ['postgresql://u:pw@db:5433/s', { engine: 'postgres', url: 'postgresql://u:pw@db:5433/s' }],
    ['POSTGRES://u@db/s', { engine: 'postgres', url: 'POSTGRES://u@db/s' }],
    ['postgres://u@/s?host=/run/pg', { engine: 'postgres', url: 'postgres://u@/s?host=/run/pg' }],
  ])('%s is accepted', (location, expected) => {
    expect(parseStoreLocation(location, '/srv/work')).toEqual(expected);
  });

  it.each([
    ['postgress://steward:hunter2@db/steward', /unsupported scheme "postgress:" \(did you mean postgres:\/\/\?\)/],
    ['postgre://steward@db/steward', /unsupported scheme "postgre:" \(did you mean postgres:\/\/\?\)/],
    [
      'mysql://root:hunter2@db/steward',
      /unsupported scheme "mysql:"; accepted: a file path, a file: URL, or a postgres/,
    ],
    ['sqlite://steward.db', /unsupported scheme "sqlite:" \(for a SQLite file, give its path or a file: URL\)/],
    ['sqlite:steward.db', /unsupported scheme "sqlite:"/],
    ['http://example.com/steward.db', /unsupported scheme "http:"/],
    ['https://u:hunter2@example.com/', /unsupported scheme "https:"/],
    ['', /the store location is empty/],
    ['postgres://u:hunter2@[bad/db', /is not a valid PostgreSQL URL/],
    ['postgres:db', /is not a valid PostgreSQL URL/],
    ['file:///var/steward.db?mode=ro', /is not a valid file: URL/],
  ])('%s is a usage error', (location, message) => {
    let error: unknown;
    try {
      parseStoreLocation(location, '/srv/work');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as StoreOpenError).kind).toBe('usage');
    expect((error as StoreOpenError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });
});

describe('redactStoreUrl', () => {
  it.each([
    ['postgres://steward:hunter2@db/steward', 'postgres://steward:****@db/steward'],
    ['postgres://steward:hun@ter2@db/steward', 'postgres://steward:****@db/steward'],
    ['postgres://steward:h:u/n?t@er2@db:5432/steward', 'postgres://steward:****@db:5432/steward'],
    ['postgresql://steward@db/steward?password=hunter2', 'postgresql://steward@db/steward?password=****'],
    ['postgres://s@db/x?sslmode=require&password=hunter2', 'postgres://s@db/x?sslmode=require&password=****'],
    ['postgres://s@db/x?PASSWORD=hunter2&sslmode=require', 'postgres://s@db/x?PASSWORD=****&sslmode=require'],
    ['postgres://s@db/x?sslpassword=hunter2', 'postgres://s@db/x?sslpassword=****'],
    ['postgress://steward:hunter2@db/steward', 'postgress://steward:****@db/steward'],
    ['mysql://root:hunter2@db', 'mysql://root:****@db'],
    [
      'connect to postgres://steward:hunter2@db/s failed; retry postgres://a:b@c/d',
      'connect to postgres://steward:****@db/s failed; retry postgres://a:****@c/d',
    ],
    ['postgres://steward@db/steward', 'postgres://steward@db/steward'],
    ['/var/lib/steward.db', '/var/lib/steward.db'],
    ['owner@example.com: password', 'owner@example.com: password'],
  ])('%s -> %s', (text, expected) => {
    expect(redactStoreUrl(text)).toBe(expected);
    // Applying it twice (a message built from a redacted location, redacted again) changes nothing.
    expect(redactStoreUrl(redactStoreUrl(text))).toBe(expected);
  });

  it.each([
    ['postgres://u:pw@h/db', true],
    ['postgres://u:p@w@h/db', true],
    ['postgres://u@h/db?password=pw', true],
    ['postgres://u@h/db?sslmode=require&password=pw', true],
    ['postgres://u@h/db', false],
    ['postgres://h/db?sslmode=require', false],
  ])('urlHasPassword(%s) = %s', (url, expected) => {
    expect(urlHasPassword(url)).toBe(expected);
  });
});

describe('store: in steward.yaml', () => {
  const issues = (value: unknown) =>
    StoreSetting.safeParse(value).error?.issues.map((i) => `${i.path.join('.') || '(store)'}: ${i.message}`) ?? [];

  it('takes a path, a file: URL, a postgres URL without a password, or a URL with a password reference', () => {
    process.env.STEWARD_TEST_STORE_PW = 'p@ss:w/rd';
    expect(StoreSetting.parse('.steward/steward.db')).toBe('.steward/steward.db');
    expect(StoreSetting.parse('file:///var/lib/steward.db')).toBe('file:///var/lib/steward.db');
    expect(StoreSetting.parse('postgres://steward@db/steward')).toBe('postgres://steward@db/steward');
    expect(StoreSetting.parse({ url: 'postgres://steward@db/steward' })).toBe('postgres://steward@db/steward');
    // The password is URL-encoded into the location the driver reads; redaction hides it again.
    const url = StoreSetting.parse({
      url: 'postgres://steward@db/steward',
      password: { env: 'STEWARD_TEST_STORE_PW' },
    });
    expect(url).toBe('postgres://steward:p%40ss%3Aw%2Frd@db/steward');
    expect(decodeURIComponent(new URL(url).password)).toBe('p@ss:w/rd');
    expect(redactStoreUrl(url)).toBe('postgres://steward:****@db/steward');
  });

  it.each([
    ['postgres://steward:hunter2@db/steward', '(store): the URL carries a password inline; steward.yaml takes it'],
    ['postgres://steward@db/steward?password=hunter2', '(store): the URL carries a password inline'],
    [
      { url: 'postgres://steward:hunter2@db/s', password: { env: 'STEWARD_TEST_STORE_PW' } },
      'url: the URL carries a password inline',
    ],
    ['postgress://steward@db/steward', '(store): store location postgress://steward@db/steward uses the unsupported'],
    ['mysql://db/steward', '(store): store location mysql://db/steward uses the unsupported scheme "mysql:"'],
    [{ url: 'postgres://steward@db/s', password: 'hunter2' }, 'password: expected a secret reference'],
    [{ url: 'postgres://steward@db/s', password: { env: 'STEWARD_TEST_UNSET' } }, 'password: environment variable'],
    [{ url: 'steward.db', password: { env: 'STEWARD_TEST_STORE_PW' } }, 'password: a password applies to a postgres'],
    [{ url: 'postgres://steward@db/s', pasword: { env: 'X' } }, '(store): Unrecognized key: "pasword"'],
    [42, '(store): expected a store location'],
  ])('%j is refused', (value, message) => {
    process.env.STEWARD_TEST_STORE_PW = 'p@ss:w/rd';
    delete process.env.STEWARD_TEST_UNSET;
    const found = issues(value);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
    expect(found[0]).not.toContain('hunter2');
  });
});
