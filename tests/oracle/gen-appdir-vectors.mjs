// gen-appdir-vectors.mjs — writes tests/appdir/*.json, the directory-tree vectors of the app
// directory scanner (core/src/load/app_dir, replayed by core/tests/app_dir.rs), using Next.js's OWN
// compiled code as the oracle (pinned: next@16.4.6):
//
//   which files are routes      server/lib/find-page-file.js   createValidFileMatcher
//                               (+ the `_` ignorePartFilter of build/route-discovery.js)
//   page key, `%5F` -> `_`      build/route-discovery.js       getPageFromPath (+ createPagesMapping)
//   metadata URLs, djb2 suffix  lib/metadata/get-metadata-route.js
//                               normalizeMetadataRoute, normalizeMetadataPageToRoute
//                               lib/metadata/is-metadata-route.js  isMetadataRouteFile
//   URL of a file               shared/lib/router/utils/app-paths.js  normalizeAppPath
//   parallel slot pages         app-paths.js selectAppPageEntry
//   interception routes         shared/lib/router/utils/interception-routes.js
//   priority order              shared/lib/router/utils/sorted-routes.js  getSortedRoutes
//   exports (methods, generateSitemaps / generateImageMetadata)
//                               build/swc parse (SWC, the parser `next build` uses) + an AST walk
//   literal values (dynamic, revalidate, middleware config.matcher)
//                               build/analysis/extract-const-value.js  extractExportedConstValue
//
// Usage (from the repository root):
//
//   cd tests/oracle && npm ci --ignore-scripts && cd ../..     # next@16.4.6 per package.json
//   node tests/oracle/gen-appdir-vectors.mjs
//
// or with `next` installed elsewhere (never inside the repository):
//
//   mkdir -p /tmp/next-oracle && cd /tmp/next-oracle && npm install --ignore-scripts next@16.4.6
//   NEXT_DIR=/tmp/next-oracle node tests/oracle/gen-appdir-vectors.mjs
//
// The output is deterministic (no randomness, no time, cases in source order). Expected errors
// are written by hand in each case (routecore's own checks, e.g. malformed interception markers
// that Next.js would silently treat as literal folder names, carry a "differs" note); where the
// oracle can confirm them (two files at one URL, Next.js's interception errors) the script
// asserts that it does, and stops if it does not.

import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const nextBase = process.env.NEXT_DIR ? resolve(process.env.NEXT_DIR) : here;
if (!existsSync(join(nextBase, 'node_modules/next/package.json'))) {
  console.error(`next is not installed under ${nextBase}/node_modules: see the usage at the top of this file`);
  process.exit(2);
}
const require = createRequire(join(nextBase, 'package.json'));
const NEXT_VERSION = '16.4.6';
const version = require('next/package.json').version;
if (version !== NEXT_VERSION) {
  console.error(`next@${version} found, this script is pinned to next@${NEXT_VERSION}`);
  process.exit(2);
}
const { createValidFileMatcher } = require('next/dist/server/lib/find-page-file.js');
const { getPageFromPath } = require('next/dist/build/route-discovery.js');
const { normalizeMetadataRoute, normalizeMetadataPageToRoute } = require('next/dist/lib/metadata/get-metadata-route.js');
const { isMetadataRouteFile } = require('next/dist/lib/metadata/is-metadata-route.js');
const { normalizeAppPath, selectAppPageEntry } = require('next/dist/shared/lib/router/utils/app-paths.js');
const { isInterceptionRouteAppPath, extractInterceptionRouteInformation } = require('next/dist/shared/lib/router/utils/interception-routes.js');
const { getSortedRoutes } = require('next/dist/shared/lib/router/utils/sorted-routes.js');
const { extractExportedConstValue } = require('next/dist/build/analysis/extract-const-value.js');
const swc = require('next/dist/build/swc/index.js');
await swc.loadBindings();

const PAGE_EXTENSIONS = ['tsx', 'ts', 'jsx', 'js'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

async function parse(file, content) {
  try {
    return await swc.parse(content, { isModule: 'unknown', filename: file });
  } catch (e) {
    return { error: String(e).split('\n')[0] };
  }
}

/** Binding names of an SWC pattern. */
function bindings(pat, out) {
  if (!pat) return;
  switch (pat.type) {
    case 'Identifier': out.push(pat.value); break;
    case 'BindingIdentifier': out.push(pat.value); break;
    case 'AssignmentPattern': bindings(pat.left, out); break;
    case 'RestElement': bindings(pat.argument, out); break;
    case 'ArrayPattern': for (const e of pat.elements) bindings(e, out); break;
    case 'ObjectPattern':
      for (const p of pat.properties) {
        if (p.type === 'KeyValuePatternProperty') bindings(p.value, out);
        else if (p.type === 'AssignmentPatternProperty') out.push(p.key.value);
        else if (p.type === 'RestElement') bindings(p.argument, out);
      }
      break;
    default: throw new Error(`pattern ${pat.type}`);
  }
}

/** Exported value names of a module (SWC AST), or { unreadable } for `export *` / `export =`. */
function exportedNames(ast) {
  const names = [];
  for (const n of ast.body) {
    switch (n.type) {
      case 'ExportDeclaration': {
        const d = n.declaration;
        if (d.declare) break;
        if (d.type === 'FunctionDeclaration' || d.type === 'ClassDeclaration') names.push(d.identifier.value);
        else if (d.type === 'VariableDeclaration') for (const v of d.declarations) bindings(v.id, names);
        else if (d.type === 'TsEnumDeclaration' || d.type === 'TsModuleDeclaration') names.push(d.id.value);
        break;
      }
      case 'ExportNamedDeclaration':
        if (n.typeOnly) break;
        for (const s of n.specifiers) {
          if (s.type === 'ExportSpecifier') { if (!s.isTypeOnly) names.push((s.exported ?? s.orig).value); }
          else if (s.type === 'ExportNamespaceSpecifier') names.push(s.name.value);
          else if (s.type === 'ExportDefaultSpecifier') names.push(s.exported.value);
        }
        break;
      case 'ExportDefaultDeclaration':
      case 'ExportDefaultExpression':
        names.push('default');
        break;
      case 'ExportAllDeclaration':
      case 'TsExportAssignment':
        return { unreadable: n.type };
      default:
    }
  }
  return { names };
}

function constValue(ast, name) {
  const r = extractExportedConstValue(ast, name);
  if (r === null) return undefined;
  if ('unsupported' in r) return { unsupported: r.unsupported };
  return { value: r.value };
}

// Re-exports (issue 17). Next.js links a route's module graph with its bundler and reads the
// exports of the linked module; the model here follows the same links statically over SWC
// ASTs: relative specifiers, tsconfig.json `paths` / `baseUrl`, the server bundle's resolve
// extensions (.js .mjs .tsx .ts .jsx, with TypeScript's .js -> .ts alias) and index files.
const RESOLVE_EXTS = ['js', 'mjs', 'tsx', 'ts', 'jsx', 'cjs', 'mts', 'cts'];
const EXT_ALIAS = { js: ['ts', 'tsx', 'js', 'jsx'], mjs: ['mts', 'mjs'], cjs: ['cts', 'cjs'] };
function resolveSpec(tree, fromFile, spec) {
  const join = (...parts) => posix.normalize(posix.join(...parts)).replace(/^\.\//, '');
  const asFile = (base) => {
    const ext = posix.extname(base).slice(1);
    if (RESOLVE_EXTS.includes(ext)) {
      for (const a of EXT_ALIAS[ext] || []) {
        const f = base.slice(0, -ext.length) + a;
        if (f in tree) return f;
      }
      if (base in tree) return base;
    }
    for (const e of RESOLVE_EXTS) if (`${base}.${e}` in tree) return `${base}.${e}`;
    for (const e of RESOLVE_EXTS) if (`${base}/index.${e}` in tree) return `${base}/index.${e}`;
    return null;
  };
  if (spec.startsWith('./') || spec.startsWith('../')) return asFile(join(posix.dirname(fromFile), spec));
  const ts = tree['tsconfig.json'] ? JSON.parse(tree['tsconfig.json']).compilerOptions || {} : {};
  const root = ts.baseUrl ? join(ts.baseUrl) : '';
  let best = null;
  for (const [pattern, targets] of Object.entries(ts.paths || {})) {
    const star = pattern.indexOf('*');
    const [pre, post] = star < 0 ? [pattern, null] : [pattern.slice(0, star), pattern.slice(star + 1)];
    const m = post === null ? (spec === pre ? '' : null) : spec.startsWith(pre) && spec.endsWith(post) && spec.length >= pre.length + post.length ? spec.slice(pre.length, spec.length - post.length) : null;
    const len = post === null ? pre.length + 1 : pre.length;
    if (m !== null && (!best || len > best.len)) best = { m, targets, len };
  }
  if (best) {
    for (const t of best.targets) {
      const f = asFile(join(root, t.replace('*', best.m)));
      if (f) return f;
    }
    return null;
  }
  return ts.baseUrl ? asFile(join(root, spec)) : null;
}

/** Exported names and literal dynamic / revalidate of `file`, re-exports followed. */
async function moduleInfo(tree, file, chain = []) {
  const ast = await parse(file, tree[file]);
  if (ast.error) throw new Error(`${file}: SWC cannot parse it: ${ast.error}`);
  const names = [];
  const values = {};
  for (const key of ['dynamic', 'revalidate']) {
    const v = constValue(ast, key);
    if (v?.unsupported) throw new Error(`${file}: ${key}: ${v.unsupported} (make it an error case)`);
    if (v) values[key] = v.value;
  }
  const follow = async (spec) => {
    const target = resolveSpec(tree, file, spec);
    if (!target || chain.includes(target)) return null;
    return moduleInfo(tree, target, [...chain, file]);
  };
  const imports = new Map();
  const stars = [];
  for (const n of ast.body) {
    if (n.type === 'ImportDeclaration' && !n.typeOnly) {
      for (const sp of n.specifiers) {
        if (sp.type === 'ImportSpecifier' && !sp.isTypeOnly) imports.set(sp.local.value, [n.source.value, (sp.imported ?? sp.local).value]);
        if (sp.type === 'ImportDefaultSpecifier') imports.set(sp.local.value, [n.source.value, 'default']);
      }
    }
    if (n.type === 'ExportAllDeclaration') stars.push(n.source.value);
    if (n.type === 'ExportNamedDeclaration' && !n.typeOnly) {
      for (const sp of n.specifiers) {
        if (sp.type !== 'ExportSpecifier' || sp.isTypeOnly) continue;
        const exported = (sp.exported ?? sp.orig).value;
        if (!['dynamic', 'revalidate'].includes(exported)) continue;
        const [spec, imported] = n.source ? [n.source.value, sp.orig.value] : imports.get(sp.orig.value) || [];
        const t = spec && imported === exported ? await follow(spec) : null;
        if (t && t.names.includes(imported) && imported in t.values) values[exported] = t.values[imported];
      }
    }
  }
  const own = exportedNames({ body: ast.body.filter((n) => n.type !== 'ExportAllDeclaration') });
  if (own.unreadable) throw new Error(`${file}: ${own.unreadable} (make it an error case)`);
  names.push(...own.names);
  for (const spec of stars) {
    const t = await follow(spec);
    if (!t) continue;
    for (const name of t.names) {
      if (name === 'default' || names.includes(name)) continue;
      names.push(name);
      if (name in t.values) values[name] = t.values[name];
    }
  }
  return { names, values };
}

/** What Next.js makes of a tree: { routes (priority order), middleware, nextErrors }. */
async function oracle(tree) {
  const files = Object.keys(tree).sort();
  const appPrefix = files.some((f) => f.startsWith('src/app/')) ? 'src/app' : 'app';
  const base = appPrefix === 'app' ? '' : 'src/';
  const appDirAbs = `/project/${appPrefix}`;
  // next.config's pageExtensions, which a case gives in its routecore.json.
  const exts = (tree['routecore.json'] && JSON.parse(tree['routecore.json']).pageExtensions) || PAGE_EXTENSIONS;
  const matcher = createValidFileMatcher(exts, appDirAbs);
  const entries = [];
  const nextErrors = [];
  for (const file of files) {
    if (!file.startsWith(`${appPrefix}/`)) continue;
    const rel = file.slice(appPrefix.length); // "/blog/page.tsx"
    if (rel.split('/').some((part) => part.startsWith('_'))) continue;
    const abs = `/project/${file}`;
    if (!matcher.isAppRouterPage(abs)) continue;
    let pageKey = getPageFromPath(rel, exts).replace(/%5F/g, '_');
    let route = normalizeMetadataRoute(pageKey);
    const metadata = isMetadataRouteFile(rel, exts, true);
    const code = /\.(tsx|ts|jsx|js)$/.test(file);
    const info = code ? await moduleInfo(tree, file) : null;
    if (metadata) {
      let dynamic = false;
      if (info) {
        dynamic = info.names.includes('generateSitemaps') || info.names.includes('generateImageMetadata');
      }
      route = normalizeMetadataPageToRoute(route, dynamic);
    }
    const url = normalizeAppPath(route);
    if (isInterceptionRouteAppPath(url)) {
      try {
        extractInterceptionRouteInformation(url);
      } catch (e) {
        nextErrors.push({ file, error: e.message });
        continue;
      }
      // Only pages intercept (their Next-Url rewrites are in the rules vectors). routecore
      // leaves out a marker followed by a param (`(.)[id]`, Next's NEXTSEP corner) with a warning.
      if (!/[\\/]page\.\w+$/.test(rel) || /\(\.{1,3}\)(\(\.\.\))?\[/.test(url)) continue;
    }
    const kind = matcher.isAppRouterRoute(abs) ? 'route' : metadata ? 'metadata' : 'page';
    const entry = { pattern: url, kind, file, appPath: `${pageKey}` };
    if (info) {
      if (kind === 'route') entry.methods = info.names.filter((n) => METHODS.includes(n));
      for (const key of ['dynamic', 'revalidate']) if (key in info.values) entry[key] = info.values[key];
    }
    entries.push(entry);
  }
  // Segment config of pages: layouts from the app root down, then the page (ROUTING.md §3,
  // Next.js docs: `dynamic` of the deepest segment that sets it; the lowest `revalidate`, any
  // number overriding `false`).
  for (const e of entries) {
    if (e.kind !== 'page') continue;
    const dirs = e.file.split('/').slice(0, -1);
    const chain = [];
    for (let i = appPrefix.split('/').length; i <= dirs.length; i++) {
      const dir = dirs.slice(0, i).join('/');
      for (const f of files) {
        if (f.startsWith(`${dir}/layout.`) && matcher.isAppLayoutPage(`/project/${f}`) && f.slice(dir.length + 1).split('/').length === 1) {
          const ast = await parse(f, tree[f]);
          chain.push({ dynamic: constValue(ast, 'dynamic')?.value, revalidate: constValue(ast, 'revalidate')?.value });
        }
      }
    }
    chain.push({ dynamic: e.dynamic, revalidate: e.revalidate });
    delete e.dynamic;
    delete e.revalidate;
    for (const c of chain) {
      if (c.dynamic !== undefined) e.dynamic = c.dynamic;
      if (c.revalidate !== undefined) {
        if (typeof c.revalidate === 'number') {
          e.revalidate = typeof e.revalidate === 'number' ? Math.min(e.revalidate, c.revalidate) : c.revalidate;
        } else if (e.revalidate === undefined) {
          e.revalidate = c.revalidate;
        }
      }
    }
  }
  // Parallel slots: pages at one URL are one route; a file outside slots wins, else the one
  // Next.js's selectAppPageEntry picks. Two pages outside slots stay (and conflict).
  const byUrl = new Map();
  for (const e of entries) {
    if (e.kind !== 'page') continue;
    if (!byUrl.has(e.pattern)) byUrl.set(e.pattern, []);
    byUrl.get(e.pattern).push(e);
  }
  const dropped = new Set();
  for (const [url, list] of byUrl) {
    if (list.length < 2) continue;
    const plain = list.filter((e) => !e.appPath.includes('/@'));
    if (plain.length === 0) {
      const pick = selectAppPageEntry(url, list.map((e) => e.appPath));
      for (const e of list) if (e.appPath !== pick) dropped.add(e);
    } else {
      for (const e of list) if (e.appPath.includes('/@')) dropped.add(e);
    }
  }
  const kept = entries.filter((e) => !dropped.has(e));
  const urls = kept.map((e) => e.pattern);
  let routes = null;
  const dupes = urls.filter((u, i) => urls.indexOf(u) !== i);
  if (dupes.length === 0) {
    try {
      const order = getSortedRoutes(urls);
      routes = order.map((u) => kept.find((e) => e.pattern === u));
    } catch (e) {
      nextErrors.push({ error: e.message });
    }
  }
  // Middleware beside the app folder.
  let middleware = null;
  const mw = files.filter((f) => new RegExp(`^${base}(middleware|proxy)\\.(${exts.join('|')})$`).test(f));
  if (mw.length === 1) {
    const ast = await parse(mw[0], tree[mw[0]]);
    const v = constValue(ast, 'config');
    if (v?.unsupported) nextErrors.push({ file: mw[0], error: v.unsupported });
    else middleware = { file: mw[0], matcher: v?.value?.matcher ?? null };
  }
  return { routes, kept, middleware, nextErrors, dupes };
}

// ---------------------------------------------------------------------------------------------
// Cases. `tree`: project-relative path -> content. Optional: `warnings` (substrings),
// `errors` (substrings; then no routes are expected), `differs`, `check(o)` (asserts on the
// oracle's view of an error case).

const page = 'export default function Page() { return null }\n';
const layout = 'export default function Layout({ children }: { children: React.ReactNode }) { return children }\n';
const get = "export async function GET() { return Response.json({ ok: true }) }\n";
const png = '';

const files = [];

files.push({
  name: 'conventions',
  description: 'File conventions: pages, route handlers, groups, slots, private folders, %5F, interception, [id].json, src/app',
  cases: [
    {
      name: 'basic-tree',
      tree: {
        'app/page.tsx': page,
        'app/layout.tsx': layout,
        'app/about/page.tsx': page,
        'app/blog/page.mdx': '# Blog\n',
        'app/blog/[slug]/page.tsx': page,
        'app/blog/[slug]/edit/page.jsx': page,
        'app/shop/[...path]/page.js': page,
        'app/docs/[[...slug]]/page.tsx': page,
        'app/api/items/route.ts': get,
        'app/api/items/[id]/route.js': 'export async function GET() {}\nexport async function DELETE() {}\n',
        'app/components/button.tsx': 'export function Button() { return null }\n',
        'app/blog/loading.tsx': page,
        'app/blog/error.tsx': page,
        'app/not-found.tsx': page,
        'app/page.test.tsx': page,
        'app/page.d.ts': 'export {}\n',
      },
    },
    // next.config pageExtensions (issue 17): the default reads no page.md/page.mdx; a list
    // with mdx (as @next/mdx sets it) makes them pages, and one without ts stops route.ts,
    // layout.ts, icon.ts and middleware.ts from counting.
    {
      name: 'page-extensions-mdx-docs',
      tree: {
        'routecore.json': '{"pageExtensions": ["mdx", "md", "tsx", "ts"]}\n',
        'app/page.tsx': page,
        'app/docs/page.mdx': '# Docs\n',
        'app/docs/[slug]/page.md': '# A doc\n',
        'app/docs/guide/page.mdx': 'export const metadata = { title: "Guide" }\n\n# Guide\n',
        'app/blog/page.jsx': page,
        'app/api/search/route.ts': get,
        'app/api/legacy/route.js': get,
      },
    },
    {
      name: 'page-extensions-tsx-only',
      tree: {
        'routecore.json': '{"pageExtensions": ["tsx"]}\n',
        'app/page.tsx': page,
        'app/layout.ts': 'export const revalidate = 5\nexport default function L({ children }) { return children }\n',
        'app/about/page.tsx': 'export const revalidate = 60\nexport default function Page() { return null }\n',
        'app/about/page.ts': page,
        'app/api/health/route.ts': get,
        'app/api/ping/route.tsx': get,
        'app/icon.ts': 'export default function Icon() { return null }\n',
        'app/icon.png': 'png',
        'app/notes/page.mdx': '# Notes\n',
        'middleware.ts': "export const config = { matcher: '/api/:path*' }\nexport function middleware() {}\n",
      },
    },
    {
      name: 'page-extensions-default-skips-mdx',
      tree: {
        'app/page.tsx': page,
        'app/changelog/page.mdx': '# Changelog\n',
        'app/readme/page.md': '# Readme\n',
      },
    },
    {
      name: 'groups-and-slots-vanish',
      tree: {
        'app/(marketing)/page.tsx': page,
        'app/(marketing)/about/page.tsx': page,
        'app/(shop)/cart/page.tsx': page,
        'app/(shop)/(nested)/checkout/page.tsx': page,
        'app/dashboard/@team/settings/page.tsx': page,
        'app/dashboard/@analytics/page.tsx': page,
        'app/dashboard/page.tsx': page,
        'app/@modal/login/page.tsx': page,
        'app/login/page.tsx': page,
        'app/@auth/signup/page.tsx': page,
        'app/@other/signup/page.tsx': page,
      },
    },
    {
      name: 'private-folders-and-escaped-underscores',
      tree: {
        'app/_components/page.tsx': page,
        'app/_lib/api/route.ts': get,
        'app/blog/_drafts/page.tsx': page,
        'app/blog/_page.tsx': page,
        'app/%5Finternal/page.tsx': page,
        'app/a%5Fb/route.ts': get,
        'app/%5flower/page.tsx': page,
        'app/page.tsx': page,
      },
    },
    // Interception pages are routes at their app path (`/feed/(.)photo/[id]`); a request
    // reaches them only through their Next-Url rewrite (nextjs-rules-rewrites.json). Shaped like
    // a real app: `@modal/(.)replays/[sessionId]` beside `replays/[replayId]`.
    {
      name: 'interception-routes',
      tree: {
        'app/org/[orgSlug]/replays/page.tsx': page,
        'app/org/[orgSlug]/replays/[replayId]/page.tsx': page,
        'app/org/[orgSlug]/@modal/(.)replays/[sessionId]/page.tsx': page,
        'app/org/[orgSlug]/@modal/(.)replays/[sessionId]/route.ts': get,
        'app/org/[orgSlug]/@modal/(.)replays/[sessionId]/opengraph-image.png': 'png',
        'app/org/[orgSlug]/@modal/default.tsx': page,
        'app/feed/page.tsx': page,
        'app/feed/(.)photo/[id]/page.tsx': page,
        'app/feed/(..)photo/[id]/page.tsx': page,
        'app/a/b/(..)(..)photo/page.tsx': page,
        'app/@modal/(...)photo/[id]/page.tsx': page,
        'app/photo/[id]/page.tsx': page,
      },
    },
    {
      name: 'interception-marker-before-a-param',
      tree: {
        'app/feed/page.tsx': page,
        'app/feed/[id]/page.tsx': page,
        'app/feed/@modal/(.)[id]/page.tsx': page,
      },
      warnings: ['app/feed/@modal/(.)[id]/page.tsx: interception route', 'left out'],
      differs: 'Next.js intercepts /feed/[id] with /feed/(.)[id] (its NEXTSEP separator); routecore leaves that interception route out with a warning, so /feed/1 always serves /feed/[id]',
    },
    {
      name: 'bracketed-names-with-suffixes-are-static',
      tree: {
        'app/[id].json/route.ts': get,
        'app/files/[name].txt/page.tsx': page,
        'app/files/[name]/page.tsx': page,
      },
    },
    {
      name: 'src-app-directory',
      tree: {
        'src/app/page.tsx': page,
        'src/app/(g)/icon.png': png,
        'src/app/api/route.ts': get,
        'src/middleware.ts': "export const config = { matcher: '/api/:path*' }\nexport function middleware() {}\n",
        'src/lib/util.ts': 'export const x = 1\n',
      },
    },
    {
      name: 'non-ascii-folder-names',
      tree: {
        'app/café/page.tsx': page,
        'app/(boutique-é)/opengraph-image.png': png,
        'app/(🛒)/icon.tsx': 'export default function Icon() { return null }\n',
        'app/日本/[id]/page.tsx': page,
      },
    },
  ],
});

files.push({
  name: 'metadata',
  description: 'Metadata files: every convention, static and code variants, numbered variants, root-only files, params, generated ids, the djb2 suffix under groups and slots',
  cases: [
    {
      name: 'root-metadata',
      tree: {
        'app/page.tsx': page,
        'app/favicon.ico': png,
        'app/robots.ts': "export default function robots() { return { rules: [] } }\n",
        'app/manifest.webmanifest': '{}',
        'app/sitemap.ts': 'export default function sitemap() { return [] }\n',
        'app/icon.png': png,
        'app/icon1.svg': png,
        'app/icon2.tsx': 'export default function Icon() { return null }\n',
        'app/apple-icon.jpg': png,
        'app/opengraph-image.tsx': 'export const alt = "Shop"\nexport default function Image() { return null }\n',
        'app/twitter-image.gif': png,
        'app/opengraph-image.alt.txt': 'alt text',
        'app/icon12.png': png,
        'app/icon.gif': png,
        'app/apple-icon.svg': png,
      },
    },
    {
      name: 'static-text-variants',
      tree: {
        'app/robots.txt': 'User-agent: *',
        'app/manifest.json': '{}',
        'app/sitemap.xml': '<urlset/>',
      },
    },
    {
      name: 'code-variants-of-root-files',
      tree: {
        'app/manifest.ts': 'export default function manifest() { return {} }\n',
        'app/robots.js': 'export default function robots() { return {} }\n',
      },
    },
    {
      name: 'root-only-files-elsewhere-are-ignored',
      tree: {
        'app/blog/favicon.ico': png,
        'app/blog/robots.txt': png,
        'app/blog/manifest.json': png,
        'app/(g)/robots.ts': 'export default function robots() { return {} }\n',
        'app/blog/page.tsx': page,
      },
    },
    {
      name: 'nested-and-dynamic-metadata',
      tree: {
        'app/blog/sitemap.ts': 'export default function sitemap() { return [] }\n',
        'app/blog/[slug]/opengraph-image.tsx': 'export default function Image() { return null }\n',
        'app/blog/[slug]/icon.png': png,
        'app/blog/[slug]/page.tsx': page,
      },
    },
    {
      name: 'suffix-under-groups-and-slots',
      tree: {
        'app/(group)/opengraph-image.tsx': 'export default function Image() { return null }\n',
        'app/(marketing)/about/icon.png': png,
        'app/(marketing)/about/page.tsx': page,
        'app/@modal/twitter-image.png': png,
        'app/@children/icon.png': png,
        'app/(shop)/sitemap.ts': 'export default function sitemap() { return [] }\n',
        'app/(docs)/docs/sitemap.xml': '<urlset/>',
        'app/(a)/(b)/apple-icon1.png': png,
      },
    },
    {
      name: 'generated-ids',
      tree: {
        'app/sitemap.ts': 'export async function generateSitemaps() { return [{ id: 0 }] }\nexport default function sitemap() { return [] }\n',
        'app/products/sitemap.ts': 'export const generateSitemaps = async () => [{ id: 0 }]\nexport default function sitemap() { return [] }\n',
        'app/products/[id]/opengraph-image.tsx': 'export function generateImageMetadata() { return [] }\nexport default function Image() { return null }\n',
        'app/(g)/icon.tsx': 'async function gen() { return [] }\nexport { gen as generateImageMetadata }\nexport default function Icon() { return null }\n',
        'app/products/[id]/page.tsx': page,
      },
    },
    {
      name: 'metadata-segment-config',
      tree: {
        'app/opengraph-image.tsx': "export const dynamic = 'force-dynamic'\nexport default function Image() { return null }\n",
        'app/sitemap.ts': 'export const revalidate = 3600\nexport default function sitemap() { return [] }\n',
      },
    },
  ],
});

files.push({
  name: 'exports',
  description: 'Static export reading of route handlers (compared with the SWC AST), segment config of route handlers, pages and layouts',
  cases: [
    // Re-export chains as a large production app has them (issue 17): `export * from` another
    // route, `export { GET, POST } from` a handlers module that re-exports a shared one, tsconfig
    // aliases, TypeScript's `.js` specifiers, `index.*`, and a page re-exporting an imported
    // `revalidate`.
    {
      name: 're-export-chains',
      tree: {
        'tsconfig.json': '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"], "@lib/*": ["./lib/*"]}}}\n',
        'lib/handlers/index.ts': "export async function GET() { return Response.json([]) }\nexport async function POST() { return new Response(null, { status: 201 }) }\nexport const revalidate = 30\n",
        'lib/cfg.ts': "export const revalidate = 3600\nexport const dynamic = 'force-static'\n",
        'components/segment.ts': "export const dynamic = 'force-dynamic'\n",
        'app/api/a/route.ts': "export const dynamic = 'force-dynamic'\nexport async function GET() {}\nexport async function DELETE() {}\n",
        'app/api/b/route.ts': 'export * from "../a/route"\n',
        'app/api/c/handlers.ts': "export * from '../../../lib/handlers'\n",
        'app/api/c/route.ts': 'export { GET, POST } from "./handlers"\n',
        'app/api/d/route.ts': "export * from '@/lib/handlers'\nexport function PATCH() {}\n",
        'app/api/e/impl.ts': 'export function PUT() {}\n',
        'app/api/e/route.ts': "export * from './impl.js'\nexport { revalidate } from '@lib/cfg'\n",
        'app/blog/[slug]/page.tsx': 'import { revalidate } from "../../../lib/cfg"\nexport { revalidate }\nexport default function Page() { return null }\n',
        'app/docs/page.tsx': "export { dynamic } from 'components/segment'\nexport default function Page() { return null }\n",
      },
    },
    {
      name: 're-exports-that-cannot-be-followed',
      tree: {
        'app/api/x/get.ts': 'export function GET() {}\n',
        'app/api/x/route.ts': "export * from 'some-package'\nexport { GET } from './get'\n",
        'app/api/y/y1.ts': "export * from './y2'\nexport function GET() {}\n",
        'app/api/y/y2.ts': "export * from './y1'\nexport function PUT() {}\n",
        'app/api/y/route.ts': "export * from './y1'\n",
        'app/p/cfg.ts': 'const x = 5\nexport { x as revalidate }\n',
        'app/p/page.tsx': "export { revalidate } from './cfg'\nexport default function Page() { return null }\n",
      },
      warnings: ["app/api/x/route.ts:1: re-exports 'some-package'", "app/api/y/y2.ts:1: re-exports './y1' in a cycle", "app/p/page.tsx:1: the value of the re-exported 'revalidate'"],
    },
    {
      name: 'export-forms',
      tree: {
        'app/a/route.ts': 'export async function GET(req: Request): Promise<Response> { return new Response() }\nexport function POST() {}\n',
        'app/b/route.ts': 'export const PUT = async (req: Request) => new Response("x"), PATCH = handler\nfunction handler() {}\n',
        'app/c/route.ts': 'function handler() {}\nexport { handler as DELETE, handler as OPTIONS }\n',
        'app/d/route.ts': "export { GET, HEAD } from './shared'\n",
        'app/e/route.js': 'const GET = () => {}, POST = () => {}\nexport { GET, POST }\n',
        'app/f/route.ts': 'const h = { GET() {}, POST() {} }\nexport const { GET, POST } = h\n',
        'app/g/route.ts': "export { default as GET } from './get'\n",
        'app/h/route.tsx': 'export async function GET() {\n  return new ImageResponse(<div style={{ display: "flex" }}>It\'s {"a"} <b>{`x${1}`}</b></div>)\n}\n',
        'app/i/route.ts': "// export async function POST() {}\n/* export const PUT = 1 */\nconst s = 'export function DELETE() {}'\nconst t = `export const PATCH = ${'x'}`\nconst re = /export function OPTIONS/\nexport const GET = () => new Response(s + t + re)\n",
        'app/j/route.ts': 'export const GET = async () => { const o = { export: 1, POST: 2 }; return Response.json(o.export) }\nexport type PUT = string\nexport interface DELETE {}\nexport declare const PATCH: number\n',
        'app/k/route.mjs.ts': get,
      },
    },
    {
      name: 'route-segment-config',
      tree: {
        'app/api/static/route.ts': "export const dynamic = 'force-static'\nexport const revalidate = 60\nexport async function GET() {}\n",
        'app/api/never/route.ts': 'export const revalidate = false\nexport async function GET() {}\n',
        'app/api/dyn/route.ts': 'export const dynamic = "force-dynamic" as const\nexport async function GET() {}\nexport async function POST() {}\n',
        'app/api/err/route.ts': "export const dynamic: string = `error`\nexport const revalidate: number = 0\nexport async function GET() {}\n",
      },
    },
    {
      name: 'page-config-inherits-from-layouts',
      tree: {
        'app/layout.tsx': 'export const revalidate = 3600\n' + layout,
        'app/page.tsx': page,
        'app/blog/layout.tsx': "export const dynamic = 'force-static'\nexport const revalidate = 600\n" + layout,
        'app/blog/page.tsx': 'export const revalidate = 900\n' + page,
        'app/blog/[slug]/page.tsx': "export const dynamic = 'force-dynamic'\n" + page,
        'app/(account)/layout.tsx': "export const dynamic = 'force-dynamic'\nexport const revalidate = false\n" + layout,
        'app/(account)/orders/page.tsx': page,
        'app/api/x/route.ts': get,
      },
    },
  ],
});

files.push({
  name: 'middleware',
  description: 'middleware.* / proxy.* config.matcher read statically (compared with extractExportedConstValue)',
  cases: [
    {
      name: 'negative-lookahead-and-has',
      tree: {
        'app/page.tsx': page,
        'middleware.ts': `import { NextResponse, type NextRequest } from 'next/server'
export function middleware(req: NextRequest) { return NextResponse.next() }
export const config = {
  // Skip static assets.
  matcher: [
    '/((?!api|_next/static|_next/image|favicon.ico).*)',
    { source: '/api/:path*', has: [{ type: 'header', key: 'x-beta', value: '1' }], missing: [{ type: 'cookie', key: 'session' }] },
    { source: "/admin/:path*", locale: false },
  ],
}
`,
      },
    },
    {
      name: 'string-matcher-proxy',
      tree: {
        'app/page.tsx': page,
        'proxy.js': "export function proxy() {}\nexport const config = { matcher: `/dashboard/:path*` }\n",
      },
    },
    {
      name: 'no-matcher',
      tree: {
        'app/page.tsx': page,
        'middleware.ts': 'export default function middleware() {}\n',
      },
    },
    {
      name: 'satisfies-and-as-const',
      tree: {
        'app/page.tsx': page,
        'middleware.ts': "export const config = { matcher: ['/a/:id(\\\\d+)', '/b'] as const } satisfies MiddlewareConfig\nexport function middleware() {}\n",
      },
    },
    {
      name: 'middleware-outside-its-folder-is-ignored',
      tree: {
        'app/page.tsx': page,
        'src/middleware.ts': "export const config = { matcher: '/x' }\n",
      },
      warnings: ['src/middleware.ts: ignored'],
    },
  ],
});

const conflictCheck = (a, b) => (o) => {
  const fa = o.kept.find((e) => e.file === a);
  const fb = o.kept.find((e) => e.file === b);
  if (!fa || !fb || fa.pattern !== fb.pattern) throw new Error(`oracle: ${a} and ${b} do not share a URL`);
};

files.push({
  name: 'errors',
  description: 'Build errors: each names the offending files (and lines)',
  cases: [
    { name: 'page-and-route-at-one-url', tree: { 'app/about/page.tsx': page, 'app/about/route.ts': get }, errors: ['app/about/page.tsx', 'app/about/route.ts', 'Conflict'], check: conflictCheck('app/about/page.tsx', 'app/about/route.ts') },
    { name: 'two-groups-one-url', tree: { 'app/(a)/about/page.tsx': page, 'app/(b)/about/page.tsx': page }, errors: ['app/(a)/about/page.tsx', 'app/(b)/about/page.tsx'], check: conflictCheck('app/(a)/about/page.tsx', 'app/(b)/about/page.tsx') },
    { name: 'two-pages-one-folder', tree: { 'app/x/page.tsx': page, 'app/x/page.js': page }, errors: ['app/x/page.js', 'app/x/page.tsx'], check: conflictCheck('app/x/page.js', 'app/x/page.tsx') },
    { name: 'robots-twice', tree: { 'app/robots.ts': 'export default function r() {}\n', 'app/robots.txt': '' }, errors: ['app/robots.ts', 'app/robots.txt'], check: conflictCheck('app/robots.ts', 'app/robots.txt') },
    { name: 'param-name-clash', tree: { 'app/blog/[id]/page.tsx': page, 'app/blog/[slug]/edit/page.tsx': page }, errors: ['app/blog/[id]/page.tsx', 'app/blog/[slug]/edit/page.tsx', "'id' !== 'slug'"] },
    { name: 'optional-catch-all-beside-same-specificity', tree: { 'app/docs/page.tsx': page, 'app/docs/[[...slug]]/page.tsx': page }, errors: ['app/docs/page.tsx', 'app/docs/[[...slug]]/page.tsx'] },
    { name: 'required-and-optional-catch-all', tree: { 'app/a/[...x]/page.tsx': page, 'app/a/[[...x]]/route.ts': get }, errors: ['app/a/[...x]/page.tsx', 'app/a/[[...x]]/route.ts'] },
    { name: 'metadata-below-a-catch-all', tree: { 'app/shop/[...path]/twitter-image.jpg': png }, errors: ['app/shop/[...path]/twitter-image.jpg', 'Catch-all must be the last part'], check: (o) => { if (!o.nextErrors.some((e) => /Catch-all must be the last/.test(e.error))) throw new Error('oracle: Next.js accepts it'); } },
    { name: 'malformed-bracket-folder', tree: { 'app/[[id]]/page.tsx': page }, errors: ['app/[[id]]/page.tsx', 'Optional route parameters'] },
    { name: 'malformed-interception-marker', tree: { 'app/feed/(....)photo/page.tsx': page, 'app/feed/(.photo/page.tsx': page }, errors: ['app/feed/(....)photo', 'app/feed/(.photo'], differs: 'Next.js treats these folder names as literal URL segments; routecore rejects them as malformed interception markers' },
    { name: 'interception-marker-without-name', tree: { 'app/feed/(..)/page.tsx': page }, errors: ['app/feed/(..)'], differs: 'Next.js treats "(..)" as a route group; it is a malformed interception marker' },
    { name: 'interception-up-from-root', tree: { 'app/(..)photo/page.tsx': page }, errors: ['app/(..)photo', 'root level'], check: (o) => { if (!o.nextErrors.some((e) => /root level/.test(e.error))) throw new Error('oracle: no Next.js error'); } },
    { name: 'interception-two-up-from-one-level', tree: { 'app/feed/(..)(..)photo/page.tsx': page }, errors: ['app/feed/(..)(..)photo', 'one level up'], check: (o) => { if (!o.nextErrors.some((e) => /one level up/.test(e.error))) throw new Error('oracle: no Next.js error'); } },
    { name: 'empty-group-and-slot', tree: { 'app/()/page.tsx': page, 'app/@/x/page.tsx': page }, errors: ['app/()', 'app/@'], differs: 'Next.js accepts empty group and slot names' },
    { name: 'route-without-methods', tree: { 'app/api/route.ts': 'export function get() {}\nexport const helper = 1\n' }, errors: ['app/api/route.ts', 'exports no HTTP method'] },
    { name: 'export-star-of-nothing', tree: { 'app/api/route.ts': "\nexport * from './handlers'\n" }, errors: ['app/api/route.ts', 'exports no HTTP method'] },
    { name: 'commonjs-exports', tree: { 'app/api/route.js': 'module.exports = { GET() {} }\n' }, errors: ['app/api/route.js:1', 'CommonJS'] },
    { name: 'non-literal-dynamic', tree: { 'app/api/route.ts': "const mode = 'force-static'\nexport const dynamic = mode\nexport function GET() {}\n" }, errors: ['app/api/route.ts:2', 'dynamic'] },
    { name: 'non-literal-revalidate', tree: { 'app/page.tsx': 'export const revalidate = HOUR\n' + page }, errors: ['app/page.tsx:1', 'revalidate'] },
    { name: 'unreadable-layout', tree: { 'app/layout.tsx': 'export default function L() { return <div>\n', 'app/page.tsx': page }, errors: ['app/layout.tsx:1', 'unterminated JSX'] },
    { name: 'unterminated-string', tree: { 'app/api/route.ts': "export function GET() {}\nconst s = 'abc\n" }, errors: ['app/api/route.ts:2', 'unterminated string'] },
    { name: 'middleware-and-proxy', tree: { 'app/page.tsx': page, 'middleware.ts': 'export function middleware() {}\n', 'proxy.ts': 'export function proxy() {}\n' }, errors: ['middleware.ts', 'proxy.ts'] },
    { name: 'non-literal-matcher', tree: { 'app/page.tsx': page, 'middleware.ts': "const paths = ['/a']\nexport const config = {\n  matcher: paths,\n}\n" }, errors: ['middleware.ts:3', 'config.matcher is not a literal'], check: (o) => { if (!o.nextErrors.some((e) => /Unknown identifier "paths"/.test(e.error))) throw new Error('oracle: Next.js reads this matcher'); } },
    { name: 'matcher-template-with-substitution', tree: { 'app/page.tsx': page, 'middleware.ts': 'const p = "a"\nexport const config = { matcher: [`/${p}`] }\n' }, errors: ['middleware.ts:2', 'substitutions'], check: (o) => { if (!o.nextErrors.some((e) => /template literal with expressions/.test(e.error))) throw new Error('oracle: Next.js reads this matcher'); } },
    { name: 'matcher-wrong-shape', tree: { 'app/page.tsx': page, 'middleware.ts': "export const config = { matcher: [{ source: 'api', has: [{ type: 'body', key: 'x' }] }, 3] }\n" }, errors: ['middleware.ts:1', "[0].source must start with '/'", '[0].has[0].type', '[1] must be a string'] },
    { name: 'both-app-and-src-app', tree: { 'app/page.tsx': page, 'src/app/page.tsx': page }, errors: ['both app/ and src/app/'], differs: 'Next.js uses app/ and ignores src/app/; routecore refuses the ambiguity' },
  ],
});

// Differential cases for the export reader: route files that hide export-like text in every
// place a tokenizer can get wrong (comments, strings, templates with nested `${}`, regexes after
// `)` / `}` / keywords, JSX text, object keys, TS generics), around real exports. The expected
// methods are what SWC's AST says; files SWC rejects are left out.

function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = [
  { any: '// export async function POST() {}\n' },
  { any: '/* export const PUT = 1; */\n' },
  { any: '/**\n * @example\n * export function DELETE() {}\n */\n' },
  { any: "const s1 = 'export function PATCH() {} \\' \" /* //';\n" },
  { any: 'const s2 = "export { OPTIONS } // not a comment \\" \'";\n' },
  { any: 'const t1 = `export const HEAD = ${ `nested ${ "}" } ` } } {`;\n' },
  { any: "const t2 = `// ${'/*'} */ export const PUT = 1\nexport function DELETE() {}\n`;\n" },
  { any: "const re1 = /export function POST\\/[/'\"`]/g;\n" },
  { any: "const re2 = s.replace(/\\/\\*/g, '*/').replace(/[\\]/]export/, '');\n" },
  { any: 'const d1 = a / b / c; const d2 = (a) / 2 / b; const d3 = a++ / 2;\n' },
  { any: "const o1 = { export: 1, 'export function GET': 2, default: 3, POST: () => 1 };\n" },
  { any: 'function inner1() { const PUT = 1; return PUT; }\n' },
  { any: 'class K1 { static POST() {} DELETE = 1; get GET() { return 1 } }\n' },
  { any: 'if (a) /export function PUT() {}/.test(s);\n' },
  { any: 'while (b) /export const PATCH = 1/g.exec(s);\n' },
  { any: 'for (const k of ks) /export function DELETE/.test(k);\n' },
  { any: 'function z1() {}\n/export function OPTIONS/.test(s);\n' },
  { any: 'const n1 = !/export/.test(s), n2 = typeof /x/, n3 = a ? /export function PUT/ : b;\n' },
  { any: "const arr1 = [/re/, 'x', `y`, a / 2];\n" },
  { any: 'async function* agen() { yield /export function PUT/; await /x/; }\n' },
  { any: "const café = 'é', 𝒜 = 1, \\u0061bc = 2;\n" },
  { any: 'const esc1 = "\\u0065xport function PUT() {}";\n' },
  { any: 'const f2 = () => ({ export: 1 });\n' },
  { any: 'const big = 1_000n + 0x1F + .5e-3 + 1e+5;\n' },
  { any: 'const css = styled.div`color: ${(p) => p.c}; /* } */ ${"`"}`;\n' },
  { any: 'label1: for (;;) { break label1; }\n' },
  { any: 'const r3 = a / /x/.exec(b)[0].length;\n' },
  { any: 'switch (a) { case 1: /export function PUT/.test(s); default: }\n' },
  { ts: 'const m1 = new Map<string, Array<number>>();\n' },
  { ts: "type Tp = { GET: string; 'POST': number; export: boolean };\n" },
  { ts: 'interface If { DELETE(): void }\nenum En { PUT = 1 }\n' },
  { ts: 'const g2 = f<A, B>(x) as unknown as Record<string, () => void>;\n' },
  { ts: 'declare module "x" { export function PATCH(): void }\nnamespace Ns { export const PUT = 1 }\n' },
  { ts: 'function tf<T extends { a: string }>(x: T): T { return x }\n' },
  { jsx: `const j1 = <div title="export function POST" data-x="it's">It's a {"}"} <b>export function PATCH</b> {/* } */}</div>;\n` },
  { jsx: `const j2 = <>{'export function PUT() {}'}<Foo.Bar a={{ b: 1 }} {...rest} /></>;\n` },
  { jsx: 'const j3 = cond ? <a href="/x">/export function DELETE/</a> : <br/>;\n' },
  { jsx: 'function J4() { return (\n  <ul>\n    {items.map((i) => <li key={i}>{`${i}`} don\'t</li>)}\n  </ul>\n) }\n' },
  { tsx: 'const g3 = <T,>(x: T) => x;\n' },
];

function fuzzRoute(rand, index, ext) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const jsx = ext !== 'ts';
  const ts = ext !== 'js';
  const pool = NOISE.filter((n) => n.any || (n.ts && ts) || (n.jsx && jsx) || (n.tsx && ext === 'tsx'))
    .map((n) => n.any ?? n.ts ?? n.jsx ?? n.tsx);
  const methods = [...METHODS].sort(() => rand() - 0.5).slice(0, 1 + Math.floor(rand() * 3));
  const parts = [];
  for (let i = 0; i < 3 + Math.floor(rand() * 6); i++) parts.push(pick(pool));
  for (const m of methods) {
    const forms = [
      `export async function ${m}(req${ts ? ': Request' : ''}) { return new Response(\`}\${'{'}\`) }\n`,
      `export const ${m} = async () => { if (a) /x/.test(b); return 1 }\n`,
      `function h${m}() {}\nexport { h${m} as ${m} }\n`,
      `export { ${m} } from './shared'\n`,
      `export function ${m}() { return { export: 1 } }\n`,
    ];
    parts.splice(Math.floor(rand() * (parts.length + 1)), 0, pick(forms));
  }
  return parts.join('');
}

async function fuzzCases() {
  const rand = mulberry32(0x5eed);
  const cases = [];
  let rejected = 0;
  for (let c = 0; c < 3; c++) {
    const tree = {};
    for (let i = 0; tree && Object.keys(tree).length < 40; i++) {
      const ext = ['ts', 'tsx', 'js'][i % 3];
      const file = `app/f${c}/r${i}/route.${ext}`;
      const src = fuzzRoute(rand, i, ext);
      const ast = await parse(file, src);
      if (ast.error) { rejected++; continue; }
      tree[file] = src;
    }
    cases.push({ name: `fuzz-${c}`, tree });
  }
  console.log(`exports-fuzz: SWC rejected ${rejected} generated files (left out)`);
  if (rejected > 20) throw new Error(`SWC rejected ${rejected} generated files: fix the fragments`);
  return cases;
}

files.push({
  name: 'exports-fuzz',
  description: 'Generated route files (fixed seed): export-like text in comments, strings, templates, regexes, JSX and types around real exports; expected methods from the SWC AST',
  cases: await fuzzCases(),
});

// ---------------------------------------------------------------------------------------------

const outDir = join(repo, 'tests/appdir');
mkdirSync(outDir, { recursive: true });
let total = 0;
for (const f of files) {
  const cases = [];
  for (const c of f.cases) {
    const out = { name: c.name, tree: c.tree };
    if (c.differs) out.differs = c.differs;
    if (c.errors) {
      let o = null;
      try {
        o = await oracle(c.tree);
      } catch (e) {
        o = { error: e.message, kept: [], nextErrors: [] };
      }
      if (c.check) c.check(o);
      out.expect_errors = c.errors;
      if (o.nextErrors?.length) out.nextjs_errors = o.nextErrors.map((e) => e.error);
    } else {
      const o = await oracle(c.tree);
      if (!o.routes) throw new Error(`${c.name}: the oracle found no valid route order (${JSON.stringify(o.dupes)} ${JSON.stringify(o.nextErrors)})`);
      if (o.nextErrors.length) throw new Error(`${c.name}: Next.js errors: ${JSON.stringify(o.nextErrors)}`);
      out.expect_routes = o.routes.map((r) => {
        const e = { pattern: r.pattern, kind: r.kind, file: r.file };
        if (r.methods) e.methods = r.methods;
        if (r.dynamic !== undefined) e.dynamic = r.dynamic;
        if (r.revalidate !== undefined) e.revalidate = r.revalidate;
        return e;
      });
      out.expect_middleware = o.middleware;
      if (c.warnings) out.expect_warnings = c.warnings;
    }
    cases.push(out);
  }
  total += cases.length;
  const doc = {
    description: f.description,
    source: `nextjs-${NEXT_VERSION} oracle (tests/oracle/gen-appdir-vectors.mjs)`,
    cases,
  };
  writeFileSync(join(outDir, `${f.name}.json`), JSON.stringify(doc, null, 1) + '\n');
}
console.log(`wrote ${total} cases to tests/appdir/`);
