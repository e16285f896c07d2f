// Browser test of the dashboard against the real service (run with `node --test`, see run.sh).
//
// Starts `$TRADEWIRE_BIN serve --port 0` on a fresh database, submits the seed article, waits
// until it is annotated, opens #/articles/ID in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core) and checks that every actor mention, claim and tariff figure of
// the API's annotations is highlighted in the page, with the right text. A second article puts
// characters outside the BMP before its annotations, so that a UTF-16 offset bug would show.
// Screenshots go to tests/artifacts/ (git-ignored).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = (() => {
    const b = process.env.TRADEWIRE_BIN || 'build/tradewire';
    return isAbsolute(b) ? b : join(ROOT, b);
})();
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'tests/artifacts');
const SEED_PATHS = [join(ROOT, '../shared/eval/dev/seed.txt'), join(ROOT, 'tests/eval/seed.txt')];
const DONE_TIMEOUT_MS = 30000;

let tmp, server, serverLog = '', base, browser;

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

async function waitFor(what, fn, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const v = await fn();
        if (v) return v;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n--- server log ---\n${serverLog}`);
        await sleep(100);
    }
}

/* One HTTP request on a connection of its own (fetch would keep idle sockets open after the
 * server is gone, holding the test process for seconds). */
function request(method, path, body, contentType) {
    return new Promise((resolveReq, reject) => {
        const headers = { Accept: 'application/json' };
        if (body !== undefined) headers['Content-Type'] = contentType || 'application/json';
        const req = http.request(base + path, { method, headers, agent: false }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolveReq({ status: res.statusCode, headers: res.headers,
                                             text: Buffer.concat(chunks).toString('utf8') }));
        });
        req.on('error', reject);
        req.end(body);
    });
}

async function call(method, path, doc) {
    const r = await request(method, path, doc === undefined ? undefined : JSON.stringify(doc));
    try { r.json = r.text ? JSON.parse(r.text) : null; } catch { r.json = null; }
    return r;
}

/* headline, blank line, body: the dev set's format (annotate_http.py reads it the same way) */
function readArticle(path) {
    const content = readFileSync(path, 'utf8');
    const nl = content.indexOf('\n');
    const title = nl >= 0 ? content.slice(0, nl) : content;
    let body = nl >= 0 ? content.slice(nl + 1) : '';
    if (body.startsWith('\n')) body = body.slice(1);
    return { title: title.trim() || null, body };
}

async function submitAndWait(doc) {
    const r = await call('POST', '/v1/articles', doc);
    assert.ok(r.status === 202 || r.status === 200, `POST /v1/articles answered ${r.status}: ${r.text}`);
    const id = r.json.id;
    const article = await waitFor(`article ${id} to be annotated`, async () => {
        const g = await call('GET', `/v1/articles/${id}`);
        assert.equal(g.status, 200, g.text);
        if (g.json.status === 'failed') assert.fail(`annotation failed: ${g.json.error}`);
        return g.json.status === 'done' ? g.json : null;
    }, DONE_TIMEOUT_MS);
    return article;
}

/* The page tests need GET / to serve web/index.html: fail fast, and clearly, when it does not. */
let dashboardServed = null;
async function requireDashboard() {
    if (dashboardServed === null) dashboardServed = (await request('GET', '/')).status;
    assert.equal(dashboardServed, 200, `GET / answered ${dashboardServed}: the binary does not serve the dashboard (web/) yet`);
}

async function openArticle(id) {
    await requireDashboard();
    const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/#/articles/${id}`);
    await page.waitForSelector('.article[data-status="done"] .article-body', { timeout: 15000 });
    return { page, errors };
}

/* What the page shows: for each kind, the whole (not continued) highlight elements. */
async function highlights(page) {
    return page.evaluate(() => {
        const read = (sel, key) => [...document.querySelectorAll(`.article-body ${sel}:not(.hl-cont)`)]
            .map((el) => ({ id: Number(el.dataset[key]), mention: el.dataset.mention, text: el.textContent }));
        const pieces = (sel, key, id) => [...document.querySelectorAll(`.article-body ${sel}[data-${key}="${id}"]`)]
            .map((el) => el.textContent);
        const claims = read('.hl-claim', 'claim').map((c) => Object.assign(c, { full: pieces('.hl-claim', 'claim', c.id).join('') }));
        return {
            actors: read('.hl-actor', 'actor'),
            claims,
            tariffs: read('.hl-tariff', 'tariff'),
            legend: document.querySelectorAll('.legend input[type=checkbox]').length,
            side: {
                actors: document.querySelectorAll('.side li[data-actor]').length,
                claims: document.querySelectorAll('.side li[data-claim]').length,
                tariffs: document.querySelectorAll('.side li[data-tariff]').length,
            },
        };
    });
}

/* Compares the page with the API's annotations. A claim's text may be cut into pieces by a span
 * it crosses, so its pieces are joined (newlines are kept as text in the page). */
function assertHighlighted(shown, ann) {
    const mentions = ann.actors.flatMap((a) => a.mentions.map((m, i) => ({ id: a.id, mention: String(i), text: m.text })));
    assert.equal(shown.actors.length, mentions.length, 'one highlight per actor mention');
    for (const m of mentions) {
        const el = shown.actors.find((x) => x.id === m.id && x.mention === m.mention);
        assert.ok(el, `mention ${m.mention} of actor ${m.id} (${m.text}) is highlighted`);
        assert.ok(el.text.startsWith(m.text) || m.text.startsWith(el.text), `actor ${m.id} highlight "${el.text}" is "${m.text}"`);
    }
    assert.equal(shown.claims.length, ann.claims.length, 'one highlight per claim');
    for (const c of ann.claims) {
        const el = shown.claims.find((x) => x.id === c.id);
        assert.ok(el, `claim ${c.id} is highlighted`);
        assert.equal(el.full, c.text, `claim ${c.id} covers its text`);
    }
    assert.equal(shown.tariffs.length, ann.tariffs.length, 'one highlight per tariff figure');
    for (const t of ann.tariffs) {
        const el = shown.tariffs.find((x) => x.id === t.id);
        assert.ok(el, `tariff ${t.id} is highlighted`);
        assert.equal(el.text, t.text, `tariff ${t.id} highlight is its text`);
    }
    assert.equal(shown.side.actors, ann.actors.length, 'the side list shows every actor');
    assert.equal(shown.side.claims, ann.claims.length, 'the side list shows every claim');
    assert.equal(shown.side.tariffs, ann.tariffs.length, 'the side list shows every tariff figure');
    assert.ok(shown.legend >= 5, 'the legend has its toggles');
}

before(async () => {
    assert.ok(existsSync(BIN), `no service binary at ${BIN} (build it, or set TRADEWIRE_BIN)`);
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    tmp = mkdtempSync(join(tmpdir(), 'tradewire-e2e-'));
    const portFile = join(tmp, 'port');
    server = spawn(BIN, ['serve', '--port', '0', '--db', join(tmp, 't.db'), '--port-file', portFile],
                   { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.on('data', (d) => { serverLog += d; });
    server.stderr.on('data', (d) => { serverLog += d; });
    const port = await waitFor('the port file', () => {
        if (server.exitCode !== null) throw new Error(`the service exited with ${server.exitCode}\n${serverLog}`);
        if (!existsSync(portFile)) return null;
        const p = readFileSync(portFile, 'utf8').trim();
        return /^\d+$/.test(p) ? p : null;
    }, 10000);
    base = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
    if (browser) await browser.close();
    if (server && server.exitCode === null) {
        server.kill('SIGTERM');
        let timer;
        await Promise.race([new Promise((r) => server.once('exit', r)),
                            new Promise((r) => { timer = setTimeout(r, 10000); })]);
        clearTimeout(timer);
        if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('GET / serves the dashboard page and its assets', async () => {
    for (const [path, type] of [['/', 'text/html'], ['/app.css', 'text/css'], ['/app.js', 'javascript']]) {
        const res = await request('GET', path);
        assert.equal(res.status, 200, `GET ${path} answered ${res.status}: the binary does not serve the dashboard (web/) yet`);
        assert.match(res.headers['content-type'] || '', new RegExp(type), `Content-Type of ${path}`);
    }
});

test('the seed article is highlighted in place, as the API annotates it', async () => {
    const seed = SEED_PATHS.find((p) => existsSync(p));
    assert.ok(seed, `no seed article at ${SEED_PATHS.join(' or ')}`);
    const { title, body } = readArticle(seed);
    const article = await submitAndWait({ title: title || 'Seed article', body, source: 'e2e', external_id: 'seed' });
    const ann = article.annotations;
    assert.ok(ann.actors.length > 0 && ann.claims.length > 0 && ann.tariffs.length > 0,
              'the seed gives actors, claims and tariff figures');

    const { page, errors } = await openArticle(article.id);
    const shown = await highlights(page);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-article.png'), fullPage: true });
    assertHighlighted(shown, ann);
    assert.deepEqual(errors, [], 'no script errors');
    const counts = { actors: shown.actors.length, claims: shown.claims.length, tariffs: shown.tariffs.length };
    console.log(`# seed article ${article.id}: highlighted ${counts.actors} mentions, ${counts.claims} claims, ` +
                `${counts.tariffs} tariff figures; screenshot tests/artifacts/dashboard-article.png`);

    /* clicking a tariff figure in the side list focuses its highlight */
    await page.click('.side li[data-tariff="1"]');
    assert.equal(await page.locator('.article-body .hl-tariff.focus').count() >= 1, true, 'the figure is focused');
    /* the latest-articles view lists it as done */
    await page.goto(`${base}/#/`);
    await page.waitForSelector(`.story[data-id="${article.id}"] .status-done`, { timeout: 10000 });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-list.png') });
    await page.close();
});

test('offsets are code points: characters outside the BMP do not shift the highlights', async () => {
    const body = '\u{1F6A2} \u{1D413}\u{1D411}\u{1D400}\u{1D403}\u{1D404} Japan will impose a 25 percent tariff on steel ' +
        'from Canada, Trade Minister Kenji Sato said on Friday \u{1F4C8}.\n' +
        '"We must protect our mills \u{1F3ED}," Sato told reporters.\n';
    const article = await submitAndWait({ title: 'Astral test', body, source: 'e2e', external_id: 'astral' });
    const ann = article.annotations;
    assert.ok(ann.actors.length + ann.claims.length + ann.tariffs.length > 0, 'the engine found something');
    const { page, errors } = await openArticle(article.id);
    assertHighlighted(await highlights(page), ann);
    assert.deepEqual(errors, [], 'no script errors');
    await page.close();
});

test('the article from the API matches the Article schema of openapi.json', async () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(doc, 'openapi.json');
    const list = await call('GET', '/v1/articles?limit=5');
    assert.equal(list.status, 200);
    const checks = [['ArticlePage', list.json]];
    for (const a of list.json.items) checks.push(['Article', (await call('GET', `/v1/articles/${a.id}`)).json]);
    checks.push(['Problem', (await call('GET', '/v1/articles/999999999')).json]);
    for (const [name, value] of checks) {
        const validate = ajv.getSchema(`openapi.json#/components/schemas/${name}`);
        assert.ok(validate(value), `${name}: ${ajv.errorsText(validate.errors)}`);
    }
});

test('an unknown article shows a clear message', async () => {
    await requireDashboard();
    const page = await browser.newPage();
    await page.goto(`${base}/#/articles/987654321`);
    await page.waitForSelector('.empty', { timeout: 10000 });
    assert.match(await page.textContent('.empty'), /No article #987654321/);
    await page.close();
});
