/* global location, setTimeout, clearTimeout */
// Ticket page: a print button, and on the kiosk the return to the start after a minute without input.
(() => {
  const print = document.querySelector('[data-queue-print]');
  if (print) {
    print.hidden = false;
    print.addEventListener('click', () => window.print());
  }
  const back = document.querySelector('[data-queue-return]');
  if (!back) return;
  const ms = Number(back.dataset.queueReturn) * 1000;
  let timer = setTimeout(() => location.assign(back.href), ms);
  for (const type of ['pointerdown', 'keydown', 'touchstart']) {
    document.addEventListener(type, () => {
      clearTimeout(timer);
      timer = setTimeout(() => location.assign(back.href), ms);
    });
  }
})();
