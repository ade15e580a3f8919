import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { FakeClock } from '../clock.ts';
import { createAltcha, memoryReplayStore } from './index.ts';

async function solve(encoded: string): Promise<string> {
  const issued = JSON.parse(Buffer.from(encoded, 'base64').toString()) as { c: Challenge };
  const solution = await solveChallenge({ challenge: issued.c, deriveKey });
  assert.ok(solution);
  return Buffer.from(JSON.stringify({ challenge: issued.c, solution })).toString('base64');
}

describe('ALTCHA proof of work', () => {
  const clock = new FakeClock();
  const make = (secret = 'test-secret-0123456789abcdef') =>
    createAltcha({ secret, clock, replay: memoryReplayStore(clock), maxNumber: 2000, minNoJsSeconds: 4 });

  it('accepts a solved challenge once; a replay is refused', async () => {
    const a = make();
    const challenge = await a.issue();
    const payload = await solve(challenge);
    assert.deepEqual(await a.verify({ challenge, payload }), { ok: true, solved: true });
    assert.deepEqual(await a.verify({ challenge, payload }), { ok: false, reason: 'replayed' });
  });

  it('refuses a wrong solution, a tampered challenge and another server’s challenge', async () => {
    const a = make();
    const challenge = await a.issue();
    const issued = JSON.parse(Buffer.from(challenge, 'base64').toString()) as { c: Challenge };
    const wrong = Buffer.from(
      JSON.stringify({ challenge: issued.c, solution: { counter: 1, derivedKey: '00'.repeat(32) } }),
    ).toString('base64');
    assert.deepEqual(await a.verify({ challenge, payload: wrong }), { ok: false, reason: 'invalid' });
    // An easier prefix written into the hidden challenge field breaks its signature.
    const raw = JSON.parse(Buffer.from(challenge, 'base64').toString()) as { c: Challenge };
    raw.c.parameters.keyPrefix = '0';
    const easier = Buffer.from(JSON.stringify(raw)).toString('base64');
    const solvedEasier = await solve(easier);
    assert.deepEqual(await a.verify({ challenge: easier, payload: solvedEasier }), {
      ok: false,
      reason: 'invalid',
    });
    const other = make('another-secret-0123456789abcdef');
    assert.deepEqual(await other.verify({ challenge, payload: await solve(challenge) }), {
      ok: false,
      reason: 'invalid',
    });
    assert.deepEqual(await a.verify({ challenge: 'not base64 json' }), { ok: false, reason: 'invalid' });
    assert.deepEqual(await a.verify({ challenge: '' }), { ok: false, reason: 'missing' });
  });

  it('expires challenges (fake clock)', async () => {
    const a = make();
    const challenge = await a.issue();
    const payload = await solve(challenge);
    clock.advance(21 * 60_000);
    assert.deepEqual(await a.verify({ challenge, payload }), { ok: false, reason: 'expired' });
  });

  it('without JavaScript: an unsolved challenge is accepted only after the minimum delay, once', async () => {
    const a = make();
    const challenge = await a.issue();
    assert.deepEqual(await a.verify({ challenge }), { ok: false, reason: 'too_fast' });
    clock.advance(5_000);
    assert.deepEqual(await a.verify({ challenge }), { ok: true, solved: false });
    assert.deepEqual(await a.verify({ challenge }), { ok: false, reason: 'replayed' });
  });
});
