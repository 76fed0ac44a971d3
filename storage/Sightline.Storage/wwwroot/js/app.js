// Hash routing: every view lives at a URL that reproduces it, and static file serving needs no fallback route.
//   #/search?…          search form and results (search-view.js)
//   #/trace/<id>?…      one trace (trace-view.js)
//   #/dependencies?…    service dependency graph (dependency-view.js)
import { bearerToken, setBearerToken } from './api.js';
import { renderDependencies } from './dependency-view.js';
import { el, replace } from './dom.js';
import { renderSearch } from './search-view.js';
import { renderTrace } from './trace-view.js';

const main = document.getElementById('main');
let generation = 0;

function parse(hash) {
  const text = hash.replace(/^#/, '') || '/search';
  const mark = text.indexOf('?');
  const path = mark < 0 ? text : text.slice(0, mark);
  return { path, params: new URLSearchParams(mark < 0 ? '' : text.slice(mark + 1)) };
}

async function route() {
  const current = ++generation;
  const { path, params } = parse(location.hash);
  const view = el('div', { class: 'view' });
  replace(main, view);
  for (const link of document.querySelectorAll('nav a')) {
    link.classList.toggle('active', path.startsWith(link.dataset.route));
  }
  document.body.dataset.ready = 'false';
  try {
    const trace = /^\/trace\/(.+)$/.exec(path);
    if (trace) {
      document.title = `Trace ${decodeURIComponent(trace[1])} · Sightline`;
      await renderTrace(view, decodeURIComponent(trace[1]), params);
    } else if (path.startsWith('/dependencies')) {
      document.title = 'Dependencies · Sightline';
      await renderDependencies(view, params);
    } else {
      document.title = 'Search · Sightline';
      await renderSearch(view, params);
    }
  } catch (error) {
    replace(view, el('div', { class: 'error-box', role: 'alert' }, `This view failed: ${error.message}`));
  } finally {
    // Tests and scripts wait for data-ready="true": the view has all its data drawn.
    if (current === generation) document.body.dataset.ready = 'true';
  }
}

// The server was started with a bearer token: ask for it once, then draw the view again.
function askForToken() {
  if (document.querySelector('.token-form')) return;
  const input = el('input', { type: 'password', name: 'token', autocomplete: 'off', 'aria-label': 'Bearer token' });
  const form = el('form', { class: 'token-form' },
    el('span', {}, bearerToken() ? 'The bearer token was refused; enter the right one: ' : 'This server needs a bearer token: '),
    input,
    el('button', { type: 'submit', class: 'primary' }, 'Use token'));
  form.addEventListener('submit', event => {
    event.preventDefault();
    setBearerToken(input.value.trim());
    form.remove();
    route();
  });
  document.querySelector('header.top').after(form);
  input.focus();
}

window.addEventListener('sightline:unauthorized', askForToken);
window.addEventListener('hashchange', route);
route();
