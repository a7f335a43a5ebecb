/* The page's language: the catalogs in static/i18n/, the texts on the page, the switch. */
(function (app) {
  'use strict';

  var $ = app.$;
  var page = app.page;
  var save = app.save;
  var typed = app.typed;

  function t(key, params) {
    var text = (page.catalogs[page.lang] && page.catalogs[page.lang][key]) || (page.catalogs.en && page.catalogs.en[key]) || key;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  // ``key`` for a count: English says "1 dot" but "2 dots"; a catalog gives the singular
  // as ``key_one`` (Japanese repeats the same text).
  function tn(key, count, params) {
    var one = key + '_one';
    return t(count === 1 && page.catalogs[page.lang] && page.catalogs[page.lang][one] ? one : key, params);
  }

  function browserLang() {
    var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    for (var i = 0; i < wanted.length; i++) {
      var code = String(wanted[i]).toLowerCase().slice(0, 2);
      if (app.LANGS.indexOf(code) >= 0) { return code; }
    }
    return 'en';
  }

  function loadCatalogs() {
    return Promise.all(app.LANGS.map(function (code) {
      return fetch('/static/i18n/' + code + '.json', { credentials: 'same-origin' })
        .then(function (res) { return res.json(); })
        .then(function (data) { page.catalogs[code] = data; });
    }));
  }

  function applyTexts() {
    document.documentElement.lang = page.lang;
    var nodes = document.querySelectorAll('[data-text]');
    for (var i = 0; i < nodes.length; i++) { nodes[i].textContent = t(nodes[i].getAttribute('data-text')); }
    $('language').setAttribute('lang', page.lang === 'ja' ? 'en' : 'ja');
    applyTitle();
    typed($('workshop-title'), $('workshop-title').textContent);  // its lang follows the page's
  }

  function applyTitle() {
    var title = page.state && page.state.title ? page.state.title : t('page_title');
    if (document.title !== title) { document.title = title; }
    if ($('workshop-title').textContent !== title) { typed($('workshop-title'), title); }
  }

  function switchLanguage() {
    page.lang = page.lang === 'ja' ? 'en' : 'ja';
    save('lang', page.lang);
    page.shownCandidates = '';
    page.shownTeams = '';
    page.shown = {};
    applyTexts();
    if (page.state) { app.render(); }
    // The server's error messages follow the page's language.
    if (page.token) { app.request('POST', 'lang', { lang: page.lang }).catch(function () {}); }
  }

  app.applyTexts = applyTexts;
  app.applyTitle = applyTitle;
  app.browserLang = browserLang;
  app.loadCatalogs = loadCatalogs;
  app.switchLanguage = switchLanguage;
  app.t = t;
  app.tn = tn;
}(window.workshopPage));
