import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LOCAL_SERVICES, parseLocalServices, SeedFileError } from '../seeds/local-services.ts';

const text = readFileSync(new URL('../seeds/local-services.json', import.meta.url), 'utf8');
const shipped = () => JSON.parse(text) as { services: Record<string, unknown>[] } & Record<string, unknown>;

describe('services: the local-services seed file', () => {
  it('loads the shipped file: 41 services with unique slugs and their sources cited', () => {
    assert.equal(LOCAL_SERVICES.length, 41);
    assert.equal(new Set(LOCAL_SERVICES.map((s) => s.slug)).size, 41);
    const file = shipped();
    assert.match(JSON.stringify(file.source), /leika_leistungen\.csv/);
    assert.match(JSON.stringify(file.source), /demo values/);
  });

  it('refuses a faulty file and names each faulty part by its JSON pointer', () => {
    const bad = shipped();
    (bad.services[0]!.fees as unknown[]) = [{ label: { de: 'x', en: '' }, amount: 12, legalBasis: 'y' }];
    bad.services[1]!.channels = ['fax'];
    bad.services[2]!.colour = 'blue';
    bad.services[3]!.leikaKey = '123';
    const err = (() => {
      try {
        parseLocalServices(JSON.stringify(bad));
      } catch (e) {
        return e;
      }
      return null;
    })();
    assert.ok(err instanceof SeedFileError);
    for (const pointer of [
      '/services/0/fees/0/amount',
      '/services/1/channels/0',
      '/services/2',
      '/services/3/leikaKey',
    ])
      assert.ok(err.message.includes(pointer), `${pointer} not named in: ${err.message}`);
  });

  it('refuses invalid JSON, duplicate slugs and an online channel without its link', () => {
    assert.throws(() => parseLocalServices('{"services": ['), /not valid JSON/);
    const dup = shipped();
    dup.services.push({ ...dup.services[0]! });
    assert.throws(
      () => parseLocalServices(JSON.stringify(dup)),
      /\/services\/41\/slug "hundesteuer-anmeldung" appears twice/,
    );
    const noLink = shipped();
    delete noLink.services[0]!.onlineUrl;
    assert.throws(() => parseLocalServices(JSON.stringify(noLink)), /channel "online" but no onlineUrl/);
  });
});
