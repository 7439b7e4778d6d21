package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Builds the server, starts it on a loopback port over a copy of examples/shop, drives it
// with an HTTP client, reloads it with SIGHUP (hot swap) and stops it with SIGTERM.
func TestServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "server")
	build := exec.Command("go", "build", "-buildvcs=false", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		t.Fatalf("go build: %v", err)
	}
	project := filepath.Join(dir, "shop")
	config, err := os.ReadFile("../../../../examples/shop/routecore.json")
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(project, 0o755)
	writeConfig := func(text []byte) {
		if err := os.WriteFile(filepath.Join(project, "routecore.json"), text, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig(config)

	cmd := exec.Command(bin, "-project", project, "-addr", "127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	var logs strings.Builder
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "listening on http://127.0.0.1:") {
		t.Fatalf("first line %q (%v); stderr:\n%s", line, err, logs.String())
	}
	base := strings.Fields(strings.TrimPrefix(line, "listening on "))[0]
	client := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path string, hdr map[string]string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}

	res, body := do("GET", "/products/42?ref=home", nil)
	var echo struct {
		Route  string         `json:"route"`
		Params map[string]any `json:"params"`
		Edge   string         `json:"edge"`
	}
	if res.StatusCode != 200 || json.Unmarshal([]byte(body), &echo) != nil || echo.Route != "/products/[id]" ||
		echo.Params["id"] != "42" || echo.Edge != "1" || res.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("GET /products/42: %d %q %v", res.StatusCode, body, res.Header)
	}
	if res, _ := do("GET", "/shop/7", nil); res.StatusCode != 308 || res.Header.Get("Location") != "/products/7" || res.Header.Get("Refresh") != "0;url=/products/7" {
		t.Errorf("redirect: %d %v", res.StatusCode, res.Header)
	}
	if res, body := do("POST", "/api/cart", nil); res.StatusCode != 401 || body != `{"error":"unauthorized"}` {
		t.Errorf("401: %d %q", res.StatusCode, body)
	}
	if res, _ := do("DELETE", "/api/health", map[string]string{"Authorization": "x"}); res.StatusCode != 405 || res.Header.Get("Allow") != "GET, HEAD, OPTIONS" {
		t.Errorf("405: %d %v", res.StatusCode, res.Header)
	}
	if res, body := do("OPTIONS", "/api/products", nil); res.StatusCode != 204 || res.Header.Get("Allow") != "GET, HEAD, OPTIONS, POST" || body != "" {
		t.Errorf("OPTIONS: %d %v %q", res.StatusCode, res.Header, body)
	}
	if res, body := do("HEAD", "/api/health", nil); res.StatusCode != 200 || body != "" {
		t.Errorf("HEAD: %d %q", res.StatusCode, body)
	}
	if res, _ := do("GET", "/nope", nil); res.StatusCode != 404 {
		t.Errorf("404: %d", res.StatusCode)
	}
	if res, _ := do("GET", "/"+strings.Repeat("a", 9000), nil); res.StatusCode != 414 {
		t.Errorf("414: %d", res.StatusCode)
	}

	// Hot reload: a new route appears without a restart.
	if res, _ := do("GET", "/new-page", nil); res.StatusCode != 404 {
		t.Fatalf("/new-page before reload: %d", res.StatusCode)
	}
	writeConfig([]byte(strings.Replace(string(config), `"routes": [`, `"routes": [{"pattern": "/new-page", "kind": "page", "id": 500},`, 1)))
	cmd.Process.Signal(syscall.SIGHUP)
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, body := do("GET", "/new-page", nil)
		if res.StatusCode == 200 {
			if !strings.Contains(body, `"handler":"fallback"`) || !strings.Contains(body, `"id":500`) {
				t.Errorf("/new-page after reload: %q", body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("reload did not take effect; stderr:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A broken project keeps the old table.
	writeConfig([]byte(`{"routes": [{"pattern": "/[a]/[b]", "kind": "page"}, {"pattern": "/[c]/x", "kind": "page"}]`))
	cmd.Process.Signal(syscall.SIGHUP)
	time.Sleep(200 * time.Millisecond)
	if res, _ := do("GET", "/products/1", nil); res.StatusCode != 200 {
		t.Errorf("after a failed reload: %d", res.StatusCode)
	}

	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit: %v; stderr:\n%s", err, logs.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop on SIGTERM")
	}
	for _, want := range []string{"GET /products/42?ref=home -> 200", "reloaded", "reload failed"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}
