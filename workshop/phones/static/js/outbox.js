/* Nothing lost, nothing doubled: every write goes into an outbox in localStorage first,
   with its Idempotency-Key, and leaves it only on the server's 2xx (then "saved" is
   shown) or on a refusal the person must see. A dropped connection leaves it there, to be
   sent again with the same key, which the server answers without writing twice. */
(function (app) {
  'use strict';

  var $ = app.$;
  var page = app.page;
  var save = app.save;
  var t = app.t;

  function enqueue(kind, body) {
    var item = { key: app.newKey(), kind: kind, body: body, token: page.token };
    var items = app.outbox();
    items.push(item);
    save('outbox', items);
    return item;
  }

  function drop(key) {
    save('outbox', app.outbox().filter(function (item) { return item.key !== key; }));
  }

  // Sends the waiting writes one at a time, oldest first; stops at the first that
  // cannot go now (no connection, rate limit, paused) and tries again later.
  function flush() {
    if (page.flushing || !page.token || Date.now() < page.retryAt) { return Promise.resolve(); }
    var items = app.outbox().filter(function (item) { return item.token === page.token; });
    if (!items.length) { return Promise.resolve(); }
    page.flushing = true;
    var item = items[0];
    var path = item.kind === 'idea' ? 'ideas' : 'ballots';
    return app.request('POST', path, item.body, item.key).then(function (reply) {
      page.flushing = false;
      return settle(item, reply);
    }, function () {
      page.flushing = false;
      app.renderPending();
    }).catch(function () { /* no connection: the next poll or 'online' tries again */ });
  }

  function settle(item, reply) {
    var code = app.errorCode(reply);
    if (reply.ok) {
      drop(item.key);
      if (page.waited) { app.showError(''); }  // the reason it waited no longer holds
      page.waited = false;
      if (item.kind === 'idea') {
        app.showStatus(t('idea_saved', { title: item.body.title }));
      } else {
        page.ballotDraft = {};
        save('ballot', null);
        app.showStatus(t('ballot_saved'));
      }
      return app.refresh().then(flush, flush);
    }
    if (reply.status === 401) {
      return app.join(page.token).then(function (ok) { if (ok) { return flush(); } });
    }
    if (reply.status === 429 || reply.status >= 500 || code === 'in_progress' || code === 'paused') {
      // Kept, with its key: sent again later, never twice.
      var wait = parseInt(reply.retryAfter, 10);
      page.retryAt = Date.now() + (wait > 0 ? wait * 1000 : app.POLL_MS);
      page.waited = true;
      var text = code === 'paused' ? t('paused') : reply.status === 429 ? t('error_rate') : app.errorText(reply);
      // Said once, not again at every retry.
      if ($('error').textContent !== text) { app.showError(text); }
      app.renderPending();
      return undefined;
    }
    // Refused for good (a rule of the workshop): the person sees why, and gets back what
    // they typed to fix it.
    drop(item.key);
    app.showError(app.errorText(reply));
    if (item.kind === 'idea') { app.restoreIdea(item.body); }
    app.renderPending();
    return app.refresh();
  }

  app.enqueue = enqueue;
  app.flush = flush;
}(window.workshopPage));
