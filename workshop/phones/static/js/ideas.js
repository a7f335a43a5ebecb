/* The ideas: the prompt, the form with its draft, the team's list with pending ones. */
(function (app) {
  'use strict';

  var $ = app.$;
  var page = app.page;
  var changed = app.changed;
  var save = app.save;
  var t = app.t;
  var typed = app.typed;

  function codePoints(text) { return Array.from(text).length; }

  function renderIdeas() {
    var prompt = page.state.prompt;
    $('no-prompt').hidden = !!prompt;
    $('idea-form').hidden = !prompt;
    typed($('prompt-text'), prompt ? prompt.text : '');
    $('idea-title-help').textContent = t('idea_title_help', { limit: page.state.limits.idea_title });
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
    if (!page.state) { return; }
    var list = $('idea-list');
    var waiting = app.outbox().filter(function (item) { return item.kind === 'idea' && item.token === page.token; });
    if (!changed('ideas', [waiting, page.state.ideas])) { app.renderBallotState(); return; }
    list.textContent = '';
    waiting.forEach(function (item) { list.appendChild(ideaItem(item.body, true)); });
    (page.state.ideas || []).forEach(function (idea) { list.appendChild(ideaItem(idea, false)); });
    $('no-ideas').hidden = list.children.length > 0;
    app.renderBallotState();
  }

  function submitIdea() {
    if (page.composing) { return; }
    var title = $('idea-title').value.normalize('NFC').trim();
    var details = $('idea-details').value.normalize('NFC').trim();
    var limits = page.state.limits;
    if (!title) {
      app.showError(t('idea_empty'));
      $('idea-title').focus();
      return;
    }
    var tooLong = codePoints(title) > limits.idea_title ? ['idea_title', title, limits.idea_title]
      : codePoints(details) > limits.idea_details ? ['idea_details', details, limits.idea_details] : null;
    if (tooLong) {
      app.showError(t('idea_too_long', { field: t(tooLong[0]), length: codePoints(tooLong[1]), limit: tooLong[2] }));
      $(tooLong[0].replace('_', '-')).focus();
      return;
    }
    var body = { title: title, details: details };
    if (page.state.prompt) { body.prompt_id = page.state.prompt.id; }
    app.enqueue('idea', body);
    $('idea-title').value = '';
    $('idea-details').value = '';
    save('draft', null);
    app.showError('');
    renderPending();
    $('idea-title').focus();
    app.flush().then(function () {
      if (app.outbox().some(function (item) { return item.kind === 'idea'; }) && page.offline) {
        app.showStatus(t('idea_pending'));
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

  app.renderIdeas = renderIdeas;
  app.renderPending = renderPending;
  app.restoreIdea = restoreIdea;
  app.saveDraft = saveDraft;
  app.submitIdea = submitIdea;
}(window.workshopPage));
