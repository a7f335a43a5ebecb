/* Wiring the page's controls and starting it: language, join code, the team from the QR code. */
(function (app) {
  'use strict';

  var $ = app.$;
  var page = app.page;
  var load = app.load;
  var t = app.t;

  function wire() {
    $('language').addEventListener('click', app.switchLanguage);
    $('join-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var code = $('join-code').value.trim();
      if (!code) { $('join-code').focus(); return; }
      app.showError('');
      app.join(code).then(function (ok) { if (ok) { app.poll(); } }, function () { app.showError(t('offline')); });
    });
    $('team-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var checked = document.querySelector('input[name="team"]:checked');
      if (checked) { app.chooseTeam(checked.value).catch(function () { app.showError(t('offline')); }); }
    });
    $('team-change').addEventListener('click', function () {
      page.choosingTeam = true;
      page.shownTeams = '';
      app.render();
    });
    var title = $('idea-title');
    // Enter ends a Japanese word while the IME is composing; only a plain Enter adds.
    title.addEventListener('compositionstart', function () { page.composing = true; });
    title.addEventListener('compositionend', function () { page.composing = false; });
    title.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter') { return; }
      if (page.composing || event.isComposing || event.keyCode === 229) { return; }
      event.preventDefault();
      app.submitIdea();
    });
    title.addEventListener('input', app.saveDraft);
    $('idea-details').addEventListener('input', app.saveDraft);
    $('idea-form').addEventListener('submit', function (event) {
      event.preventDefault();
      app.submitIdea();
    });
    $('candidates').addEventListener('click', function (event) {
      var button = event.target.closest('button');
      if (button) { app.step(button); }
    });
    $('ballot-form').addEventListener('submit', function (event) {
      event.preventDefault();
      app.castBallot();
    });
    window.addEventListener('online', function () { page.retryAt = 0; app.flush(); app.poll(); });
    window.addEventListener('offline', function () { app.setOffline(true); });
  }

  function start() {
    var params = new URLSearchParams(window.location.search);
    page.lang = load('lang', null) || app.browserLang();
    var given = params.get('t');
    page.wantedTeam = params.get('team');
    if (page.wantedTeam && window.history.replaceState) {
      // Chosen once from the sheet's code; a reload must not undo a later change of team.
      params.delete('team');
      window.history.replaceState(null, '', window.location.pathname + (params.toString() ? '?' + params : ''));
    }
    page.token = given || load('token', null);
    var draft = load('draft', null);
    if (draft) {
      $('idea-title').value = draft.title || '';
      $('idea-details').value = draft.details || '';
    }
    wire();
    app.loadCatalogs().then(function () {
      app.applyTexts();
      if (!page.token) { app.showSection('join'); return; }
      if (given) { $('join-code').value = given; }
      app.join(page.token).then(function (ok) {
        if (ok) { app.poll(); }
      }, function () {
        // Offline at the start: the stored session may still be good; keep trying.
        app.setOffline(true);
        app.showSection('join');
        page.pollTimer = window.setTimeout(function retry() {
          app.join(page.token).then(function (ok) { if (ok) { app.poll(); } }, function () {
            page.pollTimer = window.setTimeout(retry, app.POLL_MS);
          });
        }, app.POLL_MS);
      });
    });
  }

  start();
}(window.workshopPage));
