// Every endpoint of the live service against openapi.json (run with `node --test`, see run.sh).
//
// Starts `$TRADEWIRE_BIN serve --port 0` on a fresh database, submits the seed article and
// four stories written for this test, waits until they are annotated, then calls every
// operation of the document with a spread of filters and of bad inputs. Each answer must be a
// status the operation documents, with a documented media type, the headers the document marks
// required, and a body valid against the documented schema (ajv, JSON Schema 2020-12).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = (() => {
    const b = process.env.TRADEWIRE_BIN || 'build/tradewire';
    return isAbsolute(b) ? b : join(ROOT, b);
})();
const SEED_PATHS = [join(ROOT, '../shared/eval/dev/seed.txt'), join(ROOT, 'tests/eval/seed.txt')];
const DOC = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8'));

const STORIES = [
    { title: 'US raises steel tariffs', published_at: '2026-03-03T14:05:00Z', external_id: 's1',
      body: 'WASHINGTON, March 3 - The United States will raise tariffs on Chinese steel to 25 percent ' +
            'from 10 percent, Commerce Secretary Jane Doe said on Tuesday. "We will not stand by," she told reporters.' },
    { title: 'EU answers with motorcycle duty', published_at: '2026-04-10T09:00:00Z', external_id: 's2',
      body: 'BRUSSELS, April 10 - The European Union will impose a 15 percent tariff on American ' +
            'motorcycles, Trade Commissioner Karl Weber said on Friday. "This is a measured response," Weber said.' },
    { title: 'Canada cuts lumber duty', published_at: '2026-05-05T16:30:00Z', external_id: 's3',
      body: 'OTTAWA, May 5 - Canada will cut its duty on U.S. lumber to 5 percent, Trade Minister Ann Lee ' +
            'said on Monday. China said it would suspend its 20 percent tariff on Canadian canola.' },
    { title: 'Japan keeps rice tariff', external_id: 's4',
      body: 'TOKYO - Japan will keep its 40 percent tariff on rice, the farm ministry said in a statement.' },
];

let tmp, server, serverLog = '', base, ajv;
const checked = new Map(); // "GET /v1/actors" -> statuses seen

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

async function waitFor(what, fn, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const v = await fn();
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${serverLog}`);
        await sleep(100);
    }
}

function request(method, path, body, headers = {}) {
    return new Promise((resolveReq, reject) => {
        const h = { ...headers };
        if (body !== undefined) h['Content-Type'] = 'application/json';
        const req = http.request(base + path, { method, headers: h, agent: false }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                let json = null;
                try { json = text ? JSON.parse(text) : null; } catch { json = undefined; }
                resolveReq({ status: res.statusCode, headers: res.headers, text, json });
            });
        });
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
    });
}

/* Follows a local $ref ("#/components/responses/BadRequest") of the document. */
function deref(node) {
    while (node && node.$ref) {
        node = node.$ref.slice(2).split('/').reduce((o, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')], DOC);
    }
    return node;
}

function pointer(...parts) {
    return 'openapi.json#/' + parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

/* The operation of the document that serves a concrete path. */
function operationFor(method, path) {
    const bare = path.split('?')[0];
    for (const [tpl, item] of Object.entries(DOC.paths)) {
        const re = new RegExp('^' + tpl.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+') + '$');
        if (re.test(bare) && item[method.toLowerCase()]) return { tpl, op: item[method.toLowerCase()] };
    }
    return null;
}

/* Calls the API and checks the answer against the document; returns the answer. */
async function call(method, path, { body, headers, status } = {}) {
    const r = await request(method, path, body, headers);
    const found = operationFor(method, path);
    assert.ok(found, `${method} ${path} is not in openapi.json`);
    const { tpl, op } = found;
    const key = `${method} ${tpl}`;
    if (!checked.has(key)) checked.set(key, new Set());
    checked.get(key).add(r.status);
    if (status !== undefined) assert.equal(r.status, status, `${method} ${path}: ${r.text.slice(0, 300)}`);
    const documented = op.responses[String(r.status)];
    assert.ok(documented, `${method} ${path} answered ${r.status}, which ${key} does not document`);
    const resp = deref(documented);
    for (const [name, h] of Object.entries(resp.headers || {})) {
        if (deref(h).required) assert.ok(r.headers[name.toLowerCase()] !== undefined, `${method} ${path} ${r.status}: no ${name} header`);
    }
    if (r.headers.etag !== undefined) assert.match(r.headers.etag, /^(W\/)?"[^"]*"$/);
    if (!resp.content) {
        assert.equal(r.text, '', `${method} ${path} ${r.status} has a body the document does not describe`);
        return r;
    }
    const ctype = (r.headers['content-type'] || '').split(';')[0].trim();
    const media = resp.content[ctype];
    assert.ok(media, `${method} ${path} ${r.status}: Content-Type ${ctype} is not documented (${Object.keys(resp.content)})`);
    if (ctype.endsWith('json')) {
        assert.notEqual(r.json, undefined, `${method} ${path}: not JSON`);
        const ref = documented.$ref
            ? pointer(...documented.$ref.slice(2).split('/'), 'content', ctype, 'schema')
            : pointer('paths', tpl, method.toLowerCase(), 'responses', String(r.status), 'content', ctype, 'schema');
        const validate = ajv.getSchema(ref);
        assert.ok(validate, `no schema at ${ref}`);
        assert.ok(validate(r.json), `${method} ${path} ${r.status}: ${ajv.errorsText(validate.errors)}\n${r.text.slice(0, 500)}`);
    }
    return r;
}

before(async () => {
    assert.ok(existsSync(BIN), `no service binary at ${BIN} (build it, or set TRADEWIRE_BIN)`);
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(DOC, 'openapi.json');
    tmp = mkdtempSync(join(tmpdir(), 'tradewire-schema-'));
    const portFile = join(tmp, 'port');
    server = spawn(BIN, ['serve', '--port', '0', '--db', join(tmp, 't.db'), '--port-file', portFile,
                         '--cors-origin', 'https://dash.example.com', '--admin-token', 'schema-admin',
                         '--webhook', 'cms=strapi:schema-token'], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.on('data', (d) => { serverLog += d; });
    server.stderr.on('data', (d) => { serverLog += d; });
    const port = await waitFor('the port file', () => {
        if (server.exitCode !== null) throw new Error(`the service exited with ${server.exitCode}\n${serverLog}`);
        if (!existsSync(portFile)) return null;
        const p = readFileSync(portFile, 'utf8').trim();
        return /^\d+$/.test(p) ? p : null;
    }, 10000);
    base = `http://127.0.0.1:${port}`;
    const docs = STORIES.map((s) => ({ ...s, source: 'schema' }));
    const seed = SEED_PATHS.find((p) => existsSync(p));
    if (seed) {
        const content = readFileSync(seed, 'utf8');
        const nl = content.indexOf('\n');
        docs.push({ title: content.slice(0, nl).trim() || 'Seed', body: content.slice(nl + 1).trim(), source: 'schema', external_id: 'seed' });
    }
    const ids = [];
    for (const d of docs) {
        const r = await call('POST', '/v1/articles', { body: d });
        assert.ok(r.status === 202, r.text);
        ids.push(r.json.id);
    }
    for (const id of ids) {
        await waitFor(`article ${id}`, async () => (await request('GET', `/v1/articles/${id}`)).json?.status === 'done', 30000);
    }
});

after(async () => {
    if (server && server.exitCode === null) {
        server.kill('SIGTERM');
        let timer;
        await Promise.race([new Promise((r) => server.once('exit', r)), new Promise((r) => { timer = setTimeout(r, 10000); })]);
        clearTimeout(timer);
        if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/* Every page of a list, following next_cursor. */
async function walk(path, limit) {
    const items = [];
    let cursor = null;
    for (let page = 0; page < 200; page++) {
        const sep = path.includes('?') ? '&' : '?';
        const r = await call('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { status: 200 });
        items.push(...r.json.items);
        cursor = r.json.next_cursor;
        if (cursor === null) return items;
    }
    assert.fail(`${path}: more than 200 pages`);
}

test('articles, health, metrics and the embedded files match the document', async () => {
    const list = await call('GET', '/v1/articles?limit=3', { status: 200 });
    for (const a of list.json.items) await call('GET', `/v1/articles/${a.id}`, { status: 200 });
    await call('GET', '/v1/articles/999999', { status: 404 });
    await call('GET', '/v1/articles?status=lost', { status: 400 });
    await call('DELETE', '/v1/articles/999999', { status: 404 });
    await call('POST', '/v1/articles', { body: { title: 'no body' }, status: 400 });
    for (const p of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/', '/app.css', '/app.js', '/favicon.svg']) {
        const r = await call('GET', p, { status: 200 });
        if (r.headers.etag) await call('GET', p, { headers: { 'If-None-Match': r.headers.etag }, status: 304 });
    }
});

test('GET /v1/actors and /v1/actors/{id}', async () => {
    const all = await walk('/v1/actors', 3);
    assert.ok(all.length >= 8, `${all.length} actors`);
    assert.equal(new Set(all.map((a) => a.id)).size, all.length, 'no actor twice across pages');
    for (const q of ['?type=person', '?type=country&sort=name', '?sort=recent', '?q=ja', '?country=US',
                     '?since=2026-04-01T00:00:00Z&until=2026-06-01T00:00:00Z', '?sort=name&limit=500']) {
        await call('GET', `/v1/actors${q}`, { status: 200 });
    }
    for (const a of all.slice(0, 12)) {
        const r = await call('GET', `/v1/actors/${a.id}`, { status: 200 });
        assert.equal(r.json.id, a.id);
        await call('GET', `/v1/actors/${a.id}`, { headers: { 'If-None-Match': r.headers.etag }, status: 304 });
    }
    await call('GET', '/v1/actors/987654321', { status: 404 });
    for (const q of ['?limit=0', '?limit=100000', '?type=robot', '?sort=size', '?country=usa', '?cursor=bm9wZQ', '?since=today']) {
        await call('GET', `/v1/actors${q}`, { status: 400 });
    }
});

test('GET /v1/claims', async () => {
    const all = await walk('/v1/claims', 4);
    assert.ok(all.length >= 6);
    const speaker = all.find((c) => c.speaker !== null).speaker;
    for (const q of [`?speaker=${speaker.id}`, `?speaker=${encodeURIComponent(speaker.name)}`, '?direct=true',
                     '?direct=false', `?article=${all[0].article.id}`, '?q=tariff*', '?q=%22measured%20response%22',
                     '?since=2026-01-01T00:00:00Z&until=2026-06-01T00:00:00%2B02:00']) {
        const r = await call('GET', `/v1/claims${q}`, { status: 200 });
        assert.ok(r.json.items.length > 0, `/v1/claims${q} is empty`);
    }
    for (const q of ['?direct=maybe', '?article=-2', '?q=%22open', '?q=AND', '?limit=501', '?cursor=%25']) {
        await call('GET', `/v1/claims${q}`, { status: 400 });
    }
});

test('GET /v1/tariffs and /v1/tariffs/summary', async () => {
    const all = await walk('/v1/tariffs', 2);
    assert.ok(all.length >= 6);
    for (const t of all) assert.ok(t.sentence.includes(t.text), `tariff ${t.id}: "${t.text}" not in its sentence`);
    for (const q of ['?imposer=US', '?target=*', '?product=steel', '?kind=rate', '?unit=percent', '?change=cut',
                     '?min_value=10&max_value=25.5', '?since=2026-03-01T00:00:00Z']) {
        const r = await call('GET', `/v1/tariffs${q}`, { status: 200 });
        assert.ok(r.json.items.length > 0, `/v1/tariffs${q} is empty`);
    }
    for (const g of ['', '?group_by=imposer', '?group_by=imposer,target,month', '?group_by=product,change',
                     '?group_by=target,day', '?group_by=week&imposer=US', '?group_by=month&kind=covered_value']) {
        const r = await call('GET', `/v1/tariffs/summary${g}`, { status: 200 });
        const keys = g.includes('group_by=') ? g.split('group_by=')[1].split('&')[0].split(',') : ['imposer', 'target', 'month'];
        for (const row of r.json.items) {
            for (const k of keys) assert.ok(k in row, `summary row lacks ${k}`);
        }
    }
    await walk('/v1/tariffs/summary?group_by=imposer,target', 1);
    for (const q of ['/v1/tariffs?min_value=-1', '/v1/tariffs?imposer=usa', '/v1/tariffs?kind=tax',
                     '/v1/tariffs?min_value=9&max_value=1', '/v1/tariffs/summary?group_by=day,week',
                     '/v1/tariffs/summary?group_by=colour', '/v1/tariffs?unit=dollar']) {
        await call('GET', q, { status: 400 });
    }
});

test('GET /v1/search', async () => {
    for (const q of ['tariff', '%22measured%20response%22', 'motor*', 'rice%20OR%20lumber', 'steel%20NOT%20rice']) {
        const r = await call('GET', `/v1/search?q=${q}`, { status: 200 });
        assert.ok(r.json.items.length > 0, `search ${q} is empty`);
        for (const h of r.json.items) {
            const cps = Array.from(h.snippet);
            for (const x of h.highlights) assert.ok(x.end <= cps.length && x.start < x.end, `highlight inside the snippet`);
        }
    }
    await call('GET', '/v1/search?q=tariff&kind=claim', { status: 200 });
    await call('GET', '/v1/search?q=tariff&kind=title&since=2026-04-01T00:00:00Z', { status: 200 });
    await walk('/v1/search?q=tariff*', 2);
    for (const q of ['', '?q=', '?q=%22open', '?q=steel%20OR', '?q=(steel', '?q=steel&kind=video', '?q=steel&limit=0']) {
        await call('GET', `/v1/search${q}`, { status: 400 });
    }
});

test('CORS preflights and answers for a configured origin', async () => {
    const pre = await request('OPTIONS', '/v1/articles', undefined, {
        Origin: 'https://dash.example.com', 'Access-Control-Request-Method': 'POST' });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], 'https://dash.example.com');
    assert.equal(pre.headers['access-control-max-age'], '600');
    const r = await call('GET', '/v1/tariffs', { headers: { Origin: 'https://dash.example.com' }, status: 200 });
    assert.equal(r.headers['access-control-allow-origin'], 'https://dash.example.com');
    assert.match(r.headers['access-control-expose-headers'], /ETag/);
    const other = await call('GET', '/v1/tariffs', { headers: { Origin: 'https://other.example.com' }, status: 200 });
    assert.equal(other.headers['access-control-allow-origin'], undefined);
    assert.equal(other.headers.vary, 'Origin');
});

test('webhooks and subscriptions', async () => {
    const admin = { Authorization: 'Bearer schema-admin' };
    await call('GET', '/v1/subscriptions', { status: 401 });
    const sub = await call('POST', '/v1/subscriptions', { body: { url: 'http://127.0.0.1:9/hook', events: ['article.annotated'] }, headers: admin, status: 201 });
    await call('POST', '/v1/subscriptions', { body: { url: 'ftp://x.example/', events: ['article.annotated'] }, headers: admin, status: 400 });
    await call('GET', '/v1/subscriptions?limit=1', { headers: admin, status: 200 });
    await call('GET', `/v1/subscriptions/${sub.json.id}`, { headers: admin, status: 200 });
    await call('GET', `/v1/subscriptions/${sub.json.id}/deliveries`, { headers: admin, status: 200 });
    await call('GET', '/v1/subscriptions/999999', { headers: admin, status: 404 });
    const entry = { event: 'entry.publish', model: 'article', entry: { id: 1, title: 'Seoul', body: 'South Korea will cut its tariff on beef to 20 percent.', publishedAt: '2026-03-01T10:00:00Z' } };
    const token = { Authorization: 'Bearer schema-token' };
    await call('POST', '/v1/webhooks/cms', { body: entry, headers: token, status: 202 });
    await call('POST', '/v1/webhooks/cms', { body: entry, headers: token, status: 200 });
    await call('POST', '/v1/webhooks/cms', { body: entry, headers: { Authorization: 'Bearer wrong' }, status: 401 });
    await call('POST', '/v1/webhooks/cms', { body: entry, status: 400 });
    await call('POST', '/v1/webhooks/nope', { body: entry, headers: token, status: 404 });
    await call('DELETE', `/v1/subscriptions/${sub.json.id}`, { headers: admin, status: 204 });
});

test('every GET operation of the document was exercised with a 200', () => {
    for (const [tpl, item] of Object.entries(DOC.paths)) {
        if (!item.get) continue;
        const seen = checked.get(`GET ${tpl}`);
        assert.ok(seen && seen.has(200), `GET ${tpl} was never answered 200 in this test`);
    }
});
