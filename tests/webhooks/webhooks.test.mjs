// tradewire's webhooks checked by the Standard Webhooks reference implementation (npm
// standardwebhooks): it signs the inbound deliveries and verifies the outbound ones, which a
// receiver in this process takes (failing twice first, or being down across a restart).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync, unlinkSync } from "node:fs";
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";

const BIN = process.env.TRADEWIRE_BIN ?? "../../build/tradewire";
const ADMIN = "admin-" + randomBytes(8).toString("hex");
const SECRET = "whsec_" + randomBytes(32).toString("base64");
const dir = mkdtempSync(join(tmpdir(), "tradewire-node-webhooks-"));
let server = null; // {proc, base, exited}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer() {
  const portFile = join(dir, "port");
  if (existsSync(portFile)) unlinkSync(portFile);
  const proc = spawn(BIN, ["serve", "--port", "0", "--port-file", portFile,
    "--db", join(dir, "t.db"), "--workers", "1", "--threads", "2",
    "--webhook", `cms=standard:${SECRET}`, "--admin-token", ADMIN,
    "--delivery-backoff-ms", "100", "--delivery-max-attempts", "30"],
    { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  proc.stderr.on("data", (d) => { log += d; });
  const exited = new Promise((r) => proc.on("exit", (code, sig) => r({ code, sig, log: () => log })));
  for (let i = 0; i < 500; i++) {
    if (existsSync(portFile)) {
      const port = parseInt(readFileSync(portFile, "utf8"), 10);
      if (port > 0) return { proc, exited, base: `http://127.0.0.1:${port}` };
    }
    await sleep(10);
  }
  throw new Error("tradewire did not start: " + log);
}

async function stopServer() {
  server.proc.kill("SIGTERM");
  const { code, log } = await server.exited;
  assert.equal(code, 0, "tradewire exit status");
  assert.doesNotMatch(log(), / error /, "error lines in the server log");
  server = null;
}

async function api(method, path, { body, headers = {}, admin = false } = {}) {
  const h = { ...headers };
  if (admin) h.authorization = `Bearer ${ADMIN}`;
  if (body !== undefined) h["content-type"] = "application/json";
  const res = await fetch(server.base + path, {
    method, headers: h, body: typeof body === "string" || body === undefined ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : null };
}

// Signs payload with the reference implementation and POSTs it to /v1/webhooks/cms.
function signedHeaders(wh, msgId, date, payload) {
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(date.getTime() / 1000)),
    "webhook-signature": wh.sign(msgId, date, payload),
  };
}

async function sendInbound(wh, msgId, payload, date = new Date()) {
  return api("POST", "/v1/webhooks/cms", { body: payload, headers: signedHeaders(wh, msgId, date, payload) });
}

function event(type, externalId, html) {
  return JSON.stringify({
    type, timestamp: new Date().toISOString(),
    data: { external_id: externalId, title: "Duties", html, published_at: "2026-11-20T10:00:00Z" },
  });
}

async function waitFor(what, fn, timeoutMs = 15000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error("timed out waiting for " + what);
    await sleep(25);
  }
}

// A webhook receiver verifying each request with the subscription's secret.
function receiver(secret, { failFirst = 0, port = 0 } = {}) {
  const wh = new Webhook(secret);
  const r = { requests: [], accepted: [], bad: 0 };
  r.http = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let payload = null;
      try { payload = wh.verify(body, req.headers); } catch { r.bad++; }
      r.requests.push({ id: req.headers["webhook-id"], payload });
      if (r.requests.length <= failFirst) { res.writeHead(500).end("not yet"); return; }
      r.accepted.push(payload);
      res.writeHead(204).end();
    });
  });
  r.listen = () => new Promise((ok) => r.http.listen(port, "127.0.0.1", () => { r.port = r.http.address().port; ok(); }));
  r.close = () => new Promise((ok) => { r.http.closeAllConnections?.(); r.http.close(() => ok()); });
  return r;
}

async function subscribe(url, events) {
  const res = await api("POST", "/v1/subscriptions", { body: { url, events }, admin: true });
  assert.equal(res.status, 201, res.text);
  assert.match(res.json.secret, /^whsec_/);
  return res.json;
}

async function deliveries(subId) {
  const res = await api("GET", `/v1/subscriptions/${subId}/deliveries`, { admin: true });
  assert.equal(res.status, 200, res.text);
  return res.json.items;
}

before(async () => { server = await startServer(); });
after(async () => {
  if (server) await stopServer();
  rmSync(dir, { recursive: true, force: true });
});

test("inbound deliveries signed by the reference implementation are stored once", async () => {
  const wh = new Webhook(SECRET);
  const payload = event("article.published", "n-1",
    "<article><p>Brussels said the <b>EU</b> would impose a 25&#37; duty on steel&nbsp;&amp; aluminium." +
    "<script>alert('x')</script></p><!-- note --><p><em>Tokyo</em> objected.</p></article>");
  const t0 = performance.now();
  const res = await sendInbound(wh, "msg_node_1", payload);
  const ms = performance.now() - t0;
  assert.equal(res.status, 202, res.text);
  assert.ok(ms < 500, `answered in ${ms.toFixed(1)} ms`);
  assert.equal(res.json.outcome, "created");
  assert.equal(res.headers.get("location"), `/v1/articles/${res.json.id}`);

  const again = await sendInbound(wh, "msg_node_1", payload);
  assert.equal(again.status, 200);
  assert.equal(again.json.replay, true);
  assert.equal(again.json.id, res.json.id);

  const art = await waitFor("annotation", async () => {
    const a = await api("GET", `/v1/articles/${res.json.id}`);
    return a.json.status === "done" ? a.json : null;
  });
  assert.equal(art.body, "Brussels said the EU would impose a 25% duty on steel & aluminium.\n\nTokyo objected.");
  assert.equal(art.source, "cms");
  for (const actor of art.annotations.actors)
    for (const m of actor.mentions) assert.equal(art.body.slice(m.start, m.end), m.text);
});

test("tampered, stale, future, wrongly keyed and header-less deliveries are refused", async () => {
  const wh = new Webhook(SECRET);
  const payload = event("article.published", "n-2", "<p>Seoul cut tariffs.</p>");
  const before = (await api("GET", "/v1/articles")).json.items.length;

  const h = signedHeaders(wh, "msg_node_t", new Date(), payload);
  let res = await api("POST", "/v1/webhooks/cms", { body: payload.replace("Seoul", "Seoux"), headers: h });
  assert.equal(res.status, 401);
  res = await sendInbound(wh, "msg_node_old", payload, new Date(Date.now() - 10 * 60 * 1000));
  assert.equal(res.status, 401);
  res = await sendInbound(wh, "msg_node_new", payload, new Date(Date.now() + 10 * 60 * 1000));
  assert.equal(res.status, 401);
  res = await sendInbound(new Webhook("whsec_" + randomBytes(32).toString("base64")), "msg_node_k", payload);
  assert.equal(res.status, 401);
  for (const drop of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
    const partial = signedHeaders(wh, "msg_node_h", new Date(), payload);
    delete partial[drop];
    res = await api("POST", "/v1/webhooks/cms", { body: payload, headers: partial });
    assert.equal(res.status, 400, drop);
    assert.equal(res.headers.get("content-type"), "application/problem+json");
  }
  res = await sendInbound(wh, "msg_node_shape", JSON.stringify({ type: "article.published", data: [] }));
  assert.equal(res.status, 400);
  res = await api("POST", "/v1/webhooks/unknown", { body: payload, headers: h });
  assert.equal(res.status, 404);
  assert.equal((await api("GET", "/v1/articles")).json.items.length, before);
});

test("outbound deliveries verify with the reference implementation: fails twice, then once", async () => {
  const probe = receiver("whsec_" + randomBytes(32).toString("base64"));
  await probe.listen();
  await probe.close();
  const sub = await subscribe(`http://127.0.0.1:${probe.port}/hook`, ["article.annotated"]);
  const rc = receiver(sub.secret, { failFirst: 2, port: probe.port });
  await rc.listen();
  try {
    const wh = new Webhook(SECRET);
    const res = await sendInbound(wh, "msg_node_out", event("article.published", "n-3",
      "<p>Washington raised duties on Chinese electric vehicles to 100 percent.</p>"));
    assert.equal(res.status, 202);
    await waitFor("a delivery", async () => rc.accepted.length > 0);
    await sleep(500);
    assert.equal(rc.bad, 0, "signatures the reference implementation rejects");
    assert.equal(rc.requests.length, 3);
    assert.equal(rc.accepted.length, 1);
    assert.equal(new Set(rc.requests.map((q) => q.id)).size, 1, "one webhook-id for every attempt");
    const p = rc.accepted[0];
    assert.equal(p.type, "article.annotated");
    assert.equal(p.data.id, res.json.id);
    assert.equal(p.data.source, "cms");
    assert.equal(p.data.external_id, "n-3");
    const [d] = await deliveries(sub.id);
    assert.equal(d.status, "delivered");
    assert.equal(d.attempt_count, 3);
    assert.deepEqual(d.attempts.map((a) => a.status_code), [500, 500, 204]);
  } finally {
    await rc.close();
    await api("DELETE", `/v1/subscriptions/${sub.id}`, { admin: true });
  }
});

test("an inbound deletion is announced as article.deleted", async () => {
  const probe = receiver("whsec_" + randomBytes(32).toString("base64"));
  await probe.listen();
  const sub = await subscribe(`http://127.0.0.1:${probe.port}/hook`, ["article.deleted"]);
  await probe.close();
  const rc = receiver(sub.secret, { port: probe.port });
  await rc.listen();
  try {
    const wh = new Webhook(SECRET);
    const res = await sendInbound(wh, "msg_node_del", event("article.deleted", "n-1", ""));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.outcome, "deleted");
    await waitFor("the deletion", async () => rc.accepted.length > 0);
    assert.equal(rc.bad, 0);
    assert.equal(rc.accepted[0].type, "article.deleted");
    assert.equal(rc.accepted[0].data.external_id, "n-1");
    // Again for an article that is gone: 200, never 410.
    const gone = await sendInbound(wh, "msg_node_del2", event("article.deleted", "n-1", ""));
    assert.equal(gone.status, 200);
    assert.equal(gone.json.outcome, "absent");
  } finally {
    await rc.close();
    await api("DELETE", `/v1/subscriptions/${sub.id}`, { admin: true });
  }
});

test("a receiver down across a restart of tradewire gets the delivery after it", async () => {
  const probe = receiver("whsec_" + randomBytes(32).toString("base64"));
  await probe.listen();
  await probe.close(); // the port is known, nobody listens
  const sub = await subscribe(`http://127.0.0.1:${probe.port}/hook`, ["article.annotated"]);
  const wh = new Webhook(SECRET);
  const res = await sendInbound(wh, "msg_node_restart", event("article.published", "n-4",
    "<p>Ottawa said it would match the steel duties.</p>"));
  assert.equal(res.status, 202);
  const failed = await waitFor("a failed attempt", async () => {
    const [d] = await deliveries(sub.id);
    return d && d.attempt_count > 0 ? d : null;
  });
  assert.equal(failed.status, "pending");
  assert.equal(failed.attempts[0].status_code, null);
  await stopServer();

  const rc = receiver(sub.secret, { port: probe.port });
  await rc.listen();
  try {
    server = await startServer();
    await waitFor("the delivery after the restart", async () => rc.accepted.length > 0);
    assert.equal(rc.bad, 0);
    assert.equal(rc.accepted.length, 1);
    assert.equal(rc.accepted[0].data.external_id, "n-4");
    // the receiver answers before the delivery thread records it: wait for the record
    const d = await waitFor("the delivery recorded as delivered", async () => {
      const [x] = await deliveries(sub.id);
      return x && x.status === "delivered" ? x : null;
    });
    assert.ok(d.attempt_count > failed.attempt_count);
  } finally {
    await rc.close();
  }
});
