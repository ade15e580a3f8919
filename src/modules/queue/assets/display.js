/* global EventSource, AudioContext, setTimeout */
// Call display: keeps the server-rendered list live over Server-Sent Events. EventSource
// reconnects by itself after a network loss; when the server answers with an error (restart,
// proxy 502) it gives up, so the script opens a new one after a short pause.
(() => {
  const root = document.querySelector('[data-queue-display]');
  if (!root) return;
  const body = root.querySelector('[data-queue-calls]');
  const empty = root.querySelector('[data-queue-empty]');
  const status = root.querySelector('[data-queue-status]');
  const announce = root.querySelector('[data-queue-announce]');
  const soundButton = root.querySelector('[data-queue-sound]');
  const max = Number(root.dataset.max) || 8;
  const seen = new Set();
  for (const tr of body.querySelectorAll('tr')) seen.add(`${tr.dataset.ticket}:${tr.dataset.calls}`);
  let soundOn = false;
  let audio = null;

  if (soundButton) {
    soundButton.hidden = false;
    soundButton.addEventListener('click', () => {
      soundOn = !soundOn;
      soundButton.setAttribute('aria-pressed', String(soundOn));
      if (soundOn && !audio) audio = new AudioContext();
    });
  }

  function beep() {
    if (!soundOn || !audio) return;
    const now = audio.currentTime;
    for (const [i, f] of [
      [0, 880],
      [1, 660],
    ]) {
      const o = audio.createOscillator();
      const g = audio.createGain();
      o.frequency.value = f;
      g.gain.setValueAtTime(0.0001, now + i * 0.35);
      g.gain.exponentialRampToValueAtTime(0.3, now + i * 0.35 + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.35 + 0.3);
      o.connect(g).connect(audio.destination);
      o.start(now + i * 0.35);
      o.stop(now + i * 0.35 + 0.32);
    }
  }

  function row(call, isNew) {
    const tr = document.createElement('tr');
    tr.dataset.ticket = call.ticketId;
    tr.dataset.calls = String(call.callCount);
    const th = document.createElement('th');
    th.scope = 'row';
    th.className = 'ok-display__code';
    th.textContent = call.code;
    const td = document.createElement('td');
    td.className = 'ok-display__counter';
    td.textContent = call.counter;
    tr.append(th, td);
    if (isNew) {
      tr.classList.add('ok-display__new');
      setTimeout(() => tr.classList.remove('ok-display__new'), 15000);
    }
    return tr;
  }

  function refreshEmpty() {
    empty.hidden = body.children.length > 0;
  }

  function say(call) {
    announce.textContent = (root.dataset.textCall || '')
      .replace('{code}', call.code)
      .replace('{counter}', call.counter);
  }

  function show(call) {
    const key = `${call.ticketId}:${call.callCount}`;
    const isNew = !seen.has(key);
    seen.add(key);
    for (const tr of body.querySelectorAll('tr')) if (tr.dataset.ticket === call.ticketId) tr.remove();
    body.prepend(row(call, isNew));
    while (body.children.length > max) body.lastElementChild.remove();
    refreshEmpty();
    if (isNew) {
      say(call);
      beep();
    }
  }

  function state(calls) {
    const fresh = calls.filter((c) => !seen.has(`${c.ticketId}:${c.callCount}`));
    body.replaceChildren(...calls.map((c) => row(c, fresh.includes(c))));
    for (const c of calls) seen.add(`${c.ticketId}:${c.callCount}`);
    refreshEmpty();
    if (fresh.length) {
      say(fresh[0]);
      beep();
    }
  }

  function setStatus(live) {
    status.textContent = live ? status.dataset.textLive : status.dataset.textLost;
    root.dataset.connection = live ? 'live' : 'lost';
  }

  let source = null;
  function connect() {
    source = new EventSource(root.dataset.queueDisplay);
    source.addEventListener('open', () => setStatus(true));
    source.addEventListener('state', (e) => state(JSON.parse(e.data).calls));
    source.addEventListener('call', (e) => show(JSON.parse(e.data)));
    source.addEventListener('clear', (e) => {
      const { ticketId } = JSON.parse(e.data);
      for (const tr of body.querySelectorAll('tr')) if (tr.dataset.ticket === ticketId) tr.remove();
      refreshEmpty();
    });
    source.addEventListener('error', () => {
      setStatus(false);
      if (source.readyState === EventSource.CLOSED) {
        source = null;
        setTimeout(connect, 3000 + Math.random() * 2000);
      }
    });
  }
  connect();
})();
