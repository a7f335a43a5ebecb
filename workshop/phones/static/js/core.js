/* The participant's page: join, choose a team, add ideas, cast a private ballot, see
   results. Plain ES2017 scripts without modules or a build step, so that an older phone
   runs them as served; no inline code anywhere, so the server's strict CSP holds.

   index.html loads the files in order (core, i18n, api, outbox, sections, ideas, ballot,
   results, start); each adds its functions to the one namespace made here, and start.js
   starts the page once all are there. The others take $, t and the storage helpers from
   core.js and i18n.js when they load; every other call across files goes through ``app``
   at call time, so needs no order. What the page remembers between calls is in
   ``app.page``: one place, not loose variables per file.

   This file: the namespace, the page's memory and the storage in localStorage. */
(function () {
  'use strict';

  var app = window.workshopPage = {
    API: '/api/v1/',
    POLL_MS: 3000,
    STORE: 'workshop-phone.',
    LANGS: ['ja', 'en']
  };

  app.page = {
    catalogs: {},
    lang: 'en',
    token: null,
    state: null,
    section: null,        // the section shown last, to move focus only when it changes
    choosingTeam: false,
    wantedTeam: null,     // from the team sheet's QR code
    flushing: false,
    retryAt: 0,           // after a 429, writes wait for Retry-After
    waited: false,        // a write waits (paused, busy): its reason is on screen
    offline: false,
    composing: false,
    ballotDraft: {},      // candidate id -> dots, for the round shown
    ballotRound: null,
    shownCandidates: '',
    shownTeams: '',
    pollTimer: null,
    shownPaused: false,
    shown: {}             // what each list last showed: rebuilt only when it changes
  };
  var page = app.page;

  function $(id) { return document.getElementById(id); }
  app.$ = $;

  var JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;

  // What participants typed, in the language it is written in: on the English page a
  // screen reader then reads a Japanese idea with a Japanese voice (WCAG 3.1.2).
  function typed(node, text) {
    node.textContent = text;
    if (page.lang !== 'ja' && JAPANESE.test(text)) {
      node.setAttribute('lang', 'ja');
    } else {
      node.removeAttribute('lang');
    }
    return node;
  }

  // Whether ``what`` differs from what ``name`` last showed. A list rebuilt at every poll
  // would send a screen reader's reading position back to the top every few seconds.
  function changed(name, what) {
    var key = page.lang + JSON.stringify(what);
    if (page.shown[name] === key) { return false; }
    page.shown[name] = key;
    return true;
  }


  function load(name, fallback) {
    try {
      var raw = window.localStorage.getItem(app.STORE + name);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return fallback;
    }
  }

  function save(name, value) {
    try {
      window.localStorage.setItem(app.STORE + name, JSON.stringify(value));
    } catch (e) { /* private mode or full: the page still works, without the safety net */ }
  }

  function outbox() { return load('outbox', []); }

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') {
      return window.crypto.randomUUID();
    }
    // randomUUID needs a secure context, which a page on the laptop's plain-HTTP address is not.
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join('');
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
      hex.slice(20)].join('-');
  }

  app.changed = changed;
  app.load = load;
  app.newKey = newKey;
  app.outbox = outbox;
  app.save = save;
  app.typed = typed;
}());
