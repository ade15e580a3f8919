import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { createChallenge, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Clock } from '../clock.ts';

/**
 * ALTCHA proof of work (https://altcha.org, protocol v2 of altcha-lib) against booking bots,
 * without any third-party request: the server issues a signed challenge, a small local script
 * (assets/altcha.js of the appointments module) finds the counter in the browser, the server verifies it and spends the challenge
 * (single use). The HMAC keys are derived from the platform secret.
 *
 * Without JavaScript the form still works: a challenge that comes back unsolved is accepted once
 * it is at least `minNoJsSeconds` old (a human filling in a form takes longer than a bot
 * replaying it) — the caller then applies its stricter rate limit. See README.md.
 */

export interface ReplayStore {
  /** Records the id as spent; false when it was spent before. */
  spend(id: string, expiresAt: Date): Promise<boolean>;
}

/** Per-process replay store (enough for one node; use a database store for several). */
export function memoryReplayStore(clock: Clock, max = 100_000): ReplayStore {
  const spent = new Map<string, number>();
  return {
    spend(id, expiresAt) {
      const now = clock.now().getTime();
      if (spent.size >= max) for (const [k, exp] of spent) if (exp <= now) spent.delete(k);
      if (spent.has(id)) return Promise.resolve(false);
      spent.set(id, expiresAt.getTime());
      return Promise.resolve(true);
    },
  };
}

export interface AltchaOptions {
  /** The platform secret (kernel.config.secretKey); keys are derived per purpose. */
  secret: string;
  clock: Clock;
  replay: ReplayStore;
  /** Counters are drawn from [0, maxNumber): the expected work (default 50 000 hashes, ≈ 1 s). */
  maxNumber?: number;
  /** Lifetime of a challenge (default 20 minutes). */
  expiresSeconds?: number;
  /** Without JavaScript: the unsolved challenge must be at least this old (default 4 s). */
  minNoJsSeconds?: number;
}

/** What a form carries: the challenge (always) and the solution (when the script ran). */
export interface AltchaFields {
  /** base64 JSON of the signed challenge plus our issue stamp. */
  challenge: string;
  /** base64 JSON { challenge, solution } written by solver.js; empty without JavaScript. */
  payload?: string;
}

export type AltchaVerdict =
  | { ok: true; solved: boolean }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'replayed' | 'too_fast' };

export interface Altcha {
  /** A fresh challenge, encoded for a hidden form field or a JSON API. */
  issue(): Promise<string>;
  verify(fields: AltchaFields): Promise<AltchaVerdict>;
}

interface Issued {
  c: Challenge;
  /** issued at (ms), and its HMAC over the challenge signature */
  iat: number;
  mac: string;
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64');
function unb64(s: string): unknown {
  if (s.length > 8000) return null;
  try {
    return JSON.parse(Buffer.from(s, 'base64').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createAltcha(opts: AltchaOptions): Altcha {
  const key = (purpose: string) =>
    createHmac('sha256', opts.secret).update(`altcha:${purpose}`).digest('hex');
  const sigKey = key('challenge');
  const keySigKey = key('derived-key');
  const stampKey = key('stamp');
  const maxNumber = opts.maxNumber ?? 50_000;
  const ttlMs = (opts.expiresSeconds ?? 1200) * 1000;
  const minNoJsMs = (opts.minNoJsSeconds ?? 4) * 1000;
  const stamp = (sig: string, iat: number) =>
    createHmac('sha256', stampKey).update(`${sig}|${iat}`).digest('hex');

  function decodeIssued(s: string): Issued | null {
    const v = unb64(s) as Partial<Issued> | null;
    if (!v || typeof v !== 'object' || typeof v.iat !== 'number' || typeof v.mac !== 'string') return null;
    const c = v.c as Partial<Challenge> | undefined;
    if (!c || typeof c !== 'object' || typeof c.signature !== 'string' || typeof c.parameters !== 'object')
      return null;
    if (!safeEqual(v.mac, stamp(c.signature, v.iat))) return null;
    return v as Issued;
  }

  return {
    async issue() {
      const c = await createChallenge({
        algorithm: 'SHA-256',
        cost: 1,
        counter: randomInt(maxNumber),
        deriveKey,
        hmacSignatureSecret: sigKey,
        hmacKeySignatureSecret: keySigKey,
      });
      const iat = opts.clock.now().getTime();
      return b64({ c, iat, mac: stamp(c.signature!, iat) } satisfies Issued);
    },

    async verify(fields) {
      if (!fields.challenge) return { ok: false, reason: 'missing' };
      const issued = decodeIssued(fields.challenge);
      if (!issued) return { ok: false, reason: 'invalid' };
      const now = opts.clock.now().getTime();
      if (now - issued.iat > ttlMs || now < issued.iat - 60_000) return { ok: false, reason: 'expired' };
      let solved = false;
      if (fields.payload) {
        const p = unb64(fields.payload) as {
          challenge?: Challenge;
          solution?: { counter: number; derivedKey: string };
        } | null;
        if (!p?.challenge || !p.solution || p.challenge.signature !== issued.c.signature)
          return { ok: false, reason: 'invalid' };
        const r = await verifySolution({
          challenge: issued.c,
          solution: p.solution,
          deriveKey,
          hmacSignatureSecret: sigKey,
          hmacKeySignatureSecret: keySigKey,
        }).catch(() => null);
        if (!r?.verified) return { ok: false, reason: 'invalid' };
        solved = true;
      } else if (now - issued.iat < minNoJsMs) {
        return { ok: false, reason: 'too_fast' };
      }
      const spent = await opts.replay.spend(issued.c.signature!, new Date(issued.iat + ttlMs));
      if (!spent) return { ok: false, reason: 'replayed' };
      return { ok: true, solved };
    },
  };
}

export { AltchaField } from './field.tsx';
