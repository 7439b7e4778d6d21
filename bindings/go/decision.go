package routecore

/*
#include "routecore.h"
*/
import "C"

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Action is what the host should do with a request (ROUTING.md §6).
type Action uint8

// The actions (routecore_action; the numbers are the C ABI's).
const (
	ActionRoute            Action = C.ROUTECORE_ACTION_ROUTE              // call the handler of Decision.Route with Decision.Params
	ActionRedirect         Action = C.ROUTECORE_ACTION_REDIRECT           // answer Status with Location
	ActionRewriteExternal  Action = C.ROUTECORE_ACTION_REWRITE_EXTERNAL   // proxy the request to the absolute URL in Location
	ActionRespond          Action = C.ROUTECORE_ACTION_RESPOND            // answer Status with ResponseHeaders and Body (middleware)
	ActionOptions          Action = C.ROUTECORE_ACTION_OPTIONS            // answer 204 with Allow (automatic OPTIONS)
	ActionMethodNotAllowed Action = C.ROUTECORE_ACTION_METHOD_NOT_ALLOWED // answer 405 with Allow
	ActionNotFound         Action = C.ROUTECORE_ACTION_NOT_FOUND          // answer 404
	ActionBadRequest       Action = C.ROUTECORE_ACTION_BAD_REQUEST        // answer Status: 400, 414 or 431
	ActionNone             Action = C.ROUTECORE_ACTION_NONE               // no decision (never in a returned Decision)
)

var actionNames = [...]string{"route", "redirect", "rewrite_external", "respond", "options", "method_not_allowed", "not_found", "bad_request"}

// String is the action's name in the decision JSON: route, redirect, rewrite_external, respond,
// options, method_not_allowed, not_found, bad_request.
func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return "none"
}

// Reason is why a request got a 400, 404, 405, 414 or 431 decision (ROUTING.md §6): the
// core's stable reason number (routecore_context_reason). Its code and text come from the
// library, so they always match the core's JSON form.
type Reason uint32

// ReasonNone: the decision needs no reason (a route, a redirect, ...).
const ReasonNone Reason = C.ROUTECORE_REASON_NONE

// Code is the stable machine-readable code, e.g. "method_case"; "" for ReasonNone.
func (r Reason) Code() string { return goString(C.routecore_reason_code(C.uint32_t(r))) }

// Text is a short explanation for people that says what to change; "" for ReasonNone.
func (r Reason) Text() string { return goString(C.routecore_reason_text(C.uint32_t(r))) }

// String is the code.
func (r Reason) String() string { return r.Code() }

// Cache says whether a handler's response may be cached (ROUTING.md §3).
type Cache uint8

// The cache values (routecore_cache).
const (
	CacheNone    Cache = C.ROUTECORE_CACHE_NONE    // no handler runs
	CacheStatic  Cache = C.ROUTECORE_CACHE_STATIC  // cacheable; see Decision.Revalidate
	CacheDynamic Cache = C.ROUTECORE_CACHE_DYNAMIC // rendered per request
)

// String is the JSON name: "static", "dynamic", or "" for CacheNone.
func (c Cache) String() string {
	switch c {
	case CacheStatic:
		return "static"
	case CacheDynamic:
		return "dynamic"
	}
	return ""
}

// Route is the route a decision names.
type Route struct {
	Pattern string // e.g. /blog/[slug]
	Kind    Kind
	File    string // the source file, or ""
	ID      uint64 // your handler id
}

// Param is one named param of the matched route, in pattern order.
type Param struct {
	Key string // the name in the pattern: slug for [slug], [...slug] and [[...slug]]
	// Value is the percent-decoded value of [x]; for a catch-all, its segments joined with "/"
	// (use Values when a segment may itself contain a decoded "/").
	Value string
	// Values are the decoded segments of a catch-all ([...x], [[...x]]; never empty), or nil.
	Values   []string
	CatchAll bool
}

// Params are a decision's params in pattern order. An optional catch-all that matched nothing
// is absent.
type Params []Param

// ByName returns the value of the param called name, or "" (see Param.Value).
func (ps Params) ByName(name string) string {
	for i := range ps {
		if ps[i].Key == name {
			return ps[i].Value
		}
	}
	return ""
}

// Get returns the param called name.
func (ps Params) Get(name string) (Param, bool) {
	for i := range ps {
		if ps[i].Key == name {
			return ps[i], true
		}
	}
	return Param{}, false
}

// Pair is a name and a value: a query pair or a response header.
type Pair struct {
	Name, Value string
}

// HeaderChange is a change to the request headers the handler sees: set Name to Value, or,
// when Remove is set, delete Name.
type HeaderChange struct {
	Name   string
	Value  string
	Remove bool
}

// NoRevalidate is Decision.Revalidate when the response has no revalidate period.
const NoRevalidate int64 = -1

// Decision is what to do with one request (ROUTING.md §6). Every string is a Go copy: a
// Decision stays valid after the Router is swapped or closed.
type Decision struct {
	Action Action
	Status int    // the response status: 200 for ActionRoute, 204 for ActionOptions, ...
	Route  *Route // the matched route (ActionRoute, ActionOptions, ActionMethodNotAllowed), or nil
	Params Params
	// Pathname is the path the handler sees (Next.js request.nextUrl.pathname): canonical,
	// after rewrites, still percent-encoded, without the basePath; "" when the request never
	// got that far (a bad request).
	Pathname string
	// Query is the query the handler sees, after rewrites, decoded, in order (repeated keys
	// repeat).
	Query []Pair
	// QueryLists are the Query keys whose value is a list, in the order of their first pair:
	// a key with several pairs, or one a rewrite set from a list param (`?path=a` from
	// `:path*`) even with one value. The JSON form writes these as arrays, as Node's
	// ParsedUrlQuery has them. nil when no key is a list.
	QueryLists []string
	Location   string // the redirect target (ActionRedirect) or proxy URL (ActionRewriteExternal)
	Allow      string // the Allow header (ActionOptions, ActionMethodNotAllowed), e.g. "GET, HEAD, OPTIONS"
	// RequestHeaders are middleware's changes to the request headers the handler sees, in
	// order. Client-sent x-middleware-* and x-nextjs-* headers are always removed.
	RequestHeaders []HeaderChange
	// ResponseHeaders are headers to add to the response, in order, with lower-case names
	// (a 308 redirect carries "refresh: 0;url=<location>" here).
	ResponseHeaders []Pair
	Body            []byte // the body of ActionRespond; nil when there is none
	Middleware      bool   // whether middleware ran
	Cache           Cache
	Revalidate      int64 // the revalidate period of a static response in seconds, or NoRevalidate
	HeadViaGet      bool  // HEAD is served by the GET handler: run it and send no body
	Vary            []string
	// Reason says why the request got a 400, 404, 405, 414 or 431 (Code "method_case",
	// "target_not_origin_form", ...); ReasonNone for every other action.
	Reason Reason

	route Route // Route points here
}

// QueryValues returns Query as url.Values (losing the order across keys).
func (d *Decision) QueryValues() url.Values {
	v := make(url.Values, len(d.Query))
	for _, p := range d.Query {
		v[p.Name] = append(v[p.Name], p.Value)
	}
	return v
}

// MarshalJSON writes the decision in its JSON form (ROUTING.md §6.1), the shape of
// routecore_context_json and the CLI's --json. A query key is an array when it is in
// QueryLists or has several pairs, else a string.
func (d *Decision) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	str := func(s string) {
		enc, _ := json.Marshal(s)
		b.Write(enc)
	}
	optStr := func(s string) {
		if s == "" {
			b.WriteString("null")
		} else {
			str(s)
		}
	}
	b.WriteString(`{"action":`)
	str(d.Action.String())
	b.WriteString(`,"status":`)
	b.WriteString(strconv.Itoa(d.Status))
	b.WriteString(`,"route":`)
	if d.Route == nil {
		b.WriteString("null")
	} else {
		b.WriteString(`{"pattern":`)
		str(d.Route.Pattern)
		b.WriteString(`,"kind":`)
		str(d.Route.Kind.String())
		b.WriteString(`,"file":`)
		optStr(d.Route.File)
		b.WriteString(`,"id":`)
		b.WriteString(strconv.FormatUint(d.Route.ID, 10))
		b.WriteByte('}')
	}
	b.WriteString(`,"params":{`)
	for i, p := range d.Params {
		if i > 0 {
			b.WriteByte(',')
		}
		str(p.Key)
		b.WriteByte(':')
		if p.CatchAll {
			b.WriteByte('[')
			for j, v := range p.Values {
				if j > 0 {
					b.WriteByte(',')
				}
				str(v)
			}
			b.WriteByte(']')
		} else {
			str(p.Value)
		}
	}
	b.WriteString(`},"pathname":`)
	optStr(d.Pathname)
	b.WriteString(`,"query":{`)
	for i, p := range d.Query {
		first := true
		for _, q := range d.Query[:i] {
			if q.Name == p.Name {
				first = false
				break
			}
		}
		if !first {
			continue
		}
		if b.Bytes()[b.Len()-1] != '{' {
			b.WriteByte(',')
		}
		str(p.Name)
		b.WriteByte(':')
		var vals []string
		for _, q := range d.Query[i:] {
			if q.Name == p.Name {
				vals = append(vals, q.Value)
			}
		}
		if len(vals) == 1 && !slices.Contains(d.QueryLists, p.Name) {
			str(vals[0])
		} else {
			b.WriteByte('[')
			for j, v := range vals {
				if j > 0 {
					b.WriteByte(',')
				}
				str(v)
			}
			b.WriteByte(']')
		}
	}
	b.WriteString(`},"location":`)
	optStr(d.Location)
	b.WriteString(`,"allow":`)
	optStr(d.Allow)
	b.WriteString(`,"request_headers":{`)
	for i, h := range d.RequestHeaders {
		if i > 0 {
			b.WriteByte(',')
		}
		str(h.Name)
		b.WriteByte(':')
		if h.Remove {
			b.WriteString("null")
		} else {
			str(h.Value)
		}
	}
	b.WriteString(`},"response_headers":[`)
	for i, h := range d.ResponseHeaders {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		str(h.Name)
		b.WriteByte(',')
		str(h.Value)
		b.WriteByte(']')
	}
	b.WriteString(`],"body":`)
	if d.Body == nil {
		b.WriteString("null")
	} else {
		str(strings.ToValidUTF8(string(d.Body), "\uFFFD"))
	}
	b.WriteString(`,"middleware":`)
	b.WriteString(strconv.FormatBool(d.Middleware))
	b.WriteString(`,"cache":`)
	optStr(d.Cache.String())
	b.WriteString(`,"revalidate":`)
	if d.Revalidate < 0 {
		b.WriteString("null")
	} else {
		b.WriteString(strconv.FormatInt(d.Revalidate, 10))
	}
	b.WriteString(`,"head_via_get":`)
	b.WriteString(strconv.FormatBool(d.HeadViaGet))
	b.WriteString(`,"vary":[`)
	for i, v := range d.Vary {
		if i > 0 {
			b.WriteByte(',')
		}
		str(v)
	}
	b.WriteString(`],"reason":`)
	if d.Reason == ReasonNone {
		b.WriteString("null")
	} else {
		b.WriteString(`{"code":`)
		str(d.Reason.Code())
		b.WriteString(`,"text":`)
		str(d.Reason.Text())
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
