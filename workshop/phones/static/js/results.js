/* The results of the newest revealed round. */
(function (app) {
  'use strict';

  var $ = app.$;
  var page = app.page;
  var changed = app.changed;
  var t = app.t;
  var tn = app.tn;
  var typed = app.typed;

  function renderResults(later) {
    var results = later ? [] : page.state.results || [];
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

  app.renderResults = renderResults;
}(window.workshopPage));
