// Boots tenure's GraphiQL playground. The page loads, in order, React, ReactDOM,
// GraphiQL's browser bundles and its explorer plugin's (globals React, ReactDOM,
// GraphiQL, GraphiQLPluginExplorer), all served by tenure itself, then this script. The
// explorer lists the schema's fields as a tree with checkboxes, so someone who does not
// know GraphQL builds a query by ticking fields. The page's
//   <script type="application/json" id="tenure-playground">
//     {"query": "...", "variables": "...", "tabs": [{"query": "..."}], "endpoint": "/graphql"}
//   </script>
// gives the query and variables the editors open with, the further tabs a fresh
// session opens beside it, and the endpoint to query.
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

  // The names of the operations a document defines, read past comments and strings.
  function operationNames(query) {
    var text = String(query || '')
      .replace(/"""[\s\S]*?"""/g, '""')
      .replace(/"(?:[^"\\\n]|\\.)*"/g, '""')
      .replace(/#[^\n]*/g, '');
    var names = [];
    var pattern = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/g;
    var match;
    while ((match = pattern.exec(text))) names.push(match[1]);
    return names;
  }

  // POSTs each operation as JSON to the endpoint, with the headers of the Headers editor.
  // After a switch of tabs GraphiQL 3 may still send the operation name of the tab it
  // opened on (`HoldersDuring` from the second tab); a name the document does not
  // define is dropped, so a document with one operation runs it.
  function fetcher(params, options) {
    if (params.operationName && operationNames(params.query).indexOf(params.operationName) < 0) {
      params = Object.assign({}, params, { operationName: undefined });
    }
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
  if (typeof config.query === 'string' && Array.isArray(config.tabs)) {
    // A fresh session (nothing in storage) opens the headline tab and these beside it.
    props.defaultTabs = [{ query: config.query, variables: config.variables }].concat(config.tabs);
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
