/**
 * The ALTCHA part of a form: the signed challenge, the field the solver fills in, a status line
 * for screen readers and the script. Works without JavaScript (see index.ts).
 */
export function AltchaField(p: {
  challenge: string;
  /** Same-origin URL of solver.js as served by the module. */
  scriptSrc: string;
  /** Translated texts. */
  label: string;
  working: string;
  done: string;
  failed: string;
}) {
  return (
    <div class="ok-altcha" data-altcha="" data-working={p.working} data-done={p.done} data-failed={p.failed}>
      <input type="hidden" name="altcha_challenge" value={p.challenge} />
      <input type="hidden" name="altcha" value="" />
      <p class="kern-body kern-body--small" aria-live="polite" data-altcha-status="">
        {p.label}
      </p>
      <script src={p.scriptSrc} defer></script>
    </div>
  );
}
