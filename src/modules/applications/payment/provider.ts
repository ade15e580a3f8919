/**
 * The payment provider contract. An adapter for ePayBL, pmPayment or the built-in test cashier
 * implements it; the applications module never talks to a provider in any other way.
 *
 *   start → the citizen is sent to `redirectUrl` (the provider's pay page)
 *         → the provider sends the citizen back to `returnUrl` (status may still be pending)
 *         → the provider's server calls our callback (POST /api/v1/antraege/zahlung/callback/<name>)
 *         → `parseCallback` checks the signature and says what happened; the module applies it
 *           idempotently per (provider, providerTxId).
 */
export interface PaymentStart {
  /** Our reference of the application (human-friendly). */
  reference: string;
  amountCents: number;
  /** Shown on the provider's page and in the booking text (German). */
  description: string;
  /** Where the provider sends the citizen back. */
  returnUrl: string;
  /** Where the provider's server posts the result. */
  callbackUrl: string;
}

export interface PaymentStarted {
  /** The provider's transaction id (unique per provider). */
  providerTxId: string;
  /** Cash reference (Kassenzeichen) under which the payment is booked. */
  kassenzeichen: string;
  /** The provider's pay page. */
  redirectUrl: string;
}

export interface PaymentResult {
  providerTxId: string;
  status: 'paid' | 'failed' | 'cancelled';
  amountCents: number;
  kassenzeichen: string;
}

export interface PaymentProvider {
  /** Lower-case name, part of the callback URL and stored with every payment. */
  readonly name: string;
  start(p: PaymentStart): Promise<PaymentStarted>;
  /**
   * Verifies a server callback (signature over the raw body) and reads the result. Returns null
   * for anything not authentic or not understood: the route answers 400/401 and changes nothing.
   */
  parseCallback(
    rawBody: string,
    headers: Record<string, string | string[] | undefined>,
  ): PaymentResult | null;
  /** Asks the provider for the current status (used on the return page when no callback came yet). */
  status?(providerTxId: string): Promise<PaymentResult | null>;
}
