import type { Logger } from 'pino';
import type { Static } from 'typebox';
import type { Clock } from './clock.ts';
import type { kernelConfig } from './config/kernel-config.ts';
import type { Database } from './db/database.ts';
import type { I18n } from './i18n/index.ts';

export type KernelConfig = Static<typeof kernelConfig>;

/** What every kernel service may be constructed from. */
export interface KernelDeps {
  config: KernelConfig;
  db: Database;
  log: Logger;
  clock: Clock;
  i18n: I18n;
}
