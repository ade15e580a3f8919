import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SecretBox } from '../crypto.ts';
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  otpauthUri,
  totpCode,
  totpStep,
  verifyTotp,
} from '../totp.ts';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890"; the 8-digit values end in these 6 digits.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));
const RFC_VECTORS: [number, string][] = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
];

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC test vectors', () => {
    for (const [seconds, code] of RFC_VECTORS)
      assert.equal(totpCode(RFC_SECRET, new Date(seconds * 1000)), code, `T=${seconds}`);
    assert.equal(hotp(RFC_SECRET, 0), '755224', 'RFC 4226 HOTP vector');
  });

  it('round-trips base32 and makes 160-bit secrets', () => {
    const buf = Buffer.from([0, 1, 2, 250, 255, 7, 99]);
    assert.deepEqual(base32Decode(base32Encode(buf)), buf);
    const s = generateTotpSecret();
    assert.match(s, /^[A-Z2-7]{32}$/);
    assert.equal(base32Decode(s).length, 20);
    assert.notEqual(generateTotpSecret(), s);
  });

  it('accepts one step of drift either side, and never a step at or before the last used one', () => {
    const now = new Date('2026-11-21T09:00:10Z');
    const step = totpStep(now);
    const at = (d: number) => hotp(RFC_SECRET, step + d);
    assert.equal(verifyTotp(RFC_SECRET, at(0), now, null), step);
    assert.equal(verifyTotp(RFC_SECRET, at(-1), now, null), step - 1);
    assert.equal(verifyTotp(RFC_SECRET, at(1), now, null), step + 1);
    assert.equal(verifyTotp(RFC_SECRET, at(2), now, null), null);
    assert.equal(verifyTotp(RFC_SECRET, at(-2), now, null), null);
    assert.equal(verifyTotp(RFC_SECRET, at(0), now, step), null, 'replay of the same code');
    assert.equal(verifyTotp(RFC_SECRET, at(-1), now, step), null, 'an older code after a newer one');
    assert.equal(verifyTotp(RFC_SECRET, at(1), now, step), step + 1);
    assert.equal(
      verifyTotp(RFC_SECRET, `${at(0).slice(0, 3)} ${at(0).slice(3)}`, now, null),
      step,
      'spaces are ignored',
    );
    assert.equal(verifyTotp(RFC_SECRET, 'abcdef', now, null), null);
    assert.equal(verifyTotp(RFC_SECRET, '12345', now, null), null);
  });

  it('builds an otpauth URI that authenticator apps import', () => {
    const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'OpenKreis', 'clerk@example.org'));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/OpenKreis:clerk@example.org');
    assert.equal(uri.searchParams.get('secret'), 'JBSWY3DPEHPK3PXP');
    assert.equal(uri.searchParams.get('issuer'), 'OpenKreis');
    assert.equal(uri.searchParams.get('digits'), '6');
  });

  it('seals secrets so that only the same SECRET_KEY opens them and tampering is detected', () => {
    const box = new SecretBox('a'.repeat(40), 'totp-secret');
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    assert.doesNotMatch(sealed, /JBSWY3DPEHPK3PXP/);
    assert.notEqual(box.seal('JBSWY3DPEHPK3PXP'), sealed, 'random IV');
    assert.equal(box.open(sealed), 'JBSWY3DPEHPK3PXP');
    assert.throws(() => new SecretBox('b'.repeat(40), 'totp-secret').open(sealed));
    const parts = sealed.split('.');
    parts[3] = Buffer.from('XXXXXXXXXXXXXXXX').toString('base64url');
    assert.throws(() => box.open(parts.join('.')));
  });
});
