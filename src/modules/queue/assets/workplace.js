/* global EventSource, setTimeout */
// Counter workplace: the number of people waiting stays current while the page is open (the
// list itself updates with the next action; everything works without this script).
(() => {
  const count = document.querySelector('[data-queue-waiting-count]');
  if (!count || !('EventSource' in window)) return;
  let source = null;
  function connect() {
    source = new EventSource(count.dataset.queueWaitingCount);
    source.addEventListener('waiting-time', (e) => {
      count.textContent = String(JSON.parse(e.data).waiting);
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
    });
  }
  connect();
})();
