import type { PaymentProvider } from './provider.ts';

/** The payment providers of this installation and the one used for new payments. */
export interface PaymentRegistry {
  get(name: string): PaymentProvider | undefined;
  current(): PaymentProvider | undefined;
  register(p: PaymentProvider): void;
  /** Test cashier: have its callback arrive later (a delayed job). */
  scheduleLateCallback(txId: string): Promise<void>;
}

export function createPaymentRegistry(
  currentName: string,
  schedule: (txId: string) => Promise<void>,
): PaymentRegistry {
  const providers = new Map<string, PaymentProvider>();
  return {
    get: (name) => providers.get(name),
    current: () => providers.get(currentName),
    register: (p) => {
      providers.set(p.name, p);
    },
    scheduleLateCallback: schedule,
  };
}
