// ALTCHA solver (protocol v2, SHA-256, uint32 counter): finds the counter whose derived key
// starts with the challenge's key prefix and writes the payload into the form. Runs locally,
// fetches nothing. Without it (no JavaScript, no WebCrypto) the server's no-JS rule applies.
(function () {
  'use strict';
  function hexToBytes(hex) {
    var out = new Uint8Array(hex.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
    return out;
  }
  function toHex(buf) {
    var b = new Uint8Array(buf);
    var s = '';
    for (var i = 0; i < b.length; i++) s += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    return s;
  }
  async function solve(c) {
    var p = c.parameters;
    var salt = hexToBytes(p.salt);
    var nonce = hexToBytes(p.nonce);
    var prefix = p.keyPrefix.toLowerCase();
    var keyLength = p.keyLength || 32;
    var cost = Math.max(1, p.cost || 1);
    var data = new Uint8Array(salt.length + nonce.length + 4);
    data.set(salt, 0);
    data.set(nonce, salt.length);
    var view = new DataView(data.buffer);
    for (var n = 0; n <= 0xffffffff; n++) {
      view.setUint32(salt.length + nonce.length, n, false);
      var key = await window.crypto.subtle.digest('SHA-256', data);
      for (var i = 1; i < cost; i++) key = await window.crypto.subtle.digest('SHA-256', key);
      var hex = toHex(key).slice(0, keyLength * 2);
      if (hex.indexOf(prefix) === 0) return { counter: n, derivedKey: hex };
    }
    return null;
  }
  function init(box) {
    var form = box.closest('form');
    var status = box.querySelector('[data-altcha-status]');
    var field = box.querySelector('input[name="altcha"]');
    var issued = JSON.parse(window.atob(box.querySelector('input[name="altcha_challenge"]').value));
    if (!form || !field || !window.crypto || !window.crypto.subtle) return;
    var done = false;
    var submitWanted = false;
    var submitter = null;
    status.textContent = box.getAttribute('data-working');
    solve(issued.c).then(
      function (solution) {
        if (!solution) throw new Error('no solution');
        field.value = window.btoa(JSON.stringify({ challenge: issued.c, solution: solution }));
        done = true;
        status.textContent = box.getAttribute('data-done');
        if (submitWanted) {
          if (form.requestSubmit) form.requestSubmit(submitter || undefined);
          else form.submit();
        }
      },
      function () {
        status.textContent = box.getAttribute('data-failed');
        done = true;
      },
    );
    form.addEventListener('submit', function (e) {
      if (!done) {
        e.preventDefault();
        submitWanted = true;
        submitter = e.submitter || null;
      }
    });
  }
  function start() {
    var boxes = document.querySelectorAll('[data-altcha]');
    for (var i = 0; i < boxes.length; i++) init(boxes[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
