#!/usr/bin/env node
// Generates routecore conformance vectors for middleware matchers, has/missing conditions and
// next.config headers / redirects / rewrites (tests/vectors/nextjs-rules-*.json), using
// Next.js's own compiled internals as the oracle:
//   next/dist/build/analysis/get-page-static-info.js            (getMiddlewareMatchers)
//   next/dist/shared/lib/router/utils/middleware-route-matcher.js (getMiddlewareRouteMatcher)
//   next/dist/lib/load-custom-routes.js                         (basePath / array-form processing,
//                                                                 validation of every rule)
//   next/dist/server/lib/router-utils/filesystem.js             (buildCustomRoute: getPathMatch
//                                                                 + modifyRouteRegex)
//   next/dist/shared/lib/router/utils/prepare-destination.js    (matchHas, prepareDestination,
//                                                                 compileNonPath)
//   next/dist/server/server-route-utils.js                      (stringifyQuery)
//   next/dist/shared/lib/router/utils/{parse-url,querystring,sorted-routes,route-regex,
//                                      route-matcher}.js
// wired together in the order of next/dist/server/lib/router-utils/resolve-routes.js.
//
// Usage (from the repo root):
//   (cd tests/oracle && npm ci --ignore-scripts)
//   node tests/oracle/gen-rules-vectors.mjs
//
// Deterministic: no randomness, no time, no locale; two runs give byte-identical files.
// See README.md ("Rules vectors") for how Next's answers are mapped onto routecore decisions and
// where routecore deliberately differs.

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
const nodeUrl = require('url');
const { getMiddlewareMatchers } = require('next/dist/build/analysis/get-page-static-info.js');
const { getMiddlewareRouteMatcher } = require('next/dist/shared/lib/router/utils/middleware-route-matcher.js');
const loadCustomRoutes = require('next/dist/lib/load-custom-routes.js').default;
const { buildCustomRoute } = require('next/dist/server/lib/router-utils/filesystem.js');
const { matchHas, prepareDestination, compileNonPath } = require('next/dist/shared/lib/router/utils/prepare-destination.js');
const { parseUrl } = require('next/dist/shared/lib/router/utils/parse-url.js');
const { getRenderedSearch } = require('next/dist/shared/lib/router/utils/querystring.js');
const { stringifyQuery } = require('next/dist/server/server-route-utils.js');
const { addRequestMeta } = require('next/dist/server/request-meta.js');
const { getRedirectStatus } = require('next/dist/lib/redirect-status.js');
const { normalizeRepeatedSlashes, DecodeError } = require('next/dist/shared/lib/utils.js');
const { getSortedRoutes } = require('next/dist/shared/lib/router/utils/sorted-routes.js');
const { getRouteRegex } = require('next/dist/shared/lib/router/utils/route-regex.js');
const { getRouteMatcher } = require('next/dist/shared/lib/router/utils/route-matcher.js');
const { generateInterceptionRoutesRewrites } = require('next/dist/lib/generate-interception-routes-rewrites.js');
const { isInterceptionRouteAppPath } = require('next/dist/shared/lib/router/utils/interception-routes.js');

const SOURCE = `nextjs-${NEXT_VERSION} oracle (tests/oracle/gen-rules-vectors.mjs)`;

// ---------------------------------------------------------------------------------------------
// Building Next's view of a routecore.json config
// ---------------------------------------------------------------------------------------------
const clone = (x) => JSON.parse(JSON.stringify(x));

async function buildNext(cfg) {
  const basePath = cfg.basePath || '';
  const nextConfig = { basePath, trailingSlash: false, skipTrailingSlashRedirect: !!cfg.skipTrailingSlashRedirect };
  if (cfg.headers) nextConfig.headers = async () => clone(cfg.headers);
  if (cfg.redirects) nextConfig.redirects = async () => clone(cfg.redirects);
  if (cfg.rewrites) nextConfig.rewrites = async () => clone(cfg.rewrites);
  // Next's own processing: basePath prefixes, plain array = afterFiles, validation, and the
  // internal trailing-slash redirects (they never fire here: no request ends in '/').
  const custom = await loadCustomRoutes(nextConfig);
  // Interception routes are beforeFiles rewrites after the configured ones (build/index.js).
  custom.rewrites.beforeFiles.push(...generateInterceptionRoutesRewrites((cfg.routes || []).map((r) => r.pattern), basePath));
  const build = (type, item) => buildCustomRoute(type, item, basePath, cfg.caseSensitiveRoutes);
  let middleware = null;
  if (cfg.middleware) {
    if (cfg.middleware.matcher === undefined) throw new Error('middleware without matcher is not emulated');
    middleware = getMiddlewareRouteMatcher(getMiddlewareMatchers(clone(cfg.middleware.matcher), { basePath }));
  }
  const patterns = (cfg.routes || []).map((r) => r.pattern);
  const sorted = getSortedRoutes(patterns);
  const isDynamic = (p) => p.includes('[');
  return {
    basePath,
    headers: custom.headers.map((h) => build('header', h)),
    redirects: custom.redirects.map((r) => build('redirect', r)),
    beforeFiles: custom.rewrites.beforeFiles.map((r) => build('rewrite', r)),
    afterFiles: custom.rewrites.afterFiles.map((r) => build('rewrite', r)),
    fallback: custom.rewrites.fallback.map((r) => build('rewrite', r)),
    middleware,
    staticRoutes: new Set(patterns.filter((p) => !isDynamic(p))),
    dynamicRoutes: sorted.filter(isDynamic).map((pattern) => ({ pattern, match: getRouteMatcher(getRouteRegex(pattern)) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Request helpers
// ---------------------------------------------------------------------------------------------
// Node.js IncomingMessage header semantics: lower-case names; duplicates joined with ', '
// (cookie: '; '); for a few names only the first is kept.
const NODE_DISCARD_DUPLICATES = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag',
  'expires', 'from', 'host', 'if-modified-since', 'if-unmodified-since', 'last-modified', 'location',
  'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent']);

function nodeHeaders(list) {
  const h = {};
  for (const [n0, v] of list) {
    const n = n0.toLowerCase();
    if (!(n in h)) h[n] = v;
    else if (NODE_DISCARD_DUPLICATES.has(n)) continue;
    else h[n] = h[n] + (n === 'cookie' ? '; ' : ', ') + v;
  }
  return h;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
// routecore's canonical form of the path part of a target (RFC 3986 6.2.2): escapes of
// unreserved characters decoded, hex of the others upper-cased.
function canonicalizeTarget(target) {
  const q = target.search(/[?#]/);
  const p = q < 0 ? target : target.slice(0, q);
  const rest = q < 0 ? '' : target.slice(q);
  const out = p.replace(/%([0-9A-Fa-f]{2})/g, (m, hex) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(c) ? c : '%' + hex.toUpperCase();
  });
  return out + rest;
}

// Percent-decoding where malformed input never throws (invalid UTF-8 -> U+FFFD).
function decodeLossy(s) {
  const bytes = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(s[i] === '%' ? '%' : s.slice(i, i + (s.codePointAt(i) > 0xffff ? 2 : 1)))) bytes.push(b);
      if (s.codePointAt(i) > 0xffff) i++;
    }
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(bytes));
}

const decodeValue = (v) => (Array.isArray(v) ? v.map(decodeValue) : decodeURIComponent(v));

function plainQuery(q) {
  const out = {};
  for (const [k, v] of Object.entries(q)) out[k] = Array.isArray(v) ? v.slice() : v;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The decision, following resolve-routes.js
// ---------------------------------------------------------------------------------------------
// `flags` switch on routecore's documented deviations one at a time (see FLAG_ORDER); with all
// flags off the result is Next.js's own answer.
const FLAG_ORDER = ['reservedQuery', 'canonicalPath', 'middlewareLossy', 'encodeHasInPath', 'encodeQuery', 'decodeQuery', 'hideInterception'];
const FLAG_REASON = {
  reservedQuery: 'query keys Next.js reserves for itself (nxtP*, nxtI*, __nextLocale, __nextDefaultLocale, __nextDataReq) are ignored by routecore (ROUTING.md 2)',
  canonicalPath: 'routecore canonicalises percent-escapes before any matching (escapes of unreserved characters such as %61 are decoded, other hex is upper-cased); Next.js matches the raw path',
  middlewareLossy: 'routecore also tests the middleware matcher against the fully decoded path when the path has malformed escapes (they become U+FFFD); Next.js only decodes when decodeURIComponent succeeds',
  encodeHasInPath: 'values from has conditions inserted into a destination path are percent-encoded as one segment (encodeURIComponent); Next.js inserts them raw',
  encodeQuery: 'in a Location, query values are percent-encoded (encodeURIComponent) except the destination\'s own text, kept as written (params it inserts encoded); Next.js emits values it did not receive raw',
  hideInterception: 'a direct request for an interception route\'s own path (/feed/(.)photo/1) is a 404 in routecore (ROUTING.md 1.1: only the Next-Url rewrite reaches it); Next.js serves the intercepting page',
  decodeQuery: 'path params appended to or substituted into the rewritten query are decoded in routecore\'s query; Next.js\'s query object keeps the raw path text',
};

// routecore's Location query: the destination's own pairs as their author wrote them (params
// substituted with encodeURIComponent; only what a URI may not hold raw escaped), every other
// entry with encodeURIComponent (getRenderedSearch).
const WRITTEN_UNSAFE = /[\x00-\x20"<>\\^`{|}#\x7f]|[^\x00-\x7f]+|%(?![0-9A-Fa-f]{2})/gu;
function writtenSearch(destination, q, params) {
  const raw = (destination.split('#')[0].split('?')[1] || '').split('&').filter(Boolean);
  const decode = (t) => decodeLossy(t.replace(/\+/g, ' '));
  const written = new Map();
  for (const pair of raw) {
    const i = pair.indexOf('=');
    const [k, v] = i < 0 ? [pair, ''] : [pair.slice(0, i), pair.slice(i + 1)];
    const value = v.replace(/:([A-Za-z0-9_]+)([*+?]?)/g, (ref, name, mod, at, all) => {
      if (!(name in params) || params[name] === undefined) return ref;
      const val = params[name];
      if (!Array.isArray(val) || !'*+'.includes(mod) || !mod) return encodeURIComponent(Array.isArray(val) ? val.join('/') : val);
      const before = all.slice(0, at).slice(-1);
      const joiner = before === '' ? '/' : '/.'.includes(before) ? before : '';
      return val.map(encodeURIComponent).join(joiner);
    });
    const text = `${k}=${value}`.replace(WRITTEN_UNSAFE, (c) => (c === '%' ? '%25' : encodeURIComponent(c)));
    const key = decode(k);
    if (!written.has(key)) written.set(key, []);
    written.get(key).push(text);
  }
  const out = [];
  for (const [k, v] of Object.entries(q)) {
    if (written.has(k)) out.push(...written.get(k));
    else for (const item of Array.isArray(v) ? v : [v]) out.push(`${encodeURIComponent(k)}=${encodeURIComponent(item)}`);
  }
  return out.join('&');
}

function decide(R, rq, flags) {
  const target = flags.canonicalPath ? canonicalizeTarget(rq.url) : rq.url;
  const parsedUrl = parseUrl(target);
  const headersObj = nodeHeaders(rq.headers || []);
  const vary = [];
  const readHeaders = new Proxy(headersObj, {
    get(t, k) {
      if (typeof k === 'string' && !vary.includes(k)) vary.push(k);
      return t[k];
    },
  });
  const hasReq = { headers: readHeaders };
  const req = { headers: headersObj };
  addRequestMeta(req, 'initQuery', { ...parsedUrl.query });
  // the query the rules see (Next.js-mode: raw params; routecore-mode: decoded params)
  const query = parsedUrl.query;
  if (flags.reservedQuery) {
    for (const k of Object.keys(query)) {
      if (/^(nxtP|nxtI)/.test(k) || ['__nextLocale', '__nextDefaultLocale', '__nextDataReq'].includes(k)) delete query[k];
    }
  }
  const result = { vary };
  if (R.middleware) result.middleware = false;
  const resHeaders = [];

  const match = (route, pathname) => {
    let params = route.match(pathname);
    let pathKeys = params ? Object.keys(params) : [];
    if ((route.has || route.missing) && params) {
      const hp = matchHas(hasReq, query, route.has, route.missing);
      if (hp) {
        Object.assign(params, hp);
        pathKeys = pathKeys.filter((k) => !(k in hp));
      } else params = false;
    }
    return params ? { params, pathKeys } : null;
  };

  // params for the destination path / query in each mode
  const pathParams = ({ params, pathKeys }) => {
    if (!flags.encodeHasInPath) return params;
    const out = {};
    for (const [k, v] of Object.entries(params)) out[k] = pathKeys.includes(k) ? v : encodeURIComponent(v);
    return out;
  };
  // routecore decodes raw path params before they enter a query (Location or handler query)
  const queryParams = ({ params, pathKeys }, forLocation) => {
    if (!(forLocation ? flags.encodeQuery : flags.decodeQuery)) return params;
    const out = {};
    for (const [k, v] of Object.entries(params)) out[k] = pathKeys.includes(k) ? decodeValue(v) : v;
    return out;
  };

  let didRewrite = false;
  const lookup = (pathname, staticOnly) => {
    let p = pathname;
    if (R.basePath) {
      if (p === R.basePath) p = '/';
      else if (p.startsWith(R.basePath + '/')) p = p.slice(R.basePath.length);
      else return null;
    }
    // routecore: an interception route's own path is reached only through its rewrite.
    const hidden = (pattern) => flags.hideInterception && !didRewrite && isInterceptionRouteAppPath(pattern);
    if (R.staticRoutes.has(p)) return hidden(p) ? null : { pattern: p, params: {} };
    if (staticOnly) return null;
    for (const r of R.dynamicRoutes) {
      let res;
      try {
        res = r.match(p);
      } catch (e) {
        if (e instanceof DecodeError) return { pattern: r.pattern, bad: true };
        throw e;
      }
      if (res !== false) {
        if (hidden(r.pattern)) return null;
        const params = {};
        for (const [k, v] of Object.entries(res)) if (v !== undefined) params[k] = v;
        return { pattern: r.pattern, params };
      }
    }
    return null;
  };

  const finish = (found) => {
    const pn = parsedUrl.pathname;
    result.pathname = R.basePath ? (pn === R.basePath ? '/' : pn.slice(R.basePath.length)) : pn;
    if (!found) Object.assign(result, { action: 'not_found', status: 404 });
    else if (found.bad) Object.assign(result, { action: 'bad_request', status: 400 });
    else Object.assign(result, { action: 'route', status: 200, route: found.pattern, params: found.params, query: plainQuery(query) });
    result.response_headers = resHeaders;
    return result;
  };

  const formatLocation = (m, destination, append, proxy) => {
    const dest = (params) => prepareDestination({ appendParamsToQuery: append, destination, params: { ...params }, query: { ...query } }).parsedDestination;
    const a = dest(pathParams(m));
    const q = dest(queryParams(m, true)).query;
    delete a.query;
    a.search = flags.encodeQuery ? writtenSearch(destination, q, queryParams(m, true)) : stringifyQuery(req, q);
    if (!proxy) a.pathname = normalizeRepeatedSlashes(a.pathname);
    else if (flags.encodeQuery && !a.pathname) a.pathname = '/';
    const s = nodeUrl.format(a);
    return proxy && !flags.encodeQuery ? new URL(s).href : s;
  };

  // 1. headers
  for (const h of R.headers) {
    const m = match(h, parsedUrl.pathname);
    if (!m) continue;
    const hasParams = Object.keys(m.params).length > 0;
    for (const { key: k0, value: v0 } of h.headers) {
      const key = (hasParams ? compileNonPath(k0, m.params) : k0).toLowerCase();
      const value = hasParams ? compileNonPath(v0, m.params) : v0;
      if (key !== 'set-cookie') {
        const i = resHeaders.findIndex(([k]) => k === key);
        if (i >= 0) resHeaders.splice(i, 1);
      }
      resHeaders.push([key, value]);
    }
  }

  // 2. redirects
  for (const r of R.redirects) {
    const m = match(r, parsedUrl.pathname);
    if (!m) continue;
    const location = formatLocation(m, r.destination, false, false);
    const status = getRedirectStatus(r);
    Object.assign(result, { action: 'redirect', status, location });
    result.response_headers = status === 308 ? [['refresh', `0;url=${location}`]] : [];
    return result;
  }

  // 3. middleware: the raw pathname, then the decoded one (resolve-routes.js)
  if (R.middleware) {
    const raw = parsedUrl.pathname || '/';
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      if (flags.middlewareLossy) decoded = decodeLossy(raw);
    }
    // routecore also tests the path as sent, before its canonicalisation (ROUTING.md §4: no
    // encoding trick skips middleware).
    const asSent = flags.canonicalPath ? parseUrl(rq.url).pathname || '/' : raw;
    result.middleware = !!(
      R.middleware(raw, hasReq, query) ||
      R.middleware(decoded, hasReq, query) ||
      R.middleware(asSent, hasReq, query)
    );
  }

  // rewrites: returns a final result, or null to continue
  const applyRewrite = (m, r) => {
    const destination = r.destination;
    const dest = (params) => prepareDestination({ appendParamsToQuery: true, destination, params: { ...params }, query: { ...query } }).parsedDestination;
    const a = dest(pathParams(m));
    if (a.protocol) {
      Object.assign(result, { action: 'rewrite_external', status: 200, location: formatLocation(m, destination, true, true) });
      result.response_headers = resHeaders;
      return result;
    }
    const q = dest(queryParams(m, false)).query;
    parsedUrl.pathname = a.pathname;
    didRewrite = true;
    Object.assign(query, q);
    return null;
  };
  const phase = (rules, staticOnlyAfter) => {
    for (const r of rules) {
      const m = match(r, parsedUrl.pathname);
      if (!m) continue;
      const done = applyRewrite(m, r);
      if (done) return done;
      const found = lookup(parsedUrl.pathname, false);
      if (found) return finish(found);
    }
    return null;
  };

  // 4. beforeFiles: every matching rule rewrites in turn, with no check (filesystem.js builds
  // them as 'before_files_rewrite', which gets no `check: true`); 5. check_fs: static routes
  // only; 6. afterFiles (check: true after each: static, then dynamic routes); 7. dynamic
  // ('after files check: true'); 8. fallback (check: true after each)
  for (const r of R.beforeFiles) {
    const m = match(r, parsedUrl.pathname);
    if (!m) continue;
    const done = applyRewrite(m, r);
    if (done) return done;
  }
  let out;
  const st = lookup(parsedUrl.pathname, true);
  if (st) return finish(st);
  out = phase(R.afterFiles);
  if (out) return out;
  const dyn = lookup(parsedUrl.pathname, false);
  if (dyn) return finish(dyn);
  out = phase(R.fallback);
  if (out) return out;
  return finish(null);
}

// ---------------------------------------------------------------------------------------------
// From a decision to a vector's `expect`
// ---------------------------------------------------------------------------------------------
function toExpect(d, fields) {
  const e = {};
  if (d.action !== undefined && !fields.includes('middleware-only')) {
    e.action = d.action;
    e.status = d.status;
    if (d.action === 'route') {
      e.route = { pattern: d.route };
      e.params = d.params;
      if (fields.includes('pathname')) e.pathname = d.pathname;
      if (fields.includes('query')) e.query = d.query;
    } else if (d.action === 'redirect' || d.action === 'rewrite_external') {
      e.location = d.location;
    }
    if (fields.includes('response_headers')) e.response_headers = d.response_headers;
  }
  if (fields.includes('middleware') && d.middleware !== undefined) e.middleware = d.middleware;
  if (fields.includes('vary')) e.vary = d.vary;
  return e;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function oracleCase(R, rq, fields) {
  const flags = {};
  let prev = toExpect(decide(R, rq, flags), fields);
  const nextjs = prev;
  const reasons = [];
  for (const f of FLAG_ORDER) {
    flags[f] = true;
    const cur = toExpect(decide(R, rq, { ...flags }), fields);
    if (!same(cur, prev)) reasons.push(FLAG_REASON[f]);
    prev = cur;
  }
  const c = { method: 'GET', url: rq.url };
  if (rq.headers && rq.headers.length) c.headers = rq.headers;
  c.expect = prev;
  if (reasons.length) {
    c.differs = reasons.join('; ');
    c.nextjs = nextjs;
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Groups
// ---------------------------------------------------------------------------------------------
const page = (pattern) => ({ pattern, kind: 'page' });
const hdr = (...pairs) => pairs;

// A request: a string (URL) or [url, [[name, value], ...]].
const reqOf = (r) => (typeof r === 'string' ? { url: r } : { url: r[0], headers: r[1] || [] });

// Transport / internal paths get no route expectation in middleware groups (Next.js serves them
// through other machinery), nor do paths with '%' (see nextjs-encoding.json for those).
const TRANSPORT = /(^|\/)_next\/|\.rsc$|\.json$/;

async function group(name, config, requests, fields, extra = {}) {
  const R = await buildNext(config);
  const seen = new Set();
  const cases = [];
  for (const r of requests) {
    const rq = reqOf(r);
    const key = JSON.stringify(rq);
    if (seen.has(key)) throw new Error(`${name}: duplicate request ${key}`);
    seen.add(key);
    const conditional = /"(has|missing)"/.test(JSON.stringify(config)) || (config.routes || []).some((r) => isInterceptionRouteAppPath(r.pattern));
    let f = conditional ? fields.concat('vary') : fields;
    if (fields.includes('middleware-route') && (TRANSPORT.test(rq.url.split('?')[0]) || rq.url.includes('%'))) {
      f = f.concat('middleware-only');
    }
    try {
      cases.push(oracleCase(R, rq, f));
    } catch (e) {
      throw new Error(`${name}: ${JSON.stringify(rq)}: Next.js throws: ${e.message}`);
    }
  }
  return { name, ...extra, config, cases };
}

// ---------------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------------
const MW = ['middleware', 'middleware-route'];
const RULES = ['query', 'pathname', 'response_headers'];
const ROUTES = [page('/[[...all]]'), page('/about'), page('/blog/[slug]'), page('/shop/[...parts]')];

// The transport forms getMiddlewareMatchers adds for a page path.
function variants(p) {
  if (p === '/') {
    return ['/', '/index', '/index.json', '/index.rsc', '/_next/data/b1/index.json', '/index.segments/_tree.segment.rsc'];
  }
  return [p, `${p}.json`, `${p}.rsc`, `/_next/data/b1${p}.json`, `${p}.segments/a/b.segment.rsc`];
}

const mw = (name, matcher, requests, extra = {}) =>
  group(name, { routes: extra.routes || ROUTES, ...(extra.basePath ? { basePath: extra.basePath } : {}), middleware: { matcher } }, requests, MW);

const MIDDLEWARE_GROUPS = [
  () => mw('plain-path', '/about', [
    ...variants('/about'), '/about/x', '/aboutx', '/About', '/ABOUT.json', '/x/about', '/', '/about/index.rsc',
    '/about.segments/x.segment.rsc', '/about.txt', '/about.json.rsc', '/%61bout', '/abou%74.json', '/_next/data/b1/about',
    '/_next/data/b1/x/about.json', '/_next/static/about', '/about%2F', '/about.segments/.segment.rsc', '/about.rscx',
  ]),
  () => mw('param', '/blog/:slug', [
    ...variants('/blog/a'), '/blog/hello-world', '/blog', '/blog/a/b', '/Blog/a', '/blog/a%20b', '/blog/%E2%82%AC',
    '/blog/%zz', '/blog/a%2Fb', '/blog/.json', '/blog/x.segments/a.segment.rsc', '/blog.json', '/_next/data/b1/blog.json',
    '/blog/%E0%A4', '/blog/%62', '/x/blog/a',
  ]),
  () => mw('optional-param', '/blog/:slug?', [
    ...variants('/blog'), '/blog/a', '/blog/a/b', '/blogs', '/blog/a.json', '/blog/a.rsc', '/Blog', '/_next/data/b1/blog/a.json',
  ]),
  () => mw('zero-or-more', '/docs/:path*', [
    ...variants('/docs'), ...variants('/docs/a/b'), '/docs/a', '/docs/a/b/c/d/e', '/docsx', '/x/docs/a', '/DOCS/a', '/docs/a%2Fb',
    '/docs/%zz/x', '/docs-2',
  ]),
  () => mw('one-or-more', '/docs/:path+', [
    ...variants('/docs'), ...variants('/docs/a'), '/docs/a/b', '/docs/a/b/c', '/docsa', '/docs/a/b.segments/c/d.segment.rsc',
  ]),
  () => mw('custom-digits', '/post/:id(\\d+)', [
    ...variants('/post/1'), '/post/123', '/post/12a', '/post/abc', '/post/1/x', '/post/%31', '/post/-1', '/post/\u0661',
    '/post/007', '/post', '/Post/1',
  ]),
  () => mw('custom-alternatives', '/:lang(en|de)/:rest*', [
    ...variants('/en'), '/de/a/b', '/fr/a', '/EN/a', '/english', '/en/a.rsc', '/_next/data/b1/de/x.json', '/de', '/den/x',
    '/en/a/b/c.json', '/%65n/x',
  ]),
  () => mw('optional-group', ['/shop{/:cat}?/list', '/item{-:id}?'], [
    ...variants('/shop/list'), '/shop/shoes/list', '/shop/a/b/list', '/shoplist', '/shop/shoes/list.rsc', '/item', '/item-5',
    '/item-', '/item-a-b', '/item5', '/item.json', '/item-5.rsc', '/items', '/_next/data/b1/item-7.json', '/shop/list/x',
  ]),
  () => mw('negative-lookahead', '/((?!api|_next/static|_next/image|favicon.ico).*)', [
    ...variants('/'), ...variants('/about'), '/api', '/api/x', '/apix', '/x/api', '/API', '/_next/static/chunks/a.js',
    '/_next/static', '/_next/image', '/_next/image?url=%2Fa.png&w=64', '/_next/imagex', '/_next/data/b1/api.json',
    '/favicon.ico', '/faviconXico', '/favicon.ic', '/favicon.icon', '/_next/staticx', '/_next', '/_nexT/static/a',
    '/%61pi', '/a%70i/x', '/_next/%73tatic/a', '/api.rsc', '/blog/a', '/shop/a/b',
  ]),
  () => mw('negative-lookahead-extension', '/((?!api|trpc|_next|_vercel|.*\\..*).*)', [
    '/', '/about', '/blog/a', '/api', '/api/x', '/trpc/x', '/_next/static/a.js', '/_vercel/insights', '/logo.png',
    '/a/b.c', '/a.b/c', '/about.json', '/about.rsc', '/_next/data/b1/about.json', '/index.rsc', '/apis', '/x/_next',
    '/x.segments/a/b.segment.rsc', '/%61pi',
  ]),
  () => mw('array', ['/about', '/dashboard/:path*', '/api/:path*'], [
    ...variants('/about'), ...variants('/dashboard'), '/dashboard/a/b', '/api', '/api/users/1', '/apix', '/dash', '/',
    '/blog/a', '/_next/data/b1/api/x.json', '/about/x',
  ]),
  () => mw('root-only', '/', [
    ...variants('/'), '/about', '/index.html', '/indexx', '/x/index.rsc', '/_next/data/b1/about.json', '/index/x',
    '/.rsc', '/_next/data/b1.json', '/index.segments/a/b.segment.rsc', '/index.json.rsc',
  ]),
  () => mw('everything', '/:path*', [
    ...variants('/'), '/about', '/a/b/c', '/_next/static/chunks/a.js', '/_next/image', '/favicon.ico', '/api/x',
  ]),
  () => mw('unnamed-groups', ['/blog/(.*)', '/(a|b)/x'], [
    '/blog', '/blog/', '/blog/a', '/blog/a/b', '/blog.json', '/a/x', '/b/x', '/c/x', '/a/x/y', '/ab/x', '/a/x.rsc',
    '/_next/data/b1/b/x.json',
  ].filter((u) => u !== '/blog/')),
  () => mw('literal-suffix', ['/files/:name.pdf', '/v:version(\\d+)/:rest*'], [
    '/files/a.pdf', '/files/a.b.pdf', '/files/.pdf', '/files/a.pdfx', '/files/a.pdf.json', '/files/a.pdf.rsc', '/files/a',
    '/v1', '/v12/a/b', '/va/x', '/v1.json', '/V1/a',
  ]),
  () => mw('escaped-characters', ['/api\\(v1\\)/:x', '/a\\:b', '/price\\$'], [
    '/api(v1)/x', '/api(v1)', '/apiv1/x', '/api%28v1%29/x', '/a:b', '/a/b', '/ab', '/price$', '/price', '/a:b.json',
  ]),
  () => mw('case-sensitive', ['/About', '/api/:x'], [
    '/About', '/about', '/ABOUT', '/api/X', '/API/x', '/Api/x', '/About.json',
  ]),
  () => mw('base-path', ['/guide/:p*', '/'], [
    '/docs', '/docs/guide', '/docs/guide/a', '/docs/other', '/guide/a', '/docs/_next/data/b1/guide/a.json',
    '/docs/guide.rsc', '/docs/index.rsc', '/docs/_next/data/b1/index.json', '/_next/data/b1/docs/guide.json', '/docsx/guide',
  ], { basePath: '/docs', routes: [page('/[[...all]]'), page('/guide/[...p]')] }),
  () => mw('has-missing-objects', [
    { source: '/api/:path*', has: [{ type: 'header', key: 'x-beta' }] },
    { source: '/admin/:p*', missing: [{ type: 'cookie', key: 'session' }] },
    { source: '/q', has: [{ type: 'query', key: 'preview', value: '1|true' }] },
    { source: '/h', has: [{ type: 'host', value: '(?<sub>[a-z]+)\\.example\\.com' }] },
    { source: '/both', has: [{ type: 'header', key: 'x-a', value: 'yes' }], missing: [{ type: 'header', key: 'x-b' }] },
  ], [
    '/api/x', ['/api/x', [['x-beta', '1']]], ['/api/x', [['X-Beta', '']]], ['/api.json', [['x-beta', 'on']]],
    '/admin', ['/admin/a', [['cookie', 'session=abc']]], ['/admin/a', [['cookie', 'other=1; session=']]],
    ['/admin/a', [['cookie', 'sessionx=1']]], '/q', '/q?preview=1', '/q?preview=true', '/q?preview=truex',
    '/q?preview=11', '/q?preview=yes&preview=1', '/q?preview=1&preview=0', '/q?preview=', ['/h', [['host', 'shop.example.com']]],
    ['/h', [['host', 'Shop.Example.com:8080']]], ['/h', [['host', 'a.b.example.com']]], ['/h', [['host', 'example.com']]],
    ['/both', [['x-a', 'yes']]], ['/both', [['x-a', 'yes'], ['x-b', '1']]], ['/both', [['x-a', 'no']]],
    ['/both', [['x-a', 'yes'], ['x-b', '']]], ['/about', [['x-beta', '1']]],
  ]),
];

const HAS_ROUTES = [page('/[[...all]]'), page('/ok')];
const redirectGroup = (name, redirects, requests, extra = {}) =>
  group(name, { routes: extra.routes || HAS_ROUTES, ...(extra.config || {}), redirects }, requests, extra.fields || RULES);
const tmp = (source, destination, cond) => ({ source, destination, permanent: false, ...cond });

const HAS_GROUPS = [
  () => redirectGroup('header', [
    tmp('/present', '/ok?v=:xflag', { has: [{ type: 'header', key: 'X-Flag' }] }),
    tmp('/alt', '/ok', { has: [{ type: 'header', key: 'x-alt', value: 'a|b' }] }),
    tmp('/named', '/u/:user/:id', { has: [{ type: 'header', key: 'x-user', value: '(?<user>[a-z]+)-(?<id>\\d+)' }] }),
    tmp('/missing', '/ok', { missing: [{ type: 'header', key: 'x-block' }] }),
    tmp('/missing-value', '/ok', { missing: [{ type: 'header', key: 'x-mode', value: 'off' }] }),
    tmp('/empty-value', '/ok', { has: [{ type: 'header', key: 'x-e', value: '' }] }),
    tmp('/two', '/ok/:xa/:xb', { has: [{ type: 'header', key: 'xa' }, { type: 'header', key: 'xb' }] }),
  ], [
    '/present', ['/present', [['x-flag', 'yes']]], ['/present', [['X-FLAG', 'On']]], ['/present', [['x-flag', '']]],
    ['/present', [['x-flags', '1']]], ['/present', [['x-flag', 'a'], ['x-flag', 'b']]],
    ['/alt', [['x-alt', 'a']]], ['/alt', [['x-alt', 'b']]], ['/alt', [['x-alt', 'abc']]], ['/alt', [['x-alt', 'xb']]],
    ['/alt', [['x-alt', 'xa']]], ['/alt', [['x-alt', 'c']]], ['/alt', [['x-alt', 'A']]], '/alt',
    ['/named', [['x-user', 'ann-42']]], ['/named', [['x-user', 'Ann-42']]], ['/named', [['x-user', 'ann-']]],
    ['/named', [['x-user', 'bob-7-8']]], '/missing', ['/missing', [['x-block', '1']]], ['/missing', [['x-block', '']]],
    '/missing-value', ['/missing-value', [['x-mode', 'off']]], ['/missing-value', [['x-mode', 'on']]],
    ['/missing-value', [['x-mode', 'offline']]], '/empty-value', ['/empty-value', [['x-e', 'anything']]],
    ['/two', [['xa', '1'], ['xb', '2']]], ['/two', [['xb', '2']]], ['/two', [['xa', '1']]], ['/two', [['xa', 'a b'], ['xb', 'c/d']]],
  ]),
  () => redirectGroup('cookie', [
    tmp('/c', '/ok?t=:token', { has: [{ type: 'cookie', key: 'token' }] }),
    tmp('/cv', '/ok', { has: [{ type: 'cookie', key: 'bucket', value: 'b' }] }),
    tmp('/cn', '/ok/:lang', { has: [{ type: 'cookie', key: 'pref', value: '(?<lang>en|de)-.*' }] }),
    tmp('/cm', '/ok', { missing: [{ type: 'cookie', key: 'session' }] }),
    tmp('/ccase', '/ok', { has: [{ type: 'cookie', key: 'Token' }] }),
  ], [
    '/c', ['/c', [['cookie', 'token=abc']]], ['/c', [['cookie', 'a=1; token=xyz; b=2']]], ['/c', [['cookie', 'token=']]],
    ['/c', [['cookie', 'token=1; token=2']]], ['/c', [['cookie', 'token=1'], ['cookie', 'token=2']]],
    ['/c', [['cookie', 'tokens=1']]], ['/c', [['cookie', ' token = v1 ']]], ['/c', [['cookie', 'token="quoted"']]],
    ['/c', [['cookie', 'token=a%20b']]], ['/c', [['cookie', 'TOKEN=1']]],
    ['/cv', [['cookie', 'bucket=b']]], ['/cv', [['cookie', 'bucket=a']]], ['/cv', [['cookie', 'bucket=bb']]],
    ['/cv', [['cookie', 'bucket=a; bucket=b']]], ['/cv', [['cookie', 'bucket=b; bucket=a']]], '/cv',
    ['/cn', [['cookie', 'pref=en-US']]], ['/cn', [['cookie', 'pref=de-']]], ['/cn', [['cookie', 'pref=fr-FR']]],
    ['/cn', [['cookie', 'pref=EN-us']]], '/cm', ['/cm', [['cookie', 'session=1']]], ['/cm', [['cookie', 'session=']]],
    ['/cm', [['cookie', 'x=1']]], ['/ccase', [['cookie', 'token=1']]], ['/ccase', [['cookie', 'Token=1']]],
  ]),
  () => redirectGroup('query', [
    tmp('/q', '/ok?got=:page', { has: [{ type: 'query', key: 'page' }] }),
    tmp('/qv', '/ok', { has: [{ type: 'query', key: 'mode', value: 'dark|light' }] }),
    tmp('/qn', '/ok/:n', { has: [{ type: 'query', key: 'id', value: '(?<n>\\d+)' }] }),
    tmp('/qm', '/ok', { missing: [{ type: 'query', key: 'skip' }] }),
    tmp('/qcase', '/ok', { has: [{ type: 'query', key: 'Key' }] }),
  ], [
    '/q', '/q?page=2', '/q?page=', '/q?page', '/q?other=1', '/q?page=a%20b', '/q?page=a+b',
    '/q?Page=1', '/q?page=%E2%82%AC',
    '/qv?mode=dark', '/qv?mode=light', '/qv?mode=darkness', '/qv?mode=xlight', '/qv?mode=dim', '/qv?mode=light&mode=dim',
    '/qv?mode=dim&mode=light', '/qv?mode=DARK', '/qn?id=42', '/qn?id=4x', '/qn?id=1&id=77', '/qn?id=', '/qm', '/qm?skip=1',
    '/qm?skip=', '/qm?skip', '/qcase?key=1', '/qcase?Key=1',
  ]),
  () => redirectGroup('host', [
    tmp('/h', '/ok?sub=:sub', { has: [{ type: 'host', value: '(?<sub>[a-z0-9-]+)\\.example\\.com' }] }),
    tmp('/hp', '/ok', { has: [{ type: 'host', value: 'example\\.com' }] }),
    tmp('/hany', '/ok?h=:host', { has: [{ type: 'host', value: '.*\\.test' }] }),
    tmp('/hm', '/ok', { missing: [{ type: 'host', value: 'localhost' }] }),
  ], [
    ['/h', [['host', 'shop.example.com']]], ['/h', [['host', 'SHOP.Example.COM']]], ['/h', [['host', 'shop.example.com:3000']]],
    ['/h', [['host', 'example.com']]], ['/h', [['host', 'a.b.example.com']]], ['/h', [['host', 'shop.example.com.evil']]], '/h',
    ['/hp', [['host', 'example.com']]], ['/hp', [['host', 'exampleXcom']]], ['/hp', [['host', 'www.example.com']]],
    ['/hp', [['host', 'EXAMPLE.com:443']]], ['/hany', [['host', 'app.test']]], ['/hany', [['host', 'app.test:80']]],
    ['/hany', [['host', 'app.tests']]], ['/hm', [['host', 'localhost']]], ['/hm', [['host', 'localhost:3000']]],
    ['/hm', [['host', 'example.com']]], '/hm',
  ]),
  () => redirectGroup('regex-semantics', [
    tmp('/r1', '/ok', { has: [{ type: 'header', key: 'x-v', value: '\\d+' }] }),
    tmp('/r2', '/ok', { has: [{ type: 'header', key: 'x-v', value: '[A-Z]+' }] }),
    tmp('/r3', '/ok', { has: [{ type: 'header', key: 'x-v', value: '(?:x|y)z' }] }),
    tmp('/r4', '/ok', { has: [{ type: 'header', key: 'x-v', value: 'a.c' }] }),
    tmp('/r5', '/ok', { has: [{ type: 'header', key: 'x-v', value: '.*' }] }),
    tmp('/r6', '/ok/:local', { has: [{ type: 'header', key: 'x-v', value: '(?<local>[^@]+)@example\\.com' }] }),
    tmp('/r7', '/ok', { has: [{ type: 'header', key: 'x-v', value: 'v\\d{1,2}' }] }),
    tmp('/r8', '/ok', { has: [{ type: 'header', key: 'x-v', value: 'a|b|c' }] }),
    tmp('/r9', '/ok', { has: [{ type: 'header', key: 'x-v', value: '\\w+' }] }),
  ], [
    ['/r1', [['x-v', '123']]], ['/r1', [['x-v', '12a']]], ['/r1', [['x-v', '\u0661\u0662']]], ['/r2', [['x-v', 'ABC']]],
    ['/r2', [['x-v', 'AbC']]], ['/r3', [['x-v', 'xz']]], ['/r3', [['x-v', 'yz']]], ['/r3', [['x-v', 'z']]],
    ['/r4', [['x-v', 'abc']]], ['/r4', [['x-v', 'a-c']]], ['/r4', [['x-v', 'ac']]], ['/r5', [['x-v', 'anything at all']]],
    ['/r6', [['x-v', 'ann@example.com']]], ['/r6', [['x-v', 'ann@exampleXcom']]], ['/r6', [['x-v', '@example.com']]],
    ['/r7', [['x-v', 'v1']]], ['/r7', [['x-v', 'v123']]], ['/r8', [['x-v', 'a']]], ['/r8', [['x-v', 'bbb']]],
    ['/r8', [['x-v', 'xxc']]], ['/r8', [['x-v', 'ax']]], ['/r8', [['x-v', 'xb']]], ['/r9', [['x-v', 'caf\u00e9']]],
    ['/r9', [['x-v', 'a_b9']]],
  ]),
  () => group('rewrite-captures', {
    routes: [page('/[[...all]]'), page('/ok'), page('/u/[name]')],
    rewrites: [
      { source: '/me', destination: '/u/:user', has: [{ type: 'cookie', key: 'user', value: '(?<user>[a-z]+)' }] },
      { source: '/flag', destination: '/ok', has: [{ type: 'header', key: 'x-flag' }] },
      { source: '/tenant/:page', destination: '/ok?p=:page', has: [{ type: 'host', value: '(?<tenant>[a-z]+)\\.shop\\.test' }] },
      { source: '/q', destination: '/ok', has: [{ type: 'query', key: 'ref', value: '(?<src>tw|fb)' }] },
    ],
  }, [
    ['/me', [['cookie', 'user=ann']]], ['/me', [['cookie', 'user=Ann']]], '/me', ['/flag', [['x-flag', 'on']]],
    ['/flag?x=1', [['x-flag', 'on']]], ['/flag?xflag=mine', [['x-flag', 'on']]], ['/tenant/home', [['host', 'acme.shop.test']]],
    ['/tenant/home?k=v', [['host', 'acme.shop.test']]], ['/tenant/home', [['host', 'shop.test']]], '/q?ref=tw', '/q?ref=ig',
    '/q?ref=fb&x=1',
  ], RULES),
  () => group('headers-captures', {
    routes: [page('/[[...all]]')],
    headers: [
      { source: '/(.*)', has: [{ type: 'header', key: 'x-trace', value: '(?<trace>[0-9a-f]+)' }], headers: [{ key: 'x-trace-echo', value: ':trace' }] },
      { source: '/(.*)', has: [{ type: 'cookie', key: 'ab' }], headers: [{ key: 'x-ab', value: 'bucket-:ab' }] },
      { source: '/(.*)', missing: [{ type: 'header', key: 'x-no-cache' }], headers: [{ key: 'cache-control', value: 'public' }] },
      { source: '/p/:slug', has: [{ type: 'query', key: 'v' }], headers: [{ key: 'x-v', value: ':slug-:v' }] },
      { source: '/hp/:id', has: [{ type: 'query', key: 'id', value: '(?<id>\\d+)' }], headers: [{ key: 'x-id', value: ':id' }] },
    ],
  }, [
    '/', ['/a', [['x-trace', 'abc123']]], ['/a', [['x-trace', 'XYZ']]], ['/a', [['cookie', 'ab=b']]],
    ['/a', [['x-no-cache', '1'], ['cookie', 'ab=a']]], '/p/x?v=2', '/p/x', ['/p/y?v=1', [['x-trace', 'f00']]],
  ], RULES),
];

const REDIRECT_GROUPS = [
  () => redirectGroup('basic', [
    { source: '/old/:slug', destination: '/new/:slug', permanent: true },
    { source: '/temp', destination: '/static?from=temp', permanent: false },
    { source: '/s301', destination: '/x', statusCode: 301 },
    { source: '/s302', destination: '/x', statusCode: 302 },
    { source: '/s303', destination: '/x', statusCode: 303 },
    { source: '/s307', destination: '/x', statusCode: 307 },
    { source: '/s308', destination: '/x', statusCode: 308 },
    { source: '/perm-false', destination: '/x', permanent: false },
    { source: '/ext/:slug', destination: 'https://example.com/posts/:slug', permanent: false },
    { source: '/ext-root', destination: 'https://example.com', permanent: true },
    { source: '/hash/:s', destination: '/target/:s#section', permanent: false },
    { source: '/home', destination: '/', permanent: true },
  ], [
    '/old/hello', '/old/hello?q=1', '/old/hello?a=1&a=2', '/OLD/Hello', '/old', '/old/a/b', '/old/a%20b', '/old/caf%C3%A9',
    '/old/caf%c3%a9', '/old/%61bc', '/old/a.b', '/old/hello?x=a%20b', '/old/hello?x=%26%3D', '/old/hello?q=a+b',
    '/temp', '/temp?x=1', '/temp?from=me', '/temp?from=me&z=9', '/TEMP', '/temp/x', '/s301', '/s302', '/s303?a=b', '/s307',
    '/s308', '/perm-false', '/ext/hi', '/ext/hi?q=1', '/ext-root', '/ext-root?a=1', '/hash/x', '/hash/x?y=1', '/home',
    '/home?h=1', '/homes',
  ], { routes: [page('/[[...all]]'), page('/x')] }),
  // Both given: Next.js accepts the rule and statusCode wins (getRedirectStatus).
  () => redirectGroup('permanent-and-status-code', [
    { source: '/p-302', destination: '/x', permanent: true, statusCode: 302 },
    { source: '/t-308', destination: '/x', permanent: false, statusCode: 308 },
    { source: '/p-301/:a', destination: '/x/:a', permanent: true, statusCode: 301 },
  ], ['/p-302', '/t-308', '/p-301/q', '/p-301/q?z=1'], { routes: [page('/[[...all]]'), page('/x')] }),
  () => redirectGroup('params', [
    { source: '/blog/:y(\\d{4})/:m(\\d{2})/:slug', destination: '/posts/:slug?year=:y&month=:m', permanent: false },
    { source: '/docs/:path*', destination: '/documentation/:path*', permanent: true },
    { source: '/a/:b+', destination: '/z/:b+', permanent: false },
    { source: '/opt/:x?', destination: '/o/:x*', permanent: false },
    { source: '/files/:name.pdf', destination: '/pdf/:name', permanent: false },
    { source: '/(.*)/legacy', destination: '/modern', permanent: false },
    { source: '/team{/:member}?', destination: '/people/:member*', permanent: false },
    { source: '/swap/:a/:b', destination: '/swapped/:b/:a', permanent: false },
    { source: '/twice/:a', destination: '/t/:a/:a', permanent: false },
    { source: '/only-query/:id', destination: '/search?id=:id', permanent: false },
    { source: '/v:ver(\\d+)/:rest*', destination: '/api/:rest*?v=:ver', permanent: false },
  ], [
    '/blog/2024/05/hello', '/blog/2024/5/hello', '/blog/24/05/hello', '/blog/2024/05/hello?year=1999', '/blog/2024/05/hello?k=v',
    '/docs', '/docs/a', '/docs/a/b/c', '/docs/a/b?x=1', '/docsx', '/a/1', '/a/1/2/3', '/a', '/opt', '/opt/y', '/opt/y/z',
    '/files/r.pdf', '/files/a.b.pdf', '/files/r.txt', '/x/legacy', '/x/y/legacy', '/legacy', '/team', '/team/ann',
    '/team/ann/x', '/swap/1/2', '/twice/q', '/only-query/7', '/only-query/7?id=8', '/only-query/a%2Bb', '/v2', '/v2/x/y',
    '/v2/x?v=old', '/docs/a%20b/c',
  ]),
  () => redirectGroup('query-merge', [
    { source: '/q', destination: '/target?b=3&c=4', permanent: false },
    { source: '/q2/:v', destination: '/target?v=:v&fixed=1', permanent: false },
    { source: '/q3', destination: '/target?list=1&list=2', permanent: false },
    { source: '/q4', destination: 'https://example.com/t?x=1', permanent: false },
    { source: '/q5', destination: '/target?empty=', permanent: false },
  ], [
    '/q', '/q?a=1', '/q?b=1', '/q?a=1&b=2&c=3&d=4', '/q?b=1&b=2', '/q?z=%20', '/q?%C3%A9=%C3%A9', '/q?a', '/q?=x',
    '/q2/hello', '/q2/hello?v=0', '/q2/hello?w=1&fixed=0', '/q3', '/q3?list=0', '/q3?a=1', '/q4', '/q4?x=0&y=1', '/q5',
    '/q5?empty=1', '/q?%62=1', '/q?a=%zz', '/q?q=\u00e9', '/q?a%5B%5D=1&a%5B%5D=2', '/q?a=%2B&b=+', '/q?x=1#frag',
    '/q?nxtPfoo=1&a=1',
  ]),
  // A destination's literal query text stays as its author wrote it (issue 17); what a param
  // inserts is still encoded.
  () => redirectGroup('query-as-written', [
    { source: '/set', destination: 'https://auth.example.com/set?returnUrl=https://www.example.com/login', permanent: false },
    { source: '/acct/:path*', destination: '/login?next=/account/:path*&from=a%20b', permanent: false },
    { source: '/plus', destination: '/t?q=a+b&e=caf%C3%A9&s=x:y@z,1;2$', permanent: false },
    { source: '/bare', destination: '/t?p=100%&u=%zz', permanent: false },
  ], [
    '/set', '/set?returnUrl=x', '/set?a=https://b', '/acct/x/y', '/acct', '/acct/a%20b/c', '/acct/a&b', '/plus', '/plus?q=1',
    '/bare',
  ], { routes: [page('/[[...all]]'), page('/t'), page('/login')] }),
  () => redirectGroup('never-under-next', [
    { source: '/:path*', destination: '/caught', permanent: false, has: [{ type: 'query', key: 'go' }] },
  ], [
    '/a?go=1', '/?go=1', '/_next/static/a?go=1', '/_next?go=1', '/_nextx?go=1', '/_NEXT/x?go=1', '/x/_next?go=1',
    '/_next/data/b1/a.json?go=1', '/a', '/_nex?go=1',
  ]),
  () => redirectGroup('base-path', [
    { source: '/old', destination: '/new', permanent: true },
    { source: '/abs', destination: '/elsewhere', basePath: false, permanent: false },
    { source: '/ext', destination: 'https://example.com/e', permanent: false },
    { source: '/', destination: '/start', permanent: false, has: [{ type: 'query', key: 'begin' }] },
    { source: '/:p*', destination: '/all/:p*', permanent: false, has: [{ type: 'header', key: 'x-all' }] },
  ], [
    '/docs/old', '/docs/old?q=1', '/old', '/abs', '/docs/abs', '/docs/ext', '/ext', '/docs?begin=1', '/docs', '/?begin=1',
    ['/docs/a/b', [['x-all', '1']]], ['/docs/_next/x', [['x-all', '1']]], ['/docs', [['x-all', '1']]], '/docs/DOCS/old',
    '/DOCS/old',
  ], { routes: [page('/[[...all]]')], config: { basePath: '/docs' } }),
  () => redirectGroup('case-sensitive-routes', [
    { source: '/Old/:s', destination: '/new/:s', permanent: false },
    { source: '/lower', destination: '/l', permanent: false },
  ], ['/Old/a', '/old/a', '/OLD/a', '/lower', '/Lower'], { config: { caseSensitiveRoutes: true } }),
  () => redirectGroup('order', [
    { source: '/o/:x', destination: '/first/:x', permanent: false, has: [{ type: 'header', key: 'x-first' }] },
    { source: '/o/a', destination: '/second', permanent: false },
    { source: '/o/:x', destination: '/third/:x', permanent: true },
    { source: '/o/:x', destination: '/never', permanent: false },
  ], ['/o/a', '/o/b', ['/o/a', [['x-first', '1']]], ['/o/b', [['x-first', '1']]], '/o', '/o/a/b']),
];

const rewriteGroup = (name, config, requests) => group(name, config, requests, RULES);

// A config Next.js refuses (loadCustomRoutes or buildCustomRoute throws): the group expects
// build errors containing `expectErrors` (what routecore must name), and keeps Next's message.
async function errorGroup(name, config, expectErrors) {
  let message = null;
  try {
    await buildNext(config);
  } catch (e) {
    message = e.message;
  }
  if (message === null) throw new Error(`${name}: Next.js accepts this config`);
  return { name, expect_errors: expectErrors, nextjs_error: message, config };
}

const REWRITE_GROUPS = [
  () => rewriteGroup('after-files', {
    routes: [page('/[[...all]]'), page('/b/[x]'), page('/static'), page('/items/[...parts]'), page('/fixed')],
    rewrites: [
      { source: '/a/:x', destination: '/b/:x' },
      { source: '/p/:id', destination: '/fixed' },
      { source: '/q/:id', destination: '/fixed?id=override&k=v' },
      { source: '/static', destination: '/b/never' },
      { source: '/cat/:path*', destination: '/items/:path*' },
      { source: '/cat2/:path*', destination: '/fixed' },
      { source: '/pq/:id', destination: '/fixed?from=:id' },
      { source: '/two/:a/:b', destination: '/b/:b' },
      { source: '/opt/:o?', destination: '/fixed' },
    ],
  }, [
    '/a/1', '/a/1?k=v', '/a/1?x=9', '/A/1', '/a/hello%20world', '/a/1/2', '/p/7', '/p/7?id=1', '/p/7?z=1', '/q/7', '/q/7?id=1&k=0',
    '/static', '/static?x=1', '/cat/a/b', '/cat', '/cat/a?path=x', '/cat2/a/b', '/cat2', '/cat2?path=q', '/pq/5', '/pq/5?from=0',
    '/two/x/y', '/two/x/y?a=1', '/opt', '/opt/z', '/b/direct', '/fixed', '/p/caf%C3%A9', '/cat2/a%20b/c',
  ]),
  () => rewriteGroup('external', {
    routes: [page('/[[...all]]')],
    rewrites: [
      { source: '/ext/:path*', destination: 'https://upstream.example.com/:path*' },
      { source: '/ext2', destination: 'https://upstream.example.com/api?k=1' },
      { source: '/ext3/:id', destination: 'https://upstream.example.com/items?id=:id' },
      { source: '/ext4/:id', destination: 'https://upstream.example.com/static' },
      { source: '/ext5', destination: 'http://upstream.example.com:8080/x#frag' },
    ],
  }, [
    '/ext/a/b', '/ext', '/ext/a?q=1', '/ext2', '/ext2?k=2&z=3', '/ext3/9', '/ext3/9?id=1&w=2', '/ext4/3', '/ext4/3?y=1',
    '/ext5', '/ext5?a=b', '/EXT/a',
  ]),
  () => rewriteGroup('before-files-and-order', {
    routes: [page('/[[...all]]'), page('/static'), page('/before'), page('/b/[x]'), page('/after')],
    rewrites: {
      beforeFiles: [
        { source: '/static', destination: '/before' },
        { source: '/bf/:x', destination: '/b/:x' },
        { source: '/chain', destination: '/nowhere/x', has: [{ type: 'query', key: 'nope' }] },
      ],
      afterFiles: [
        { source: '/static', destination: '/after' },
        { source: '/before', destination: '/after' },
        { source: '/af/:x', destination: '/b/:x' },
        { source: '/bf/:x', destination: '/after' },
      ],
      fallback: [
        { source: '/af/:x', destination: '/after' },
      ],
    },
  }, ['/static', '/before', '/bf/1', '/af/2', '/after', '/other', '/chain', '/chain?nope=1']),
  // path-to-regexp corners: a `-` beside a class escape is literal in a JavaScript class; a
  // repeated param with neither prefix nor suffix is tokensToRegexp's error (getPathMatch does
  // not normalize tokens as middleware matchers do).
  () => rewriteGroup('js-class-escape-dash', {
    routes: [page('/[[...all]]'), page('/v/[id]')],
    rewrites: [
      { source: '/f/:name([\\w-.]+)', destination: '/v/:name' },
      { source: '/g/:name([.-\\d]+)', destination: '/v/:name' },
    ],
  }, ['/f/a-b.c_d', '/f/a~b', '/f/-', '/g/1.2-3', '/g/a']),
  () => errorGroup('repeat-without-prefix', {
    routes: [page('/x')],
    rewrites: [{ source: '/foo:x*', destination: '/x' }],
  }, ['rewrites.afterFiles[0]', '/foo:x*', 'can not repeat "x" without a prefix and suffix']),
  () => errorGroup('repeat-without-prefix-redirect', {
    routes: [page('/x')],
    redirects: [{ source: '/a-:b+', destination: '/x', permanent: true }],
  }, ['redirects[0]', '/a-:b+', 'can not repeat "b"']),
  // Interception routes (issue 17), shaped like a real app's `@modal/(.)replays/[sessionId]`
  // beside `replays/[replayId]`: generateInterceptionRoutesRewrites's Next-Url rewrites.
  () => rewriteGroup('interception-routes', {
    routes: [
      page('/org/[orgSlug]/replays'), page('/org/[orgSlug]/replays/[replayId]'),
      page('/org/[orgSlug]/(.)replays/[sessionId]'), page('/feed'), page('/photo/[id]'),
      page('/feed/(..)photo/[id]'), page('/login'), page('/a/b/(...)login'), page('/docs/[...rest]'),
      page('/(.)docs/[...rest]'),
    ],
  }, [
    '/org/acme/replays/r1', ['/org/acme/replays/r1', [['next-url', '/org/acme']]],
    ['/org/acme/replays/r1', [['next-url', '/org/acme/replays']]], ['/org/acme/replays/r1', [['next-url', '/org/other/replays']]],
    ['/org/acme/replays/r1', [['next-url', '/orgs/acme']]], ['/org/acme/replays/r1?x=1', [['Next-Url', '/org/acme/settings/a']]],
    '/org/acme/(.)replays/r1', ['/org/acme/replays', [['next-url', '/org/acme']]],
    '/photo/3', ['/photo/3', [['next-url', '/feed']]], ['/photo/3', [['next-url', '/feed/x/y']]], ['/photo/3', [['next-url', '/feedx']]],
    '/login', ['/login', [['next-url', '/a/b/c']]], ['/login', [['next-url', '/a']]],
    ['/docs/a/b', [['next-url', '/anything']]], '/docs/a/b', '/feed/(..)photo/3',
  ]),
  () => rewriteGroup('interception-routes-base-path', {
    basePath: '/app',
    routes: [page('/feed'), page('/photo/[id]'), page('/feed/(..)photo/[id]'), page('/shop/[cat]'), page('/shop/[cat]/(.)p/[id]'), page('/shop/[cat]/p/[id]')],
    rewrites: { beforeFiles: [{ source: '/old-photo/:id', destination: '/photo/:id' }], afterFiles: [], fallback: [] },
  }, [
    '/app/photo/3', ['/app/photo/3', [['next-url', '/feed']]], ['/app/photo/3', [['next-url', '/app/feed']]],
    ['/app/old-photo/4', [['next-url', '/feed/x']]], ['/photo/3', [['next-url', '/feed']]],
    ['/app/shop/a/p/9', [['next-url', '/shop/b']]], ['/app/shop/a/p/9', [['next-url', '/shop']]], '/app/shop/a/p/9',
  ]),
  // A beforeFiles result that names only a dynamic route goes on into afterFiles (issue 17).
  () => rewriteGroup('before-files-to-dynamic', {
    routes: [page('/blog/[post]'), page('/hello'), page('/docs/[...rest]'), page('/static')],
    rewrites: {
      beforeFiles: [
        { source: '/old-blog/:path*', destination: '/blog/:path*' },
        { source: '/s1', destination: '/s2' },
        { source: '/s2', destination: '/static' },
        { source: '/d1/:x', destination: '/docs/:x' },
        { source: '/docs/:x', destination: '/blog/:x' },
      ],
      afterFiles: [
        { source: '/blog/about', destination: '/hello' },
        { source: '/static', destination: '/hello' },
      ],
      fallback: [],
    },
  }, ['/old-blog/about', '/old-blog/other', '/old-blog/about?x=1', '/blog/about', '/blog/x', '/s1', '/s2', '/d1/about',
    '/d1/y', '/docs/a/b']),
  () => rewriteGroup('fallback-and-chains', {
    routes: [page('/'), page('/b/[x]'), page('/final'), page('/fallback/[x]')],
    rewrites: {
      beforeFiles: [],
      afterFiles: [
        { source: '/c1', destination: '/c2' },
        { source: '/c2', destination: '/final' },
        { source: '/c3/:v', destination: '/c4/:v' },
        { source: '/c4/:w', destination: '/b/:w' },
      ],
      fallback: [
        { source: '/gone/:x', destination: '/fallback/:x' },
        { source: '/b/:x/:y', destination: '/fallback/:y' },
        { source: '/proxy/:path*', destination: 'https://upstream.example.com/:path*' },
      ],
    },
  }, [
    '/c1', '/c1?q=1', '/c2', '/c3/z', '/c3/z?w=1', '/c4/z', '/gone/1', '/gone', '/b/1', '/b/1/2', '/proxy/a/b', '/proxy',
    '/nothing', '/', '/final',
  ]),
  () => rewriteGroup('base-path', {
    basePath: '/docs',
    routes: [page('/[[...all]]'), page('/b/[x]'), page('/fixed')],
    rewrites: [
      { source: '/a/:x', destination: '/b/:x' },
      { source: '/f', destination: '/fixed?y=1' },
      { source: '/out/:x', destination: 'https://upstream.example.com/out/:x', basePath: false },
      { source: '/ext/:x', destination: 'https://upstream.example.com/:x' },
    ],
  }, ['/docs/a/1', '/docs/f', '/docs/f?y=0', '/out/9', '/docs/out/9', '/docs/ext/z', '/a/1', '/docs', '/docs/b/2']),
  () => rewriteGroup('case-and-encoding', {
    routes: [page('/[[...all]]'), page('/b/[x]'), page('/fixed')],
    rewrites: [
      { source: '/Mixed/:x', destination: '/b/:x' },
      { source: '/enc/:x', destination: '/fixed?v=:x' },
      { source: '/keep/:x', destination: '/fixed' },
    ],
  }, [
    '/mixed/1', '/MIXED/2', '/Mixed/3', '/enc/plain', '/enc/a%20b', '/enc/%E2%82%AC', '/keep/a%2Bb', '/keep/%61',
    '/enc/x?v=1&v=2', '/keep/y?x=1&x=2',
  ]),
];

const HEADER_GROUPS = [
  () => group('order-and-override', {
    routes: [page('/[[...all]]'), page('/blog/[slug]')],
    headers: [
      { source: '/(.*)', headers: [{ key: 'X-Content-Type-Options', value: 'nosniff' }, { key: 'x-frame-options', value: 'DENY' }] },
      { source: '/blog/:slug', headers: [{ key: 'x-slug', value: ':slug' }, { key: 'set-cookie', value: 'a=1' }] },
      { source: '/blog/:slug', headers: [{ key: 'x-content-type-options', value: 'override' }, { key: 'Set-Cookie', value: 'b=2' }] },
      { source: '/api/:path*', headers: [{ key: 'cache-control', value: 'no-store' }, { key: 'x-path', value: ':path*' }] },
      { source: '/:first/:second', headers: [{ key: 'x-pair', value: ':first-:second' }, { key: 'x-frame-options', value: 'SAMEORIGIN' }] },
    ],
  }, [
    '/', '/about', '/blog/hello', '/blog/hello?x=1', '/BLOG/Hi', '/blog/a%20b', '/blog/caf%C3%A9', '/api', '/api/a/b',
    '/api/a', '/x/y', '/x/y/z', '/blog/a/b',
  ], RULES),
  () => group('not-on-redirects', {
    routes: [page('/[[...all]]')],
    headers: [
      { source: '/:path*', headers: [{ key: 'x-always', value: '1' }] },
      { source: '/r', headers: [{ key: 'x-r', value: 'r' }] },
    ],
    redirects: [
      { source: '/r', destination: '/target', permanent: true },
      { source: '/r307', destination: '/target', permanent: false },
    ],
    rewrites: [{ source: '/rw', destination: '/target' }],
  }, ['/r', '/r307', '/rw', '/target', '/r?q=1'], RULES),
  () => group('params-in-keys-and-values', {
    routes: [page('/[[...all]]')],
    headers: [
      { source: '/v/:a/:b?', headers: [{ key: 'x-ab', value: ':a/:b' }] },
      { source: '/lit/:x', headers: [{ key: 'x-lit', value: 'time: 10:30, x=:x, :unknown' }] },
      { source: '/many/:rest+', headers: [{ key: 'x-rest', value: '[:rest+]' }, { key: 'link', value: '</:rest+>; rel=preload' }] },
      { source: '/none', headers: [{ key: 'x-colon', value: 'a:b' }] },
      { source: '/num/:id(\\d+)', headers: [{ key: 'x-id', value: 'id=:id' }] },
    ],
  }, [
    '/v/1/2', '/v/1', '/lit/7', '/many/a', '/many/a/b/c', '/none', '/num/12', '/num/ab',
    '/lit/a%20b',
  ], RULES),
  () => group('conditions', {
    routes: [page('/[[...all]]')],
    headers: [
      { source: '/(.*)', has: [{ type: 'header', key: 'x-debug' }], headers: [{ key: 'x-debug-echo', value: ':xdebug' }] },
      { source: '/(.*)', missing: [{ type: 'cookie', key: 'consent' }], headers: [{ key: 'x-consent', value: 'missing' }] },
      { source: '/(.*)', has: [{ type: 'query', key: 'lang', value: '(?<lang>en|fr)' }], headers: [{ key: 'content-language', value: ':lang' }] },
      { source: '/(.*)', has: [{ type: 'host', value: 'admin\\..*' }], headers: [{ key: 'x-robots-tag', value: 'noindex' }] },
      { source: '/secure/:p*', has: [{ type: 'header', key: 'x-proto', value: 'https' }], headers: [{ key: 'strict-transport-security', value: 'max-age=60' }] },
    ],
  }, [
    '/', ['/', [['x-debug', 'on']]], ['/', [['cookie', 'consent=1']]], ['/a?lang=en', [['cookie', 'consent=yes']]],
    '/a?lang=de', ['/a', [['host', 'admin.example.com']]], ['/a', [['host', 'www.example.com']]],
    ['/secure/x', [['x-proto', 'https']]], ['/secure/x', [['x-proto', 'http']]], '/secure',
    ['/x?lang=fr', [['x-debug', '2'], ['host', 'admin.a.b'], ['cookie', 'consent=']]],
  ], RULES),
  () => group('base-path', {
    basePath: '/docs',
    routes: [page('/[[...all]]')],
    headers: [
      { source: '/:p*', headers: [{ key: 'x-in-base', value: '1' }] },
      { source: '/:p*', basePath: false, headers: [{ key: 'x-anywhere', value: '1' }] },
      { source: '/guide/:g', headers: [{ key: 'x-guide', value: ':g' }] },
    ],
  }, ['/docs', '/docs/a', '/docs/guide/intro', '/other', '/guide/intro', '/docs/_next/static/a.js'], RULES),
  () => group('with-middleware', {
    routes: [page('/[[...all]]')],
    middleware: { matcher: ['/app/:path*', { source: '/beta/:p*', has: [{ type: 'cookie', key: 'beta' }] }] },
    headers: [
      { source: '/app/:path*', headers: [{ key: 'x-app', value: 'yes' }] },
      { source: '/beta/:p*', has: [{ type: 'header', key: 'x-h' }], headers: [{ key: 'x-beta-h', value: ':xh' }] },
    ],
  }, [
    '/app', '/app/a/b', '/apps', ['/beta/x', [['cookie', 'beta=1']]], ['/beta/x', [['x-h', 'v'], ['cookie', 'beta=1']]],
    '/beta/x', '/app.rsc',
  ], RULES.concat('middleware')),
];

// ---- edge cases beyond the basics ------------------------------------------------------------
MIDDLEWARE_GROUPS.push(
  () => mw('lookahead-variants', ['/((?!.+\\.[\\w]+$|_next).*)', '/(api|trpc)(.*)'], [
    '/', '/about', '/logo.png', '/a/b.js', '/a/b.', '/_next/x', '/_next', '/api', '/api/x', '/trpc/a', '/apix', '/a.b/c',
    '/x.json', '/about.rsc', '/index.rsc', '/_next/data/b1/about.json', '/x.segments/a/b.segment.rsc', '/a.b', '/.well-known',
  ]),
  () => mw('lookahead-after-text', ['/blog/((?!draft).*)', '/:locale/((?!api).*)'], [
    '/blog', '/blog/a', '/blog/draft', '/blog/drafts/x', '/blog/Draft', '/en/x', '/en/api', '/en/apis', '/en', '/de/api/x',
    '/en/x.json', '/_next/data/b1/en/api.json', '/_next/data/b1/en/x.json', '/blog/a.rsc', '/blog/draft.rsc',
  ]),
  () => mw('multi-param', ['/:a-:b', '/x/:a.:b', '/p/:id(\\d{2,4})', '/s/:slug([a-z]+)'], [
    '/a-b', '/one-two-three', '/ab', '/-b', '/x/a.b', '/x/a.b.c', '/x/ab', '/p/1', '/p/12', '/p/1234', '/p/12345', '/s/abc',
    '/s/ABC', '/s/ab1', '/a-b.json', '/x/a.b.rsc', '/p/12.json', '/s/a.rsc',
  ]),
  () => mw('unicode', ['/caf\u00e9', '/%E6%97%A5/:p*'], [
    '/caf\u00e9', '/caf%C3%A9', '/caf%c3%a9', '/CAF\u00c9', '/cafe', '/caf\u00e9.json', '/\u65e5/a', '/%E6%97%A5/a',
    '/%e6%97%a5', '/caf\u00e9/x',
  ]),
  () => mw('special-characters-in-requests', ['/about', '/a/:x'], [
    '/about;x', '/about:x', '/about@', '/a/x;y', '/a/@me', "/a/it's", '/a/(x)', '/a/x,y', '/a/$', '/a/x=1', '/about!',
    '/a/~x', '/a/*',
  ]),
);

HAS_GROUPS.push(
  () => redirectGroup('query-arrays-and-empties', [
    tmp('/qa', '/ok', { has: [{ type: 'query', key: 'k' }] }),
    tmp('/qb', '/ok', { missing: [{ type: 'query', key: 'k' }] }),
    tmp('/qc', '/ok', { has: [{ type: 'query', key: 'k', value: '.*' }] }),
    tmp('/qd', '/ok', { has: [{ type: 'query', key: 'k', value: '|x' }] }),
  ], [
    '/qa?k=', '/qa?k=&k=', '/qa?k=1&k=', '/qa?k=&k=1', '/qb?k=', '/qb?k=&k=', '/qb?k=1&k=', '/qc?k=', '/qc?k=x&k=',
    '/qc?k=&k=', '/qc?k=x', '/qd?k=x', '/qd?k=', '/qd?k=y&k=', '/qd?k=abc',
  ]),
  () => redirectGroup('node-header-semantics', [
    tmp('/ua', '/ok', { has: [{ type: 'header', key: 'user-agent', value: '(?<ua>[a-z]+)' }] }),
    tmp('/ck', '/ok', { has: [{ type: 'header', key: 'cookie', value: 'a=1(; |, )b=2' }] }),
    tmp('/multi', '/ok', { has: [{ type: 'header', key: 'x-m', value: '1, 2' }] }),
  ], [
    ['/ua', [['user-agent', 'bot']]], ['/ua', [['user-agent', 'bot'], ['user-agent', 'other']]], ['/ua', [['user-agent', 'Bot']]],
    ['/ck', [['cookie', 'a=1; b=2']]], ['/ck', [['cookie', 'a=1'], ['cookie', 'b=2']]], ['/multi', [['x-m', '1'], ['x-m', '2']]],
    ['/multi', [['x-m', '1, 2']]], ['/multi', [['x-m', '1,2']]],
  ]),
  () => redirectGroup('cookie-parsing', [
    tmp('/c', '/ok?t=:token', { has: [{ type: 'cookie', key: 'token', value: '(?<token>.*)' }] }),
  ], [
    ['/c', [['cookie', 'token=a=b']]], ['/c', [['cookie', 'token']]], ['/c', [['cookie', ';token=1']]],
    ['/c', [['cookie', 'token=%zz']]], ['/c', [['cookie', 'token= "x" ']]], ['/c', [['cookie', 'token=1;token=2']]],
    ['/c', [['cookie', 'TOKEN=1; token=2']]], ['/c', [['cookie', 'x=1;  token =  2']]], ['/c', [['cookie', 'token=%E2%82%AC']]],
    ['/c', [['cookie', 'token="a b"']]], ['/c', [['cookie', 'token=v; Path=/']]], ['/c', [['cookie', 'a=1,token=2']]],
    ['/c', [['cookie', 'token=x y']]],
  ]),
  () => redirectGroup('param-names', [
    tmp('/u/:id', '/user/:id', { has: [{ type: 'query', key: 'id', value: '(?<id>\\d+)' }] }),
    tmp('/safe', '/ok?u=:xuser', { has: [{ type: 'header', key: 'x_user-1' }] }),
    tmp('/hostcap', '/ok?h=:host', { has: [{ type: 'host', value: '[a-z]+\\.test' }] }),
    tmp('/both/:v', '/ok?v=:v&w=:w', { has: [{ type: 'header', key: 'x-w', value: '(?<w>.+)' }] }),
    tmp('/arr', '/ok', { has: [{ type: 'query', key: 'a[]', value: '2' }] }),
  ], [
    '/u/abc?id=42', '/u/abc?id=x', '/u/7', ['/safe', [['x_user-1', 'ann']]], ['/hostcap', [['host', 'app.test:1']]],
    ['/both/1', [['x-w', 'two']]], '/both/1', '/arr?a%5B%5D=1&a%5B%5D=2', '/arr?a[]=2', '/arr?a%5B%5D=2&a%5B%5D=1',
  ]),
);

REDIRECT_GROUPS.push(
  () => redirectGroup('destination-shapes', [
    { source: '/d1/:slug', destination: '/new//:slug', permanent: false },
    { source: '/d2/:s', destination: '/post-:s', permanent: false },
    { source: '/d3/:s', destination: '/:s.html', permanent: false },
    { source: '/d4/:p*', destination: '/x?p=:p*', permanent: false },
    { source: '/d5/:s', destination: '/t#:s', permanent: false },
    { source: '/d6', destination: '/a%20b', permanent: false },
    { source: '/d7/:p*', destination: '/deep/:p*/end', permanent: false },
    { source: '/d8/:a', destination: 'https://:a.example.org/x', permanent: false },
    { source: '/d9/:s', destination: 'https://example.com/:s?src=:s', permanent: false },
    { source: '/d10/:s', destination: '/q?a=:s-:s&b=pre:s', permanent: false },
  ], [
    '/d1/x', '/d2/x', '/d3/page', '/d4/a/b', '/d4', '/d5/frag', '/d5/frag?q=1', '/d6', '/d6?x=1', '/d7/a/b', '/d7', '/d8/shop',
    '/d9/z', '/d9/z?src=1', '/d10/v', '/d4/a%20b/c',
  ]),
  () => redirectGroup('with-middleware-and-headers', [
    { source: '/r/:x', destination: '/to/:x', permanent: true },
    { source: '/go', destination: 'https://:sub.example.org/x', permanent: false, has: [{ type: 'host', value: '(?<sub>[a-z]+)\\.example\\.com' }] },
  ], [
    '/r/1', '/r/1?q=2', '/other', ['/go', [['host', 'shop.example.com']]], ['/go', [['host', 'example.com']]],
  ], { config: { middleware: { matcher: '/:path*' }, headers: [{ source: '/:path*', headers: [{ key: 'x-h', value: '1' }] }] },
    fields: RULES.concat('middleware') }),
  () => redirectGroup('trailing-slash-tolerated', [
    { source: '/old/:slug', destination: '/new/:slug', permanent: false },
    { source: '/exact', destination: '/e', permanent: false },
    { source: '/cat/:p*', destination: '/c/:p*', permanent: false },
  ], ['/old/x/', '/old/x', '/exact/', '/exact', '/cat/', '/cat/a/b/',], { config: { skipTrailingSlashRedirect: true } }),
);

REWRITE_GROUPS.push(
  () => rewriteGroup('params-in-query', {
    routes: [page('/[[...all]]'), page('/b/[x]'), page('/fixed')],
    rewrites: [
      { source: '/rq/:path*', destination: '/fixed?p=:path*' },
      { source: '/col/:id', destination: '/b/:id', has: [{ type: 'query', key: 'id', value: '(?<id>\\d+)' }] },
      { source: '/slash/:x', destination: '/b/:x' },
      { source: '/hq', destination: '/fixed?who=:xwho', has: [{ type: 'header', key: 'x-who' }] },
      { source: '/hp', destination: '/b/:name', has: [{ type: 'cookie', key: 'name', value: '(?<name>.+)' }] },
    ],
  }, [
    '/rq/a/b', '/rq', '/rq/a', '/col/a?id=5', '/col/a?id=x', '/slash/a%2Fb', ['/hq', [['x-who', 'me']]], '/hq',
    ['/hp', [['cookie', 'name=ann']]], ['/hp', [['cookie', 'name=a%2Fb']]],
  ]),
  () => group('with-middleware', {
    routes: [page('/[[...all]]'), page('/b/[x]')],
    middleware: { matcher: ['/a/:x', '/b/:x'] },
    rewrites: { beforeFiles: [{ source: '/a/:x', destination: '/b/:x' }], afterFiles: [{ source: '/c/:x', destination: '/b/:x' }], fallback: [] },
  }, ['/a/1', '/b/2', '/c/3', '/d/4'], RULES.concat('middleware')),
);

HEADER_GROUPS.push(
  () => group('literal-specials', {
    routes: [page('/[[...all]]')],
    headers: [
      { source: '/l/:slug', headers: [
        { key: 'x-special', value: 'a*b?c+d(e){f}' }, { key: 'x-near', value: ':slugx|:slug_|:slug1' },
        { key: 'x-opt', value: ':slug?' }, { key: 'x-url', value: 'https://example.com/:slug' },
        { key: 'X-Dup', value: 'one' }, { key: 'x-dup', value: 'two' },
      ] },
      { source: '/plain', headers: [{ key: 'x-special', value: 'a*b?c+d(e){f}' }, { key: 'x-colon', value: ':slug' }] },
    ],
  }, ['/l/v', '/plain', '/l/a%3Ab'], RULES),
  () => group('param-in-key', {
    routes: [page('/[[...all]]')],
    headers: [{ source: '/k/:name', headers: [{ key: 'x-:name', value: 'v' }] }],
  }, ['/k/foo', '/k/Bar', '/other'], RULES),
);

// ---- fixed-seed random matchers and redirect sources -----------------------------------------
function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
  };
}

const LIT_POOL = ['a', 'b', 'api', 'blog', 'x-y', 'v1', 'docs', 'en', 'item', 'A', 'shop', 'data.json'];
const VAL_POOL = ['1', '42', 'x', 'abc', 'en', 'de', 'api', '_next', 'a.b', 'x-y', 'Blog', 'item', 'a%20b', '%E2%82%AC', 'apix',
  '%41', 'a%2Fb', 'a;b', '(x)', 'index', 'static'];
const PARAM_NAMES = ['p', 'q', 'r', 's', 't'];
const CUSTOM = [
  { pat: '\\d+', good: ['1', '42', '007'], bad: ['x', '4a'] },
  { pat: 'en|de', good: ['en', 'de'], bad: ['fr', 'EN', 'ende'] },
  { pat: '[a-z]+', good: ['abc', 'x'], bad: ['Abc', 'a1'] },
  { pat: '.*', good: ['x', 'a/b', ''], bad: [] },
  { pat: 'v\\d', good: ['v1'], bad: ['v', 'v12'] },
];

// One random source: tokens with enough structure to instantiate requests from.
function randomSource(rng, allowLookahead) {
  const n = rng.int(1, 3);
  const toks = [];
  const names = PARAM_NAMES.slice();
  for (let i = 0; i < n; i++) {
    const r = rng.next();
    const last = i === n - 1;
    // routecore compiles the lookahead idiom only after literal text and plain ':params'
    // (ROUTING.md 4); other placements are build errors there, so they are not generated.
    const plainBefore = toks.every((t) => t.kind === 'lit' || (t.kind === 'param' && t.mod === ''));
    if (last && allowLookahead && plainBefore && r < 0.15) {
      toks.push({ kind: 'look', src: rng.pick(['/((?!api|_next).*)', '/((?!_next/static|favicon.ico).*)', '/((?!a/b|x-y).*)']) });
    } else if (r < 0.4) toks.push({ kind: 'lit', text: rng.pick(LIT_POOL) });
    else if (r < 0.55) toks.push({ kind: 'param', name: names.shift(), mod: '' });
    else if (r < 0.63) toks.push({ kind: 'param', name: names.shift(), mod: '?' });
    else if (r < 0.73) toks.push({ kind: 'param', name: names.shift(), mod: last || rng.chance(0.3) ? '*' : '+' });
    else if (r < 0.8) toks.push({ kind: 'param', name: names.shift(), mod: '+' });
    else if (r < 0.9) toks.push({ kind: 'custom', name: names.shift(), c: rng.pick(CUSTOM), mod: rng.chance(0.2) ? '?' : '' });
    else if (r < 0.93) toks.push({ kind: 'group', lit: rng.pick(['item', 'shop', 'v']), name: names.shift() });
    else if (r < 0.95) toks.push({ kind: 'unnamed' });
    else if (r < 0.96) toks.push({ kind: 'esc', text: rng.pick(['a(b)', 'x:y', 'p+q', 'c*']) });
    else if (r < 0.975) toks.push({ kind: 'brace', name: names.shift() });
    else if (r < 0.99 && names.length >= 2) toks.push({ kind: 'pair', a: names.shift(), b: names.shift() });
    else toks.push({ kind: 'ext', name: names.shift() });
  }
  const src = toks.map((t) => {
    switch (t.kind) {
      case 'look': return t.src;
      case 'lit': return '/' + t.text;
      case 'param': return `/:${t.name}${t.mod}`;
      case 'custom': return `/:${t.name}(${t.c.pat})${t.mod}`;
      case 'group': return `/${t.lit}{-:${t.name}}?`;
      case 'esc': return '/' + t.text.replace(/[():+*]/g, (c) => '\\' + c);
      case 'brace': return `{/:${t.name}}?`;
      case 'pair': return `/:${t.a}-:${t.b}`;
      case 'ext': return `/:${t.name}.json`;
      default: return '/(.*)';
    }
  }).join('');
  return { src, toks };
}

function instantiate(rng, toks) {
  const segs = [];
  for (const t of toks) {
    switch (t.kind) {
      case 'look': {
        const start = rng.pick(['api', '_next/static', 'favicon.ico', 'a/b', 'x-y', 'about', 'apis', '_nextx', 'b', '']);
        if (start) segs.push(...start.split('/'));
        if (rng.chance(0.4)) segs.push(rng.pick(VAL_POOL));
        break;
      }
      case 'lit': segs.push(rng.chance(0.1) ? t.text.toUpperCase() : t.text); break;
      case 'param': {
        const k = t.mod === '' ? 1 : t.mod === '?' ? rng.int(0, 1) : t.mod === '*' ? rng.int(0, 3) : rng.int(1, 3);
        for (let i = 0; i < k; i++) segs.push(rng.pick(VAL_POOL));
        break;
      }
      case 'custom': {
        if (t.mod === '?' && rng.chance(0.3)) break;
        const pool = rng.chance(0.7) || !t.c.bad.length ? t.c.good : t.c.bad;
        const v = rng.pick(pool);
        if (v) segs.push(...v.split('/'));
        break;
      }
      case 'group': segs.push(t.lit + (rng.chance(0.6) ? '-' + rng.pick(['1', 'ab', 'x-y']) : '')); break;
      case 'esc': segs.push(rng.chance(0.8) ? t.text : t.text.replace(/[():+*]/, '')); break;
      case 'brace': if (rng.chance(0.6)) segs.push(rng.pick(VAL_POOL)); break;
      case 'pair': segs.push(rng.pick(['a-b', 'x-y-z', 'ab', '-b', 'a-', '1-2'])); break;
      case 'ext': segs.push(rng.pick(['a.json', 'x.y.json', '.json', 'a.rsc', 'a'])); break;
      default: {
        const k = rng.int(0, 2);
        for (let i = 0; i < k; i++) segs.push(rng.pick(VAL_POOL));
      }
    }
  }
  return segs.filter((s) => s !== '');
}

function mutatePath(rng, segs) {
  const s = segs.slice();
  const op = rng.int(0, 9);
  if (op === 0) s.push(rng.pick(VAL_POOL));
  else if (op === 1 && s.length) s.pop();
  else if (op === 2 && s.length) s[rng.int(0, s.length - 1)] = rng.pick(VAL_POOL);
  else if (op === 3) s.unshift(rng.pick(['x', 'api', '_next']));
  return s;
}

function decorate(rng, pathText) {
  const r = rng.next();
  if (r < 0.1) return pathText === '/' ? '/index.rsc' : pathText + '.rsc';
  if (r < 0.18) return pathText === '/' ? '/index.json' : pathText + '.json';
  if (r < 0.24) return `/_next/data/b1${pathText === '/' ? '/index' : pathText}.json`;
  if (r < 0.28) return (pathText === '/' ? '/index' : pathText) + '.segments/a/b.segment.rsc';
  return pathText;
}

function randomRequests(rng, toks, count) {
  const out = new Set();
  for (let tries = 0; out.size < count && tries < count * 20; tries++) {
    let segs = instantiate(rng, toks);
    if (rng.chance(0.35)) segs = mutatePath(rng, segs);
    if (segs.some((x) => x === '.' || x === '..')) continue;
    let url = decorate(rng, '/' + segs.join('/'));
    if (url.includes('//') || (url.length > 1 && url.endsWith('/'))) continue;
    out.add(url);
  }
  return [...out];
}

const { tryToParsePath } = require('next/dist/lib/try-to-parse-path.js');

function randomMiddlewareGroups(seed, count, perGroup) {
  const rng = makeRng(seed);
  const groups = [];
  while (groups.length < count) {
    const k = rng.chance(0.3) ? 2 : 1;
    const srcs = [];
    for (let i = 0; i < k; i++) srcs.push(randomSource(rng, true));
    if (srcs.some((x) => tryToParsePath(x.src).error)) continue;
    const reqs = new Set();
    for (const x of srcs) for (const u of randomRequests(rng, x.toks, Math.ceil(perGroup / k))) reqs.add(u);
    const matcher = k === 1 ? srcs[0].src : srcs.map((x) => x.src);
    const name = `random-${String(groups.length + 1).padStart(2, '0')}`;
    groups.push(() => mw(name, matcher, [...reqs]));
  }
  return groups;
}

function randomRedirectGroups(seed, count, perGroup) {
  const rng = makeRng(seed);
  const groups = [];
  while (groups.length < count) {
    const { src, toks } = randomSource(rng, false);
    if (tryToParsePath(src).error) continue;
    const named = toks.filter((t) => t.name);
    const destPath = '/to' + named.map((t) => (t.kind === 'param' && t.mod !== '' ? `/:${t.name}*` : t.kind === 'custom' && t.mod ? `/:${t.name}*` : `/:${t.name}`)).join('');
    const qParam = named.find((t) => (t.kind === 'param' && t.mod === '') || (t.kind === 'custom' && !t.mod && t.c.pat !== '.*'));
    const destination = destPath + (qParam ? `?from=:${qParam.name}` : '');
    const reqs = randomRequests(rng, toks, perGroup).map((u) => (rng.chance(0.25) ? u + rng.pick(['?a=1', '?from=me', '?a=1&a=2', '?x=a%20b']) : u));
    const name = `random-${String(groups.length + 1).padStart(2, '0')}`;
    const redirects = [{ source: src, destination, permanent: rng.chance(0.5) }];
    groups.push(() => redirectGroup(name, redirects, [...new Set(reqs)], { routes: ROUTES }));
  }
  return groups;
}

MIDDLEWARE_GROUPS.push(...randomMiddlewareGroups(0x4d1dd1e, 30, 14));
REDIRECT_GROUPS.push(...randomRedirectGroups(0x7ed1ec7, 20, 12));

// ---------------------------------------------------------------------------------------------
// Serialisation: pretty at the group level, one rule / route / case per line
// ---------------------------------------------------------------------------------------------
function inline(v) {
  if (Array.isArray(v)) return '[' + v.map(inline).join(', ') + ']';
  if (v && typeof v === 'object') return '{' + Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ') + '}';
  return JSON.stringify(v);
}

function serializeConfig(cfg, I) {
  const parts = [];
  for (const [k, v] of Object.entries(cfg)) {
    if (Array.isArray(v) && v.length && typeof v[0] === 'object') {
      parts.push(`${I}  ${JSON.stringify(k)}: [\n${v.map((x) => I + '    ' + inline(x)).join(',\n')}\n${I}  ]`);
    } else if (k === 'rewrites' && v && !Array.isArray(v)) {
      const phases = Object.entries(v).map(([pk, pv]) => pv.length
        ? `${I}    ${JSON.stringify(pk)}: [\n${pv.map((x) => I + '      ' + inline(x)).join(',\n')}\n${I}    ]`
        : `${I}    ${JSON.stringify(pk)}: []`);
      parts.push(`${I}  ${JSON.stringify(k)}: {\n${phases.join(',\n')}\n${I}  }`);
    } else {
      parts.push(`${I}  ${JSON.stringify(k)}: ${inline(v)}`);
    }
  }
  return `{\n${parts.join(',\n')}\n${I}}`;
}

function serializeGroup(g) {
  const I = '      ';
  const out = [`    {`, `      "name": ${JSON.stringify(g.name)},`];
  for (const [k, v] of Object.entries(g)) {
    if (k === 'name' || k === 'config' || k === 'cases') continue;
    out.push(`      ${JSON.stringify(k)}: ${inline(v)},`);
  }
  if (!g.cases) {
    out.push(`      "config": ${serializeConfig(g.config, I)}`);
    out.push('    }');
    return out.join('\n');
  }
  out.push(`      "config": ${serializeConfig(g.config, I)},`);
  out.push(`      "cases": [\n${g.cases.map((c) => I + '  ' + inline(c)).join(',\n')}\n${I}]`);
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
  const parsed = JSON.parse(text);
  if (JSON.stringify(parsed.groups) !== JSON.stringify(groups)) throw new Error(`${file}: serialiser mismatch`);
  writeFileSync(path.join(OUT_DIR, file), text);
  const cases = groups.reduce((n, g) => n + (g.cases ? g.cases.length : 1), 0);
  const differs = groups.reduce((n, g) => n + (g.cases || []).filter((c) => c.differs).length, 0);
  console.log(`${file}: ${groups.length} groups, ${cases} cases (${differs} differs)`);
  return cases;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------
async function buildAll(list) {
  const out = [];
  for (const f of list) out.push(await f());
  return out;
}

mkdirSync(OUT_DIR, { recursive: true });
let total = 0;
total += writeVectors('nextjs-rules-middleware.json',
  'Middleware matchers (string, array, {source, has, missing}) exactly as getMiddlewareMatchers compiles them ' +
  '(implicit /_next/data/<build>/ prefix; .json, .rsc, /index.rsc and .segments/.../x.segment.rsc suffixes), ' +
  'tested as resolve-routes.js does: on the raw pathname and on its decodeURIComponent form. "middleware" is ' +
  'getMiddlewareRouteMatcher\'s answer; plain paths also give the route getRouteMatcher then picks.',
  await buildAll(MIDDLEWARE_GROUPS));
total += writeVectors('nextjs-rules-has.json',
  'has / missing conditions (header, cookie, query, host) through matchHas: value is the regex ^value$ (so a|b ' +
  'reads as ^a|b$), empty values are absent, the first cookie and the last query value win, the host loses its ' +
  'port and is lower-cased, named groups (and key-only conditions) become destination params. vary lists the ' +
  'request headers read, in first-read order.',
  await buildAll(HAS_GROUPS));
total += writeVectors('nextjs-rules-redirects.json',
  'next.config redirects: buildCustomRoute source matching (case-insensitive, trailing slash tolerated, never ' +
  'below <basePath>/_next), prepareDestination without param appending, status = statusCode or permanent ? 308 : ' +
  '307, 308 with Refresh, basePath handling from loadCustomRoutes.',
  await buildAll(REDIRECT_GROUPS));
total += writeVectors('nextjs-rules-rewrites.json',
  'next.config rewrites (beforeFiles, afterFiles, fallback; plain array = afterFiles) in resolve-routes.js order ' +
  'with check: true after each rewrite; prepareDestination with appendParamsToQuery; external destinations.',
  await buildAll(REWRITE_GROUPS));
total += writeVectors('nextjs-rules-headers.json',
  'next.config headers: every matching rule applies in order, compileNonPath substitutes params into keys and ' +
  'values, the same key is replaced (removed and appended), set-cookie accumulates, never on redirects.',
  await buildAll(HEADER_GROUPS));
console.log(`total: ${total} cases`);
