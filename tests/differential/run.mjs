#!/usr/bin/env node
// Differential test: routecore against Next.js 16.4.6's own compiled routing internals.
//
//   node tests/differential/run.mjs --cases 100000 --seed 1 [--cli PATH] [--group N] [--keep]
//
// Generates seeded random groups (a routecore.json each, written to a temp dir) of five kinds,
// decides every request of a group in one `routecore match CONFIG --batch` run, and computes
// Next.js's answer with its internals:
//   routes      getSortedRoutes, getRouteRegex + getRouteMatcher, autoImplementMethods (methods,
//               automatic OPTIONS/HEAD), isHTTPMethod; plus the table order (`routecore routes`)
//   middleware  getMiddlewareMatchers + getMiddlewareRouteMatcher (matchers with has/missing)
//   redirects   getPathMatch + modifyRouteRegex (as Next's filesystem.js builds custom routes),
//               matchHas, prepareDestination, stringifyQuery, getRedirectStatus, url.format
//   rewrites    the same for beforeFiles, afterFiles / fallback with `check: true`, then the
//               route the rewritten path names (resolve-routes.js's order)
//   headers     the same matching, compileNonPath on keys and values, set-cookie accumulating
// and, for all, Next's request pre-processing (normalizeRepeatedSlashes 308s, WHATWG dot
// resolution, the internal trailing-slash redirect).
//
// Every disagreement is either explained BY RULE — code below that recognizes one of the
// differences README.md documents ("Where routecore differs from Next.js") and re-derives
// routecore's answer from Next's under that rule — or counted as unexplained (exit 1). Cases
// are never listed by hand. `--seed` makes a run reproducible; `--group N` reruns one group.

import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import querystring from 'node:querystring';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const require = createRequire(path.join(ROOT, 'tests', 'oracle', 'package.json'));
const NEXT_VERSION = require('next/package.json').version;
if (NEXT_VERSION !== '16.4.6') throw new Error(`expected next@16.4.6, found ${NEXT_VERSION}`);
const N = 'next/dist/';
const { getSortedRoutes } = require(N + 'shared/lib/router/utils/sorted-routes.js');
const { getRouteRegex } = require(N + 'shared/lib/router/utils/route-regex.js');
const { getRouteMatcher } = require(N + 'shared/lib/router/utils/route-matcher.js');
const { DecodeError, normalizeRepeatedSlashes } = require(N + 'shared/lib/utils.js');
const { getMiddlewareMatchers } = require(N + 'build/analysis/get-page-static-info.js');
const { getMiddlewareRouteMatcher } = require(N + 'shared/lib/router/utils/middleware-route-matcher.js');
const { getPathMatch } = require(N + 'shared/lib/router/utils/path-match.js');
const { matchHas, prepareDestination } = require(N + 'shared/lib/router/utils/prepare-destination.js');
const { modifyRouteRegex, getRedirectStatus } = require(N + 'lib/redirect-status.js');
const { stringifyQuery } = require(N + 'server/server-route-utils.js');
const { addRequestMeta } = require(N + 'server/request-meta.js');
const { autoImplementMethods } = require(N + 'server/route-modules/app-route/helpers/auto-implement-methods.js');
const { isHTTPMethod } = require(N + 'server/web/http.js');
const nodeUrl = require('node:url');
const { default: loadCustomRoutes } = require(N + 'lib/load-custom-routes.js');

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const CASES = Number(opt('--cases', '100000'));
const SEED = Number(opt('--seed', '1'));
const ONLY_GROUP = opt('--group', null);
const KEEP = args.includes('--keep');
const VERBOSE = args.includes('--verbose');
const SHOW = Number(opt('--show', '15'));

// ---------------------------------------------------------------------------------------------
// PRNG (mulberry32); every group has its own seed, so `--group N` reproduces one group alone.
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
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    subset: (arr, p) => arr.filter(() => next() < p),
  };
  return rng;
}
const groupSeed = (g) => (Math.imul(SEED ^ 0x9e3779b9, 2654435761) ^ Math.imul(g + 1, 0x85ebca6b)) >>> 0;

// ---------------------------------------------------------------------------------------------
// The routecore CLI (built once) and the temp dir for configs
// ---------------------------------------------------------------------------------------------
function cliPath() {
  const given = opt('--cli', process.env.ROUTECORE_CLI);
  if (given) return given;
  const r = spawnSync('cargo', ['build', '-q', '-p', 'routecore-cli'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('cargo build -p routecore-cli failed');
  const target = process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target');
  return path.join(target, 'debug', 'routecore');
}
const CLI = cliPath();
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'routecore-diff-'));

function runBatch(file, requests) {
  const input = requests.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const r = spawnSync(CLI, ['match', file, '--batch'], { input, maxBuffer: 1 << 28, encoding: 'utf8' });
  if (r.status === 1) return { errors: r.stderr };
  if (r.status !== 0) throw new Error(`routecore exited ${r.status}: ${r.stderr}`);
  return { decisions: r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l)) };
}
function runRoutes(file) {
  const r = spawnSync(CLI, ['routes', file, '--json'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout).map((x) => x.pattern);
}

// ---------------------------------------------------------------------------------------------
// Next.js's request pre-processing (router-server / resolve-routes)
// ---------------------------------------------------------------------------------------------
const splitUrl = (url) => {
  const q = url.indexOf('?');
  return q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q + 1)];
};
// Next.js's request pre-processing: a 308 for repeated slashes or backslashes, the WHATWG
// URL parse (dot segments), then its own internal trailing-slash redirects (loadCustomRoutes
// for `trailingSlash` false / true, run like any redirect). Returns the path and query Next.js
// routes, or the redirect {status, location} it answers with.
// With a basePath, a path outside it comes back as `{ outside: true }` (resolve-routes returns
// no match for it), and one inside it without the basePath.
function nextPreprocess(url, headers = [], trailingSlash = false, basePath = '') {
  const [p] = splitUrl(url);
  if (/(\\|\/\/)/.test(p)) return { redirect: { status: 308, location: normalizeRepeatedSlashes(url) } };
  const parsed = new URL(url, 'http://n');
  let pathname = parsed.pathname;
  const query = querystring.parse(parsed.search.slice(1));
  const internal = internalRedirects(trailingSlash, basePath)(pathname, query, headers);
  if (internal) return { redirect: { status: internal.status, location: internal.location } };
  if (basePath) {
    if (pathname !== basePath && !pathname.startsWith(basePath + '/')) return { outside: true, query };
    pathname = pathname.slice(basePath.length) || '/';
  }
  return { pathname, query };
}

// A Location as routecore writes it from Next.js's: non-ASCII characters percent-encoded as
// UTF-8 (a URI is ASCII; Next.js passes the raw bytes through).
const asciiLocation = (loc) => loc.replace(/[^\x00-\x7f]+/gu, (m) => encodeURIComponent(m));

// Next.js's own normalization redirect (repeated slashes, backslashes, trailing slash)
// compared with routecore's decision.
function verdictPreRedirect(pre, d, extra = () => true) {
  extra ??= () => true;
  const got = { action: d.action, status: d.status, location: d.location };
  if (d.action !== 'redirect' || d.status !== pre.redirect.status || !extra()) return { want: pre.redirect, got };
  const loc = pre.redirect.location;
  if (d.location === loc) return true;
  if (d.location === asciiLocation(loc)) return 'non-ASCII in a Location percent-encoded';
  const [p, q] = splitUrl(asciiLocation(loc));
  if (d.location === withPath(loc, canonicalEscapes(p)) || d.location === canonicalEscapes(p) + (q ? '?' + q : ''))
    return 'percent-escape of an unreserved character decoded before matching';
  return { want: pre.redirect, got };
}

// RFC 3986 §6.2.2 as routecore applies it: escapes of unreserved characters decoded.
const canonicalEscapes = (s) =>
  s.replace(/%([0-9a-fA-F]{2})/g, (m, h) => {
    const c = String.fromCharCode(parseInt(h, 16));
    return /[A-Za-z0-9\-._~]/.test(c) ? c : m.toUpperCase();
  });
const hasUnreservedEscape = (s) => canonicalEscapes(s) !== s.replace(/%([0-9a-fA-F]{2})/g, (m) => m.toUpperCase());
const tryDecode = (s) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};
// Each path segment decoded (malformed ones left as they are), `/` kept as the separator.
const segmentsDecoded = (p) => p.split('/').map((s) => tryDecode(s) ?? s).join('/');
const withPath = (url, p) => p + (splitUrl(url)[1] ? '?' + splitUrl(url)[1] : '');

// ---------------------------------------------------------------------------------------------
// Pools
// ---------------------------------------------------------------------------------------------
const STATICS = ['a', 'b', 'blog', 'api', 'docs', 'new', 'edit', 'shop', 'x-y', 'v1.2', 'B', 'data.json', 'a_b', '~t'];
const NAMES = ['id', 'slug', 'x', 'y', 'rest'];
const V_PLAIN = ['1', '42', 'hello', 'new', 'edit', 'a', 'B', 'x-y', 'v1.2', '~tilde', 'a+b', "it's", '(x)', 'a,b', 'k=v', 'a:b', '@me', '$5', 'wow!', '*', 'été', '日本'];
const V_ENC = ['hello%20world', 'caf%C3%A9', '%41', '%7e', '%2Bplus', '%25', '100%25', '%E2%82%AC', 'a%3Fb', 'a%23b', 'x%2Ey', 'a%2Fb', '%62log', 'new%20'];
const V_BAD = ['%zz', '%', '%2', '%E0%A4', '%C3%28', '%FF', '%C0%AF'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const OTHER_METHODS = ['PROPFIND', 'PURGE', 'TRACE'];

function pickValue(rng, statics) {
  const r = rng.next();
  if (r < 0.25) return rng.pick(statics);
  if (r < 0.7) return rng.pick(V_PLAIN);
  if (r < 0.95) return rng.pick(V_ENC);
  return rng.pick(V_BAD);
}

function mutateUrl(rng, p) {
  const op = rng.int(0, 9);
  if (op === 0) return p + '/'; // trailing slash
  if (op === 1) return p.replace('/', '//'); // repeated slash
  if (op === 2) return p.replace(/\/([^/]*)$/, '/x/../$1'); // dot segments
  if (op === 3) return p.replace(/\/([^/]*)$/, '/%2e/$1');
  if (op === 4) return p.replace(/[a-z]/, (c) => '%' + c.charCodeAt(0).toString(16)); // unreserved escape
  if (op === 5) return p.replace(/[a-z]/, (c) => c.toUpperCase());
  if (op === 6) return '\\' + p.slice(1);
  return p;
}

// ---------------------------------------------------------------------------------------------
// Kind 1: route tables and methods
// ---------------------------------------------------------------------------------------------
function genPattern(rng) {
  const depth = rng.int(0, 4);
  const segs = [];
  for (let i = 0; i < depth; i++) {
    const last = i === depth - 1;
    const r = rng.next();
    // One name per depth, mostly: a random one now and then makes Next.js's slug-name errors.
    const name = rng.chance(0.97) ? NAMES[i] : rng.pick(NAMES);
    if (r < 0.6) segs.push(rng.pick(STATICS));
    else if (r < 0.85 || !last) segs.push(`[${name}]`);
    else if (r < 0.93) segs.push(`[...${name}]`);
    else segs.push(`[[...${name}]]`);
  }
  return '/' + segs.join('/');
}
const patSegs = (p) => (p === '/' ? [] : p.slice(1).split('/'));
function deriveUrl(rng, pattern, statics) {
  const out = [];
  for (const s of patSegs(pattern)) {
    if (s.startsWith('[[...')) for (let i = rng.int(0, 3); i > 0; i--) out.push(pickValue(rng, statics));
    else if (s.startsWith('[...')) for (let i = rng.int(1, 3); i > 0; i--) out.push(pickValue(rng, statics));
    else if (s.startsWith('[')) out.push(pickValue(rng, statics));
    else out.push(s);
  }
  return '/' + out.join('/');
}

function genRoutesGroup(rng) {
  const patterns = [...new Set(Array.from({ length: rng.int(3, 25) }, () => genPattern(rng)))];
  const routes = patterns.map((pattern) => {
    if (rng.chance(0.5)) return { pattern, kind: 'page' };
    const methods = rng.subset(METHODS, 0.4);
    return { pattern, kind: 'route', methods: methods.length ? methods : ['GET'] };
  });
  const trailingSlash = rng.chance(0.3);
  const basePath = rng.chance(0.2) ? rng.pick(BASE_PATHS.filter(Boolean)) : '';
  const statics = [...new Set(patterns.flatMap(patSegs).filter((s) => !s.startsWith('[')))];
  if (!statics.length) statics.push('a');
  const requests = [];
  for (let i = 0; i < 100; i++) {
    const r = rng.pick(routes);
    let url = deriveUrl(rng, r.pattern, statics);
    if (rng.chance(0.3)) {
      const segs = url.split('/');
      if (rng.chance(0.5)) segs.push(pickValue(rng, statics));
      else if (segs.length > 1) segs.pop();
      url = segs.join('/') || '/';
    }
    if (rng.chance(0.15)) url = mutateUrl(rng, url);
    if (trailingSlash && url !== '/' && !url.endsWith('/') && rng.chance(0.7)) url += '/';
    if (basePath) url = withBasePath(rng, basePath, url);
    if (rng.chance(0.2)) url += '?q=' + rng.pick(['1', 'a%20b', 'x']);
    let method = 'GET';
    if (r.kind === 'route') {
      const m = rng.next();
      method = m < 0.8 ? rng.pick(METHODS) : rng.pick(OTHER_METHODS);
    } else if (rng.chance(0.2)) method = 'HEAD';
    requests.push({ method, url });
  }
  const config = { routes };
  if (trailingSlash) config.trailingSlash = true;
  if (basePath) config.basePath = basePath;
  return { config, requests };
}

// basePaths the route groups use (`''` = none).
const BASE_PATHS = ['', '/docs', '/a/b'];

// `url` under `basePath` mostly; sometimes its root, another case, or outside it.
function withBasePath(rng, basePath, url) {
  const r = rng.next();
  if (r < 0.7) return url === '/' && rng.chance(0.5) ? basePath : basePath + url;
  if (r < 0.8) return rng.pick([basePath, basePath + '/']);
  if (r < 0.9) return basePath.toUpperCase() + rng.pick(['', '/', url]);
  return url;
}

// Next.js's answer for a routed pathname: the first route in getSortedRoutes order whose
// matcher accepts it; then the route module's method handling.
function nextRoutes(routes) {
  const byPattern = new Map(routes.map((r) => [r.pattern, r]));
  let sorted;
  try {
    sorted = getSortedRoutes(routes.map((r) => r.pattern));
  } catch (e) {
    return { error: e.message };
  }
  const compiled = sorted.map((p) => ({ pattern: p, match: getRouteMatcher(getRouteRegex(p)) }));
  const match = (pathname) => {
    for (const c of compiled) {
      let res;
      try {
        res = c.match(pathname);
      } catch (e) {
        if (e instanceof DecodeError) return { bad: true };
        throw e;
      }
      if (res !== false) {
        const params = {};
        for (const [k, v] of Object.entries(res)) if (v !== undefined) params[k] = v;
        return { pattern: c.pattern, params };
      }
    }
    return null;
  };
  const answer = (method, pathname) => {
    const m = match(pathname);
    if (!m) return { action: 'not_found', status: 404 };
    if (m.bad) return { action: 'bad_request', status: 400 };
    const route = byPattern.get(m.pattern);
    const base = { route: m.pattern, params: m.params };
    if (route.kind !== 'route') return { action: 'route', status: 200, ...base, page: true };
    if (!isHTTPMethod(method)) return { action: 'bad_request', status: 400, ...base, nextUnknownMethod: true };
    const handlers = {};
    for (const x of route.methods) handlers[x] = () => new Response(null, { status: 200 });
    const all = autoImplementMethods(handlers);
    const res = all[method]();
    if (res.status === 204) return { action: 'options', status: 204, ...base, allow: res.headers.get('allow') };
    if (res.status === 405) return { action: 'method_not_allowed', status: 405, ...base };
    return { action: 'route', status: 200, ...base };
  };
  return { sorted, answer, match };
}

function compareRoute(next, d) {
  const got = {
    action: d.action,
    status: d.status,
    route: d.route ? d.route.pattern : undefined,
    params: d.route ? d.params : undefined,
    allow: d.action === 'options' ? d.allow : undefined,
  };
  const want = { action: next.action, status: next.status, route: next.route, params: next.params, allow: next.allow };
  got.params = got.params && JSON.parse(JSON.stringify(got.params));
  if (want.action === 'not_found' || want.action === 'bad_request') {
    want.route = undefined;
    want.params = undefined;
    got.route = undefined;
    got.params = undefined;
  }
  return JSON.stringify(got) === JSON.stringify(want) ? null : { want, got };
}

// ---------------------------------------------------------------------------------------------
// Kind 2: middleware matchers
// ---------------------------------------------------------------------------------------------
const FIXED_ROUTES = [
  { pattern: '/', kind: 'page' },
  { pattern: '/a', kind: 'page' },
  { pattern: '/blog/[slug]', kind: 'page' },
  { pattern: '/docs/[[...slug]]', kind: 'page' },
  { pattern: '/api/[...path]', kind: 'route', methods: ['GET', 'POST'] },
];
const HEADER_KEYS = ['x-a', 'x-b'];
const COOKIE_KEYS = ['session', 'bucket'];
const QUERY_KEYS = ['q', 'lang'];
const COND_VALUES = [undefined, undefined, 'b', 'a|b', '(?<v>[a-z]+)', '[0-9]+', 'en|fr'];

function genCondition(rng) {
  const type = rng.pick(['header', 'cookie', 'query']);
  const key = rng.pick(type === 'header' ? HEADER_KEYS : type === 'cookie' ? COOKIE_KEYS : QUERY_KEYS);
  const value = rng.pick(COND_VALUES);
  return value === undefined ? { type, key } : { type, key, value };
}

function genSourceSegment(rng, name) {
  const r = rng.next();
  if (r < 0.4) return '/' + rng.pick(STATICS);
  if (r < 0.55) return `/:${name}`;
  if (r < 0.65) return `/:${name}*`;
  if (r < 0.72) return `/:${name}+`;
  if (r < 0.78) return `/:${name}?`;
  if (r < 0.84) return `/:${name}(\\d+)`;
  if (r < 0.9) return '/(.*)';
  if (r < 0.95) return `{/:${name}}?`;
  return `/${rng.pick(STATICS)}-:${name}`;
}
function genSource(rng, allowIdiom) {
  if (allowIdiom && rng.chance(0.15)) {
    const alts = rng.subset(['api', '_next/static', '_next/image', 'favicon.ico', 'blog', 'docs/a'], 0.5);
    return `/((?!${(alts.length ? alts : ['api']).join('|')}).*)`;
  }
  const n = rng.int(1, 3);
  let s = '';
  for (let i = 0; i < n; i++) {
    let seg = genSourceSegment(rng, 'p' + i);
    // A source must start with '/' (Next.js's checkCustomRoutes and the matcher schema).
    while (i === 0 && seg.startsWith('{')) seg = genSourceSegment(rng, 'p' + i);
    s += seg;
  }
  return s;
}

function genHeaders(rng) {
  const h = [];
  for (const k of HEADER_KEYS) if (rng.chance(0.3)) h.push([k, rng.pick(['b', 'a', 'abc', '12', 'en', ''])]);
  const cookies = COOKIE_KEYS.filter(() => rng.chance(0.3)).map((k) => `${k}=${rng.pick(['b', 'a', '1', 'xyz'])}`);
  if (cookies.length) h.push(['cookie', cookies.join('; ')]);
  return h;
}
function genQuery(rng) {
  const q = QUERY_KEYS.filter(() => rng.chance(0.3)).map((k) => `${k}=${rng.pick(['en', 'b', '12', 'a%20b', ''])}`);
  return q.length ? '?' + q.join('&') : '';
}
// A path shaped like `source`, with random values.
function pathFor(rng, source) {
  let p = source
    .replace(/\/\(\(\?!.*\)\.\*\)/, () => '/' + rng.pick(['api/x', '_next/static/c.js', 'blog/a', 'docs/a/b', 'x', 'favicon.ico', '']))
    .replace(/\{\/:\w+\}\?/g, () => (rng.chance(0.5) ? '/' + pickValue(rng, STATICS) : ''))
    .replace(/:\w+\(\\d\+\)/g, () => (rng.chance(0.8) ? String(rng.int(0, 999)) : 'x1'))
    .replace(/:\w+[*+]/g, () => Array.from({ length: rng.int(1, 3) }, () => pickValue(rng, STATICS)).join('/'))
    .replace(/:\w+\?/g, () => (rng.chance(0.5) ? pickValue(rng, STATICS) : ''))
    .replace(/:\w+/g, () => pickValue(rng, STATICS))
    .replace(/\(\.\*\)/g, () => rng.pick(['', 'x', 'a/b']));
  p = p.replace(/\/+$/, '') || '/';
  const r = rng.next();
  if (r < 0.1) p = '/_next/data/build1' + (p === '/' ? '/index' : p) + '.json';
  else if (r < 0.15) p = (p === '/' ? '/index' : p) + '.rsc';
  else if (r < 0.25) p = mutateUrl(rng, p);
  return p.replace(/\/\/+/g, (m) => (rng.chance(0.9) ? '/' : m));
}

function genMiddlewareGroup(rng) {
  const matcher = Array.from({ length: rng.int(1, 3) }, () => {
    const source = genSource(rng, true);
    if (!rng.chance(0.4)) return source;
    const m = { source };
    if (rng.chance(0.7)) m.has = [genCondition(rng)];
    if (rng.chance(0.4)) m.missing = [genCondition(rng)];
    return m;
  });
  const sources = matcher.map((m) => (typeof m === 'string' ? m : m.source));
  const requests = [];
  for (let i = 0; i < 100; i++) {
    const p = rng.chance(0.85) ? pathFor(rng, rng.pick(sources)) : pathFor(rng, genSource(rng, false));
    requests.push({ method: 'GET', url: p + genQuery(rng), headers: genHeaders(rng) });
  }
  return { config: { routes: FIXED_ROUTES, middleware: { matcher } }, requests };
}

const nodeReq = (headers) => {
  const h = {};
  for (const [k, v] of headers || []) h[k.toLowerCase()] = h[k.toLowerCase()] !== undefined ? h[k.toLowerCase()] + ', ' + v : v;
  return { headers: h };
};

// ---------------------------------------------------------------------------------------------
// Kind 3: redirects (custom routes)
// ---------------------------------------------------------------------------------------------
function genRedirectsGroup(rng) {
  const redirects = Array.from({ length: rng.int(1, 4) }, () => {
    const source = genSource(rng, false);
    const names = [...source.matchAll(/:(\w+)([*+?]?)/g)];
    const required = names.filter((m) => !m[2] && !source.includes(`{/:${m[1]}}`)).map((m) => m[1]);
    const r = { source, destination: '/' };
    const has = [];
    if (rng.chance(0.4)) has.push(genCondition(rng));
    const hasNames = has.flatMap((c) => (c.value === undefined ? [c.key.replace(/[^a-zA-Z]/g, '')] : c.value.includes('?<v>') ? ['v'] : []));
    if (has.length) r.has = has;
    if (rng.chance(0.2)) r.missing = [genCondition(rng)];
    const usable = [...required, ...hasNames];
    const ref = () => (usable.length ? ':' + rng.pick(usable) : 'x');
    const d = rng.int(0, 5);
    if (d === 0) r.destination = '/new/' + ref();
    else if (d === 1) r.destination = '/to?from=' + ref();
    else if (d === 2) r.destination = `/n/${ref()}?k=${ref()}&z=1`;
    else if (d === 3) r.destination = 'https://example.com/' + ref();
    else if (d === 4) r.destination = '/fixed';
    else r.destination = `/b/${ref()}#frag`;
    if (rng.chance(0.5)) r.permanent = rng.chance(0.5);
    else r.statusCode = rng.pick([301, 302, 303, 307, 308]);
    return r;
  });
  const trailingSlash = rng.chance(0.3);
  const requests = [];
  for (let i = 0; i < 100; i++) {
    const src = rng.pick(redirects).source;
    let p = rng.chance(0.9) ? pathFor(rng, src) : '/_next' + pathFor(rng, src);
    if (rng.chance(0.1)) p = p.toUpperCase();
    if (trailingSlash && p !== '/' && !p.endsWith('/') && rng.chance(0.7)) p += '/';
    const headers = genHeaders(rng);
    if (rng.chance(0.05)) headers.push(['x-nextjs-data', '1']);
    requests.push({ method: 'GET', url: p + genQuery(rng), headers });
  }
  const config = { routes: FIXED_ROUTES, redirects };
  if (trailingSlash) config.trailingSlash = true;
  return { config, requests };
}

function nextRedirects(redirects) {
  // As filesystem.js's buildCustomRoute: internal routes keep their regex as it is.
  const built = redirects.map((item) => ({
    ...item,
    match: getPathMatch(item.source, {
      strict: true,
      removeUnnamedParams: true,
      regexModifier: item.internal ? undefined : (regex) => modifyRouteRegex(regex, ['/_next']),
      sensitive: false,
    }),
  }));
  return (pathname, query, headers) => {
    const req = nodeReq(headers);
    addRequestMeta(req, 'initQuery', { ...query });
    for (const route of built) {
      let params = route.match(pathname);
      if (params && (route.has || route.missing)) {
        const hp = matchHas(req, query, route.has, route.missing);
        if (hp) Object.assign(params, hp);
        else params = false;
      }
      if (!params) continue;
      const { parsedDestination } = prepareDestination({
        appendParamsToQuery: false,
        destination: route.destination,
        params,
        query: { ...query },
      });
      const destQuery = parsedDestination.query;
      delete parsedDestination.query;
      parsedDestination.search = stringifyQuery(req, destQuery);
      parsedDestination.pathname = normalizeRepeatedSlashes(parsedDestination.pathname);
      return { status: getRedirectStatus(route), location: nodeUrl.format(parsedDestination), route, params, destQuery };
    }
    return null;
  };
}

// ---------------------------------------------------------------------------------------------
// Kind 4: rewrites (beforeFiles, afterFiles, fallback) and the route they lead to
// ---------------------------------------------------------------------------------------------
const REWRITE_ROUTES = [
  ...FIXED_ROUTES,
  { pattern: '/b/[x]', kind: 'page' },
  { pattern: '/n/[...rest]', kind: 'page' },
  { pattern: '/static/page', kind: 'page' },
];
function genRewritesGroup(rng) {
  const rule = () => {
    const source = genSource(rng, false);
    const names = [...source.matchAll(/:(\w+)([*+?]?)/g)];
    const required = names.filter((m) => !m[2] && !source.includes(`{/:${m[1]}}`)).map((m) => m[1]);
    const ref = () => (required.length && rng.chance(0.8) ? ':' + rng.pick(required) : 'lit');
    const d = rng.int(0, 8);
    const destination = [
      () => `/b/${ref()}`,
      () => `/n/${ref()}/x`,
      () => '/static/page',
      () => `/a?from=${ref()}`,
      () => `/docs/${ref()}`,
      () => '/b/fixed?k=v',
      () => `https://up.example.com/${ref()}`,
      () => `/nowhere/${ref()}`,
      () => `/blog/${ref()}?k=${ref()}`,
    ][d]();
    const r = { source, destination };
    if (rng.chance(0.25)) r.has = [genCondition(rng)];
    return r;
  };
  const list = (lo, hi) => Array.from({ length: rng.int(lo, hi) }, rule);
  const rewrites = { beforeFiles: list(0, 2), afterFiles: list(1, 3), fallback: list(0, 2) };
  const sources = [...rewrites.beforeFiles, ...rewrites.afterFiles, ...rewrites.fallback].map((r) => r.source);
  const requests = [];
  for (let i = 0; i < 100; i++) {
    const p = rng.chance(0.9) ? pathFor(rng, rng.pick(sources)) : pathFor(rng, '/static/page');
    requests.push({ method: 'GET', url: p + genQuery(rng), headers: genHeaders(rng) });
  }
  return { config: { routes: REWRITE_ROUTES, rewrites }, requests };
}

// Next.js's resolve-routes for a request with only rewrites: beforeFiles, the static route,
// afterFiles, dynamic routes, fallback; afterFiles and fallback rewrites are `check: true`,
// beforeFiles ones are not (filesystem.js builds them as 'before_files_rewrite'): they all
// apply in turn and only the static-route check after them can end the walk.
function nextRewrites(rewrites, routes) {
  const nx = nextRoutes(routes);
  const build = (list) =>
    list.map((item) => ({
      ...item,
      match: getPathMatch(item.source, {
        strict: true,
        removeUnnamedParams: true,
        regexModifier: (regex) => modifyRouteRegex(regex),
        sensitive: false,
      }),
    }));
  const phases = [build(rewrites.beforeFiles), build(rewrites.afterFiles), build(rewrites.fallback)];
  return (pathname, query, headers) => {
    const req = nodeReq(headers);
    const url = { pathname, query: { ...query } };
    const answer = () => {
      const m = nx.match(url.pathname);
      if (!m) return { action: 'not_found' };
      if (m.bad) return { action: 'bad_request' };
      return { action: 'route', route: m.pattern, params: m.params, pathname: url.pathname, query: url.query };
    };
    // One phase; `true` when the answer is final.
    const phase = (rules, check) => {
      for (const route of rules) {
        let params = route.match(url.pathname);
        if (params && (route.has || route.missing)) {
          const hp = matchHas(req, url.query, route.has, route.missing);
          if (hp) Object.assign(params, hp);
          else params = false;
        }
        if (!params) continue;
        const { parsedDestination } = prepareDestination({
          appendParamsToQuery: true,
          destination: route.destination,
          params,
          query: url.query,
        });
        if (parsedDestination.protocol) {
          return { action: 'rewrite_external', location: nodeUrl.format({ ...parsedDestination, search: '', query: {} }) };
        }
        url.pathname = parsedDestination.pathname;
        Object.assign(url.query, parsedDestination.query);
        if (check && nx.match(url.pathname)) return answer();
      }
      return null;
    };
    const before = phase(phases[0], false);
    if (before) return before;
    const stat = nx.match(url.pathname);
    if (stat && !stat.bad && !stat.pattern.includes('[')) return answer();
    const after = phase(phases[1], true);
    if (after) return after;
    if (nx.match(url.pathname)) return answer();
    const fallback = phase(phases[2], true);
    if (fallback) return fallback;
    return answer();
  };
}

// ---------------------------------------------------------------------------------------------
// Kind 5: headers rules (every matching rule applies; set-cookie accumulates)
// ---------------------------------------------------------------------------------------------
const { compileNonPath } = require(N + 'shared/lib/router/utils/prepare-destination.js');
function genHeadersGroup(rng) {
  const headers = Array.from({ length: rng.int(1, 4) }, () => {
    const source = genSource(rng, false);
    const names = [...source.matchAll(/:(\w+)([*+?]?)/g)].filter((m) => !m[2] && !source.includes(`{/:${m[1]}}`)).map((m) => m[1]);
    const r = { source, headers: [] };
    if (rng.chance(0.3)) r.has = [genCondition(rng)];
    const hasNames = (r.has || []).flatMap((c) => (c.value === undefined ? [c.key.replace(/[^a-zA-Z]/g, '')] : c.value.includes('?<v>') ? ['v'] : []));
    const refs = [...names, ...hasNames];
    for (let i = rng.int(1, 3); i > 0; i--) {
      const key = rng.pick(['x-a', 'x-b', 'set-cookie', 'cache-control', 'X-Mixed']);
      const ref = refs.length ? ':' + rng.pick(refs) : 'lit';
      const value = rng.pick(['1', ref, `pre-${ref}-post`, `${ref}; Path=/`, 'no-store']);
      r.headers.push({ key, value });
    }
    return r;
  });
  const requests = [];
  for (let i = 0; i < 100; i++) {
    const p = pathFor(rng, rng.pick(headers).source);
    requests.push({ method: 'GET', url: p + genQuery(rng), headers: genHeaders(rng) });
  }
  return { config: { routes: FIXED_ROUTES, headers }, requests };
}

function nextHeaders(rules) {
  const built = rules.map((item) => ({
    ...item,
    match: getPathMatch(item.source, {
      strict: true,
      removeUnnamedParams: true,
      regexModifier: (regex) => modifyRouteRegex(regex),
      sensitive: false,
    }),
  }));
  return (pathname, query, headers) => {
    const req = nodeReq(headers);
    const out = {};
    for (const route of built) {
      let params = route.match(pathname);
      if (params && (route.has || route.missing)) {
        const hp = matchHas(req, query, route.has, route.missing);
        if (hp) Object.assign(params, hp);
        else params = false;
      }
      if (!params) continue;
      const hasParams = Object.keys(params).length > 0;
      for (const h of route.headers) {
        let { key, value } = h;
        if (hasParams) {
          key = compileNonPath(key, params);
          value = compileNonPath(value, params);
        }
        key = key.toLowerCase();
        if (key === 'set-cookie') (out[key] ??= []).push(value);
        else out[key] = [value];
      }
    }
    return out;
  };
}

// ---------------------------------------------------------------------------------------------
// Comparison and the documented differences, each recognized by a rule
// ---------------------------------------------------------------------------------------------
const counts = new Map();
const bump = (k, n = 1) => counts.set(k, (counts.get(k) || 0) + n);
const failures = [];
let total = 0;

function record(kind, ctx, verdict) {
  total++;
  if (verdict === true) return bump(`agree     ${kind}`);
  if (typeof verdict === 'string') return bump(`differs   ${kind}: ${verdict}`);
  bump(`UNEXPLAINED ${kind}`);
  if (failures.length < 200) failures.push({ kind, ...ctx, ...verdict });
}

// Request-level variants: the request as sent, then the forms routecore is documented to treat
// it as — escapes of unreserved characters decoded (before normalization and every matcher),
// client-sent internal headers (`x-nextjs-*`, `x-middleware-*`) ignored.
const INTERNAL_HEADER = /^x-(nextjs|middleware)-/i;
function requestVariants(req) {
  const out = [{ req, labels: [] }];
  const [p] = splitUrl(req.url);
  if (hasUnreservedEscape(p))
    out.push({ req: { ...req, url: withPath(req.url, canonicalEscapes(p)) }, labels: ['percent-escape of an unreserved character decoded before matching'] });
  if ((req.headers || []).some(([k]) => INTERNAL_HEADER.test(k))) {
    for (const v of [...out]) {
      const headers = v.req.headers.filter(([k]) => !INTERNAL_HEADER.test(k));
      out.push({ req: { ...v.req, headers }, labels: [...v.labels, 'client-sent internal header ignored'] });
    }
  }
  return out;
}

// Runs `inner(req, pre, d)` (or, when Next.js answers with its own normalization redirect,
// compares that) on each request variant: agreement on the first, or a documented difference
// on another; else the first variant's disagreement.
function verdict(req, d, inner, preExtra) {
  let first = null;
  for (const v of requestVariants(req)) {
    const pre = nextPreprocess(v.req.url, v.req.headers, TS, BP);
    const r = pre.redirect ? verdictPreRedirect(pre, d, preExtra) : inner(v.req, pre, d);
    if (r === true) return v.labels.length ? [...new Set(v.labels)].join(' + ') : true;
    if (typeof r === 'string') return [...new Set([...v.labels, ...r.split(' + ')])].join(' + ');
    first ??= r;
  }
  return first;
}

// routes: Next.js's answer on the path as sent and, for the documented decode-before-match
// differences, on the path routecore matches; then the method differences on top.
function verdictRoutes(nx, req, pre, d) {
  if (pre.outside) return d.action === 'not_found' && d.status === 404 ? true : { want: { action: 'not_found', status: 404 }, got: { action: d.action, status: d.status } };
  const variants = [{ path: pre.pathname, labels: [], full: true }];
  if (hasUnreservedEscape(pre.pathname))
    variants.push({ path: canonicalEscapes(pre.pathname), labels: ['percent-escape of an unreserved character decoded before matching'], full: true });
  if (pre.pathname.includes('%'))
    // Static segments are compared after percent-decoding. Next.js's matcher then sees the
    // decoded path, so only the winner and the action are compared (params are decoded once
    // by both; on the decoded path Next.js would decode them twice).
    variants.push({ path: segmentsDecoded(pre.pathname), labels: ['static segments compared after percent-decoding'], full: false });
  for (const v of variants) {
    const labels = routeLabels(nx.answer(req.method, v.path), req, d, v.full);
    if (labels) return labels.length || v.labels.length ? [...v.labels, ...labels].join(' + ') : true;
  }
  return compareRoute(nx.answer(req.method, pre.pathname), d);
}

// `null` when they disagree; else the documented differences needed to agree.
function routeLabels(want, req, d, full) {
  const diff = full ? compareRoute(want, d) : want.route === d.route?.pattern && want.action === d.action && want.status === d.status ? null : {};
  if (!diff) return [];
  if (d.route?.pattern !== want.route || want.route === undefined) return null;
  // 405 vs 400: a method outside Next's seven on a route handler (the seed document says 405).
  if (want.nextUnknownMethod && d.action === 'method_not_allowed' && d.status === 405)
    return ['unknown method: 405 with Allow (Next.js: 400)'];
  // Pages answer GET and HEAD only (ROUTING.md §3); Next.js renders a page for other methods.
  if (want.page && !['GET', 'HEAD'].includes(req.method) &&
      ((d.action === 'method_not_allowed' && d.status === 405) || (req.method === 'OPTIONS' && d.action === 'options' && d.status === 204)))
    return ['method other than GET/HEAD on a page: 405 (Next.js renders the page)'];
  return null;
}

// middleware: did it run? routecore tests the raw, the canonical and the decoded path; it must
// run whenever Next.js's matcher (raw path) does, and otherwise only when one of the others
// matches.
function verdictMiddleware(matchFn, req, pre, d) {
  const r = nodeReq(req.headers);
  const ran = matchFn(pre.pathname, r, pre.query);
  if (ran === d.middleware) return true;
  if (!ran && d.middleware) {
    if (hasUnreservedEscape(pre.pathname) && matchFn(canonicalEscapes(pre.pathname), r, pre.query))
      return 'matcher tested on the canonical path (unreserved escapes decoded)';
    const decoded = tryDecode(pre.pathname) ?? segmentsDecoded(pre.pathname);
    if (decoded !== pre.pathname && matchFn(decoded, r, pre.query)) return 'matcher tested on the decoded path too';
  }
  return { want: { middleware: ran }, got: { middleware: d.middleware, action: d.action } };
}

// rewrites: the route, params, pathname and query the handler sees (or the external URL's
// path). Query values that came from params are raw path text in Next.js; routecore decodes
// them (and percent-encodes them in a URL), the documented query difference.
function verdictRewrites(rewriteFn, req, pre, d) {
  const variants = [{ path: pre.pathname, labels: [] }];
  if (hasUnreservedEscape(pre.pathname))
    variants.push({ path: canonicalEscapes(pre.pathname), labels: ['percent-escape of an unreserved character decoded before matching'] });
  for (const v of variants) {
    const labels = compareRewrite(rewriteFn(v.path, pre.query, req.headers), d);
    if (labels) return labels.length || v.labels.length ? [...v.labels, ...labels].join(' + ') : true;
  }
  const want = rewriteFn(pre.pathname, pre.query, req.headers);
  return { want, got: { action: d.action, route: d.route?.pattern, params: d.params, pathname: d.pathname, query: d.query, location: d.location } };
}

function compareRewrite(want, d) {
  if (want.action !== d.action) return null;
  if (want.action === 'not_found' || want.action === 'bad_request') return [];
  if (want.action === 'rewrite_external') {
    const path = (d.location || '').split(/[?#]/)[0];
    if (path === want.location.split(/[?#]/)[0]) return [];
    return asciiLocation(want.location.split(/[?#]/)[0]) === path ? ['non-ASCII in a Location percent-encoded'] : null;
  }
  if (d.route?.pattern !== want.route || JSON.stringify(d.params) !== JSON.stringify(want.params)) return null;
  const labels = [];
  if (d.pathname !== want.pathname) {
    // The WHATWG parser Next.js uses percent-encodes non-ASCII; routecore keeps it as sent.
    if (asciiLocation(d.pathname) === want.pathname) labels.push('non-ASCII in a pathname kept as sent (Next.js: percent-encoded)');
    else return null;
  }
  const norm = (o) => JSON.stringify(Object.keys(o).sort().map((k) => [k, [].concat(o[k]).map(String)]));
  if (norm(d.query) === norm(want.query)) return labels;
  const unescaped = {};
  for (const [k, v] of Object.entries(want.query)) unescaped[k] = [].concat(v).map((x) => querystring.unescape(x));
  if (norm(d.query) === norm(unescaped)) return [...labels, 'param values in a rewritten query are decoded (Next.js: raw path text)'];
  return null;
}

// headers: the response headers the matching rules add (as name → values).
function verdictHeaders(headersFn, req, pre, d) {
  const got = {};
  for (const [k, v] of d.response_headers) (got[k] ??= []).push(v);
  const norm = (o) => JSON.stringify(Object.keys(o).sort().map((k) => [k, o[k]]));
  const variants = [{ path: pre.pathname, label: null }];
  if (hasUnreservedEscape(pre.pathname))
    variants.push({ path: canonicalEscapes(pre.pathname), label: 'percent-escape of an unreserved character decoded before matching' });
  for (const v of variants) {
    if (norm(headersFn(v.path, pre.query, req.headers)) === norm(got)) return v.label ?? true;
  }
  return { want: headersFn(pre.pathname, pre.query, req.headers), got };
}

// redirects: status and Location. Next.js's answer is computed on the path as sent and, when
// it holds escapes of unreserved characters, on its canonical form (routecore decodes those
// before every matcher); each documented difference that explains the rest is named.
function verdictRedirects(redirectFn, req, pre, d) {
  const variants = [{ path: pre.pathname, labels: [] }];
  if (hasUnreservedEscape(pre.pathname))
    variants.push({ path: canonicalEscapes(pre.pathname), labels: ['percent-escape of an unreserved character decoded before matching'] });
  for (const v of variants) {
    const labels = compareRedirect(redirectFn(v.path, pre.query, req.headers), d);
    if (labels) return labels.length || v.labels.length ? [...v.labels, ...labels].join(' + ') : true;
  }
  const want = redirectFn(pre.pathname, pre.query, req.headers);
  return {
    want: want ? { status: want.status, location: want.location } : null,
    got: { action: d.action, status: d.status, location: d.location },
  };
}

// `null` when they disagree; else the documented differences needed to agree (`[]`: none).
function compareRedirect(want, d) {
  const gotRedirect = d.action === 'redirect';
  if (!want) return gotRedirect ? null : [];
  if (!gotRedirect || want.status !== d.status) return null;
  if (want.location === d.location) return [];
  const cut = (loc) => {
    const h = loc.indexOf('#');
    const [p, q] = splitUrl(h < 0 ? loc : loc.slice(0, h));
    return { p, q, h: h < 0 ? '' : loc.slice(h) };
  };
  const w = cut(want.location);
  const g = cut(d.location);
  if (w.h !== g.h) return null;
  const labels = [];
  if (w.p !== g.p) {
    if (asciiLocation(w.p) === g.p) labels.push('non-ASCII in a Location percent-encoded');
    else {
      // Values from headers/cookies/query inserted into a path: percent-encoded as one segment.
      const hasNames = Object.keys(want.params).filter((k) => !want.route.source.includes(':' + k));
      const usesHas = hasNames.some((k) => new RegExp(`:${k}(?!\\w)`).test(want.route.destination.split('?')[0]));
      if (usesHas && tryDecode(w.p) === tryDecode(g.p)) labels.push('has/missing value in a destination path is percent-encoded as one segment');
      else return null;
    }
  }
  if (w.q !== g.q) {
    // `:param` in a destination's query: Next.js inserts the raw text, routecore the value
    // percent-encoded. The query then means the same: parsed, the values are equal (a raw `+`
    // from a path is a literal plus, not the space a query parser would make of it).
    const norm = (o) => JSON.stringify(Object.keys(o).sort().map((k) => [k, [].concat(o[k])]));
    const same = norm(querystring.parse(w.q.replace(/\+/g, '%2B'))) === norm(querystring.parse(g.q));
    if (/\?.*:\w/.test(want.route.destination) && same) labels.push('param in a destination query is percent-encoded');
    else return null;
  }
  return labels;
}

// Next.js's internal trailing-slash redirects for each (trailingSlash, basePath) in use.
const INTERNAL_REDIRECTS = new Map();
for (const trailingSlash of [false, true])
  for (const basePath of BASE_PATHS)
    INTERNAL_REDIRECTS.set(`${trailingSlash} ${basePath}`, nextRedirects((await loadCustomRoutes({ trailingSlash, basePath })).redirects));
const internalRedirects = (trailingSlash, basePath) => INTERNAL_REDIRECTS.get(`${trailingSlash} ${basePath}`);

// ---------------------------------------------------------------------------------------------
// Main loop
// ---------------------------------------------------------------------------------------------
let TS = false; // the current group's trailingSlash
let BP = ''; // the current group's basePath
const started = Date.now();
let groups = 0;
for (let g = 0; total < CASES || ONLY_GROUP !== null; g++) {
  if (ONLY_GROUP !== null && g !== Number(ONLY_GROUP)) continue;
  groups++;
  const rng = makeRng(groupSeed(g));
  const r = rng.next();
  const kind = r < 0.3 ? 'routes' : r < 0.52 ? 'middleware' : r < 0.7 ? 'redirects' : r < 0.86 ? 'rewrites' : 'headers';
  const gen = { routes: genRoutesGroup, middleware: genMiddlewareGroup, redirects: genRedirectsGroup, rewrites: genRewritesGroup, headers: genHeadersGroup }[kind];
  const { config, requests } = gen(rng);
  TS = config.trailingSlash === true;
  BP = config.basePath ?? '';
  const file = path.join(TMP, `group-${g}.json`);
  fs.writeFileSync(file, JSON.stringify(config, null, 1));
  const out = runBatch(file, requests);
  const ctx = (req) => ({ group: g, file, req });

  if (kind === 'routes') {
    const nx = nextRoutes(config.routes);
    if (nx.error || out.errors) {
      total++;
      if (nx.error && out.errors) bump('agree     build: both reject the route set');
      else {
        bump('UNEXPLAINED build');
        failures.push({ kind: 'build', group: g, file, want: nx.error ?? 'builds', got: out.errors ?? 'builds' });
      }
      if (ONLY_GROUP !== null) break;
      continue;
    }
    total++;
    const order = runRoutes(file);
    if (JSON.stringify(order) === JSON.stringify(nx.sorted)) bump('agree     priority (getSortedRoutes order)');
    else {
      bump('UNEXPLAINED priority');
      failures.push({ kind: 'priority', group: g, file, want: nx.sorted, got: order });
    }
    requests.forEach((req, i) => record('routes', ctx(req), verdict(req, out.decisions[i], (q, pre, d) => verdictRoutes(nx, q, pre, d))));
  } else if (kind === 'middleware') {
    if (out.errors) {
      total++;
      // Lookaheads other than the `(?!a|b).*` idiom are build errors (linear-time matching).
      if (/linear time|lookahead/.test(out.errors)) bump('differs   build: non-idiomatic lookahead rejected');
      else {
        bump('UNEXPLAINED build');
        failures.push({ kind: 'build', group: g, file, want: 'builds', got: out.errors });
      }
      if (ONLY_GROUP !== null) break;
      continue;
    }
    const matchers = getMiddlewareMatchers(config.middleware.matcher, { basePath: '' });
    const matchFn = getMiddlewareRouteMatcher(matchers);
    requests.forEach((req, i) =>
      record('middleware', ctx(req), verdict(req, out.decisions[i], (q, pre, d) => verdictMiddleware(matchFn, q, pre, d), () => !out.decisions[i].middleware)),
    );
  } else {
    if (out.errors) {
      total++;
      bump('UNEXPLAINED build');
      failures.push({ kind: 'build', group: g, file, want: 'builds', got: out.errors });
      if (ONLY_GROUP !== null) break;
      continue;
    }
    if (kind === 'redirects') {
      const redirectFn = nextRedirects(config.redirects);
      requests.forEach((req, i) => record('redirects', ctx(req), verdict(req, out.decisions[i], (q, pre, d) => verdictRedirects(redirectFn, q, pre, d))));
    } else if (kind === 'headers') {
      const headersFn = nextHeaders(config.headers);
      requests.forEach((req, i) =>
        record('headers', ctx(req), verdict(req, out.decisions[i], (q, pre, d) => verdictHeaders(headersFn, q, pre, d), () => out.decisions[i].response_headers.every(([k]) => k === 'refresh'))),
      );
    } else {
      const rewriteFn = nextRewrites(config.rewrites, config.routes);
      requests.forEach((req, i) => record('rewrites', ctx(req), verdict(req, out.decisions[i], (q, pre, d) => verdictRewrites(rewriteFn, q, pre, d))));
    }
  }
  if (ONLY_GROUP !== null) break;
}

const secs = ((Date.now() - started) / 1000).toFixed(1);
const unexplained = [...counts].filter(([k]) => k.startsWith('UNEXPLAINED')).reduce((a, [, v]) => a + v, 0);
console.log(`differential: ${total} cases in ${groups} groups, seed ${SEED}, next@${NEXT_VERSION}, ${secs}s`);
for (const [k, v] of [...counts].sort()) console.log(`  ${String(v).padStart(7)}  ${k}`);
for (const f of failures.slice(0, SHOW)) {
  console.log('\n' + JSON.stringify(f, null, VERBOSE ? 2 : 0));
}
if (unexplained) console.log(`\n${unexplained} unexplained disagreement(s); rerun one group: node tests/differential/run.mjs --seed ${SEED} --group N --keep`);
if (!KEEP) fs.rmSync(TMP, { recursive: true, force: true });
else console.log(`configs kept in ${TMP}`);
console.log(`${total - unexplained} passed, ${unexplained} failed`);
process.exit(unexplained ? 1 : 0);
