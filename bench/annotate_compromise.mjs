// annotate_compromise.mjs - the reference for bench/annotate.sh: the npm package compromise
// finding people, places, organisations and quotations in the same bodies annotate_bench reads
// (one thread, MB = 10^6 bytes of UTF-8 body text). Last line: "mbps N".
//
// usage: node bench/annotate_compromise.mjs [--limit BYTES] [CORPUS.jsonl]
import { readFileSync } from 'node:fs';
import nlp from 'compromise';

let path = '../shared/corpus/reuters21578-all.jsonl';
let limit = Infinity;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--limit') limit = Number(args[++i]);
  else path = args[i];
}

// Bodies in file order until limit bytes, as annotate_bench --limit takes them.
const bodies = [];
let bytes = 0;
for (const line of readFileSync(path, 'utf8').split('\n')) {
  if (bytes >= limit) break;
  if (!line) continue;
  const body = JSON.parse(line).body;
  if (typeof body !== 'string' || body.length === 0) continue;
  bodies.push(body);
  bytes += Buffer.byteLength(body, 'utf8');
}

function annotate(body) {
  const doc = nlp(body);
  return doc.people().out('array').length + doc.places().out('array').length +
    doc.organizations().out('array').length + doc.quotations().out('array').length;
}

for (const b of bodies.slice(0, 50)) annotate(b); // warm-up: let the JIT compile
let items = 0;
const t0 = process.hrtime.bigint();
for (const b of bodies) items += annotate(b);
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const mb = bytes / 1e6;
console.log(`compromise ${nlp.version}: ${bodies.length} bodies, ${mb.toFixed(2)} MB, ` +
  `${secs.toFixed(2)} s, ${(mb / secs).toFixed(2)} MB/s, ${items} items; one thread`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MB`);
console.log(`mbps ${(mb / secs).toFixed(3)}`);
