/* The server: requests, live-region messages, joining, choosing a team, polling. */
(function (app) {
  'use strict';

  var $ = app.$;
  var page = app.page;
  var save = app.save;
  var t = app.t;

  function say(id, text) {
    var node = $(id);
    // Emptied first, so the same message said twice is announced twice.
    node.textContent = '';
    if (text) { window.setTimeout(function () { node.textContent = text; }, 50); }
  }

  function showError(text) { say('error', text); }
  function showStatus(text) { say('status', text); }

  function setOffline(value) {
    if (value === page.offline) { return; }
    page.offline = value;
    say('connection', value ? t('offline') : t('online'));
  }


  function request(method, path, body, key) {
    var headers = { 'Accept': 'application/json' };
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    if (key) { headers['Idempotency-Key'] = key; }
    return fetch(app.API + path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store'
    }).then(function (res) {
      setOffline(false);
      return res.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return { status: res.status, ok: res.ok, data: data, retryAfter: res.headers.get('Retry-After') };
      });
    }, function (err) {
      setOffline(true);
      throw err;
    });
  }

  function errorText(reply) {
    var error = reply.data && reply.data.error;
    return error && error.message ? error.message : t('error_generic');
  }

  function errorCode(reply) {
    return reply.data && reply.data.error ? reply.data.error.code : '';
  }

  function join(code) {
    return request('POST', 'join', { token: code, lang: page.lang }).then(function (reply) {
      if (!reply.ok) {
        if (reply.status === 403 || reply.status === 400) {
          page.token = null;
          save('token', null);
          app.showSection('join');
          showError(errorText(reply) || t('join_failed'));
        }
        return false;
      }
      page.token = code;
      save('token', code);
      if (page.wantedTeam && reply.data && reply.data.team_id !== page.wantedTeam) {
        var team = page.wantedTeam;
        page.wantedTeam = null;
        return chooseTeam(team).then(function () { return true; });
      }
      return true;
    });
  }

  function chooseTeam(teamId) {
    return request('POST', 'team', { team_id: teamId }).then(function (reply) {
      if (!reply.ok) { showError(errorText(reply)); return; }
      page.choosingTeam = false;
      return refresh();
    });
  }

  function refresh() {
    return request('GET', 'state').then(function (reply) {
      if (reply.status === 401 && page.token) { return join(page.token).then(function (ok) { if (ok) { return refresh(); } }); }
      if (!reply.ok) { return; }
      page.state = reply.data;
      app.render();
      if (app.outbox().length) { app.flush(); }
    });
  }

  function poll() {
    window.clearTimeout(page.pollTimer);
    var done = function () {
      page.pollTimer = window.setTimeout(poll, document.hidden ? app.POLL_MS * 4 : app.POLL_MS);
    };
    if (!page.token) { return; }
    refresh().then(done, done);
  }

  app.chooseTeam = chooseTeam;
  app.errorCode = errorCode;
  app.errorText = errorText;
  app.join = join;
  app.poll = poll;
  app.refresh = refresh;
  app.request = request;
  app.say = say;
  app.setOffline = setOffline;
  app.showError = showError;
  app.showStatus = showStatus;
}(window.workshopPage));
