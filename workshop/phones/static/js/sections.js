/* Which section the page shows, drawn from the server's state; the team choice. */
(function (app) {
  'use strict';

  var $ = app.$;
  var page = app.page;
  var t = app.t;
  var typed = app.typed;

  function showSection(name) {
    var all = ['join', 'team', 'ideas'];
    all.forEach(function (id) { $(id).hidden = id !== name; });
    if (name !== page.section) {
      page.section = name;
      var heading = $(name + '-heading');
      if (heading && document.readyState === 'complete' && page.section !== null) { heading.focus(); }
    }
  }

  function render() {
    app.applyTitle();
    var teams = page.state.teams || [];
    var needsTeam = (page.state.team_id === null && teams.length > 0) || page.choosingTeam;
    if (needsTeam) {
      renderTeams(teams);
      showSection('team');
    } else {
      showSection('ideas');
      app.renderIdeas();
    }
    $('team-current').textContent = teamName(page.state.team_id) ? t('team_current', { team: teamName(page.state.team_id) }) : '';
    $('team-change').hidden = !teams.length;
    // The ballot may depend on the team (own-team rule): it waits until one is chosen.
    app.renderRound(needsTeam);
    app.renderResults(needsTeam);
    if (page.state.paused !== page.shownPaused) {
      page.shownPaused = page.state.paused;
      app.say('connection', page.state.paused ? t('paused') : '');
    }
  }

  function teamName(id) {
    var teams = (page.state && page.state.teams) || [];
    for (var i = 0; i < teams.length; i++) { if (teams[i].id === id) { return teams[i].name; } }
    return '';
  }

  function renderTeams(teams) {
    var key = page.lang + JSON.stringify(teams) + page.state.team_id;
    $('team-none').hidden = teams.length > 0;
    $('team-submit').hidden = !teams.length;
    if (key === page.shownTeams) { return; }
    page.shownTeams = key;
    var box = $('team-choices');
    box.textContent = '';
    teams.forEach(function (team, index) {
      var label = document.createElement('label');
      var input = document.createElement('input');
      input.type = 'radio';
      input.name = 'team';
      input.value = team.id;
      input.checked = team.id === page.state.team_id || (!page.state.team_id && index === 0);
      label.appendChild(input);
      label.appendChild(typed(document.createElement('span'), team.name));
      box.appendChild(label);
    });
  }

  app.render = render;
  app.showSection = showSection;
}(window.workshopPage));
