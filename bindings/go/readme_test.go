package routecore

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README's quickstart compiles as written and prints what its comments say: it is
// extracted, put in a module of its own that points at this one with a replace directive,
// and run with the module proxy turned off.
func TestReadmeQuickstart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- quickstart:begin[^>]*-->\\s*```go\\n(.*?)```\\s*<!-- quickstart:end -->").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no quickstart block")
	}
	src := string(m[1])
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gomod := "module quickstart\n\ngo 1.24\n\nrequire github.com/routecore/routecore/bindings/go v0.0.0\n\n" +
		"replace github.com/routecore/routecore/bindings/go => " + here + "\n"
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644)
	os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644)
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}
	// Every "// want" comment on a Println line is a line of the output, in order.
	var want []string
	for _, line := range strings.Split(src, "\n") {
		if strings.Contains(line, "fmt.Println(") {
			if i := strings.Index(line, "// "); i >= 0 {
				want = append(want, strings.TrimSpace(line[i+3:]))
			}
		}
	}
	got := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(want) == 0 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("quickstart printed\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
