// Boots tenure's GraphiQL playground. The page loads, in order, React, ReactDOM,
// GraphiQL's browser bundles and its explorer plugin's (globals React, ReactDOM,
// GraphiQL, GraphiQLPluginExplorer), all served by tenure itself, then this script. The
// explorer lists the schema's fields as a tree with checkboxes, so someone who does not
// know GraphQL builds a query by ticking fields. The page's
//   <script type="application/json" id="tenure-playground">
//     {"query": "...", "variables": "...", "endpoint": "/graphql"}
//   </script>
// gives the query and variables the editors open with and the endpoint to query.
(function () {
  'use strict';

  var root = document.getElementById('graphiql');
  var configElement = document.getElementById('tenure-playground');
  var config = {};
  try {
    config = JSON.parse((configElement && configElement.textContent) || '{}');
  } catch (error) {
    console.error('tenure: the playground configuration is not JSON', error);
  }
  var endpoint = config.endpoint || '/graphql';

  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    root.textContent =
      'GraphiQL could not load: its scripts are missing from /assets/playground/.';
    return;
  }
  var h = React.createElement;

  // POSTs each operation as JSON to the endpoint, with the headers of the Headers editor.
  function fetcher(params, options) {
    var headers = { 'content-type': 'application/json', accept: 'application/json' };
    var extra = (options && options.headers) || {};
    Object.keys(extra).forEach(function (name) {
      headers[name] = extra[name];
    });
    return fetch(endpoint, {
      method: 'POST',
      headers: headers,
      body: JSON.stringify(params),
      credentials: 'same-origin',
    }).then(function (response) {
      return response.text().then(function (text) {
        try {
          return JSON.parse(text);
        } catch (_) {
          return {
            errors: [{ message: 'HTTP ' + response.status + ' ' + response.statusText + ': ' + text }],
          };
        }
      });
    });
  }

  // Top right of the editors: the project's name and a link to the timeline app.
  var logo = h(
    GraphiQL.Logo,
    null,
    h(
      'span',
      { className: 'tenure-logo' },
      h('span', { className: 'tenure-name' }, 'tenure'),
      h(
        'a',
        { id: 'tenure-timeline-link', className: 'tenure-link', href: '/timeline', title: 'The terms of office on a time axis' },
        'Timeline'
      )
    )
  );

  var props = {
    fetcher: fetcher,
    defaultEditorToolsVisibility: 'variables',
    isHeadersEditorEnabled: true,
  };
  // Without the plugin's script the playground still works, without the explorer.
  if (window.GraphiQLPluginExplorer) {
    props.plugins = [GraphiQLPluginExplorer.explorerPlugin()];
  } else {
    console.error('tenure: the explorer plugin is missing from /assets/playground/');
  }
  if (typeof config.query === 'string') {
    // `query` sets the editor on load even when a previous session is in storage;
    // `defaultQuery` is what a fresh tab opens with.
    props.query = config.query;
    props.defaultQuery = config.query;
  }
  if (typeof config.variables === 'string') {
    props.variables = config.variables;
  }

  var style = document.createElement('style');
  style.textContent = [
    '.tenure-logo { display: inline-flex; align-items: baseline; gap: 0.75em; }',
    '.tenure-name { font-weight: 600; }',
    '.tenure-link { font-size: 0.8em; font-weight: 500; color: hsl(var(--color-primary));',
    '  border: 1px solid currentColor; border-radius: 999px; padding: 0.15em 0.7em; text-decoration: none; }',
    '.tenure-link:hover, .tenure-link:focus { background: hsla(var(--color-primary), 0.1); }',
  ].join('\n');
  document.head.appendChild(style);

  ReactDOM.createRoot(root).render(h(GraphiQL, props, logo));
})();
