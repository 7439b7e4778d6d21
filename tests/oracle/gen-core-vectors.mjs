#!/usr/bin/env node
// Generates routecore conformance vectors (tests/vectors/nextjs-*.json) using Next.js's own
// compiled routing internals as the oracle:
//   next/dist/shared/lib/router/utils/sorted-routes.js  (getSortedRoutes)
//   next/dist/shared/lib/router/utils/route-regex.js    (getRouteRegex)
//   next/dist/shared/lib/router/utils/route-matcher.js  (getRouteMatcher)
//
// Usage (from the repo root):
//   (cd tests/oracle && npm ci --ignore-scripts)
//   node tests/oracle/gen-core-vectors.mjs
//
// The output is deterministic: all randomness comes from a fixed-seed PRNG defined below, and
// running the script twice produces byte-identical files. See README.md for the request domain
// (which requests are generated and why others are skipped).

import { createRequire } from 'node:module';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT_DIR = path.resolve(HERE, '..', 'vectors');
const require = createRequire(path.join(HERE, 'package.json'));

const NEXT_VERSION = require('next/package.json').version;
if (NEXT_VERSION !== '16.4.6') {
  throw new Error(`expected next@16.4.6 in tests/oracle/node_modules, found ${NEXT_VERSION}`);
}
const { getSortedRoutes } = require('next/dist/shared/lib/router/utils/sorted-routes.js');
const { getRouteRegex } = require('next/dist/shared/lib/router/utils/route-regex.js');
const { getRouteMatcher } = require('next/dist/shared/lib/router/utils/route-matcher.js');
const { DecodeError } = require('next/dist/shared/lib/utils.js');

const SOURCE = `nextjs-${NEXT_VERSION} oracle (tests/oracle/gen-core-vectors.mjs)`;

// ---------------------------------------------------------------------------------------------
// Deterministic PRNG (mulberry32) and helpers
// ---------------------------------------------------------------------------------------------
function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    shuffle: (arr) => {
      const a2 = arr.slice();
      for (let i = a2.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [a2[i], a2[j]] = [a2[j], a2[i]];
      }
      return a2;
    },
    sample: (arr, n) => rng.shuffle(arr).slice(0, n),
  };
  return rng;
}

// ---------------------------------------------------------------------------------------------
// Oracle wrappers
// ---------------------------------------------------------------------------------------------
function sortRoutes(patterns) {
  try {
    return { ok: true, sorted: getSortedRoutes(patterns) };
  } catch (e) {
    return { ok: false, message: e.message };
  }
}

function compile(sorted) {
  return sorted.map((pattern) => {
    const regex = getRouteRegex(pattern);
    return { pattern, re: regex.re, match: getRouteMatcher(regex) };
  });
}

// Next.js matching: first pattern in getSortedRoutes order whose matcher does not return false.
function nextDecide(compiled, url) {
  for (const r of compiled) {
    let res;
    try {
      res = r.match(url);
    } catch (e) {
      if (e instanceof DecodeError) return { kind: 'bad_request', pattern: r.pattern };
      throw e;
    }
    if (res !== false) {
      const params = {};
      for (const [k, v] of Object.entries(res)) if (v !== undefined) params[k] = v;
      return { kind: 'route', pattern: r.pattern, params };
    }
  }
  return { kind: 'not_found' };
}

// Which pattern's regex matches first (no decoding at all).
function firstRegexWinner(compiled, url) {
  for (const r of compiled) if (r.re.test(url)) return r.pattern;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Pattern parsing (only for test generation / domain checks, never for expected values)
// ---------------------------------------------------------------------------------------------
function parseSeg(text) {
  let m;
  if ((m = /^\[\[\.\.\.([^\[\]]*)\]\]$/.exec(text))) return { type: 'opt', name: m[1], text };
  if ((m = /^\[\.\.\.([^\[\]]*)\]$/.exec(text))) return { type: 'catch', name: m[1], text };
  if ((m = /^\[([^\[\]]*)\]$/.exec(text))) return { type: 'dyn', name: m[1], text };
  return { type: 'static', name: text, text };
}
const patSegs = (p) => (p === '/' ? [] : p.slice(1).split('/').map(parseSeg));
const urlSegs = (u) => (u === '/' ? [] : u.slice(1).split('/'));
const joinUrl = (segs) => '/' + segs.join('/');

function fmtSeg(type, name) {
  if (type === 'dyn') return `[${name}]`;
  if (type === 'catch') return `[...${name}]`;
  if (type === 'opt') return `[[...${name}]]`;
  return name;
}

// ---------------------------------------------------------------------------------------------
// The request domain on which routecore's spec and Next.js's matcher agree (see README.md)
// ---------------------------------------------------------------------------------------------
const ALLOWED_ASCII = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]$/;
const MAX_SEGMENTS = 20;

function tryDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function domainProblem(url) {
  if (!url.startsWith('/')) return 'no leading slash';
  if (url.includes('//')) return 'empty segment';
  if (url !== '/' && url.endsWith('/')) return 'trailing slash';
  if (url.includes('_NEXTSEP_')) return 'Next.js strips _NEXTSEP_ from params';
  for (const ch of url.slice(1)) {
    if (ch === '/') continue;
    const cp = ch.codePointAt(0);
    if (cp < 0x80 ? !ALLOWED_ASCII.test(ch) : cp < 0xa0) return `character ${JSON.stringify(ch)}`;
  }
  const segs = urlSegs(url);
  if (segs.length > MAX_SEGMENTS) return 'too many segments';
  for (const s of segs) {
    if (/%(2f|5c|[01][0-9a-f]|7f)/i.test(s)) return 'encoded slash, backslash or control char';
    const d = tryDecode(s);
    if (s === '.' || s === '..' || d === '.' || d === '..') return 'dot segment';
  }
  return null;
}

// Decode each segment that decodes; leave malformed ones raw. Used to see which route a
// decode-then-compare router (routecore) would pick, so that requests where "static after
// decoding" and Next's "static raw" disagree are skipped.
const decodedVariant = (url) => joinUrl(urlSegs(url).map((s) => tryDecode(s) ?? s));

// A '%' in a request segment that the winning route treats as a static segment.
function percentInStatic(pattern, url) {
  const ps = patSegs(pattern);
  const us = urlSegs(url);
  for (let i = 0; i < us.length && i < ps.length; i++) {
    if (ps[i].type === 'static' && us[i].includes('%')) return true;
    if (ps[i].type === 'catch' || ps[i].type === 'opt') break; // a catch-all takes the rest
  }
  return false;
}

// Returns {expect} or {skip: reason}
function oracleCase(compiled, url) {
  const prob = domainProblem(url);
  if (prob) return { skip: prob };
  const d = nextDecide(compiled, url);
  const rawWinner = firstRegexWinner(compiled, url);
  if ((d.pattern ?? null) !== rawWinner) throw new Error(`oracle inconsistency on ${url}`);
  if (url.includes('%')) {
    if (d.kind === 'not_found') return { skip: '% request that Next.js does not match' };
    if (percentInStatic(d.pattern, url)) return { skip: '% in a static position of the winner' };
    if (firstRegexWinner(compiled, decodedVariant(url)) !== d.pattern)
      return { skip: 'winner differs when static segments are compared after decoding' };
  }
  if (d.kind === 'bad_request') return { expect: { action: 'bad_request', status: 400 } };
  if (d.kind === 'not_found') return { expect: { action: 'not_found', status: 404, route: null } };
  return { expect: { action: 'route', status: 200, route: { pattern: d.pattern }, params: d.params } };
}

// ---------------------------------------------------------------------------------------------
// Value pools for requests
// ---------------------------------------------------------------------------------------------
const V_PLAIN = [
  '1', '42', '007', 'hello', 'new', 'edit', 'a', 'B', 'x-y', 'a_b', 'v1.2', 'data.json', '~tilde',
  'a+b', "it's", '(x)', 'a,b', 'k=v', 'a:b', '@me', '$5', 'wow!', '*',
  '\u00e9t\u00e9', '\u00fcber', '\u65e5\u672c', 'Caf\u00e9',
];
const V_ENCODED = [
  'hello%20world', 'caf%C3%A9', 'caf%c3%a9', '%41', '%7e', '%2Bplus', '%25', '100%25', '%E2%82%AC',
  '%F0%9F%98%80', 'a%3Fb', 'a%23b', '%5B1%5D', 'x%2Ey', '%2e%2e%2e', '%E6%97%A5', 'new%20',
];
const V_MALFORMED = [
  '%zz', '%', '%2', 'ok%G0', '%E0%A4', '%C3%28', '%FF', '%ED%A0%80', '%C0%AF', 'a%E2%82',
];

function pickValue(rng, statics) {
  const r = rng.next();
  if (r < 0.25 && statics.length) return rng.pick(statics);
  if (r < 0.7) return rng.pick(V_PLAIN);
  if (r < 0.95) return rng.pick(V_ENCODED);
  return rng.pick(V_MALFORMED);
}

function deriveUrl(rng, pattern, statics) {
  const out = [];
  for (const s of patSegs(pattern)) {
    if (s.type === 'static') out.push(s.text);
    else if (s.type === 'dyn') out.push(pickValue(rng, statics));
    else {
      const n = s.type === 'catch' ? rng.int(1, 4) : rng.int(0, 3);
      for (let i = 0; i < n; i++) out.push(pickValue(rng, statics));
    }
  }
  return joinUrl(out);
}

function nearMiss(rng, url, statics) {
  const segs = urlSegs(url);
  const op = rng.int(0, 6);
  if (op === 0 || segs.length === 0) segs.push(pickValue(rng, statics));
  else if (op === 1) segs.pop();
  else if (op === 2) {
    const i = rng.int(0, segs.length - 1);
    const s = segs[i];
    const variants = [s + 's', s.slice(0, -1) || 'x', s.toUpperCase(), s.charAt(0).toUpperCase() + s.slice(1), s + '-1'];
    segs[i] = rng.pick(variants);
  } else if (op === 3) {
    segs.splice(rng.int(0, segs.length), 0, pickValue(rng, statics));
  } else if (op === 4) {
    segs[rng.int(0, segs.length - 1)] = pickValue(rng, statics);
  } else if (op === 5) {
    segs.unshift(rng.pick(['nope', 'x', 'blog', 'api']));
  } else {
    // percent-encode one ASCII letter of a segment (e.g. blog -> %62log)
    const i = rng.int(0, segs.length - 1);
    const s = segs[i];
    const j = [...s].findIndex((c) => /[A-Za-z]/.test(c));
    if (j >= 0) segs[i] = s.slice(0, j) + '%' + s.charCodeAt(j).toString(16).toUpperCase() + s.slice(j + 1);
    else segs.push(pickValue(rng, statics));
  }
  return joinUrl(segs);
}

const staticsOf = (patterns) => [
  ...new Set(patterns.flatMap((p) => patSegs(p).filter((s) => s.type === 'static').map((s) => s.text))),
].sort();

// Build the cases of a (valid) group: hand-written URLs first (all must be in the domain),
// then derived and near-miss URLs until `target` cases exist.
function buildCases(name, routes, sorted, rng, handUrls, target) {
  const compiled = compile(sorted);
  const statics = staticsOf(routes);
  const seen = new Set();
  const cases = [];
  // `balance`: in the random phase, thin out route hits once they exceed 80% so that 404s and
  // 400s stay represented.
  const add = (url, mustKeep, balance = false) => {
    if (seen.has(url)) return;
    seen.add(url);
    const r = oracleCase(compiled, url);
    if (r.skip) {
      if (mustKeep) throw new Error(`${name}: hand-written url ${url} is outside the domain: ${r.skip}`);
      return;
    }
    if (balance && r.expect.action === 'route' && cases.length >= 5) {
      const hits = cases.filter((c) => c.expect.action === 'route').length;
      if (hits / cases.length > 0.8 && rng.chance(0.7)) return;
    }
    cases.push({ method: 'GET', url, expect: r.expect });
  };
  for (const u of handUrls) add(u, true);
  // one hit attempt per route (in sorted order) so every route is exercised
  for (const p of sorted) {
    if (cases.length >= target) break;
    for (let t = 0; t < 6; t++) {
      const before = cases.length;
      const u = deriveUrl(rng, p, statics);
      add(u, false);
      if (cases.length > before) break;
    }
  }
  for (let attempts = 0; cases.length < target && attempts < 2000; attempts++) {
    const base = deriveUrl(rng, rng.pick(sorted), statics);
    add(rng.chance(0.5) ? nearMiss(rng, base, statics) : base, false, true);
  }
  if (cases.length < 10) throw new Error(`${name}: only ${cases.length} cases`);
  return cases;
}

const routesConfig = (patterns) => ({ routes: patterns.map((pattern) => ({ pattern, kind: 'page' })) });

// ---------------------------------------------------------------------------------------------
// Error groups: implementation-neutral expected substrings derived from Next's message
// ---------------------------------------------------------------------------------------------
// Next's segment-name extraction in sorted-routes.js (for locating the input segment text).
function nextSegmentName(seg) {
  if (!(seg.startsWith('[') && seg.endsWith(']'))) return null;
  let n = seg.slice(1, -1);
  if (n.startsWith('[') && n.endsWith(']')) n = n.slice(1, -1);
  if (n.startsWith('\u2026')) return n;
  if (n.startsWith('...')) n = n.substring(3);
  return n;
}

function offendingIndex(patterns, message) {
  for (let k = 0; k < patterns.length; k++) {
    const r = sortRoutes(patterns.slice(0, k + 1));
    if (!r.ok && r.message === message) return k;
  }
  throw new Error(`cannot locate offending route for: ${message}`);
}

function expectErrorsFor(patterns, message) {
  let m;
  const segsOf = (k) => patterns[k].split('/').filter(Boolean);
  const bySegName = (k, name) => segsOf(k).filter((s) => nextSegmentName(s) === name);
  const uniq = (xs) => [...new Set(xs.map((x) => x.toLowerCase()))];
  if ((m = /different slug names for the same dynamic path \('(.*)' !== '(.*)'\)/.exec(message))) {
    const k = offendingIndex(patterns, message);
    const segB = bySegName(k, m[2])[0];
    const type = parseSeg(segB).type;
    return uniq([fmtSeg(type, m[1]), segB]);
  }
  if ((m = /same slug name "(.*)" repeat within a single dynamic path/.exec(message))) {
    const k = offendingIndex(patterns, message);
    return uniq(bySegName(k, m[1]));
  }
  if ((m = /slug names "(.*)" and "(.*)" differ only by non-word symbols/.exec(message))) {
    const k = offendingIndex(patterns, message);
    return uniq([...bySegName(k, m[1]), ...bySegName(k, m[2])]);
  }
  if (/Catch-all must be the last part of the URL/.test(message)) {
    const k = offendingIndex(patterns, message);
    const segs = segsOf(k);
    const i = segs.findIndex((s) => ['catch', 'opt'].includes(parseSeg(s).type));
    if (i < 0 || i === segs.length - 1) throw new Error(`unexpected: ${patterns[k]}`);
    return uniq([segs[i]]);
  }
  if ((m = /catch-all route at the same level \("(.*)" and "(.*)" ?\)/.exec(message))) {
    return uniq([m[1], m[2]]);
  }
  if ((m = /same specificity as a optional catch-all route \("(.*)" and "(.*)"\)/.exec(message))) {
    const r = m[1];
    const opt = m[2].slice(r.length);
    if (!patterns.includes(r)) throw new Error(`unexpected: ${message}`);
    return uniq([r, opt]);
  }
  if ((m = /Optional route parameters are not yet supported \("(.*)"\)/.exec(message))) {
    return uniq([m[1]]);
  }
  if (
    (m = /three-dot character \('…'\) at \('([^']*)'\)/.exec(message)) ||
    (m = /may not start or end with extra brackets \('(.*)'\)/.exec(message)) ||
    (m = /may not start with erroneous periods \('(.*)'\)/.exec(message))
  ) {
    const k = offendingIndex(patterns, message);
    const segs = bySegName(k, m[1]);
    if (!segs.length) throw new Error(`cannot find segment for: ${message}`);
    return uniq(segs);
  }
  throw new Error(`unrecognised Next.js error: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Hand-picked route sets
// ---------------------------------------------------------------------------------------------
const E = '\u00e9'; // é (precomposed)
const U = '\u00fc'; // ü

const HAND_PRIORITY = [
  {
    name: 'blog-backtracking',
    routes: ['/blog/[slug]/edit', '/blog/new', '/blog', '/blog/[slug]', '/'],
    urls: ['/blog/new/edit', '/blog/new', '/blog/hello', '/blog/hello/edit', '/blog', '/', '/blog/new/edit/x',
      '/blog/edit', '/Blog/new', '/blogs', '/blog/hello/Edit', '/blog/new/new'],
  },
  {
    name: 'static-dynamic-catchall-same-level',
    routes: ['/shop/[...path]', '/shop/[id]', '/shop/sale', '/shop/[id]/reviews', '/shop'],
    urls: ['/shop/sale', '/shop/42', '/shop/42/reviews', '/shop/42/other', '/shop/sale/reviews', '/shop/a/b/c',
      '/shop', '/shop/sale/x', '/shop/reviews', '/shop/sale/reviews/x', '/sho'],
  },
  {
    name: 'static-dynamic-optional-catchall-same-level',
    routes: ['/shop/[[...path]]', '/shop/[id]', '/shop/sale', '/shop/[id]/reviews'],
    urls: ['/shop', '/shop/sale', '/shop/7', '/shop/7/reviews', '/shop/7/x', '/shop/a/b/c/d', '/shop/sale/reviews',
      '/shop/sale/x', '/', '/shopping'],
  },
  {
    name: 'root-optional-catchall',
    routes: ['/[[...slug]]', '/about', '/blog/[id]', '/blog/[id]/comments'],
    urls: ['/', '/about', '/about/team', '/blog', '/blog/1', '/blog/1/comments', '/blog/1/likes', '/x/y/z', '/About',
      '/blog/1/comments/2'],
  },
  {
    name: 'root-catchall-and-index',
    routes: ['/api/[version]', '/[...slug]', '/', '/api/health'],
    urls: ['/', '/api', '/api/health', '/api/v2', '/api/v2/users', '/anything', '/a/b/c/d', '/api/health/x'],
  },
  {
    name: 'dynamic-vs-static-at-second-level',
    routes: ['/[a]/[b]/c', '/[a]/b/[c]'],
    urls: ['/x/b/c', '/x/y/c', '/x/b/z', '/x/y/z', '/b/b/c', '/x/b', '/x/b/c/d', '/c/c/c', '/b/b/b'],
  },
  {
    name: 'deep-nesting',
    routes: ['/a/[x]/c/[y]/e', '/a/b/c/d/e', '/a/b/[z]/d/[w]', '/[r]/b/c/d/e', '/a/[x]/c/[y]', '/a/b/c/d'],
    urls: ['/a/b/c/d/e', '/a/b/c/d/f', '/a/q/c/1/e', '/a/b/c/1/e', '/q/b/c/d/e', '/a/b/c/d', '/a/b/x/d/e',
      '/a/b/c/d/e/f', '/a/b/c', '/b/b/c/d/e', '/a/a/c/a/e'],
  },
  {
    name: 'docs-app',
    routes: ['/docs/[...slug]', '/docs', '/docs/getting-started', '/docs/api/[fn]', '/docs/api', '/'],
    urls: ['/docs', '/docs/getting-started', '/docs/api', '/docs/api/render', '/docs/api/render/x',
      '/docs/guides/routing', '/docs/getting-started/install', '/', '/doc', '/docs/API/render'],
  },
  {
    name: 'shop-app',
    routes: ['/shop/[category]/[product]', '/shop/[category]/all', '/shop/cart', '/shop/checkout/[[...step]]',
      '/shop/[category]', '/shop'],
    urls: ['/shop', '/shop/cart', '/shop/checkout', '/shop/checkout/shipping', '/shop/checkout/a/b', '/shop/shoes',
      '/shop/shoes/all', '/shop/shoes/air-max', '/shop/cart/x', '/shop/cart/all', '/shop/shoes/air-max/x'],
  },
  {
    name: 'static-order-ascii-latin1',
    routes: [`/${E}`, '/a', '/B', `/${U}`, '/Z', '/b', '/1', '/10', '/2', '/data.json', '/a-b', '/a_b', '/a.b',
      '/A', '/-x', '/[id]', `/caf${E}`, '/cafe'],
    urls: [`/${E}`, '/a', '/B', `/${U}`, '/Z', '/b', '/1', '/10', '/2', '/data.json', '/a-b', '/a_b', '/a.b', '/A',
      '/-x', `/caf${E}`, '/cafe', '/C', '/data', '/data.JSON', '/3', '/ab'],
  },
  {
    name: 'static-order-utf16-astral',
    routes: ['/\uFF5A', '/\u{1D49C}', '/z', `/${E}`, '/\u4E2D', '/[x]'],
    urls: ['/\uFF5A', '/\u{1D49C}', '/z', `/${E}`, '/\u4E2D', '/y', '/\u{1F600}'],
  },
  {
    name: 'same-name-dynamic-and-catchall',
    routes: ['/[...id]', '/[id]', '/x', '/[id]/edit'],
    urls: ['/x', '/y', '/x/edit', '/y/edit', '/x/y', '/a/b/c', '/x/edit/z', '/'],
  },
  {
    name: 'api-routes',
    routes: ['/api/users/[id]/posts/[postId]', '/api/[...rest]', '/api/users', '/api/users/[id]', '/api/users/me'],
    urls: ['/api/users', '/api/users/me', '/api/users/7', '/api/users/7/posts/9', '/api/users/me/posts/1',
      '/api/users/7/posts', '/api/other', '/api', '/api/users/7/posts/9/x', '/api/Users'],
  },
  {
    name: 'i18n-lang-prefix',
    routes: ['/[lang]/blog/[slug]', '/en/special', '/[lang]', '/', '/[lang]/about'],
    urls: ['/', '/en', '/en/special', '/en/about', '/fr/about', '/en/blog/hi', '/fr/blog/hi', '/en/special/x',
      '/de/other', '/en/blog'],
  },
  {
    name: 'backtracking-multi-level',
    routes: ['/a/b/[w]/g', '/[y]/b/[z]/f', '/a/[x]/c/e', '/a/b/c/d'],
    urls: ['/a/b/c/d', '/a/b/c/e', '/a/b/c/f', '/a/b/c/g', '/a/b/x/g', '/a/z/c/e', '/q/b/c/f', '/a/b/c/h'],
  },
  {
    name: 'optional-catchall-with-deeper-statics',
    routes: ['/docs/a/[id]', '/docs/[[...slug]]', '/docs/a/b'],
    urls: ['/docs', '/docs/a', '/docs/a/b', '/docs/a/c', '/docs/a/b/c', '/docs/x/y', '/doc'],
  },
  {
    name: 'catchall-vs-dynamic-deeper',
    routes: ['/p/[...rest]', '/p/[id]/x', '/p/[id]'],
    urls: ['/p', '/p/1', '/p/1/x', '/p/1/y', '/p/1/x/y', '/p/x'],
  },
  {
    name: 'long-catchall',
    routes: ['/files', '/files/[...path]'],
    urls: ['/files', '/files/a', '/files/' + Array.from({ length: 19 }, (_, i) => `s${i}`).join('/')],
  },
];

const HAND_ENCODING = [
  {
    name: 'percent-encoded-params',
    routes: ['/files/[name]', '/files/readme.md', '/tags/[tag]/[...rest]', `/caf${E}`, `/caf${E}/[item]`, '/A',
      '/[top]'],
    urls: ['/files/hello%20world', '/files/caf%C3%A9', '/files/%41', '/files/readme.md', '/files/100%25',
      '/files/a+b', '/files/%zz', '/files/%E0%A4', '/files/%C3%28', '/files/%FF', '/files/%ED%A0%80',
      '/files/%C0%AF', '/files/%', '/files/%2', '/tags/x/a/%C3%28/b', '/tags/%F0%9F%98%80/a%20b/c',
      `/caf${E}`, `/caf${E}/%C3%BC`, `/caf${E}/%zz`, '/A', '/B', '/%42', '/files/%2e%2e%2e', '/files/a%3Fb',
      '/files/a%23b', '/files/%252F', '/tags/%25/%25', `/files/${E}t${E}`, '/%zz'],
  },
  {
    name: 'percent-encoded-catchall',
    routes: ['/[[...path]]', '/static/logo.png', '/static/[file]'],
    urls: ['/', '/a%20b', '/a/b%20c/d', '/%E2%82%AC/%F0%9F%98%80', '/static/logo.png', '/static/other%2Epng',
      '/static/%zz', '/x/%zz/y', '/x/y/%E0%A4', '/static/a/b', '/%41/%42', '/static/logo.png/x'],
  },
  {
    name: 'encoded-vs-static-sibling',
    routes: ['/blog/new', '/blog/[slug]', '/blog/[slug]/edit'],
    urls: ['/blog/new', '/blog/n%65w%20post', '/blog/%E6%97%A5/edit', '/blog/%zz/edit', '/blog/%zz',
      '/blog/hello%2Bworld', '/blog/new/edit'],
  },
];

const HAND_ERRORS = [
  { name: 'slug-name-clash', routes: ['/a/[id]', '/a/[slug]'] },
  { name: 'slug-name-clash-different-depths', routes: ['/[id]/edit', '/about', '/[slug]'] },
  { name: 'slug-name-clash-deeper', routes: ['/a/[x]/b', '/a/[y]/c'] },
  { name: 'catchall-name-clash', routes: ['/docs/[...a]', '/docs/[...b]'] },
  { name: 'optional-catchall-name-clash', routes: ['/docs/[[...a]]', '/docs/[[...b]]'] },
  { name: 'repeated-slug-name', routes: ['/[id]/[id]'] },
  { name: 'repeated-slug-name-via-catchall', routes: ['/[id]/x/[...id]'] },
  { name: 'repeated-slug-name-via-optional-catchall', routes: ['/a/[slug]/[[...slug]]'] },
  { name: 'catchall-not-last', routes: ['/[...slug]/edit'] },
  { name: 'optional-catchall-not-last', routes: ['/docs/[[...slug]]/x'] },
  { name: 'required-then-optional-catchall', routes: ['/docs/[...a]', '/docs/[[...a]]'] },
  { name: 'optional-then-required-catchall', routes: ['/docs/[[...b]]', '/docs/[...a]'] },
  { name: 'same-specificity-as-optional-catchall', routes: ['/docs', '/docs/[[...slug]]'] },
  { name: 'same-specificity-as-optional-catchall-root', routes: ['/[[...slug]]', '/'] },
  { name: 'optional-non-catchall', routes: ['/a/[[id]]'] },
  { name: 'optional-non-catchall-empty', routes: ['/a/[[]]'] },
  { name: 'extra-bracket-open', routes: ['/a/[[id]'] },
  { name: 'extra-bracket-close', routes: ['/a/[id]]'] },
  { name: 'extra-bracket-catchall', routes: ['/a/[...[id]]'] },
  { name: 'three-dot-character', routes: ['/docs/[\u2026slug]'] },
  { name: 'three-dot-character-optional', routes: ['/docs/[[\u2026slug]]'] },
  { name: 'erroneous-period', routes: ['/a/[.id]'] },
  { name: 'erroneous-period-four-dots', routes: ['/a/[....id]'] },
  { name: 'non-word-symbol-names', routes: ['/[ab]/[a-b]'] },
  { name: 'non-word-symbol-names-catchall', routes: ['/[post]/[...p-ost]'] },
  // Accepted by getSortedRoutes, rejected by routecore (ROUTING.md §1.2: empty segment names).
  { name: 'empty-dynamic-name', routes: ['/a/[]'], acceptedByNext: true },
  { name: 'empty-catchall-name', routes: ['/a/[...]'], acceptedByNext: true },
  { name: 'empty-optional-catchall-name', routes: ['/[[...]]'], acceptedByNext: true },
  { name: 'empty-dynamic-name-mid-path', routes: ['/x/[]/y', '/x/z'], acceptedByNext: true },
];

// ---------------------------------------------------------------------------------------------
// Random route sets
// ---------------------------------------------------------------------------------------------
const STATIC_POOL = ['a', 'b', 'B', 'Z', 'api', 'blog', 'new', 'edit', 'docs', 'data.json', 'v1.2', 'x-y',
  'my_page', E, U, `${E}t${E}`, '10', '2'];
const DYN_POOL = ['id', 'slug', 'name', 'page', 'x'];
const CATCH_POOL = ['rest', 'path', 'parts'];

// `bush` (0..2) controls how wide the tree grows, so set sizes spread over 5..40 routes.
function genTree(rng, depth, used, bush) {
  const node = { route: false, statics: [], dyn: null, catchAll: null };
  if (depth < 5) {
    const nStatic = Math.min(rng.int(0, 2 + bush), rng.int(0, 2 + bush), 4 - depth);
    for (const n of rng.sample(STATIC_POOL, Math.max(0, nStatic))) node.statics.push([n, genTree(rng, depth + 1, used, bush)]);
    if (rng.chance([0.55, 0.45, 0.35, 0.3, 0.25][depth])) {
      const name = rng.pick(DYN_POOL.filter((n) => !used.includes(n)));
      node.dyn = [name, genTree(rng, depth + 1, [...used, name], bush)];
    }
    if (rng.chance(depth === 0 ? 0.12 : 0.22)) {
      node.catchAll = { type: rng.chance(0.5) ? 'catch' : 'opt', name: rng.pick(CATCH_POOL.filter((n) => !used.includes(n))) };
    }
  }
  const leaf = !node.statics.length && !node.dyn && !node.catchAll;
  node.route = leaf || rng.chance(0.35);
  if (node.catchAll && node.catchAll.type === 'opt') node.route = false;
  return node;
}

function treePatterns(node, prefix, out) {
  if (node.route) out.push(prefix.length ? '/' + prefix.join('/') : '/');
  for (const [n, child] of node.statics) treePatterns(child, [...prefix, n], out);
  if (node.dyn) treePatterns(node.dyn[1], [...prefix, `[${node.dyn[0]}]`], out);
  if (node.catchAll) out.push('/' + [...prefix, fmtSeg(node.catchAll.type, node.catchAll.name)].join('/'));
  return out;
}

function genRouteSet(rng, maxRoutes = 40) {
  const want = rng.int(5, maxRoutes);
  const bush = want < 12 ? 0 : want < 25 ? 1 : 2;
  for (;;) {
    const pats = treePatterns(genTree(rng, 0, [], bush), [], []);
    if (pats.length >= 5 && pats.length <= maxRoutes && Math.abs(pats.length - want) <= Math.max(2, want >> 2))
      return rng.shuffle(pats);
  }
}

function errorKind(message) {
  if (/different slug names/.test(message)) return 'slug-name-clash';
  if (/same slug name/.test(message)) return 'repeated-slug-name';
  if (/non-word symbols/.test(message)) return 'non-word-symbol-names';
  if (/Catch-all must be the last/.test(message)) return 'catchall-not-last';
  if (/required and optional|optional and required/.test(message)) return 'required-and-optional-catchall';
  if (/same specificity/.test(message)) return 'same-specificity-as-optional-catchall';
  throw new Error(`unclassified: ${message}`);
}

// Mutations that make a valid set invalid (for the errors file).
const MUTATIONS = ['slug-clash', 'repeat', 'catch-not-last', 'req-opt-mix', 'opt-specificity', 'nonword',
  'catch-clash'];

function mutate(rng, pats, preferred) {
  const parsed = pats.map((p) => ({ p, segs: patSegs(p) }));
  const kinds = [preferred, ...rng.shuffle(MUTATIONS.filter((k) => k !== preferred))];
  for (const kind of kinds) {
    const cands = [];
    for (const { segs } of parsed) {
      const last = segs[segs.length - 1];
      const endsCatch = last && (last.type === 'catch' || last.type === 'opt');
      if (kind === 'slug-clash') {
        segs.forEach((s, i) => {
          if (s.type !== 'dyn') return;
          const usedBefore = segs.slice(0, i).map((x) => x.name);
          const other = DYN_POOL.filter((n) => n !== s.name && !usedBefore.includes(n));
          if (other.length) cands.push([...segs.slice(0, i).map((x) => x.text), `[${rng.pick(other)}]`]);
        });
      } else if (kind === 'catch-clash' && endsCatch) {
        const other = CATCH_POOL.filter((n) => n !== last.name && !segs.some((x) => x.name === n));
        if (other.length) cands.push([...segs.slice(0, -1).map((x) => x.text), fmtSeg(last.type, rng.pick(other))]);
      } else if (kind === 'repeat' && !endsCatch) {
        const dyns = segs.filter((s) => s.type === 'dyn');
        if (dyns.length) cands.push([...segs.map((x) => x.text), 'extra', rng.pick(dyns).text]);
      } else if (kind === 'catch-not-last' && endsCatch) {
        cands.push([...segs.map((x) => x.text), rng.pick(STATIC_POOL)]);
      } else if (kind === 'req-opt-mix' && endsCatch) {
        cands.push([...segs.slice(0, -1).map((x) => x.text), fmtSeg(last.type === 'catch' ? 'opt' : 'catch', last.name)]);
      } else if (kind === 'opt-specificity') {
        if (last && last.type === 'opt') cands.push(segs.slice(0, -1).map((x) => x.text));
        else if (!endsCatch) {
          const name = CATCH_POOL.filter((n) => !segs.some((x) => x.name === n))[0];
          cands.push([...segs.map((x) => x.text), fmtSeg('opt', name)]);
        }
      } else if (kind === 'nonword' && !endsCatch) {
        const dyns = segs.filter((s) => s.type === 'dyn' && s.name.length >= 2);
        if (dyns.length) {
          const n = rng.pick(dyns).name;
          cands.push([...segs.map((x) => x.text), 'extra', `[${n[0]}-${n.slice(1)}]`]);
        }
      }
    }
    if (!cands.length) continue;
    const added = joinUrl(rng.pick(cands));
    if (pats.includes(added)) continue;
    const out = pats.slice();
    out.splice(rng.int(0, out.length), 0, added);
    return { kind, patterns: out };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Assemble groups
// ---------------------------------------------------------------------------------------------
function validGroup(name, routes, rng, urls, target) {
  const res = sortRoutes(routes);
  if (!res.ok) throw new Error(`${name}: getSortedRoutes threw: ${res.message}`);
  return {
    name,
    config: routesConfig(routes),
    expect_routes: res.sorted,
    cases: buildCases(name, routes, res.sorted, rng, urls, target),
  };
}

function errorGroup(name, routes, acceptedByNext = false) {
  const res = sortRoutes(routes);
  if (acceptedByNext) {
    if (!res.ok) throw new Error(`${name}: expected getSortedRoutes to accept, got ${res.message}`);
    const empties = routes.flatMap((p) => p.split('/').filter((s) => ['[]', '[...]', '[[...]]'].includes(s)));
    return {
      name,
      config: routesConfig(routes),
      nextjs_error: '(none: getSortedRoutes accepts this set)',
      differs: 'Next.js accepts an empty segment name; routecore rejects it (ROUTING.md 1.2: empty segment names)',
      expect_errors: [...new Set(empties)],
    };
  }
  if (res.ok) throw new Error(`${name}: expected getSortedRoutes to throw`);
  return {
    name,
    config: routesConfig(routes),
    nextjs_error: res.message,
    expect_errors: expectErrorsFor(routes, res.message),
  };
}

const priorityGroups = HAND_PRIORITY.map((g, i) =>
  validGroup(g.name, g.routes, makeRng(0x1000 + i), g.urls, Math.max(g.urls.length, 20)));
const encodingGroups = HAND_ENCODING.map((g, i) =>
  validGroup(g.name, g.routes, makeRng(0x2000 + i), g.urls, Math.max(g.urls.length, 24)));
const errorGroups = HAND_ERRORS.map((g) => errorGroup(g.name, g.routes, g.acceptedByNext));

const RANDOM_VALID = 25;
const RANDOM_ERRORS = 12;
const randomGroups = [];
const randomErrorGroups = [];
{
  const rng = makeRng(0x5eed2025);
  let n = 0;
  while (randomGroups.length < RANDOM_VALID || randomErrorGroups.length < RANDOM_ERRORS) {
    n++;
    const wantError = randomErrorGroups.length < RANDOM_ERRORS && (randomGroups.length >= RANDOM_VALID || rng.chance(0.3));
    const pats = genRouteSet(rng, wantError ? 16 : 40);
    if (!wantError) {
      const res = sortRoutes(pats);
      const name = `random-${String(randomGroups.length + 1).padStart(2, '0')}`;
      if (!res.ok) {
        // The tree generator builds valid sets; should one not be, it belongs to the errors file.
        continue;
      }
      randomGroups.push(validGroup(name, pats, makeRng(0x3000 + n), [], rng.int(15, 30)));
      continue;
    }
    if (pats.length > 20) continue; // keep error groups readable
    const mut = mutate(rng, pats, MUTATIONS[randomErrorGroups.length % MUTATIONS.length]);
    if (!mut) continue;
    const res = sortRoutes(mut.patterns);
    if (res.ok) continue;
    // Exactly one culprit: removing the route Next.js blames must make the set valid.
    const k = offendingIndex(mut.patterns, res.message);
    if (!sortRoutes(mut.patterns.filter((_, i) => i !== k)).ok) continue;
    const name = `random-err-${String(randomErrorGroups.length + 1).padStart(2, '0')}-${errorKind(res.message)}`;
    randomErrorGroups.push(errorGroup(name, mut.patterns));
  }
}

// ---------------------------------------------------------------------------------------------
// Serialisation: pretty at the group level, one route / case per line
// ---------------------------------------------------------------------------------------------
function inline(v) {
  if (Array.isArray(v)) return '[' + v.map(inline).join(', ') + ']';
  if (v && typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ') + '}';
  return JSON.stringify(v);
}

function lines(items, indent) {
  return items.map((x) => indent + inline(x)).join(',\n');
}

function serializeGroup(g) {
  const I = '      ';
  const out = [`    {`, `      "name": ${JSON.stringify(g.name)},`];
  out.push(`      "config": {"routes": [\n${lines(g.config.routes, I + '  ')}\n${I}]},`);
  if (g.cases) {
    out.push(`      "expect_routes": [\n${lines(g.expect_routes, I + '  ')}\n${I}],`);
    out.push(`      "cases": [\n${lines(g.cases, I + '  ')}\n${I}]`);
  } else {
    out.push(`      "nextjs_error": ${JSON.stringify(g.nextjs_error)},`);
    if (g.differs) out.push(`      "differs": ${JSON.stringify(g.differs)},`);
    out.push(`      "expect_errors": ${inline(g.expect_errors)}`);
  }
  out.push('    }');
  return out.join('\n');
}

function writeVectors(file, description, groups) {
  const text = [
    '{',
    `  "description": ${JSON.stringify(description)},`,
    `  "source": ${JSON.stringify(SOURCE)},`,
    '  "groups": [',
    groups.map(serializeGroup).join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
  // Sanity: the custom serialiser must round-trip.
  const parsed = JSON.parse(text);
  if (JSON.stringify(parsed.groups) !== JSON.stringify(groups)) throw new Error(`${file}: serialiser mismatch`);
  writeFileSync(path.join(OUT_DIR, file), text);
  const cases = groups.reduce((n, g) => n + (g.cases ? g.cases.length : 0), 0);
  console.log(`${file}: ${groups.length} groups, ${cases} cases`);
}

mkdirSync(OUT_DIR, { recursive: true });
writeVectors('nextjs-priority.json',
  'Route priority and matching on hand-picked route sets (blog/shop/docs apps, backtracking, static vs dynamic ' +
  'vs catch-all vs optional catch-all at one level, root optional catch-all, deep nesting, static ordering in ' +
  'UTF-16 code unit order). Expected route order from getSortedRoutes; expected decisions from the first ' +
  'getRouteMatcher(getRouteRegex(p)) hit in that order.',
  priorityGroups);
writeVectors('nextjs-encoding.json',
  'Percent-encoding in captured segments: decoded params (decodeURIComponent per segment, catch-all split on ' +
  '"/" before decoding) and 400 for malformed encoding or non-UTF-8 bytes in a captured segment. Only requests ' +
  'whose encoded segments are captured by the winning route are included (see tests/oracle/README.md).',
  encodingGroups);
writeVectors('nextjs-matching.json',
  'Randomly generated route sets (fixed seed; 5-40 routes, depth <= 5, small name pools so static and dynamic ' +
  'siblings collide; routes listed in shuffled order) with derived and near-miss requests.',
  randomGroups);
writeVectors('nextjs-errors.json',
  'Route sets that must fail to build. nextjs_error is getSortedRoutes\' message (informational); expect_errors ' +
  'lists lowercase substrings (offending patterns or segment texts as written) that the error message must ' +
  'contain. Groups whose nextjs_error starts with "(none" are accepted by Next.js but rejected by routecore.',
  [...errorGroups, ...randomErrorGroups]);
