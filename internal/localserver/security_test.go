package localserver

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// do sends a request to url with the given method, body and headers (Host
// among them) and returns the status and body.
func do(t *testing.T, method, url string, body []byte, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", "localserver-test/1")
	for k, v := range header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// DNS rebinding: a page of attacker.example whose name now resolves to
// 127.0.0.1 reaches the server with its own name in Host. Nothing answers it,
// neither the pages and the JSON API (which hold the prompts) nor ingestion.
func TestHostCheck(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	if code, body := post(t, hs.URL, validBatch(t), nil); code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	id := list(t, hs.URL, "").Traces[0].TraceID
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(hs.URL, "http://"))
	for _, host := range []string{"attacker.example", "attacker.example:" + port, "localhost.attacker.example:" + port,
		"127.0.0.1.nip.io:" + port, "192.168.1.10:" + port, "localhost.:" + port, "[::2]:" + port} {
		for _, path := range []string{"/", "/api/local/traces", "/api/local/traces/" + id, "/traces/" + id} {
			code, body := do(t, http.MethodGet, hs.URL+path, nil, map[string]string{"Host": host})
			if code != http.StatusMisdirectedRequest {
				t.Errorf("GET %s with Host %q: %d, want 421", path, host, code)
			}
			if strings.Contains(body, id) || strings.Contains(body, "agent.planner") {
				t.Errorf("GET %s with Host %q leaked the trace: %s", path, host, body)
			}
			if !strings.Contains(body, "-allow-host") || (host != "" && !strings.Contains(body, host)) {
				t.Errorf("GET %s with Host %q: the refusal does not say why nor what to do: %s", path, host, body)
			}
		}
		code, _ := do(t, http.MethodPost, hs.URL+tracesPath, validBatch(t), map[string]string{"Host": host, "Content-Type": "application/json"})
		if code != http.StatusMisdirectedRequest {
			t.Errorf("POST with Host %q: %d, want 421", host, code)
		}
	}
	for _, host := range []string{"localhost:" + port, "LocalHost:" + port, "localhost", "127.0.0.1:" + port, "127.0.0.1",
		"127.1.2.3:8080", "[::1]:" + port, "[::1]"} {
		if code, body := do(t, http.MethodGet, hs.URL+"/api/local/traces", nil, map[string]string{"Host": host}); code != http.StatusOK {
			t.Errorf("GET with loopback Host %q: %d %s, want 200", host, code, body)
		}
	}
}

// A name given with WithAllowedHosts is accepted, with any port.
func TestAllowedHosts(t *testing.T) {
	s, err := New(t.TempDir(), WithAllowedHosts("devbox.lan", "Build-Host:4319"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for host, want := range map[string]int{
		"devbox.lan": http.StatusOK, "devbox.lan:4319": http.StatusOK, "DEVBOX.lan:1234": http.StatusOK,
		"build-host:4319": http.StatusOK, "build-host": http.StatusOK,
		"other.lan:4319": http.StatusMisdirectedRequest, "": http.StatusMisdirectedRequest, "devbox.lan.attacker.example": http.StatusMisdirectedRequest,
	} {
		r, _ := http.NewRequest(http.MethodGet, "http://x/api/local/traces", nil)
		r.Host = host
		w := newRecorder()
		s.ServeHTTP(w, r)
		if w.code != want {
			t.Errorf("Host %q: %d, want %d", host, w.code, want)
		}
	}
	if _, err := New(t.TempDir(), WithAllowedHosts("bad host/")); err == nil || !strings.Contains(err.Error(), "bad host/") {
		t.Errorf("a bad allowed host: %v, want an error naming it", err)
	}
}

// recorder is a minimal http.ResponseWriter.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func newRecorder() *recorder                    { return &recorder{header: http.Header{}, code: http.StatusOK} }
func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(code int)        { r.code = code }

// addrListener is a real listener that reports another address, as one bound
// to a LAN address or to every interface would.
type addrListener struct {
	net.Listener
	addr net.Addr
}

func (l addrListener) Addr() net.Addr { return l.addr }

// The address Serve listens on is one of the server's names: a server
// started with -addr 192.0.2.1:4319 answers Host 192.0.2.1:4319. One bound to
// every interface answers any IP address (a rebinding attack needs a name),
// but still no name it was not given.
func TestHostOfListener(t *testing.T) {
	for _, tc := range []struct {
		listen       string
		allow, refus []string
	}{
		{"192.0.2.1:4319", []string{"192.0.2.1:4319", "localhost:4319"}, []string{"192.0.2.2:4319", "evil.example:4319"}},
		{"[2001:db8::1]:4319", []string{"[2001:db8::1]:4319"}, []string{"[2001:db8::2]:4319", "evil.example"}},
		{"0.0.0.0:4319", []string{"192.0.2.7:4319", "[2001:db8::5]:4319", "127.0.0.1:4319"}, []string{"evil.example:4319", "192.0.2.7.nip.io:4319"}},
		{"[::]:4319", []string{"192.0.2.7:4319", "[2001:db8::5]:4319"}, []string{"evil.example:4319"}},
	} {
		t.Run(tc.listen, func(t *testing.T) {
			srv, err := New(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			fake, err := net.ResolveTCPAddr("tcp", tc.listen)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- srv.Serve(ctx, addrListener{ln, fake}) }()
			defer func() {
				cancel()
				if err := <-done; err != nil {
					t.Error(err)
				}
			}()
			url := "http://" + ln.Addr().String() + "/api/local/traces"
			for _, h := range tc.allow {
				if code, body := do(t, http.MethodGet, url, nil, map[string]string{"Host": h}); code != http.StatusOK {
					t.Errorf("Host %q: %d %s, want 200", h, code, body)
				}
			}
			for _, h := range tc.refus {
				if code, _ := do(t, http.MethodGet, url, nil, map[string]string{"Host": h}); code != http.StatusMisdirectedRequest {
					t.Errorf("Host %q: %d, want 421", h, code)
				}
			}
		})
	}
}

// Any web page can POST to the server from the user's browser (a "simple"
// cross-origin request needs no preflight): such writes are refused and
// nothing is stored. SDK clients send no Origin and keep working.
func TestCrossOriginWritesRefused(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	for _, h := range []map[string]string{
		{"Content-Type": "text/plain", "Origin": "http://evil.example"},
		{"Content-Type": "text/plain", "Origin": "null"},
		{"Content-Type": "application/json", "Origin": "http://localhost:3000"},
		{"Content-Type": "text/plain", "Sec-Fetch-Site": "cross-site"},
		{"Content-Type": "text/plain", "Sec-Fetch-Site": "same-site", "Origin": "http://localhost:3000"},
	} {
		code, body := do(t, http.MethodPost, hs.URL+tracesPath, validBatch(t), h)
		if code != http.StatusForbidden || !strings.Contains(body, "cross-origin") || !strings.Contains(body, "-allow-origin") {
			t.Errorf("POST with %v: %d %s, want 403 explaining the refusal", h, code, body)
		}
	}
	if n := len(list(t, hs.URL, "").Traces); n != 0 {
		t.Fatalf("%d traces stored by cross-origin writes, want 0", n)
	}
	// The server's own origin, and a client without Origin (every SDK).
	if code, body := do(t, http.MethodPost, hs.URL+tracesPath, validBatch(t),
		map[string]string{"Content-Type": "application/json", "Origin": hs.URL, "Sec-Fetch-Site": "same-origin"}); code != http.StatusOK {
		t.Errorf("same-origin POST: %d %s", code, body)
	}
	if code, body := post(t, hs.URL, validBatch(t), nil); code != http.StatusOK {
		t.Errorf("POST without Origin: %d %s", code, body)
	}
}

// A browser app the user runs on purpose can be trusted by its origin.
func TestTrustedOrigins(t *testing.T) {
	s, err := New(t.TempDir(), WithTrustedOrigins("http://localhost:3000"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for origin, want := range map[string]int{"http://localhost:3000": http.StatusOK, "http://localhost:3001": http.StatusForbidden} {
		r, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:4319"+tracesPath, bytes.NewReader(validBatch(t)))
		r.Header.Set("Origin", origin)
		r.Header.Set("Sec-Fetch-Site", "same-site")
		r.Header.Set("User-Agent", "browser-app/1")
		r.Header.Set("Content-Type", "application/json") // as the ingestion API requires of every client
		w := newRecorder()
		s.ServeHTTP(w, r)
		if w.code != want {
			t.Errorf("Origin %s: %d %s, want %d", origin, w.code, w.body.String(), want)
		}
	}
	if _, err := New(t.TempDir(), WithTrustedOrigins("localhost:3000/x")); err == nil || !strings.Contains(err.Error(), "localhost:3000/x") {
		t.Errorf("a bad origin: %v, want an error naming it", err)
	}
}

// Every answer forbids scripts, framing and foreign resources: a second wall
// behind html/template's escaping of the stored prompts.
func TestSecurityHeaders(t *testing.T) {
	_, hs := startServer(t, t.TempDir())
	for _, path := range []string{"/", "/summary", "/api/local/traces", "/traces/nope"} {
		resp, err := http.Get(hs.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "script-src") {
			t.Errorf("%s: Content-Security-Policy %q", path, csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, resp.Header)
		}
	}
}
