// Darkroom web monitor: live updates (server-sent events, polling every 2 s when they fail) and the approval wipe.
// Loaded as a file (the pages carry no inline script: the Content-Security-Policy forbids it).
(function () {
  'use strict';

  function refresh(kind) {
    document.querySelectorAll('[data-live="' + kind + '"]').forEach(function (el) {
      if (window.htmx) { window.htmx.trigger(el, 'live'); }
    });
  }

  function startLive() {
    if (!document.querySelector('[data-live]')) { return; }
    var polling = null;
    function poll() {
      if (polling) { return; }
      polling = setInterval(function () { refresh('jobs'); refresh('workers'); }, 2000);
    }
    if (!window.EventSource) { poll(); return; }
    var source = new EventSource('/ui/events');
    source.onmessage = function (e) {
      if (e.data === 'jobs' || e.data === 'workers') { refresh(e.data); }
    };
    source.onopen = function () {
      document.body.setAttribute('data-live-open', 'true');
      if (polling) { clearInterval(polling); polling = null; }
    };
    source.onerror = function () {
      document.body.removeAttribute('data-live-open');
      if (source.readyState === EventSource.CLOSED) { poll(); }
    };
  }

  function wipe(n) {
    var box = document.getElementById('wipe-' + n);
    var over = document.getElementById('over-' + n);
    var under = document.getElementById('under-' + n);
    var line = document.getElementById('line-' + n);
    var pos = document.getElementById('pos-' + n);
    var left = document.getElementById('left-' + n);
    var right = document.getElementById('right-' + n);
    var zoomed = document.querySelector('input.wipe-zoom[data-wipe="' + n + '"]:checked');
    var zoom = zoomed ? parseInt(zoomed.value, 10) : 1;
    var w = parseInt(box.getAttribute('data-width'), 10) * zoom;
    var h = parseInt(box.getAttribute('data-height'), 10) * zoom;
    box.style.width = w + 'px';
    box.style.height = h + 'px';
    [over, under].forEach(function (img) { img.width = w; img.height = h; });
    if (under.getAttribute('src') !== left.value) { under.setAttribute('src', left.value); }
    if (over.getAttribute('src') !== right.value) { over.setAttribute('src', right.value); }
    var p = parseInt(pos.value, 10);
    over.style.clipPath = 'inset(0 0 0 ' + p + '%)';
    line.style.left = p + '%';
    box.setAttribute('data-pos', String(p));
    box.setAttribute('data-zoom', String(zoom));
  }

  function startWipes() {
    document.querySelectorAll('.wipe').forEach(function (box) {
      var n = box.id.substring('wipe-'.length);
      document.querySelectorAll('[data-wipe="' + n + '"]').forEach(function (input) {
        input.addEventListener('input', function () { wipe(n); });
        input.addEventListener('change', function () { wipe(n); });
      });
      wipe(n);
    });
  }

  // a live fragment that came back the same as last time is not swapped (keeps focus and selection)
  document.addEventListener('htmx:beforeSwap', function (e) {
    var el = e.detail.target;
    if (!el || !el.hasAttribute('data-live')) { return; }
    var text = e.detail.xhr.responseText;
    if (el.darkroomLast === text) { e.detail.shouldSwap = false; }
    el.darkroomLast = text;
  });

  document.addEventListener('DOMContentLoaded', function () {
    startLive();
    startWipes();
  });
})();
