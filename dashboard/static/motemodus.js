// Meeting mode (dashboard/views/motemodus.py): the deck is drawn once, this script shows one
// slide at a time. Static code without any data: it reads the slides from the page and the
// position from the address (?lysbilde=N), and writes the position back, so the address always
// names the slide shown and can be shared. Keys: → / Page Down / space next, ← / Page Up
// previous, Home / End first / last (what presentation clickers send).
(function () {
  if (window.__ehelseDeck) { window.__ehelseDeck.show(); return; }

  function slides() {
    return Array.from(document.querySelectorAll('[class*="st-key-mm_slide_"]'))
      .filter(function (el) { return /(^|\s)st-key-mm_slide_\d+(\s|$)/.test(el.className); })
      .sort(function (a, b) { return number(a) - number(b); });
  }
  function number(el) { return parseInt(el.className.match(/st-key-mm_slide_(\d+)/)[1], 10); }
  // How many slides the deck has (the server writes it); Streamlit adds them one by one.
  function total() {
    var live = document.getElementById('mm-live');
    var n = live ? parseInt(live.getAttribute('data-mm-count') || '0', 10) : 0;
    return n > 0 ? n : slides().length;
  }
  function current() {
    var n = parseInt(new URLSearchParams(window.location.search).get('lysbilde') || '1', 10);
    return Math.min(Math.max(isNaN(n) ? 1 : n, 1), Math.max(total(), 1));
  }
  function show(position) {
    var all = slides();
    var n = position === undefined ? current() : Math.min(Math.max(position, 1), total());
    if (all.length < n) return;  // not drawn yet: the observer comes back
    all.forEach(function (el) { el.classList.toggle('mm-current', number(el) === n); });
    var params = new URLSearchParams(window.location.search);
    if (params.get('lysbilde') !== String(n)) {
      params.set('lysbilde', String(n));
      window.history.replaceState(window.history.state, '', '?' + params.toString());
    }
    var live = document.getElementById('mm-live');
    var shown = all[n - 1];
    var title = shown.querySelector('h1');
    if (live) live.textContent = 'Lysbilde ' + n + ' av ' + all.length +
      (title ? ': ' + title.textContent : '');
    document.documentElement.setAttribute('data-mm-shown', String(n));
    window.dispatchEvent(new Event('resize'));  // charts drawn off screen fit their place
  }
  function step(by) { if (slides().length >= total()) show(current() + by); }

  var NEXT = { ArrowRight: 1, PageDown: 1, ' ': 1, Spacebar: 1 };
  var PREVIOUS = { ArrowLeft: -1, PageUp: -1 };
  window.addEventListener('keydown', function (event) {
    if (!slides().length || event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && target.closest && target.closest('input, textarea, select, [contenteditable]')) return;
    // A focused button of ours takes space and Enter itself (a click).
    if (target && target.closest && target.closest('[data-mm-step]') &&
        (event.key === ' ' || event.key === 'Enter')) return;
    var by = NEXT[event.key] || PREVIOUS[event.key];
    if (event.key === 'Home') { event.preventDefault(); show(1); return; }
    if (event.key === 'End') { event.preventDefault(); show(slides().length); return; }
    if (!by) return;
    event.preventDefault();
    step(by);
  }, true);
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-mm-step]');
    if (!button) return;
    event.preventDefault();
    step(parseInt(button.getAttribute('data-mm-step'), 10));
  });
  // Streamlit adds the slides after this script has run: show the right one as they come.
  new MutationObserver(function () {
    var all = slides(), n = current();
    var wanted = all.filter(function (el) { return number(el) === n; })[0];
    if (wanted && !wanted.classList.contains('mm-current')) show();
  }).observe(document.body, { childList: true, subtree: true, attributes: true,
    attributeFilter: ['class'] });
  window.__ehelseDeck = { show: show, step: step };
  show();
})();
