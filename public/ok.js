// OpenKreis progressive enhancement. Everything works without this file.
(function () {
  'use strict';
  function ready(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }
  ready(function () {
    // Error summary pattern: focus the summary so screen readers read it first.
    var summary = document.querySelector('[data-ok-focus]');
    if (summary && typeof summary.focus === 'function') summary.focus();
    // Links in the summary focus the field itself (also for fieldsets without scroll jumps).
    if (summary) {
      summary.addEventListener('click', function (ev) {
        var a = ev.target && ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
        if (!a) return;
        var target = document.getElementById(a.getAttribute('href').slice(1));
        if (!target) return;
        ev.preventDefault();
        var group = target.closest('fieldset') || target.closest('.kern-form-input');
        (group || target).scrollIntoView();
        target.focus();
      });
    }
  });
})();
