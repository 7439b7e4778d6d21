#!/usr/bin/env python3
"""Writes seed corpora for every fuzz target from tests/vectors/*.json and examples/.

    python3 fuzz/seeds.py            # → fuzz/corpus/<target>/seed-*  (gitignored)

Each target's input format is described at the top of its fuzz_targets/*.rs file. Seeds are
deterministic (sorted files, stable order) and named by content hash, so rerunning is a no-op.
"""
import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTORS = sorted((ROOT / "tests" / "vectors").glob("*.json"))
OUT = ROOT / "fuzz" / "corpus"
SEP = b"\xff"


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)


def groups():
    for f in VECTORS:
        for g in json.loads(f.read_text())["groups"]:
            yield g


def main():
    configs = [json.loads((ROOT / "examples" / "shop" / "routecore.json").read_text())]
    for g in groups():
        configs.append(g.get("config", {}))
    n = {}

    def count(t):
        n[t] = n.get(t, 0) + 1

    # cost: a prefix selector, then one unit of path segment, query pair, header and cookie.
    for sel in range(6):
        for unit in ([b"a", b"k=v", b"x-h", b"1", b"c=v"], [b"%41b", b"k%00=%zz", b"x-middleware-a", b" ", b"c=%41"],
                     [b"set-cookie", b"a=1&a=2", b"host", b"h", b'c="v"']):
            write("cost", SEP.join([bytes([sel])] + unit))
            count("cost")
    for g in groups():
        cfg = g.get("config", {})
        routes = cfg.get("routes", [])
        cases = g.get("cases", [])
        # config: the whole routecore.json text.
        write("config", json.dumps(cfg, indent=1))
        count("config")
        write("capi", b"\x02" + json.dumps(cfg).encode())
        # capi builder mode: a selector byte (kind | methods << 2) before each pattern.
        if routes:
            write("capi", b"\x03" + SEP.join(b"\x7c" + r["pattern"].encode() for r in routes))
        # pattern: each pattern, then values taken from the group's request segments.
        segs = [s for c in cases for s in c["url"].split("?")[0].split("/") if s][:6]
        for r in routes:
            write("pattern", SEP.join([r["pattern"].encode()] + [s.encode() for s in segs]))
            count("pattern")
        # router_build: one route per line, plus the group's requests.
        lines = []
        if cfg.get("basePath"):
            lines.append("! base " + cfg["basePath"])
        if cfg.get("trailingSlash"):
            lines.append("! trailing")
        for r in routes:
            kind = r.get("kind", "route")
            if kind == "route":
                lines.append("r %s %s" % (",".join(r.get("methods", ["GET"])) or "GET", r["pattern"]))
            else:
                lines.append("%s %s" % (kind[0], r["pattern"]))
        for c in cases[:20]:
            lines.append("? %s %s" % (c["method"], c["url"]))
        if routes:
            write("router_build", "\n".join(lines))
            count("router_build")
        # decide: method, target, host, header pairs.
        for c in cases:
            fields = [c["method"].encode(), c["url"].encode(), (c.get("host") or "").encode()]
            for name, value in c.get("headers", []):
                fields += [name.encode(), value.encode()]
            write("decide", SEP.join(fields))
            count("decide")
            # capi: a mode byte (0: routecore_match, 1: shared, +4: basePath fixture), then
            # the decide fields.
            write("capi", bytes([len(fields) % 2 * 1 + (4 if "/shop" in c["url"] else 0)]) + SEP.join(fields))
            count("capi")
        # p2r: every source / destination / has value of the group, and its requests.
        mw = cfg.get("middleware") or {}
        items = []
        m = mw.get("matcher")
        for x in ([m] if isinstance(m, (str, dict)) else (m or [])):
            items.append("m " + (x if isinstance(x, str) else x.get("source", "/")))
        for r in mw.get("rules", []):
            src = (r.get("if") or {}).get("source")
            if src:
                dest = (r.get("redirect") or {}).get("destination")
                items.append("s %s%s" % (src, " => " + dest if dest else ""))
        for r in cfg.get("redirects", []):
            items.append("r %s => %s" % (r["source"], r["destination"]))
            for h in r.get("has", []):
                items.append("c %s %s" % (h.get("key", "x"), h.get("value", "")))
        rw = cfg.get("rewrites", {})
        if isinstance(rw, list):
            rw = {"afterFiles": rw}
        for key, letter in (("beforeFiles", "b"), ("afterFiles", "w"), ("fallback", "f")):
            for r in rw.get(key, []):
                items.append("%s %s => %s" % (letter, r["source"], r["destination"]))
        for h in cfg.get("headers", []):
            items.append("h " + h["source"])
        if items:
            for c in cases[:20]:
                hs = c.get("headers", [])
                items.append("? %s %s%s" % (c["method"], c["url"], " %s: %s" % tuple(hs[0]) if hs else ""))
            write("p2r", "\n".join(items))
            count("p2r")
    # The shop example, too.
    shop = configs[0]
    write("config", json.dumps(shop, indent=1))
    for url in ["/", "/account/orders/7", "/api/products/1?x=1", "/help", "/shop/9", "/p/3", "/cdn/a/b"]:
        write("decide", SEP.join([b"GET", url.encode(), b"", b"cookie", b"session=1; ab-home=b"]))
    write("p2r", "m /((?!_next/static|_next/image|favicon.ico).*)\nm /dashboard/:path*\n"
                 "s /:a(\\d+)/:b? => /x/:a\nr /old/:p* => /new/:p*\nc x-v (?<v>[a-z]+)\n"
                 "r /o/:x => https://:x.example.com/\n? GET /old/a/b x-v: abc\n? GET /o/evil\n")
    print("seeds: " + ", ".join("%s %d" % kv for kv in sorted(n.items())))


if __name__ == "__main__":
    main()
