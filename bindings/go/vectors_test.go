package routecore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The shared conformance vectors (tests/vectors/README.md), replayed through the binding.
// Each case is compared through the typed Decision (MatchRaw, converted to the §6.1 JSON
// shape by Decision.MarshalJSON), so the typed path is what is tested; the core's own JSON
// (MatchJSON) must equal the typed form on every field of every case, and as text.

type vectorFile struct {
	Description string        `json:"description"`
	Groups      []vectorGroup `json:"groups"`
}

type vectorGroup struct {
	Name         string          `json:"name"`
	Config       json.RawMessage `json:"config"`
	ExpectRoutes []string        `json:"expect_routes"`
	ExpectErrors []string        `json:"expect_errors"`
	Cases        []vectorCase    `json:"cases"`
}

type vectorCase struct {
	Method  string         `json:"method"`
	URL     string         `json:"url"`
	Host    string         `json:"host"`
	Headers [][2]string    `json:"headers"`
	Expect  map[string]any `json:"expect"`
}

func vectorFiles(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("..", "..", "tests", "vectors", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vector files found (%v)", err)
	}
	return files
}

// plainReads counts the vector cases Handler reads as plain routes; lookups, those also read
// through Lookup.
var plainReads, lookups int

// handlerRead reads a decision the way Handler does (wantRoute): a plain route through
// plainDecision, anything else through the packed form.
func (r *Router) handlerRead(method, target, host string, headers [][2]string) (*Decision, bool, error) {
	m := contexts.Get().(*matchCtx)
	defer contexts.Put(m)
	m.reset()
	for _, h := range headers {
		m.addHeader(h[0], h[1])
	}
	if err := r.match(m, method, target, host, wantRoute); err != nil {
		return nil, false, err
	}
	if m.s.sum.simple == 0 {
		return m.decision(), false, nil
	}
	d := &Decision{}
	m.plainDecision(d, target)
	return d, true, nil
}

func TestVectors(t *testing.T) {
	total, groups := 0, 0
	plainReads, lookups = 0, 0
	for _, file := range vectorFiles(t) {
		name := filepath.Base(file)
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var vf vectorFile
			if err := json.Unmarshal(raw, &vf); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			for _, g := range vf.Groups {
				groups++
				total += runGroup(t, name, g)
			}
		})
	}
	t.Logf("%d groups, %d cases replayed through the typed Decision (%d plain routes through Handler's read, %d through Lookup)", groups, total, plainReads, lookups)
	if total < 1000 {
		t.Errorf("only %d cases replayed", total)
	}
	if plainReads < 100 {
		t.Errorf("only %d cases read as plain routes", plainReads)
	}
}

func runGroup(t *testing.T, file string, g vectorGroup) (cases int) {
	t.Helper()
	r, err := FromConfig(g.Config)
	if g.ExpectErrors != nil {
		if err == nil {
			r.Close()
			t.Errorf("%s / %s: built, expected errors %q", file, g.Name, g.ExpectErrors)
			return
		}
		be, ok := err.(*BuildError)
		if !ok || len(be.Messages) == 0 {
			t.Errorf("%s / %s: want *BuildError with messages, got %T %v", file, g.Name, err, err)
			return
		}
		for _, want := range g.ExpectErrors {
			found := false
			for _, m := range be.Messages {
				if strings.Contains(strings.ToLower(m), strings.ToLower(want)) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s / %s: no error mentions %q in %q", file, g.Name, want, be.Messages)
			}
		}
		return
	}
	if err != nil {
		t.Errorf("%s / %s: build failed: %v", file, g.Name, err)
		return
	}
	defer r.Close()
	if g.ExpectRoutes != nil {
		routes, err := r.Routes()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, rt := range routes {
			got = append(got, rt.Pattern)
		}
		if !reflect.DeepEqual(got, g.ExpectRoutes) {
			t.Errorf("%s / %s: routes %q, want %q", file, g.Name, got, g.ExpectRoutes)
		}
	}
	for _, c := range g.Cases {
		cases++
		where := fmt.Sprintf("%s / %s: %s %.100q", file, g.Name, c.Method, c.URL)
		d, err := r.MatchRaw(c.Method, c.URL, c.Host, c.Headers)
		if err != nil {
			t.Errorf("%s: %v", where, err)
			continue
		}
		// Handler's read (plain routes from views, the rest packed) gives the same Decision.
		if hd, plain, err := r.handlerRead(c.Method, c.URL, c.Host, c.Headers); err != nil {
			t.Errorf("%s: handler read: %v", where, err)
		} else {
			if plain {
				plainReads++
			}
			if !reflect.DeepEqual(hd, d) {
				t.Errorf("%s: handler read (plain %v)\n    %+v\nMatchRaw\n    %+v", where, plain, hd, d)
			}
		}
		// Lookup's read (the route id and params alone) agrees with the whole decision for
		// the same method and target.
		if bare, err := r.MatchRaw(c.Method, c.URL, "", nil); err != nil {
			t.Errorf("%s: MatchRaw without host and headers: %v", where, err)
		} else {
			lookups++
			id, ps, ok := r.Lookup(c.Method, c.URL)
			routed := bare.Action == ActionRoute
			if ok != routed || (ok && (id != bare.Route.ID || len(ps) != len(bare.Params) ||
				(len(ps) > 0 && !reflect.DeepEqual(ps, bare.Params)))) {
				t.Errorf("%s: Lookup %d %+v %v, decision %s %+v", where, id, ps, ok, bare.Action, bare.Params)
			}
		}
		typed := toJSONMap(t, d)
		coreText, err := r.MatchJSON(c.Method, c.URL, c.Host, c.Headers)
		if err != nil {
			t.Errorf("%s: MatchJSON: %v", where, err)
			continue
		}
		var core map[string]any
		if err := json.Unmarshal(coreText, &core); err != nil {
			t.Errorf("%s: core JSON: %v", where, err)
			continue
		}
		// The typed Decision carries every field of the core's decision.
		if len(typed) != len(core) {
			t.Errorf("%s: typed form has %d keys, core %d", where, len(typed), len(core))
		}
		for k, cv := range core {
			tv := typed[k]
			if !reflect.DeepEqual(tv, cv) {
				t.Errorf("%s: %s: typed %s, core %s", where, k, show(tv), show(cv))
			}
		}
		// And the same text, key order included, once escaped as encoding/json escapes
		// every string (<, >, & and U+2028/9 as \u escapes; the core writes them as is).
		typedText, _ := d.MarshalJSON()
		var escaped bytes.Buffer
		json.HTMLEscape(&escaped, coreText)
		if !bytes.Equal(typedText, escaped.Bytes()) {
			t.Errorf("%s: typed JSON\n    %s\ncore JSON, escaped\n    %s", where, typedText, escaped.Bytes())
		}
		// The vector's expectations, checked on the typed form.
		for k, want := range c.Expect {
			got, present := typed[k]
			same := false
			switch {
			case k == "route":
				wm, wok := want.(map[string]any)
				gm, gok := got.(map[string]any)
				if wok && gok {
					same = true
					for rk, rv := range wm {
						if !reflect.DeepEqual(gm[rk], rv) {
							same = false
						}
					}
				} else {
					same = reflect.DeepEqual(got, want)
				}
			case !present:
				same = want == nil
			default:
				same = reflect.DeepEqual(got, want)
			}
			if !same {
				t.Errorf("%s\n    %s: expected %s, got %s", where, k, show(want), show(got))
			}
		}
	}
	return cases
}

func toJSONMap(t testing.TB, d *Decision) map[string]any {
	t.Helper()
	text, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(text, &m); err != nil {
		t.Fatalf("typed decision JSON %s: %v", text, err)
	}
	return m
}

func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
