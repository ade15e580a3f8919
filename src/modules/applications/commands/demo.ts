import type { Kernel } from '../../../kernel/kernel.ts';
import { DEMO_ACCOUNTS } from '../../../kernel/auth/seed.ts';
import { findAccountByEmail } from '../../../kernel/auth/accounts.ts';
import { currentPublished, draftsOfAccount, insertDraft } from '../db/queries.ts';

/**
 * Demo data: the demo citizen has one half-finished dog registration under "Mein Konto" ›
 * "Entwürfe". Idempotent: nothing is added when the citizen already has a draft of that form.
 */
export async function seedDemoDrafts(kernel: Kernel): Promise<void> {
  const citizen = await findAccountByEmail(kernel, DEMO_ACCOUNTS.citizen.email);
  if (!citizen) return;
  const form = await currentPublished(kernel.db.pool, 'hundesteuer-anmeldung');
  if (!form) return;
  if ((await draftsOfAccount(kernel.db.pool, citizen.id)).some((d) => d.formSlug === form.slug)) return;
  await insertDraft(kernel.db.pool, {
    formSlug: form.slug,
    formVersion: form.version,
    accountId: citizen.id,
    browserKeyHash: null,
    answers: {
      kommune: 'neuss',
      vorname: 'Erika',
      nachname: 'Mustermann',
      geburtsdatum: '1984-08-12',
      anschrift: { street: 'Oberstraße', houseNumber: '91', postalCode: '41460', city: 'Neuss' },
      email: citizen.email,
      telefon: '',
    },
    at: kernel.clock.now(),
  });
}
