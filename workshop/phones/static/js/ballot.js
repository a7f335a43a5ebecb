/* The ballot: dots per candidate within the round's rules, then cast through the outbox. */
(function (app) {
  'use strict';

  var $ = app.$;
  var page = app.page;
  var changed = app.changed;
  var load = app.load;
  var save = app.save;
  var t = app.t;
  var tn = app.tn;
  var typed = app.typed;

  function candidateKey(round) {
    return page.lang + round.id + JSON.stringify(round.candidates) + round.status + !!round.my_ballot;
  }

  function pendingBallot(round) {
    return app.outbox().filter(function (item) {
      return item.kind === 'ballot' && item.token === page.token && item.body.round_id === round.id;
    })[0];
  }

  function renderRound(later) {
    var round = later ? null : page.state.round;
    var open = !!round && round.status === 'open';
    var revealed = !!round && (page.state.results || []).some(function (r) { return r.round_id === round.id; });
    $('ballot').hidden = !open;
    $('closed').hidden = !round || open || revealed;
    if (!open) { page.ballotRound = null; return; }
    if (page.ballotRound !== round.id) {
      page.ballotRound = round.id;
      app.showStatus(t('round_opened', { round: round.name }));
      var draft = load('ballot', null);
      page.ballotDraft = draft && draft.round_id === round.id ? draft.dots : {};
      var pending = pendingBallot(round);
      if (pending) { page.ballotDraft = Object.assign({}, pending.body.dots); }
      page.shownCandidates = '';
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
    if (key !== page.shownCandidates) {
      page.shownCandidates = key;
      renderCandidates(round);
    }
    updateBallot();
  }

  function forbidden(round, candidate) { return !round.allow_own_team && candidate.own_team; }

  function renderCandidates(round) {
    var list = $('candidates');
    list.textContent = '';
    if (round.my_ballot && !pendingBallot(round) && !Object.keys(page.ballotDraft).length) {
      page.ballotDraft = Object.assign({}, round.my_ballot.dots);
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
    Object.keys(page.ballotDraft).forEach(function (id) {
      var n = page.ballotDraft[id];
      if (n > 0) { positive += n; } else { negative -= n; }
    });
    return { positive: positive, negative: negative };
  }

  // Whether one more step would still keep the ballot within the round's rules.
  function canStep(round, candidate, step) {
    if (locked(round)) { return false; }
    var n = page.ballotDraft[candidate.id] || 0;
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
    var round = page.state && page.state.round;
    if (!round || round.status !== 'open') { return; }
    var used = spent();
    $('remaining-positive').textContent = t('ballot_remaining', {
      left: round.dots_per_voter - used.positive, dots: round.dots_per_voter });
    $('remaining-negative').hidden = !round.negative_dots;
    $('remaining-negative').textContent = t('ballot_remaining_negative', {
      left: round.negative_dots - used.negative, negative: round.negative_dots });
    round.candidates.forEach(function (candidate) {
      var count = $('dots-' + candidate.id);
      if (count) { count.textContent = tn('ballot_dots_of', page.ballotDraft[candidate.id] || 0, { dots: page.ballotDraft[candidate.id] || 0 }); }
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
    var round = page.state && page.state.round;
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
    var round = page.state && page.state.round;
    if (!round || button.getAttribute('aria-disabled') === 'true') { return; }
    var id = button.getAttribute('data-candidate');
    var next = (page.ballotDraft[id] || 0) + parseInt(button.getAttribute('data-step'), 10);
    if (next) { page.ballotDraft[id] = next; } else { delete page.ballotDraft[id]; }
    save('ballot', { round_id: round.id, dots: page.ballotDraft });
    updateBallot();
  }

  function castBallot() {
    var round = page.state && page.state.round;
    if (!round || locked(round)) { return; }
    if (!Object.keys(page.ballotDraft).length) { app.showError(t('ballot_empty')); return; }
    app.showError('');
    app.enqueue('ballot', { round_id: round.id, dots: Object.assign({}, page.ballotDraft) });
    updateBallot();
    $('ballot-heading').focus();
    app.flush();
  }

  app.castBallot = castBallot;
  app.renderBallotState = renderBallotState;
  app.renderRound = renderRound;
  app.step = step;
}(window.workshopPage));
