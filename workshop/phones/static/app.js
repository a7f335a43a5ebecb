/* The participant's page: join, choose a team, add ideas, cast a private ballot, see
   results. Plain ES2017 without modules or a build step, so that an older phone runs it
   as served; no inline code anywhere, so the server's strict CSP holds.

   Nothing lost, nothing doubled: every write goes into an outbox in localStorage first,
   with its Idempotency-Key, and leaves it only on the server's 2xx (then "saved" is
   shown) or on a refusal the person must see. A dropped connection leaves it there, to be
   sent again with the same key, which the server answers without writing twice. */
(function () {
  'use strict';

  var API = '/api/v1/';
  var POLL_MS = 3000;
  var STORE = 'workshop-phone.';
  var LANGS = ['ja', 'en'];

  var catalogs = {};
  var lang = 'en';
  var token = null;
  var state = null;
  var section = null;      // the section shown last, to move focus only when it changes
  var choosingTeam = false;
  var wantedTeam = null;   // from the team sheet's QR code
  var flushing = false;
  var retryAt = 0;         // after a 429, writes wait for Retry-After
  var waited = false;      // a write waits (paused, busy): its reason is on screen
  var offline = false;
  var composing = false;
  var ballotDraft = {};    // candidate id -> dots, for the round shown
  var ballotRound = null;
  var shownCandidates = '';
  var shownTeams = '';
  var pollTimer = null;
  var shownPaused = false;
  var shown = {};          // what each list last showed: rebuilt only when it changes

  function $(id) { return document.getElementById(id); }

  var JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;

  // What participants typed, in the language it is written in: on the English page a
  // screen reader then reads a Japanese idea with a Japanese voice (WCAG 3.1.2).
  function typed(node, text) {
    node.textContent = text;
    if (lang !== 'ja' && JAPANESE.test(text)) {
      node.setAttribute('lang', 'ja');
    } else {
      node.removeAttribute('lang');
    }
    return node;
  }

  // Whether ``what`` differs from what ``name`` last showed. A list rebuilt at every poll
  // would send a screen reader's reading position back to the top every few seconds.
  function changed(name, what) {
    var key = lang + JSON.stringify(what);
    if (shown[name] === key) { return false; }
    shown[name] = key;
    return true;
  }

  /* --- storage: everything typed survives a reload or a lost connection --- */

  function load(name, fallback) {
    try {
      var raw = window.localStorage.getItem(STORE + name);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return fallback;
    }
  }

  function save(name, value) {
    try {
      window.localStorage.setItem(STORE + name, JSON.stringify(value));
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

  /* --- language --- */

  function t(key, params) {
    var text = (catalogs[lang] && catalogs[lang][key]) || (catalogs.en && catalogs.en[key]) || key;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  // ``key`` for a count: English says "1 dot" but "2 dots"; a catalog gives the singular
  // as ``key_one`` (Japanese repeats the same text).
  function tn(key, count, params) {
    var one = key + '_one';
    return t(count === 1 && catalogs[lang] && catalogs[lang][one] ? one : key, params);
  }

  function browserLang() {
    var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    for (var i = 0; i < wanted.length; i++) {
      var code = String(wanted[i]).toLowerCase().slice(0, 2);
      if (LANGS.indexOf(code) >= 0) { return code; }
    }
    return 'en';
  }

  function loadCatalogs() {
    return Promise.all(LANGS.map(function (code) {
      return fetch('/static/i18n/' + code + '.json', { credentials: 'same-origin' })
        .then(function (res) { return res.json(); })
        .then(function (data) { catalogs[code] = data; });
    }));
  }

  function applyTexts() {
    document.documentElement.lang = lang;
    var nodes = document.querySelectorAll('[data-text]');
    for (var i = 0; i < nodes.length; i++) { nodes[i].textContent = t(nodes[i].getAttribute('data-text')); }
    $('language').setAttribute('lang', lang === 'ja' ? 'en' : 'ja');
    applyTitle();
    typed($('workshop-title'), $('workshop-title').textContent);  // its lang follows the page's
  }

  function applyTitle() {
    var title = state && state.title ? state.title : t('page_title');
    if (document.title !== title) { document.title = title; }
    if ($('workshop-title').textContent !== title) { typed($('workshop-title'), title); }
  }

  function switchLanguage() {
    lang = lang === 'ja' ? 'en' : 'ja';
    save('lang', lang);
    shownCandidates = '';
    shownTeams = '';
    shown = {};
    applyTexts();
    if (state) { render(); }
    // The server's error messages follow the page's language.
    if (token) { request('POST', 'lang', { lang: lang }).catch(function () {}); }
  }

  /* --- messages: live regions, so a screen reader hears them --- */

  function say(id, text) {
    var node = $(id);
    // Emptied first, so the same message said twice is announced twice.
    node.textContent = '';
    if (text) { window.setTimeout(function () { node.textContent = text; }, 50); }
  }

  function showError(text) { say('error', text); }
  function showStatus(text) { say('status', text); }

  function setOffline(value) {
    if (value === offline) { return; }
    offline = value;
    say('connection', value ? t('offline') : t('online'));
  }

  /* --- the server --- */

  function request(method, path, body, key) {
    var headers = { 'Accept': 'application/json' };
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    if (key) { headers['Idempotency-Key'] = key; }
    return fetch(API + path, {
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
    return request('POST', 'join', { token: code, lang: lang }).then(function (reply) {
      if (!reply.ok) {
        if (reply.status === 403 || reply.status === 400) {
          token = null;
          save('token', null);
          showSection('join');
          showError(errorText(reply) || t('join_failed'));
        }
        return false;
      }
      token = code;
      save('token', code);
      if (wantedTeam && reply.data && reply.data.team_id !== wantedTeam) {
        var team = wantedTeam;
        wantedTeam = null;
        return chooseTeam(team).then(function () { return true; });
      }
      return true;
    });
  }

  function chooseTeam(teamId) {
    return request('POST', 'team', { team_id: teamId }).then(function (reply) {
      if (!reply.ok) { showError(errorText(reply)); return; }
      choosingTeam = false;
      return refresh();
    });
  }

  function refresh() {
    return request('GET', 'state').then(function (reply) {
      if (reply.status === 401 && token) { return join(token).then(function (ok) { if (ok) { return refresh(); } }); }
      if (!reply.ok) { return; }
      state = reply.data;
      render();
      if (outbox().length) { flush(); }
    });
  }

  function poll() {
    window.clearTimeout(pollTimer);
    var done = function () {
      pollTimer = window.setTimeout(poll, document.hidden ? POLL_MS * 4 : POLL_MS);
    };
    if (!token) { return; }
    refresh().then(done, done);
  }

  /* --- the outbox --- */

  function enqueue(kind, body) {
    var item = { key: newKey(), kind: kind, body: body, token: token };
    var items = outbox();
    items.push(item);
    save('outbox', items);
    return item;
  }

  function drop(key) {
    save('outbox', outbox().filter(function (item) { return item.key !== key; }));
  }

  // Sends the waiting writes one at a time, oldest first; stops at the first that
  // cannot go now (no connection, rate limit, paused) and tries again later.
  function flush() {
    if (flushing || !token || Date.now() < retryAt) { return Promise.resolve(); }
    var items = outbox().filter(function (item) { return item.token === token; });
    if (!items.length) { return Promise.resolve(); }
    flushing = true;
    var item = items[0];
    var path = item.kind === 'idea' ? 'ideas' : 'ballots';
    return request('POST', path, item.body, item.key).then(function (reply) {
      flushing = false;
      return settle(item, reply);
    }, function () {
      flushing = false;
      renderPending();
    }).catch(function () { /* no connection: the next poll or 'online' tries again */ });
  }

  function settle(item, reply) {
    var code = errorCode(reply);
    if (reply.ok) {
      drop(item.key);
      if (waited) { showError(''); }  // the reason it waited no longer holds
      waited = false;
      if (item.kind === 'idea') {
        showStatus(t('idea_saved', { title: item.body.title }));
      } else {
        ballotDraft = {};
        save('ballot', null);
        showStatus(t('ballot_saved'));
      }
      return refresh().then(flush, flush);
    }
    if (reply.status === 401) {
      return join(token).then(function (ok) { if (ok) { return flush(); } });
    }
    if (reply.status === 429 || reply.status >= 500 || code === 'in_progress' || code === 'paused') {
      // Kept, with its key: sent again later, never twice.
      var wait = parseInt(reply.retryAfter, 10);
      retryAt = Date.now() + (wait > 0 ? wait * 1000 : POLL_MS);
      waited = true;
      var text = code === 'paused' ? t('paused') : reply.status === 429 ? t('error_rate') : errorText(reply);
      // Said once, not again at every retry.
      if ($('error').textContent !== text) { showError(text); }
      renderPending();
      return undefined;
    }
    // Refused for good (a rule of the workshop): the person sees why, and gets back what
    // they typed to fix it.
    drop(item.key);
    showError(errorText(reply));
    if (item.kind === 'idea') { restoreIdea(item.body); }
    renderPending();
    return refresh();
  }

  /* --- sections --- */

  function showSection(name) {
    var all = ['join', 'team', 'ideas'];
    all.forEach(function (id) { $(id).hidden = id !== name; });
    if (name !== section) {
      section = name;
      var heading = $(name + '-heading');
      if (heading && document.readyState === 'complete' && section !== null) { heading.focus(); }
    }
  }

  function render() {
    applyTitle();
    var teams = state.teams || [];
    var needsTeam = (state.team_id === null && teams.length > 0) || choosingTeam;
    if (needsTeam) {
      renderTeams(teams);
      showSection('team');
    } else {
      showSection('ideas');
      renderIdeas();
    }
    $('team-current').textContent = teamName(state.team_id) ? t('team_current', { team: teamName(state.team_id) }) : '';
    $('team-change').hidden = !teams.length;
    // The ballot may depend on the team (own-team rule): it waits until one is chosen.
    renderRound(needsTeam);
    renderResults(needsTeam);
    if (state.paused !== shownPaused) {
      shownPaused = state.paused;
      say('connection', state.paused ? t('paused') : '');
    }
  }

  function teamName(id) {
    var teams = (state && state.teams) || [];
    for (var i = 0; i < teams.length; i++) { if (teams[i].id === id) { return teams[i].name; } }
    return '';
  }

  function renderTeams(teams) {
    var key = lang + JSON.stringify(teams) + state.team_id;
    $('team-none').hidden = teams.length > 0;
    $('team-submit').hidden = !teams.length;
    if (key === shownTeams) { return; }
    shownTeams = key;
    var box = $('team-choices');
    box.textContent = '';
    teams.forEach(function (team, index) {
      var label = document.createElement('label');
      var input = document.createElement('input');
      input.type = 'radio';
      input.name = 'team';
      input.value = team.id;
      input.checked = team.id === state.team_id || (!state.team_id && index === 0);
      label.appendChild(input);
      label.appendChild(typed(document.createElement('span'), team.name));
      box.appendChild(label);
    });
  }

  /* --- ideas --- */

  function codePoints(text) { return Array.from(text).length; }

  function renderIdeas() {
    var prompt = state.prompt;
    $('no-prompt').hidden = !!prompt;
    $('idea-form').hidden = !prompt;
    typed($('prompt-text'), prompt ? prompt.text : '');
    $('idea-title-help').textContent = t('idea_title_help', { limit: state.limits.idea_title });
    renderPending();
  }

  function ideaItem(idea, pending) {
    var li = document.createElement('li');
    var title = document.createElement('span');
    typed(title, idea.title);
    li.appendChild(title);
    if (pending || idea.source === 'phone') {
      var tag = document.createElement('span');
      tag.className = 'tag';
      tag.textContent = pending ? t('pending_label') : t('from_phone');
      li.appendChild(tag);
    }
    if (idea.details) {
      var details = document.createElement('span');
      details.className = 'idea-details';
      typed(details, idea.details);
      li.appendChild(details);
    }
    if (pending) { li.className = 'pending'; }
    return li;
  }

  function renderPending() {
    if (!state) { return; }
    var list = $('idea-list');
    var waiting = outbox().filter(function (item) { return item.kind === 'idea' && item.token === token; });
    if (!changed('ideas', [waiting, state.ideas])) { renderBallotState(); return; }
    list.textContent = '';
    waiting.forEach(function (item) { list.appendChild(ideaItem(item.body, true)); });
    (state.ideas || []).forEach(function (idea) { list.appendChild(ideaItem(idea, false)); });
    $('no-ideas').hidden = list.children.length > 0;
    renderBallotState();
  }

  function submitIdea() {
    if (composing) { return; }
    var title = $('idea-title').value.normalize('NFC').trim();
    var details = $('idea-details').value.normalize('NFC').trim();
    var limits = state.limits;
    if (!title) {
      showError(t('idea_empty'));
      $('idea-title').focus();
      return;
    }
    var tooLong = codePoints(title) > limits.idea_title ? ['idea_title', title, limits.idea_title]
      : codePoints(details) > limits.idea_details ? ['idea_details', details, limits.idea_details] : null;
    if (tooLong) {
      showError(t('idea_too_long', { field: t(tooLong[0]), length: codePoints(tooLong[1]), limit: tooLong[2] }));
      $(tooLong[0].replace('_', '-')).focus();
      return;
    }
    var body = { title: title, details: details };
    if (state.prompt) { body.prompt_id = state.prompt.id; }
    enqueue('idea', body);
    $('idea-title').value = '';
    $('idea-details').value = '';
    save('draft', null);
    showError('');
    renderPending();
    $('idea-title').focus();
    flush().then(function () {
      if (outbox().some(function (item) { return item.kind === 'idea'; }) && offline) {
        showStatus(t('idea_pending'));
      }
    });
  }

  function restoreIdea(body) {
    if (!$('idea-title').value) {
      $('idea-title').value = body.title;
      $('idea-details').value = body.details || '';
      saveDraft();
    }
  }

  function saveDraft() { save('draft', { title: $('idea-title').value, details: $('idea-details').value }); }

  /* --- the ballot --- */

  function candidateKey(round) {
    return lang + round.id + JSON.stringify(round.candidates) + round.status + !!round.my_ballot;
  }

  function pendingBallot(round) {
    return outbox().filter(function (item) {
      return item.kind === 'ballot' && item.token === token && item.body.round_id === round.id;
    })[0];
  }

  function renderRound(later) {
    var round = later ? null : state.round;
    var open = !!round && round.status === 'open';
    var revealed = !!round && (state.results || []).some(function (r) { return r.round_id === round.id; });
    $('ballot').hidden = !open;
    $('closed').hidden = !round || open || revealed;
    if (!open) { ballotRound = null; return; }
    if (ballotRound !== round.id) {
      ballotRound = round.id;
      showStatus(t('round_opened', { round: round.name }));
      var draft = load('ballot', null);
      ballotDraft = draft && draft.round_id === round.id ? draft.dots : {};
      var pending = pendingBallot(round);
      if (pending) { ballotDraft = Object.assign({}, pending.body.dots); }
      shownCandidates = '';
    }
    $('ballot-heading').textContent = t('ballot_heading', { round: round.name });
    var rules = $('ballot-rules');
    var texts = [tn('ballot_rules', round.dots_per_voter, { dots: round.dots_per_voter, cap: round.max_dots_per_idea }),
      round.negative_dots ? tn('ballot_rules_negative', round.negative_dots, { negative: round.negative_dots }) : '',
      round.allow_own_team ? '' : t('ballot_rules_own_team'),
      round.may_change_ballot ? t('ballot_change_rule') : t('ballot_final_rule')
    ].filter(Boolean);
    if (changed('rules', texts)) {
      rules.textContent = '';
      texts.forEach(function (text) {
        var li = document.createElement('li');
        li.textContent = text;
        rules.appendChild(li);
      });
    }
    var key = candidateKey(round);
    if (key !== shownCandidates) {
      shownCandidates = key;
      renderCandidates(round);
    }
    updateBallot();
  }

  function forbidden(round, candidate) { return !round.allow_own_team && candidate.own_team; }

  function renderCandidates(round) {
    var list = $('candidates');
    list.textContent = '';
    if (round.my_ballot && !pendingBallot(round) && !Object.keys(ballotDraft).length) {
      ballotDraft = Object.assign({}, round.my_ballot.dots);
    }
    round.candidates.forEach(function (candidate) {
      var li = document.createElement('li');
      var title = document.createElement('span');
      title.className = 'candidate-title';
      title.id = 'candidate-' + candidate.id;
      typed(title, candidate.title);
      li.appendChild(title);
      if (candidate.own_team) {
        var tag = document.createElement('span');
        tag.className = 'tag';
        tag.textContent = t('ballot_own_team');
        li.appendChild(tag);  // beside the title, not in it: the title may be lang="ja"
      }
      var stepper = document.createElement('div');
      stepper.className = 'stepper';
      stepper.setAttribute('role', 'group');
      stepper.setAttribute('aria-labelledby', title.id);
      var minus = stepButton('−', t('ballot_remove', { title: candidate.title }), candidate.id, -1);
      var plus = stepButton('+', t('ballot_add', { title: candidate.title }), candidate.id, 1);
      var count = document.createElement('output');
      count.id = 'dots-' + candidate.id;
      count.setAttribute('aria-live', 'polite');
      stepper.appendChild(minus);
      stepper.appendChild(count);
      stepper.appendChild(plus);
      li.appendChild(stepper);
      if (forbidden(round, candidate)) { li.className = 'own-team'; }
      list.appendChild(li);
    });
  }

  function stepButton(text, label, candidateId, step) {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = text;
    button.setAttribute('aria-label', label);
    button.setAttribute('data-candidate', candidateId);
    button.setAttribute('data-step', String(step));
    return button;
  }

  function spent() {
    var positive = 0;
    var negative = 0;
    Object.keys(ballotDraft).forEach(function (id) {
      var n = ballotDraft[id];
      if (n > 0) { positive += n; } else { negative -= n; }
    });
    return { positive: positive, negative: negative };
  }

  // Whether one more step would still keep the ballot within the round's rules.
  function canStep(round, candidate, step) {
    if (locked(round)) { return false; }
    var n = ballotDraft[candidate.id] || 0;
    var next = n + step;
    var used = spent();
    if (forbidden(round, candidate) && next !== 0 && Math.abs(next) > Math.abs(n)) { return false; }
    if (Math.abs(next) > round.max_dots_per_idea) { return Math.abs(next) < Math.abs(n); }
    if (next > 0 && step > 0) { return used.positive < round.dots_per_voter; }
    if (next < 0 && step < 0) { return used.negative < round.negative_dots; }
    return true;
  }

  function locked(round) {
    var mine = round.my_ballot;
    return !!pendingBallot(round) || (!!mine && (!round.may_change_ballot || !!mine.voided));
  }

  function updateBallot() {
    var round = state && state.round;
    if (!round || round.status !== 'open') { return; }
    var used = spent();
    $('remaining-positive').textContent = t('ballot_remaining', {
      left: round.dots_per_voter - used.positive, dots: round.dots_per_voter });
    $('remaining-negative').hidden = !round.negative_dots;
    $('remaining-negative').textContent = t('ballot_remaining_negative', {
      left: round.negative_dots - used.negative, negative: round.negative_dots });
    round.candidates.forEach(function (candidate) {
      var count = $('dots-' + candidate.id);
      if (count) { count.textContent = tn('ballot_dots_of', ballotDraft[candidate.id] || 0, { dots: ballotDraft[candidate.id] || 0 }); }
    });
    // aria-disabled rather than disabled: a button that stops working keeps the focus.
    var buttons = $('candidates').querySelectorAll('button');
    for (var i = 0; i < buttons.length; i++) {
      var candidate = findCandidate(round, buttons[i].getAttribute('data-candidate'));
      var ok = candidate && canStep(round, candidate, parseInt(buttons[i].getAttribute('data-step'), 10));
      buttons[i].setAttribute('aria-disabled', ok ? 'false' : 'true');
    }
    $('ballot-submit').hidden = locked(round);
    renderBallotState();
  }

  function renderBallotState() {
    var round = state && state.round;
    var node = $('ballot-state');
    if (!round || round.status !== 'open') { node.textContent = ''; return; }
    var mine = round.my_ballot;
    node.textContent = pendingBallot(round) ? t('ballot_pending')
      : mine && mine.voided ? t('ballot_voided')
        : mine ? t('ballot_done') + (round.may_change_ballot ? ' ' + t('ballot_change_rule') : '') : '';
  }

  function findCandidate(round, id) {
    for (var i = 0; i < round.candidates.length; i++) {
      if (round.candidates[i].id === id) { return round.candidates[i]; }
    }
    return null;
  }

  function step(button) {
    var round = state && state.round;
    if (!round || button.getAttribute('aria-disabled') === 'true') { return; }
    var id = button.getAttribute('data-candidate');
    var next = (ballotDraft[id] || 0) + parseInt(button.getAttribute('data-step'), 10);
    if (next) { ballotDraft[id] = next; } else { delete ballotDraft[id]; }
    save('ballot', { round_id: round.id, dots: ballotDraft });
    updateBallot();
  }

  function castBallot() {
    var round = state && state.round;
    if (!round || locked(round)) { return; }
    if (!Object.keys(ballotDraft).length) { showError(t('ballot_empty')); return; }
    showError('');
    enqueue('ballot', { round_id: round.id, dots: Object.assign({}, ballotDraft) });
    updateBallot();
    $('ballot-heading').focus();
    flush();
  }

  /* --- results --- */

  function renderResults(later) {
    var results = later ? [] : state.results || [];
    $('results').hidden = !results.length;
    if (!results.length) { return; }
    var newest = results[0];
    if (!changed('results', newest)) { return; }
    $('results-heading').textContent = t('results_heading', { round: newest.name });
    var list = $('result-list');
    list.textContent = '';
    newest.candidates.forEach(function (result) {
      var li = document.createElement('li');
      li.value = result.rank;
      var title = document.createElement('span');
      typed(title, result.title);
      var dots = document.createElement('span');
      dots.className = 'tag';
      dots.textContent = tn('results_dots', result.total, { dots: result.total });
      li.appendChild(title);
      li.appendChild(dots);
      list.appendChild(li);
    });
  }

  /* --- wiring --- */

  function wire() {
    $('language').addEventListener('click', switchLanguage);
    $('join-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var code = $('join-code').value.trim();
      if (!code) { $('join-code').focus(); return; }
      showError('');
      join(code).then(function (ok) { if (ok) { poll(); } }, function () { showError(t('offline')); });
    });
    $('team-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var checked = document.querySelector('input[name="team"]:checked');
      if (checked) { chooseTeam(checked.value).catch(function () { showError(t('offline')); }); }
    });
    $('team-change').addEventListener('click', function () {
      choosingTeam = true;
      shownTeams = '';
      render();
    });
    var title = $('idea-title');
    // Enter ends a Japanese word while the IME is composing; only a plain Enter adds.
    title.addEventListener('compositionstart', function () { composing = true; });
    title.addEventListener('compositionend', function () { composing = false; });
    title.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter') { return; }
      if (composing || event.isComposing || event.keyCode === 229) { return; }
      event.preventDefault();
      submitIdea();
    });
    title.addEventListener('input', saveDraft);
    $('idea-details').addEventListener('input', saveDraft);
    $('idea-form').addEventListener('submit', function (event) {
      event.preventDefault();
      submitIdea();
    });
    $('candidates').addEventListener('click', function (event) {
      var button = event.target.closest('button');
      if (button) { step(button); }
    });
    $('ballot-form').addEventListener('submit', function (event) {
      event.preventDefault();
      castBallot();
    });
    window.addEventListener('online', function () { retryAt = 0; flush(); poll(); });
    window.addEventListener('offline', function () { setOffline(true); });
  }

  function start() {
    var params = new URLSearchParams(window.location.search);
    lang = load('lang', null) || browserLang();
    var given = params.get('t');
    wantedTeam = params.get('team');
    if (wantedTeam && window.history.replaceState) {
      // Chosen once from the sheet's code; a reload must not undo a later change of team.
      params.delete('team');
      window.history.replaceState(null, '', window.location.pathname + (params.toString() ? '?' + params : ''));
    }
    token = given || load('token', null);
    var draft = load('draft', null);
    if (draft) {
      $('idea-title').value = draft.title || '';
      $('idea-details').value = draft.details || '';
    }
    wire();
    loadCatalogs().then(function () {
      applyTexts();
      if (!token) { showSection('join'); return; }
      if (given) { $('join-code').value = given; }
      join(token).then(function (ok) {
        if (ok) { poll(); }
      }, function () {
        // Offline at the start: the stored session may still be good; keep trying.
        setOffline(true);
        showSection('join');
        pollTimer = window.setTimeout(function retry() {
          join(token).then(function (ok) { if (ok) { poll(); } }, function () {
            pollTimer = window.setTimeout(retry, POLL_MS);
          });
        }, POLL_MS);
      });
    });
  }

  start();
}());
