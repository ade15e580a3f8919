/* global EventSource, setTimeout */
// Public waiting-time page: live figures over Server-Sent Events (the page works without it).
(() => {
  const box = document.querySelector('[data-queue-waiting]');
  if (!box || !('EventSource' in window)) return;
  const lang = box.dataset.lang === 'en' ? 'en-GB' : 'de-DE';
  const fmt = new Intl.DateTimeFormat(lang, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  });
  const field = (name) => box.querySelector(`[data-queue-field="${name}"]`);
  const light = box.querySelector('.ok-queue-light');
  const lightLabel = box.querySelector('[data-queue-light-label]');

  function update(w) {
    field('waiting').textContent = String(w.waiting);
    field('openCounters').textContent = String(w.openCounters);
    const { optimistic: lo, pessimistic: hi } = w.estimatedMinutes;
    const est = box.dataset;
    field('estimate').textContent =
      lo === null || hi === null
        ? est.textClosed
        : hi < 1
          ? est.textNone
          : lo === hi
            ? est.textAbout.replace('{minutes}', hi)
            : est.textRange.replace('{from}', lo).replace('{to}', hi);
    light.className = `ok-queue-light ok-queue-light--${w.trafficLight} ok-queue-light--large`;
    lightLabel.textContent = est[`textLight${w.trafficLight[0].toUpperCase()}${w.trafficLight.slice(1)}`];
    const time = document.getElementById('queue-updated');
    time.dateTime = w.updatedAt;
    time.textContent = fmt.format(new Date(w.updatedAt));
    for (const g of w.groups) {
      const el = document.querySelector(`[data-queue-group="${g.key}"]`);
      if (el) el.textContent = String(g.waiting);
    }
  }

  let source = null;
  function connect() {
    source = new EventSource(box.dataset.queueWaiting);
    source.addEventListener('waiting-time', (e) => update(JSON.parse(e.data)));
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
    });
  }
  connect();
})();
