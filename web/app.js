/* tradewire dashboard: plain JavaScript, no framework, no build step.
 *
 * Hash routes: #/ (latest articles), #/articles/ID, #/tariffs, #/actors, #/actors/ID,
 * #/search?q=, #/submit. Every view renders into <main id="view">; a render generation number
 * lets a view's late fetches and polling timers notice that the user has moved on.
 * All text from the API goes into the DOM as text nodes (never innerHTML).
 * Annotation offsets count Unicode code points; JavaScript strings are UTF-16, so the body is
 * indexed through Array.from(body), which yields one element per code point.
 */
'use strict';

const LIST_LIMIT = 50;
const POLL_MS = 600;
const COLORS = ['#c0392b', '#2f5fd0', '#1b7f45', '#a66a00', '#7a3cbd', '#0e7490', '#be185d',
                '#4d7c0f', '#57534e', '#ea580c'];
const CHANGE_WORDS = ['impose', 'raise', 'cut', 'remove', 'suspend', 'threaten', 'propose',
                      'current'];
const TYPE_LABEL = {person: 'Person', country: 'Country', organization: 'Organisation'};
const CMP_SIGN = {eq: '', gt: '>', lt: '<', approx: '≈'};

let generation = 0;     /* bumped at each route change */
const timers = new Set();

/* ---------- small helpers ---------- */

/* Builds an element: h('a', {href: '#/', class: 'x'}, 'text', child, [more]). */
function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
        if (v === null || v === undefined || v === false) continue;
        if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
        else if (k === 'class') el.className = v;
        else if (k === 'style') el.style.cssText = v; /* CSSOM, so a CSP without 'unsafe-inline' allows it */
        else if (k === 'dataset') Object.assign(el.dataset, v);
        else el.setAttribute(k, v === true ? '' : v);
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const c of children.flat(Infinity)) {
        if (c === null || c === undefined || c === false) continue;
        el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
}

const SVGNS = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
    const el = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, v);
    for (const c of children.flat()) {
        if (c === null || c === undefined) continue;
        el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
}

function fmtDate(iso, withTime) {
    if (!iso) return '';
    const d = new Date(iso);
    if (isNaN(d)) return iso;
    const opts = {day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC'};
    if (withTime) Object.assign(opts, {hour: '2-digit', minute: '2-digit', hour12: false});
    return d.toLocaleString('en-GB', opts) + (withTime ? ' UTC' : '');
}

function fmtNumber(v) {
    if (Math.abs(v) >= 1e9) return trim(v / 1e9) + ' bn';
    if (Math.abs(v) >= 1e6) return trim(v / 1e6) + ' mln';
    return trim(v);
}
function trim(v) { return Number(v.toFixed(3)).toLocaleString('en-US'); }

/* "25%", "> 100%", "$2.5 bn", "0.025 USD / pound" */
function fmtFigure(t) {
    const sign = CMP_SIGN[t.comparator] ? CMP_SIGN[t.comparator] + ' ' : '';
    if (t.unit === 'percent') return sign + trim(t.value) + '%';
    const money = t.unit === 'USD' ? '$' + fmtNumber(t.value) : fmtNumber(t.value) + ' ' + t.unit;
    return sign + money + (t.per ? ' / ' + t.per : '');
}

function party(code) { return code === null || code === undefined ? '?' : code === '*' ? 'all' : code; }

function truncate(str, n) { return str.length > n ? str.slice(0, n - 1) + '…' : str; }

function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const [path, query] = raw.split('?');
    return {parts: path.split('/').filter(Boolean).map(decodeURIComponent),
            query: new URLSearchParams(query || '')};
}

function setQuery(base, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
    const str = q.toString();
    location.hash = base + (str ? '?' + str : '');
}

function later(fn, ms) {
    const id = setTimeout(() => { timers.delete(id); fn(); }, ms);
    timers.add(id);
}

/* ---------- API ---------- */

class ApiError extends Error {
    constructor(status, problem, path) {
        super((problem && problem.detail) || (problem && problem.title) || 'HTTP ' + status);
        this.status = status;
        this.problem = problem;
        this.path = path;
    }
}

/* fetch + JSON. Resolves to the parsed body (null for 204); rejects with an ApiError carrying the
 * problem+json document (or a stand-in when the body is not one, or the network failed). */
async function api(path, options) {
    let res;
    try {
        res = await fetch(path, Object.assign({headers: {Accept: 'application/json'}}, options));
    } catch (e) {
        throw new ApiError(0, {title: 'Network error', detail: 'The service did not answer (' + e.message + ').'}, path);
    }
    if (res.status === 204) return null;
    const text = await res.text();
    let doc = null;
    try { doc = text ? JSON.parse(text) : null; } catch (e) { doc = null; }
    if (!res.ok) {
        const problem = doc && typeof doc === 'object' ? doc
            : {title: res.statusText || 'HTTP ' + res.status, detail: text.slice(0, 300)};
        throw new ApiError(res.status, problem, path);
    }
    return doc;
}

function endpointOf(path) { return ('/' + path.split('?')[0]).replace(/^\/+/, '/').replace(/\/\d+(?=\/|$)/g, '/{id}'); }

/* The error box: a 404 (or 405) on a list endpoint means the server lacks that part of the API. */
function errorBox(err, what) {
    const p = err.problem || {};
    if (err instanceof ApiError && (err.status === 404 || err.status === 405) && !/\/\d+$/.test(err.path.split('?')[0])) {
        return h('div', {class: 'notice unavailable', role: 'alert'},
            h('strong', {}, (what || 'This view') + ' is not available on this server yet'),
            h('p', {}, 'It needs ', h('code', {}, 'GET ' + endpointOf(err.path)),
              ', which answered ' + err.status + (p.detail ? ': ' + p.detail : '') + '.'),
            h('p', {class: 'muted small'}, 'The rest of the dashboard keeps working.'));
    }
    return h('div', {class: 'notice error', role: 'alert'},
        h('strong', {}, (p.title || 'Error') + (err.status ? ' (' + err.status + ')' : '')),
        h('p', {}, p.detail || err.message));
}

function loading(text) { return h('div', {class: 'loading'}, text || 'Loading…'); }

function empty(title, text, action) {
    return h('div', {class: 'empty'}, h('strong', {}, title), text ? h('p', {}, text) : null, action || null);
}

function statusBadge(st) { return h('span', {class: 'badge status-' + st}, st); }

/* ---------- router ---------- */

const view = () => document.getElementById('view');

function route() {
    generation++;
    for (const id of timers) clearTimeout(id);
    timers.clear();
    const {parts, query} = parseHash();
    const section = parts[0] || 'articles';
    for (const a of document.querySelectorAll('.nav a')) {
        a.classList.toggle('active', a.dataset.nav === section);
        if (a.dataset.nav === section) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    const main = view();
    main.replaceChildren();
    const gen = generation;
    let p;
    if (section === 'articles' && parts[1]) p = articleView(main, parts[1], gen);
    else if (section === 'articles') p = listView(main, query, gen);
    else if (section === 'tariffs') p = tariffsView(main, query, gen);
    else if (section === 'actors') p = actorsView(main, parts[1], query, gen);
    else if (section === 'search') p = searchView(main, query, gen);
    else if (section === 'submit') p = submitView(main, gen);
    else {
        main.append(empty('No such page', 'Nothing lives at #/' + parts.join('/') + '.',
                          h('a', {href: '#/'}, 'Back to the latest articles')));
    }
    if (p) p.catch((e) => { if (gen === generation) main.append(errorBox(e)); });
    window.scrollTo(0, 0);
}

/* ---------- service indicator ---------- */

async function pollService() {
    const el = document.getElementById('service');
    try {
        const r = await api('readyz');
        el.className = 'service ok';
        el.textContent = r.queue_depth > 0 ? 'ready · ' + r.queue_depth + ' queued' : 'ready';
    } catch (e) {
        el.className = 'service bad';
        el.textContent = e.status === 503 ? 'busy' : e.status === 404 ? 'no /readyz' : 'offline';
        el.title = e.message;
    }
    setTimeout(pollService, 5000);
}

/* ---------- latest articles ---------- */

async function listView(main, query, gen) {
    const status = query.get('status') || '';
    const source = query.get('source') || '';
    const head = h('div', {class: 'page-head'},
        h('div', {}, h('div', {class: 'kicker'}, 'Newsroom'), h('h1', {}, 'Latest articles'),
          h('p', {}, 'Everything submitted, newest first, with where its annotation stands.')),
        h('a', {class: 'button', href: '#/submit'}, '+ Submit an article'));
    const chips = h('div', {class: 'chips', role: 'group', 'aria-label': 'Filter by status'},
        ['', 'queued', 'processing', 'done', 'failed'].map((st) =>
            h('a', {class: 'chip' + (st === status ? ' active' : ''),
                    href: '#/articles' + qs({status: st, source})}, st || 'All')));
    const srcForm = h('form', {class: 'row', onsubmit: (e) => {
        e.preventDefault();
        setQuery('/articles', {status, source: e.target.elements.source.value.trim()});
    }}, h('input', {name: 'source', placeholder: 'Source (exact)', value: source, 'aria-label': 'Source'}),
        h('button', {type: 'submit'}, 'Filter'));
    const list = h('ul', {class: 'stories', 'aria-live': 'polite'});
    const more = h('div', {class: 'more'});
    main.append(head, h('div', {class: 'filters'}, chips, h('span', {class: 'spacer'}), srcForm), list, more);

    const params = {limit: LIST_LIMIT, status, source};
    let shown = [];
    async function loadPage(cursor) {
        more.replaceChildren(loading());
        const page = await api('v1/articles' + qs(Object.assign({}, params, {cursor})));
        if (gen !== generation) return;
        shown = cursor ? shown.concat(page.items) : page.items;
        if (!cursor) list.replaceChildren();
        for (const a of page.items) list.append(storyRow(a));
        more.replaceChildren();
        if (shown.length === 0) {
            more.append(empty(status || source ? 'No articles match' : 'No articles yet',
                status || source ? 'Try another filter.' : 'Submit one and watch it get annotated.',
                h('a', {class: 'button', href: '#/submit'}, 'Submit an article')));
        }
        if (page.next_cursor) {
            more.append(h('button', {onclick: () => loadPage(page.next_cursor).catch(fail)}, 'Load more'));
        }
        if (!cursor) schedule();
    }
    function fail(e) { if (gen === generation) more.replaceChildren(errorBox(e)); }
    /* While something is queued or processing, refresh the first page. */
    function schedule() {
        if (shown.some((a) => a.status === 'queued' || a.status === 'processing') && shown.length <= LIST_LIMIT) {
            later(() => loadPage(null).catch(fail), 2000);
        }
    }
    await loadPage(null).catch(fail);
}

function qs(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) q.set(k, v);
    const str = q.toString();
    return str ? '?' + str : '';
}

function storyRow(a) {
    const when = a.published_at ? fmtDate(a.published_at) : 'received ' + fmtDate(a.received_at, true);
    return h('li', {class: 'story', dataset: {id: a.id}},
        h('a', {class: 'headline', href: '#/articles/' + a.id}, a.title || 'Untitled article #' + a.id),
        h('div', {class: 'state'}, statusBadge(a.status)),
        h('div', {class: 'meta'}, [a.source ? a.source + ' · ' : '', when, ' · #' + a.id]),
        a.status === 'failed' ? h('div', {class: 'error-line'}, a.error || 'annotation failed') : null);
}

/* ---------- article view ---------- */

async function articleView(main, id, gen) {
    main.append(loading('Loading article #' + id + '…'));
    let delay = POLL_MS;
    for (;;) {
        let a;
        try {
            a = await api('v1/articles/' + encodeURIComponent(id));
        } catch (e) {
            if (gen !== generation) return;
            main.replaceChildren(e.status === 404
                ? empty('No article #' + id, (e.problem && e.problem.detail) || 'It may have been deleted.',
                        h('a', {href: '#/'}, 'Back to the latest articles'))
                : errorBox(e));
            return;
        }
        if (gen !== generation) return;
        main.replaceChildren(renderArticle(a, gen));
        if (a.status !== 'queued' && a.status !== 'processing') return;
        await new Promise((r) => later(r, delay));
        if (gen !== generation) return;
        delay = Math.min(delay * 1.5, 3000);
    }
}

function renderArticle(a, gen) {
    const ann = a.annotations || {actors: [], claims: [], tariffs: []};
    const wrap = h('article', {class: 'article', dataset: {articleId: a.id, status: a.status}});
    const del = h('button', {class: 'danger', onclick: async () => {
        if (!confirm('Delete article #' + a.id + ' and its annotations?')) return;
        del.disabled = true;
        try { await api('v1/articles/' + a.id, {method: 'DELETE'}); location.hash = '#/'; }
        catch (e) { del.disabled = false; wrap.prepend(errorBox(e)); }
    }}, 'Delete');
    const head = h('header', {class: 'article-head page-head'},
        h('div', {},
          h('div', {class: 'kicker'}, a.source || 'Article'),
          h('h1', {}, a.title || 'Untitled article #' + a.id),
          h('div', {class: 'article-meta'}, statusBadge(a.status),
            a.published_at ? h('span', {}, 'Published ' + fmtDate(a.published_at, true)) : null,
            h('span', {}, 'Received ' + fmtDate(a.received_at, true)),
            a.annotated_at ? h('span', {}, 'Annotated ' + fmtDate(a.annotated_at, true)) : null,
            a.url ? h('a', {href: a.url, rel: 'noopener noreferrer', target: '_blank'}, 'Original ↗') : null,
            h('a', {href: 'v1/articles/' + a.id}, 'JSON'))),
        del);
    wrap.append(head);
    if (a.status === 'failed') {
        wrap.append(h('div', {class: 'notice error', role: 'alert'},
            h('strong', {}, 'Annotation failed'), h('p', {}, a.error || 'No reason given.')));
    } else if (a.status !== 'done') {
        wrap.append(h('div', {class: 'notice', role: 'status'},
            h('strong', {}, a.status === 'queued' ? 'Waiting in the queue…' : 'Being annotated…'),
            h('p', {}, 'This page updates by itself when the annotations are ready.')));
    }

    const body = h('div', {class: 'article-body card', lang: 'en'});
    const marks = highlight(body, a.body || '', ann);
    const counts = {person: 0, country: 0, organization: 0};
    for (const ac of ann.actors) counts[ac.type] = (counts[ac.type] || 0) + ac.mentions.length;
    const layer = (key, label, n) => h('label', {},
        h('input', {type: 'checkbox', checked: true, onchange: (e) => body.classList.toggle('hide-' + key, !e.target.checked)}),
        h('span', {class: 'swatch sw-' + key}), label, h('span', {class: 'count'}, n));
    const legend = a.status === 'done' ? h('div', {class: 'legend', role: 'group', 'aria-label': 'Legend'},
        h('span', {class: 'legend-title'}, 'Legend'),
        layer('person', 'Person', counts.person), layer('country', 'Country', counts.country),
        layer('organization', 'Organisation', counts.organization),
        layer('claim', 'Claim', ann.claims.length),
        h('span', {class: 'small muted'}, h('span', {class: 'swatch sw-direct'}), ' quoted'),
        layer('tariff', 'Tariff figure', ann.tariffs.length)) : null;

    const side = h('aside', {class: 'side sticky card'}, sidePanel(ann, marks, body));
    wrap.append(h('div', {class: 'split'}, h('div', {class: 'reading'}, legend, body), a.status === 'done' ? side : null));
    return wrap;
}

/* Renders body into container with the annotations as nested spans. Returns an index of the
 * created elements by kind and id so that the side panel can find them. */
function highlight(container, body, ann) {
    const cps = Array.from(body);
    const n = cps.length;
    const spans = [];
    /* layer decides nesting when two spans coincide: claims outside, mentions and figures inside */
    ann.claims.forEach((c) => spans.push({start: c.start, end: c.end, layer: 0, kind: 'claim', item: c}));
    ann.actors.forEach((ac) => ac.mentions.forEach((m, i) =>
        spans.push({start: m.start, end: m.end, layer: 1, kind: 'actor', item: ac, mention: i})));
    ann.tariffs.forEach((t) => spans.push({start: t.start, end: t.end, layer: 2, kind: 'tariff', item: t}));
    const valid = spans.filter((sp) => Number.isInteger(sp.start) && Number.isInteger(sp.end) &&
                                       sp.start >= 0 && sp.start < sp.end && sp.end <= n);
    const tree = nest(valid, n);
    const index = {actor: new Map(), claim: new Map(), tariff: new Map()};
    renderNode(tree, cps, container, index);
    return index;
}

/* Turns possibly overlapping spans into a tree. A span that crosses the end of the span it starts
 * in is cut there; the rest is queued again as a continuation piece (class hl-cont). */
function nest(spans, n) {
    const order = (a, b) => a.start - b.start || b.end - a.end || a.layer - b.layer;
    const todo = spans.slice().sort(order);
    const root = {start: 0, end: n, children: []};
    const stack = [root];
    while (todo.length) {
        let sp = todo.shift();
        while (stack.length > 1 && stack[stack.length - 1].end <= sp.start) stack.pop();
        const parent = stack[stack.length - 1];
        if (sp.end > parent.end) {
            const rest = Object.assign({}, sp, {start: parent.end, cont: true});
            let i = todo.findIndex((x) => order(rest, x) < 0);
            todo.splice(i < 0 ? todo.length : i, 0, rest);
            sp = Object.assign({}, sp, {end: parent.end});
        }
        const node = Object.assign({}, sp, {children: []});
        parent.children.push(node);
        stack.push(node);
    }
    return root;
}

function renderNode(node, cps, out, index) {
    let pos = node.start;
    for (const ch of node.children) {
        appendText(out, cps, pos, ch.start);
        const el = markFor(ch);
        renderNode(ch, cps, el, index);
        out.appendChild(el);
        const key = ch.item.id;
        if (!index[ch.kind].has(key)) index[ch.kind].set(key, []);
        index[ch.kind].get(key).push(el);
        pos = ch.end;
    }
    appendText(out, cps, pos, node.end);
}

/* Appends code points [a, b); each newline gets a block spacer so paragraphs breathe. */
function appendText(out, cps, a, b) {
    if (a >= b) return;
    const text = cps.slice(a, b).join('');
    const lines = text.split('\n');
    lines.forEach((line, i) => {
        if (i > 0) out.appendChild(h('span', {class: 'nl'}, '\n'));
        if (line) out.appendChild(document.createTextNode(line));
    });
}

function markFor(sp) {
    const it = sp.item;
    let cls, title, data;
    if (sp.kind === 'actor') {
        cls = 'hl hl-actor hl-' + it.type;
        title = it.name + ' · ' + (TYPE_LABEL[it.type] || it.type) + (it.country ? ' · ' + it.country : '') + (it.role ? ' · ' + it.role : '');
        data = {actor: it.id, mention: sp.mention};
    } else if (sp.kind === 'claim') {
        cls = 'hl hl-claim' + (it.direct ? ' hl-direct' : '');
        title = (it.speaker || 'Unattributed') + (it.cue ? ' · ' + it.cue : '') + (it.direct ? ' · quoted' : ' · reported');
        data = {claim: it.id};
    } else {
        cls = 'hl hl-tariff';
        title = fmtFigure(it) + ' · ' + it.kind + ' · ' + party(it.imposer) + ' → ' + party(it.target) + ' · ' + it.change +
            (it.products.length ? ' · ' + it.products.join(', ') : '');
        data = {tariff: it.id};
    }
    if (sp.cont) cls += ' hl-cont';
    return h('span', {class: cls, title, dataset: data});
}

function focusMarks(body, els, list, li) {
    for (const el of body.querySelectorAll('.focus')) el.classList.remove('focus');
    for (const el of list.querySelectorAll('.selected')) el.classList.remove('selected');
    if (!els || !els.length) return;
    li.classList.add('selected');
    for (const el of els) el.classList.add('focus');
    els[0].scrollIntoView({behavior: 'smooth', block: 'center'});
    els[0].classList.remove('flash');
    void els[0].offsetWidth; /* restart the animation */
    els[0].classList.add('flash');
}

function sidePanel(ann, marks, body) {
    let root = null; /* the panel, made below; the handlers run after it exists */
    const actors = ann.actors.slice().sort((x, y) => y.mentions.length - x.mentions.length);
    const aList = h('ul', {class: 'items'});
    for (const ac of actors) {
        const li = h('li', {tabindex: 0, dataset: {actor: ac.id}},
            h('div', {class: 'row'}, h('span', {class: 'swatch sw-' + ac.type}), h('span', {class: 'name'}, ac.name),
              h('span', {class: 'spacer'}), h('span', {class: 'sub', title: 'mentions'}, '×' + ac.mentions.length)),
            h('div', {class: 'sub'}, [TYPE_LABEL[ac.type], ac.country, ac.role].filter(Boolean).join(' · '),
              ' · ', h('a', {href: '#/actors' + qs({q: ac.name, type: ac.type}), onclick: (e) => e.stopPropagation()}, 'all articles')));
        const go = () => focusMarks(body, marks.actor.get(ac.id), root, li);
        li.addEventListener('click', go);
        li.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
        aList.append(li);
    }
    const cList = h('ul', {class: 'items'});
    for (const c of ann.claims) {
        const li = h('li', {tabindex: 0, dataset: {claim: c.id}},
            h('div', {class: 'row'}, h('span', {class: 'swatch ' + (c.direct ? 'sw-direct' : 'sw-claim')}),
              h('span', {class: 'name'}, c.speaker || 'Unattributed'),
              h('span', {class: 'sub'}, (c.cue || '') + (c.direct ? ' · quoted' : ''))),
            h('div', {class: 'quote'}, (c.direct ? '“' : '') + truncate(c.text, 220) + (c.direct ? '”' : '')));
        const go = () => focusMarks(body, marks.claim.get(c.id), root, li);
        li.addEventListener('click', go);
        li.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
        cList.append(li);
    }
    const tList = h('ul', {class: 'items'});
    for (const t of ann.tariffs) {
        const li = h('li', {tabindex: 0, dataset: {tariff: t.id}},
            h('div', {class: 'row'}, h('span', {class: 'figure'}, fmtFigure(t)),
              h('span', {class: 'sub'}, t.kind === 'rate' ? 'rate' : 'goods covered'), h('span', {class: 'spacer'}),
              h('span', {class: 'badge'}, t.change)),
            h('div', {class: 'sub'}, h('span', {class: 'code'}, party(t.imposer)), h('span', {class: 'arrow'}, '→'),
              h('span', {class: 'code'}, party(t.target)), t.products.length ? ' · ' + t.products.join(', ') : ''));
        const go = () => focusMarks(body, marks.tariff.get(t.id), root, li);
        li.addEventListener('click', go);
        li.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
        tList.append(li);
    }
    /* clicking a mention in the text selects its actor in the list */
    body.addEventListener('click', (e) => {
        const m = e.target.closest('[data-actor], [data-tariff]');
        if (!m) return;
        const sel = m.dataset.actor ? '[data-actor="' + m.dataset.actor + '"]' : '[data-tariff="' + m.dataset.tariff + '"]';
        const li = root.querySelector('li' + sel);
        if (li) { li.click(); li.scrollIntoView({block: 'nearest'}); }
    });
    const none = (what) => h('p', {class: 'muted small'}, 'No ' + what + ' found.');
    root = h('div', {},
        h('h3', {}, 'Actors', h('span', {class: 'count'}, ann.actors.length)), ann.actors.length ? aList : none('actors'),
        h('h3', {}, 'Claims', h('span', {class: 'count'}, ann.claims.length)), ann.claims.length ? cList : none('claims'),
        h('h3', {}, 'Tariff figures', h('span', {class: 'count'}, ann.tariffs.length)), ann.tariffs.length ? tList : none('tariff figures'));
    return root;
}

/* ---------- tariffs ---------- */

const TARIFF_FILTERS = ['imposer', 'target', 'product', 'kind', 'change', 'min_value', 'max_value', 'since', 'until'];

async function tariffsView(main, query, gen) {
    const f = {};
    for (const k of TARIFF_FILTERS) if (query.get(k)) f[k] = query.get(k);
    const metric = query.get('metric') || 'max';
    main.append(h('div', {class: 'page-head'},
        h('div', {}, h('div', {class: 'kicker'}, 'Tariff tracker'), h('h1', {}, 'Tariff figures'),
          h('p', {}, 'Duty rates and the trade they hit, as the articles report them.'))));
    main.append(tariffForm(f, metric));
    const chartCard = h('section', {class: 'card', 'aria-label': 'Rates over time'}, loading('Drawing the chart…'));
    const tableCard = h('section', {class: 'card', 'aria-label': 'Tariff figures'}, loading());
    main.append(chartCard, tableCard);

    const toDate = (v, end) => v ? (v.length === 10 ? v + (end ? 'T23:59:59Z' : 'T00:00:00Z') : v) : undefined;
    const params = Object.assign({}, f, {since: toDate(f.since), until: toDate(f.until, true)});
    const chartP = api('v1/tariffs/summary' + qs(Object.assign({}, params, {group_by: 'imposer,target,month', kind: 'rate', limit: 500})))
        .then((page) => { if (gen === generation) drawTariffChart(chartCard, page.items, metric, f); })
        .catch((e) => { if (gen === generation) chartCard.replaceChildren(h('h2', {}, 'Rates over time'), errorBox(e, 'The chart')); });
    const tableP = tariffTable(tableCard, params, gen);
    await Promise.all([chartP, tableP]);
}

function tariffForm(f, metric) {
    const inp = (name, label, attrs) => h('label', {class: 'field'}, label,
        h('input', Object.assign({name, value: f[name] || ''}, attrs)));
    const sel = (name, label, options) => h('label', {class: 'field'}, label,
        h('select', {name}, options.map(([v, t]) => h('option', {value: v, selected: (f[name] || '') === v}, t))));
    const form = h('form', {class: 'filters card', onsubmit: (e) => {
        e.preventDefault();
        const data = {};
        for (const el of e.target.elements) if (el.name && el.value.trim()) data[el.name] = el.value.trim();
        if (data.imposer) data.imposer = data.imposer.toUpperCase();
        if (data.target && data.target !== '*') data.target = data.target.toUpperCase();
        setQuery('/tariffs', data);
    }},
        inp('imposer', 'Imposer', {placeholder: 'US', maxlength: 2, size: 4, pattern: '[A-Za-z]{2}', title: 'Two-letter country code'}),
        inp('target', 'Target', {placeholder: 'CN or *', maxlength: 2, size: 4, pattern: '[A-Za-z]{2}|\\*', title: 'Two-letter country code, or * for all'}),
        inp('product', 'Product', {placeholder: 'steel'}),
        sel('kind', 'Kind', [['', 'Any'], ['rate', 'Rate'], ['covered_value', 'Goods covered']]),
        sel('change', 'Change', [['', 'Any']].concat(CHANGE_WORDS.map((c) => [c, c]))),
        inp('min_value', 'Min', {type: 'number', min: 0, step: 'any'}),
        inp('max_value', 'Max', {type: 'number', min: 0, step: 'any'}),
        inp('since', 'From', {type: 'date'}),
        inp('until', 'To', {type: 'date'}),
        sel('metric', 'Chart shows', [['max', 'Highest rate'], ['latest', 'Latest rate'], ['min', 'Lowest rate']]),
        h('div', {class: 'row'}, h('button', {class: 'primary', type: 'submit'}, 'Apply'),
          h('a', {class: 'button', href: '#/tariffs'}, 'Reset')));
    if (metric !== 'max') form.elements.metric.value = metric;
    return form;
}

async function tariffTable(card, params, gen) {
    const tbody = h('tbody');
    const more = h('div', {class: 'more'});
    let total = 0;
    async function loadPage(cursor) {
        more.replaceChildren(loading());
        const page = await api('v1/tariffs' + qs(Object.assign({}, params, {limit: LIST_LIMIT, cursor})));
        if (gen !== generation) return;
        if (!cursor) {
            card.replaceChildren(h('h2', {}, 'Figures'),
                h('div', {class: 'table-wrap'}, h('table', {},
                    h('thead', {}, h('tr', {}, ['Date', 'Figure', 'Imposer → target', 'Change', 'Products', 'Sentence']
                        .map((t) => h('th', {}, t)))), tbody)), more);
        }
        for (const t of page.items) tbody.append(tariffRow(t));
        total += page.items.length;
        more.replaceChildren();
        if (total === 0) more.append(empty('No tariff figures match', 'Loosen the filters, or submit articles that state duty rates.'));
        if (page.next_cursor) more.append(h('button', {onclick: () => loadPage(page.next_cursor).catch(fail)}, 'Load more'));
    }
    function fail(e) { if (gen === generation) more.replaceChildren(errorBox(e, 'The list of tariff figures')); }
    try { await loadPage(null); } catch (e) {
        if (gen === generation) card.replaceChildren(h('h2', {}, 'Figures'), errorBox(e, 'The list of tariff figures'));
    }
}

function tariffRow(t) {
    /* bold the figure inside its sentence (the first occurrence of its text) */
    const i = t.sentence.indexOf(t.text);
    const sentence = i < 0 ? [t.sentence] : [t.sentence.slice(0, i), h('b', {}, t.text), t.sentence.slice(i + t.text.length)];
    return h('tr', {},
        h('td', {class: 'num'}, fmtDate(t.article.date)),
        h('td', {class: 'num'}, h('span', {class: 'figure'}, fmtFigure(t))),
        h('td', {}, h('span', {class: 'code'}, party(t.imposer)), h('span', {class: 'arrow'}, '→'), h('span', {class: 'code'}, party(t.target))),
        h('td', {}, h('span', {class: 'badge'}, t.change)),
        h('td', {}, t.products.join(', ') || h('span', {class: 'muted'}, '—')),
        h('td', {}, h('div', {class: 'sentence'}, sentence),
          h('a', {class: 'small', href: '#/articles/' + t.article.id}, truncate(t.article.title || 'Article #' + t.article.id, 90))));
}

/* Line chart of percent rates per month, one series per imposer → target pair (the eight with
 * most figures). Drawn as inline SVG; the viewBox scales it to the card's width. */
function drawTariffChart(card, rows, metric, f) {
    card.replaceChildren(h('h2', {}, 'Rates over time'),
        h('p', {class: 'muted small'}, {max: 'Highest', latest: 'Latest', min: 'Lowest'}[metric] +
          ' ad valorem rate reported each month, by imposer → target. Hover a point for its figures.'));
    rows = rows.filter((r) => r.unit === 'percent' && r.month);
    if (!rows.length) {
        card.append(empty('Nothing to chart', 'No percent rates match these filters.'));
        return;
    }
    const series = new Map();
    for (const r of rows) {
        const key = party(r.imposer) + ' → ' + party(r.target);
        if (!series.has(key)) series.set(key, {key, imposer: r.imposer, target: r.target, points: [], count: 0});
        const se = series.get(key);
        se.points.push(r);
        se.count += r.count;
    }
    const all = [...series.values()].sort((a, b) => b.count - a.count);
    const top = all.slice(0, 8);
    top.forEach((se, i) => { se.color = COLORS[i % COLORS.length]; se.points.sort((a, b) => a.month < b.month ? -1 : 1); });
    const monthIndex = (m) => { const [y, mo] = m.split('-').map(Number); return y * 12 + (mo - 1); };
    const label = (i) => new Date(Date.UTC(Math.floor(i / 12), i % 12, 1)).toLocaleString('en-GB', {month: 'short', year: 'numeric', timeZone: 'UTC'});
    /* News clusters in time, so the x axis lists only the months that have figures, evenly
     * spaced; a dashed segment (and a break mark on the axis) shows skipped months. */
    const months = [...new Set(top.flatMap((se) => se.points.map((p) => monthIndex(p.month))))].sort((x, y) => x - y);
    const slot = new Map(months.map((m, i) => [m, i]));
    const vmax = Math.max(...top.flatMap((se) => se.points.map((p) => p[metric])));
    const ymax = niceCeil(vmax || 1);
    const W = 900, H = 320, L = 52, R = 24, T = 14, B = 38;
    const pad = months.length === 1 ? 0.5 : 0.25;
    const X = (m) => L + (slot.get(m) + pad) / (months.length - 1 + 2 * pad) * (W - L - R);
    const Y = (v) => T + (1 - v / ymax) * (H - T - B);
    const svg = s('svg', {class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img',
                          'aria-label': 'Tariff rates over time by imposer and target'});
    const grid = s('g', {class: 'grid'});
    const axis = s('g', {class: 'axis'});
    for (let k = 0; k <= 4; k++) {
        const v = ymax * k / 4;
        grid.append(s('line', {x1: L, x2: W - R, y1: Y(v), y2: Y(v)}));
        axis.append(s('text', {x: L - 8, y: Y(v) + 4, 'text-anchor': 'end'}, trim(v) + '%'));
    }
    const every = Math.max(1, Math.ceil(months.length / 9));
    months.forEach((m, i) => {
        if (i > 0 && m - months[i - 1] > 1) {
            const xb = (X(m) + X(months[i - 1])) / 2;
            axis.append(s('text', {x: xb, y: H - B + 5, 'text-anchor': 'middle', class: 'axis-title'}, '//',
                          s('title', {}, (m - months[i - 1] - 1) + ' months without figures')));
        }
        if (i % every) return;
        grid.append(s('line', {x1: X(m), x2: X(m), y1: T, y2: H - B, 'stroke-dasharray': '2 4'}));
        axis.append(s('text', {x: X(m), y: H - B + 20, 'text-anchor': 'middle'}, label(m)));
    });
    svg.append(grid, axis);
    const groups = new Map();
    for (const se of top) {
        const g = s('g', {class: 'series', 'data-series': se.key});
        const pts = se.points.map((p) => [X(monthIndex(p.month)), Y(p[metric])]);
        for (let i = 1; i < pts.length; i++) {
            const gap = monthIndex(se.points[i].month) - monthIndex(se.points[i - 1].month) > 1;
            g.append(s('path', {d: `M${pts[i - 1][0].toFixed(1)} ${pts[i - 1][1].toFixed(1)} L${pts[i][0].toFixed(1)} ${pts[i][1].toFixed(1)}`,
                                stroke: se.color, 'stroke-dasharray': gap ? '5 5' : null, 'stroke-opacity': gap ? 0.6 : null}));
        }
        se.points.forEach((p, i) => {
            g.append(s('circle', {cx: pts[i][0].toFixed(1), cy: pts[i][1].toFixed(1), r: 4.5, fill: se.color},
                s('title', {}, `${se.key} · ${label(monthIndex(p.month))}\n${p.count} figure${p.count > 1 ? 's' : ''}: ` +
                  `min ${trim(p.min)}%, max ${trim(p.max)}%, latest ${trim(p.latest)}%`)));
        });
        groups.set(se.key, g);
        svg.append(g);
    }
    card.append(svg);
    const legend = h('div', {class: 'chart-legend', role: 'group', 'aria-label': 'Series'});
    for (const se of top) {
        const b = h('button', {type: 'button', title: 'Highlight this pair; double-click to filter on it',
            onclick: () => {
                const on = b.classList.toggle('solo');
                for (const [k, g] of groups) g.classList.toggle('dim', on && k !== se.key);
                for (const o of legend.children) if (o !== b) o.classList.remove('solo');
            },
            ondblclick: () => setQuery('/tariffs', Object.assign({}, f, {imposer: se.imposer || '', target: se.target || ''}))},
            h('span', {class: 'dot', style: 'background:' + se.color}), se.key, h('span', {class: 'muted'}, ' ' + se.count));
        legend.append(b);
    }
    card.append(legend);
    if (all.length > top.length) card.append(h('p', {class: 'muted small'}, (all.length - top.length) + ' smaller pairs not drawn; filter by imposer or target to see them.'));
}

function niceCeil(v) {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
}

/* ---------- actors ---------- */

async function actorsView(main, id, query, gen) {
    const f = {type: query.get('type') || '', country: query.get('country') || '', q: query.get('q') || '',
               sort: query.get('sort') || ''};
    main.append(h('div', {class: 'page-head'},
        h('div', {}, h('div', {class: 'kicker'}, 'Who says what'), h('h1', {}, 'Actors'),
          h('p', {}, 'People, countries and organisations across all articles, and what they claim.'))));
    const listCard = h('section', {class: 'card', 'aria-label': 'Actors'});
    const detail = h('section', {class: 'card', 'aria-label': 'Actor', 'aria-live': 'polite'});
    main.append(h('div', {class: 'split wide-side'}, listCard, detail));

    const base = id ? '/actors/' + id : '/actors';
    const typeChips = h('div', {class: 'chips'}, ['', 'person', 'country', 'organization'].map((t) =>
        h('a', {class: 'chip' + (f.type === t ? ' active' : ''), href: '#' + base + qs(Object.assign({}, f, {type: t}))},
          t ? h('span', {class: 'swatch sw-' + t}) : null, t ? TYPE_LABEL[t] : 'All')));
    const form = h('form', {class: 'row', onsubmit: (e) => {
        e.preventDefault();
        const el = e.target.elements;
        setQuery('/actors', Object.assign({}, f, {q: el.q.value.trim(), country: el.country.value.trim().toUpperCase(), sort: el.sort.value}));
    }},
        h('input', {name: 'q', placeholder: 'Name starts with…', value: f.q, 'aria-label': 'Name prefix', style: 'flex:1 1 100%'}),
        h('input', {name: 'country', placeholder: 'Country (US)', value: f.country, maxlength: 2, 'aria-label': 'Country code', style: 'flex:1;width:0'}),
        h('select', {name: 'sort', 'aria-label': 'Sort'}, [['', 'Most articles'], ['recent', 'Most recent'], ['name', 'Name']]
            .map(([v, t]) => h('option', {value: v, selected: f.sort === v}, t))),
        h('button', {type: 'submit'}, 'Go'));
    const list = h('ul', {class: 'items'});
    const more = h('div', {class: 'more'});
    listCard.append(h('div', {class: 'filters', style: 'flex-direction:column;align-items:stretch'}, typeChips, form), list, more);

    let maxArticles = 0;
    let first = null;
    async function loadPage(cursor) {
        more.replaceChildren(loading());
        const page = await api('v1/actors' + qs(Object.assign({}, f, {limit: LIST_LIMIT, cursor})));
        if (gen !== generation) return;
        more.replaceChildren();
        if (!cursor && page.items.length) { maxArticles = page.items[0].articles || 1; first = page.items[0]; }
        for (const a of page.items) {
            const w = Math.max(2, Math.round(100 * a.articles / Math.max(maxArticles, a.articles)));
            const li = h('li', {class: String(a.id) === id ? 'selected' : null, dataset: {actorId: a.id}, tabindex: 0,
                                onclick: () => { location.hash = '#/actors/' + a.id + qs(f); },
                                onkeydown: (e) => { if (e.key === 'Enter') location.hash = '#/actors/' + a.id + qs(f); }},
                h('div', {class: 'actor-row'}, h('span', {class: 'swatch sw-' + a.type}),
                  h('span', {class: 'name'}, a.name, a.country && a.type !== 'country' ? h('span', {class: 'sub'}, ' · ' + a.country) : null),
                  h('span', {class: 'sub', title: 'articles · claims'}, a.articles + ' art · ' + a.claims + ' cl'),
                  h('div', {class: 'bar'}, h('span', {style: 'width:' + w + '%'}))));
            list.append(li);
        }
        if (!cursor && page.items.length === 0) more.append(empty('No actors match', f.q || f.type || f.country ? 'Try another filter.' : 'Actors appear once articles are annotated.'));
        if (page.next_cursor) more.append(h('button', {onclick: () => loadPage(page.next_cursor).catch(fail)}, 'Load more'));
    }
    function fail(e) { if (gen === generation) more.replaceChildren(errorBox(e, 'The actors list')); }
    let listFailed = false;
    const listP = loadPage(null).catch((e) => {
        listFailed = true;
        if (gen === generation) listCard.replaceChildren(h('h2', {}, 'Actors'), errorBox(e, 'The actors view'));
    });
    if (id) {
        await Promise.all([listP, actorDetail(detail, id, gen)]);
    } else {
        await listP;
        if (gen !== generation) return;
        /* Nothing picked: show the top actor (or, after a name search, the exact match). */
        const exact = f.q && [...list.querySelectorAll('li')].find((li) => li.querySelector('.name').firstChild.textContent.toLowerCase() === f.q.toLowerCase());
        const pick = exact ? exact.dataset.actorId : first && first.id;
        if (pick) {
            const li = list.querySelector('[data-actor-id="' + pick + '"]');
            if (li) li.classList.add('selected');
            await actorDetail(detail, String(pick), gen);
        } else if (listFailed) {
            detail.hidden = true;
        } else {
            detail.append(empty('Pick an actor', 'Their claims, aliases and the actors they appear with show here.'));
        }
    }
}

async function actorDetail(card, id, gen) {
    card.replaceChildren(loading());
    let a;
    try { a = await api('v1/actors/' + encodeURIComponent(id)); } catch (e) {
        if (gen !== generation) return;
        card.replaceChildren(e.status === 404 && /\/v1\/actors\/\d+/.test(e.path) && e.problem && /actor/i.test(e.problem.detail || '')
            ? empty('No actor #' + id, e.problem.detail) : errorBox(e, 'The actor view'));
        return;
    }
    if (gen !== generation) return;
    const stat = (v, label) => h('div', {class: 'stat'}, h('b', {}, v), h('span', {}, label));
    card.replaceChildren();
    append(card, [
        h('div', {class: 'kicker'}, [TYPE_LABEL[a.type], a.country].filter(Boolean).join(' · ')),
        h('h2', {style: 'font-size:1.8rem'}, a.name),
        a.roles.length ? h('p', {class: 'muted', style: 'margin:0'}, a.roles.join(' · ')) : null,
        h('div', {class: 'stats'}, stat(a.articles, 'articles'), stat(a.mentions, 'mentions'), stat(a.claims, 'claims')),
        a.first_seen ? h('p', {class: 'muted small'}, 'In the news from ' + fmtDate(a.first_seen) + ' to ' + fmtDate(a.last_seen) + '.') : null,
        a.aliases.length ? [h('h3', {}, 'Also written as'), h('div', {class: 'chips'}, a.aliases.map((x) => h('span', {class: 'chip'}, x)))] : null,
        h('h3', {style: 'margin-top:18px'}, 'Recent claims'),
        a.recent_claims.length ? a.recent_claims.map((c) => h('blockquote', {class: 'claim'},
            h('p', {}, c.direct ? '“' + c.text + '”' : c.text),
            h('div', {class: 'small muted'}, (c.cue || 'stated') + (c.direct ? ' (quoted)' : '') + ' · ',
              h('a', {href: '#/articles/' + c.article.id}, truncate(c.article.title || 'Article #' + c.article.id, 70)),
              ' · ' + fmtDate(c.article.date))))
            : h('p', {class: 'muted small'}, 'No claims attributed to ' + a.name + '.'),
        a.co_actors.length ? [h('h3', {style: 'margin-top:18px'}, 'Appears most with'),
            h('div', {class: 'chips'}, a.co_actors.map((o) => h('a', {class: 'chip', href: '#/actors/' + o.id},
                h('span', {class: 'swatch sw-' + o.type}), o.name, h('span', {class: 'muted'}, ' ' + o.articles))))] : null,
        a.type === 'country' ? [h('h3', {style: 'margin-top:18px'}, 'Tariff figures'),
            a.tariffs.length ? h('div', {class: 'table-wrap'}, h('table', {}, h('thead', {}, h('tr', {},
                ['Date', 'Figure', 'Imposer → target', 'Change', 'Products', 'Sentence'].map((t) => h('th', {}, t)))),
                h('tbody', {}, a.tariffs.map(tariffRow))))
                : h('p', {class: 'muted small'}, 'No tariff figures with ' + a.name + ' as imposer or target.'),
            a.country ? h('p', {}, h('a', {href: '#/tariffs' + qs({imposer: a.country})}, 'Tariffs imposed by ' + a.country + ' →'), ' ',
                h('a', {href: '#/tariffs' + qs({target: a.country})}, 'Tariffs on ' + a.country + ' goods →')) : null] : null]);
}

/* ---------- search ---------- */

async function searchView(main, query, gen) {
    const q = query.get('q') || '';
    main.append(h('div', {class: 'page-head'},
        h('div', {}, h('div', {class: 'kicker'}, 'Archive'), h('h1', {}, 'Search'),
          h('p', {}, 'Titles, bodies and claims. Use "exact phrases", prefix*, AND, OR, NOT.'))));
    main.append(h('form', {class: 'filters', role: 'search', onsubmit: (e) => {
        e.preventDefault();
        setQuery('/search', {q: e.target.elements.q.value.trim()});
    }}, h('input', {name: 'q', value: q, placeholder: 'tariff* AND steel', 'aria-label': 'Search query', style: 'flex:1;font-size:1.05rem', autofocus: true}),
        h('button', {class: 'primary', type: 'submit'}, 'Search')));
    const results = h('div', {'aria-live': 'polite'});
    const more = h('div', {class: 'more'});
    main.append(results, more);
    if (!q) { results.append(empty('Search the archive', 'Type a word, a "phrase" or a prefix*.')); return; }
    let count = 0;
    async function loadPage(cursor) {
        more.replaceChildren(loading());
        const page = await api('v1/search' + qs({q, limit: 20, cursor}));
        if (gen !== generation) return;
        more.replaceChildren();
        for (const hit of page.items) results.append(searchHit(hit));
        count += page.items.length;
        if (!count) results.append(empty('No matches', 'Nothing matches ' + q + '.'));
        if (page.next_cursor) more.append(h('button', {onclick: () => loadPage(page.next_cursor).catch(fail)}, 'More results'));
    }
    function fail(e) { if (gen === generation) more.replaceChildren(errorBox(e, 'Search')); }
    await loadPage(null).catch(fail);
}

function searchHit(hit) {
    const cps = Array.from(hit.snippet);
    const parts = [];
    let pos = 0;
    for (const m of hit.highlights.slice().sort((a, b) => a.start - b.start)) {
        if (m.start < pos || m.end > cps.length) continue;
        parts.push(cps.slice(pos, m.start).join(''), h('mark', {}, cps.slice(m.start, m.end).join('')));
        pos = m.end;
    }
    parts.push(cps.slice(pos).join(''));
    return h('div', {class: 'hit'},
        h('div', {class: 'row'}, h('span', {class: 'badge'}, hit.kind),
          h('a', {href: '#/articles/' + hit.article.id}, hit.article.title || 'Article #' + hit.article.id),
          h('span', {class: 'muted small'}, fmtDate(hit.article.date))),
        h('p', {class: 'snippet'}, parts));
}

/* ---------- submit ---------- */

const SAMPLE = {
    title: 'Ottawa to slap 20 pct levy on imported electric buses',
    source: 'sample',
    body: 'OTTAWA, June 3 - Canada will impose a 20 percent surcharge on electric buses imported ' +
        'from China starting in August, Finance Minister Claire Dubois said on Tuesday.\n' +
        '"Our manufacturers deserve a level playing field," Dubois told reporters in Ottawa.\n' +
        'Beijing warned that it would respond with measures of its own. The Chinese Commerce Ministry ' +
        'said the levy broke World Trade Organization rules.\n' +
        'The surcharge covers about 1.2 billion dlrs of Chinese goods a year, according to the ' +
        'Canadian Vehicle Manufacturers Association.\n',
};

async function submitView(main, gen) {
    main.append(h('div', {class: 'page-head'},
        h('div', {}, h('div', {class: 'kicker'}, 'Annotate'), h('h1', {}, 'Submit an article'),
          h('p', {}, 'Paste wire copy; watch the service find its actors, claims and tariff figures.'))));
    const out = h('div', {'aria-live': 'polite'});
    const form = h('form', {class: 'card', onsubmit: (e) => { e.preventDefault(); send(); }},
        h('div', {class: 'form-grid'},
          h('label', {class: 'field'}, 'Headline', h('input', {name: 'title', placeholder: 'Optional'})),
          h('label', {class: 'field'}, 'Source', h('input', {name: 'source', placeholder: 'Optional, e.g. reuters'})),
          h('label', {class: 'field'}, 'URL', h('input', {name: 'url', type: 'url', placeholder: 'Optional'})),
          h('label', {class: 'field'}, 'Published (UTC)', h('input', {name: 'published_at', type: 'datetime-local'}))),
        h('label', {class: 'field'}, 'Article body',
          h('textarea', {name: 'body', required: true, placeholder: 'WASHINGTON, March 3 - The United States will raise tariffs…'})),
        h('div', {class: 'row', style: 'margin-top:12px'},
          h('button', {class: 'primary', type: 'submit', name: 'go'}, 'Annotate'),
          h('button', {type: 'button', onclick: () => {
              for (const k of ['title', 'source', 'body']) form.elements[k].value = SAMPLE[k];
          }}, 'Use a sample'),
          h('span', {class: 'muted small'}, 'Sent as JSON to POST /v1/articles')));
    main.append(form, out);

    async function send() {
        const el = form.elements;
        const doc = {body: el.body.value};
        for (const k of ['title', 'source', 'url']) if (el[k].value.trim()) doc[k] = el[k].value.trim();
        if (el.published_at.value) doc.published_at = el.published_at.value + (el.published_at.value.length === 16 ? ':00Z' : 'Z');
        el.go.disabled = true;
        const steps = h('ol', {class: 'steps'}, ['sent', 'queued', 'processing', 'done'].map((st) => h('li', {dataset: {step: st}}, st)));
        const status = h('div', {class: 'card'}, h('h2', {}, 'Annotation'), steps, h('p', {class: 'muted small'}, 'Sending…'));
        out.replaceChildren(status);
        const mark = (st, failed) => {
            const order = ['sent', 'queued', 'processing', 'done'];
            const k = failed ? 3 : order.indexOf(st);
            steps.querySelectorAll('li').forEach((li, i) => {
                li.classList.toggle('reached', i <= k && !(failed && i === 3));
                li.classList.toggle('current', i === k);
                li.classList.toggle('failed', failed && i === 3);
                if (failed && i === 3) li.textContent = 'failed';
            });
        };
        let accepted;
        try {
            accepted = await api('v1/articles', {method: 'POST', headers: {'Content-Type': 'application/json', Accept: 'application/json'}, body: JSON.stringify(doc)});
        } catch (e) {
            el.go.disabled = false;
            out.replaceChildren(errorBox(e));
            return;
        }
        if (gen !== generation) return;
        mark(accepted.status || 'queued');
        status.lastChild.replaceChildren('Article ', h('a', {href: '#/articles/' + accepted.id}, '#' + accepted.id),
            accepted.status === 'done' ? ' was already annotated (same source, id and text).' : ' accepted; polling…');
        const started = performance.now();
        let delay = 250;
        for (;;) {
            let a;
            try { a = await api('v1/articles/' + accepted.id); } catch (e) {
                if (gen !== generation) return;
                out.append(errorBox(e));
                el.go.disabled = false;
                return;
            }
            if (gen !== generation) return;
            mark(a.status, a.status === 'failed');
            if (a.status === 'done' || a.status === 'failed') {
                const ms = Math.round(performance.now() - started);
                const ann = a.annotations;
                status.lastChild.replaceChildren('Article ', h('a', {href: '#/articles/' + a.id}, '#' + a.id),
                    a.status === 'done' ? ` annotated in about ${ms} ms: ${ann.actors.length} actors, ${ann.claims.length} claims, ${ann.tariffs.length} tariff figures. ` : ' failed: ' + (a.error || 'no reason given') + '. ',
                    h('a', {href: '#/articles/' + a.id}, 'Open it →'));
                out.append(renderArticle(a, gen));
                el.go.disabled = false;
                return;
            }
            await new Promise((r) => later(r, delay));
            if (gen !== generation) return;
            delay = Math.min(delay * 1.5, 2000);
        }
    }
}

/* ---------- start ---------- */

window.addEventListener('hashchange', route);
document.addEventListener('DOMContentLoaded', () => {
    route();
    pollService();
});
