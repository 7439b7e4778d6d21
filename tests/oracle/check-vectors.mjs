#!/usr/bin/env node
// Independent cross-check of the generated vectors against a small model of routecore's
// ROUTING.md semantics (a segment trie: static > [x] > [...x] > [[...x]] with backtracking;
// static segments compared after percent-decoding; params decoded; malformed encoding in a
// captured segment -> 400). It shares no code with Next.js. If a vector disagrees with this
// model, the request is probably outside the domain on which the spec and Next.js agree, and
// gen-core-vectors.mjs's domain filter needs tightening.
//
// Usage: node tests/oracle/check-vectors.mjs

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'vectors');

function seg(text) {
  let m;
  if ((m = /^\[\[\.\.\.(.+)\]\]$/.exec(text))) return { type: 'opt', name: m[1] };
  if ((m = /^\[\.\.\.(.+)\]$/.exec(text))) return { type: 'catch', name: m[1] };
  if ((m = /^\[(.+)\]$/.exec(text))) return { type: 'dyn', name: m[1] };
  return { type: 'static', name: text };
}

function buildTrie(patterns) {
  const root = { statics: new Map(), dyn: null, catchAll: null, opt: null, route: null };
  const mk = () => ({ statics: new Map(), dyn: null, catchAll: null, opt: null, route: null });
  for (const p of patterns) {
    let node = root;
    const segs = p === '/' ? [] : p.slice(1).split('/').map(seg);
    for (const s of segs) {
      if (s.type === 'static') {
        if (!node.statics.has(s.name)) node.statics.set(s.name, mk());
        node = node.statics.get(s.name);
      } else if (s.type === 'dyn') {
        node.dyn ??= { name: s.name, node: mk() };
        node = node.dyn.node;
      } else {
        node[s.type === 'catch' ? 'catchAll' : 'opt'] = { name: s.name, pattern: p };
      }
    }
    if (!['catch', 'opt'].includes(segs.at(-1)?.type)) node.route = p;
  }
  return root;
}

function dec(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function walk(node, raw, i, caps) {
  if (i === raw.length) {
    if (node.route) return { pattern: node.route, caps };
    if (node.opt) return { pattern: node.opt.pattern, caps };
    return null;
  }
  const d = dec(raw[i]);
  if (d !== null && node.statics.has(d)) {
    const r = walk(node.statics.get(d), raw, i + 1, caps);
    if (r) return r;
  }
  if (node.dyn) {
    const r = walk(node.dyn.node, raw, i + 1, [...caps, [node.dyn.name, raw[i]]]);
    if (r) return r;
  }
  if (node.catchAll) return { pattern: node.catchAll.pattern, caps: [...caps, [node.catchAll.name, raw.slice(i)]] };
  if (node.opt) return { pattern: node.opt.pattern, caps: [...caps, [node.opt.name, raw.slice(i)]] };
  return null;
}

function decide(trie, url) {
  const raw = url === '/' ? [] : url.slice(1).split('/');
  const hit = walk(trie, raw, 0, []);
  if (!hit) return { action: 'not_found', status: 404, route: null };
  const params = {};
  for (const [k, v] of hit.caps) {
    const val = Array.isArray(v) ? v.map(dec) : dec(v);
    if ((Array.isArray(val) && val.includes(null)) || val === null) return { action: 'bad_request', status: 400 };
    params[k] = val;
  }
  return { action: 'route', status: 200, route: { pattern: hit.pattern }, params };
}

let total = 0;
let bad = 0;
for (const file of readdirSync(DIR).filter((f) => /^nextjs-.*\.json$/.test(f)).sort()) {
  const doc = JSON.parse(readFileSync(path.join(DIR, file), 'utf8'));
  for (const g of doc.groups) {
    if (!g.cases) continue;
    const trie = buildTrie(g.config.routes.map((r) => r.pattern));
    for (const c of g.cases) {
      total++;
      const got = decide(trie, c.url);
      const ok = Object.entries(c.expect).every(([k, v]) =>
        k === 'route' && v && got.route ? v.pattern === got.route.pattern : isDeepStrictEqual(got[k], v));
      if (!ok) {
        bad++;
        console.log(`${file} ${g.name} ${c.url}\n  expect ${JSON.stringify(c.expect)}\n  model  ${JSON.stringify(got)}`);
      }
    }
  }
}
console.log(`${total - bad} passed, ${bad} failed`);
process.exit(bad ? 1 : 0);
