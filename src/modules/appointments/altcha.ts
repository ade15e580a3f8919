import { createAltcha, type Altcha, type ReplayStore } from '../../kernel/altcha/index.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { readAppointmentsConfig } from './config.ts';

/** Replay store in the module's schema, shared by every app node. */
function dbReplayStore(kernel: Kernel): ReplayStore {
  return {
    async spend(id, expiresAt) {
      const now = kernel.clock.now();
      if (Math.random() < 0.02)
        await kernel.db.pool.query('delete from appointments.altcha_spent where expires_at < $1', [now]);
      const res = await kernel.db.pool.query(
        'insert into appointments.altcha_spent (id, expires_at) values ($1, $2) on conflict do nothing',
        [id, expiresAt],
      );
      return res.rowCount === 1;
    },
  };
}

const cache = new WeakMap<Kernel, Altcha>();

export function altchaOf(kernel: Kernel): Altcha {
  let a = cache.get(kernel);
  if (!a) {
    a = createAltcha({
      secret: kernel.config.secretKey,
      clock: kernel.clock,
      replay: dbReplayStore(kernel),
      maxNumber: readAppointmentsConfig(kernel.fullConfig).altchaMaxNumber,
    });
    cache.set(kernel, a);
  }
  return a;
}
