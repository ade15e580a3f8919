import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configSchema, loadAppConfig } from '../../../config.ts';
import { configDocs } from '../../cli.ts';
import { ConfigError } from '../load.ts';

describe('config', () => {
  it('applies defaults and parses typed values from the environment', () => {
    const c = loadAppConfig({ PORT: '8080', DEMO_MODE: 'yes', LOG_LEVEL: 'warn' });
    assert.equal(c.kernel.port, 8080);
    assert.equal(c.kernel.demoMode, true);
    assert.equal(c.kernel.logLevel, 'warn');
    assert.equal(c.kernel.host, '0.0.0.0');
    assert.equal(c.kernel.databaseUrl, undefined);
  });

  it('lists every invalid value at once, hiding secrets', () => {
    try {
      loadAppConfig({
        PORT: 'abc',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://x',
        SECRET_KEY: 'short',
        BASE_URL: 'ftp://x',
      });
      assert.fail('expected ConfigError');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      const text = err.problems.join('\n');
      for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'SECRET_KEY', 'BASE_URL'])
        assert.match(text, new RegExp(`^${name}=`, 'm'));
      assert.doesNotMatch(text, /short/, 'the secret value must not be printed');
      assert.equal(err.problems.length, 5);
    }
  });

  it('reads a JSON config file and lets the environment win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ok-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ PORT: 4000, HOST: '127.0.0.1' }));
    const c = loadAppConfig({ CONFIG_FILE: file, HOST: '::1' });
    assert.equal(c.kernel.port, 4000);
    assert.equal(c.kernel.host, '::1');
    assert.throws(() => loadAppConfig({ CONFIG_FILE: join(dir, 'missing.json') }), /CONFIG_FILE/);
  });

  it('keeps docs/config.md in step with the schema', () => {
    const committed = readFileSync(new URL('../../../../docs/config.md', import.meta.url), 'utf8');
    assert.equal(
      committed,
      configDocs(configSchema()),
      'run `npm run docs:config` and commit docs/config.md',
    );
  });

  it('stops the CLI with exit code 1 and a readable list on bad configuration', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'migrate'], {
      env: { ...process.env, PORT: '99999', LOG_LEVEL: 'nope', DATABASE_URL: 'postgres://127.0.0.1:1/x' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(res.status, 1);
    assert.match(res.stderr, /Invalid configuration/);
    assert.match(res.stderr, /PORT=99999 is invalid/);
    assert.match(res.stderr, /LOG_LEVEL="nope" is invalid/);
    assert.doesNotMatch(res.stderr, /\n\s+at /, 'no stack trace');
  });
});
