package localserver_test

import (
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/Noveum/noveum-trace-go/internal/localserver"
)

// A server that keeps at most 1,000 traces or 64 MiB, answers under one more
// name than the loopback ones, and accepts traces from one browser app.
// Other names get 421, other origins' browser writes 403.
func ExampleNew() {
	dir, err := os.MkdirTemp("", "noveum-local-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	srv, err := localserver.New(dir,
		localserver.WithMaxTraces(1000), localserver.WithMaxBytes(64<<20),
		localserver.WithAllowedHosts("devbox.lan"), localserver.WithTrustedOrigins("http://localhost:3000"))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	hs := httptest.NewServer(srv)
	defer hs.Close()

	for _, host := range []string{"", "devbox.lan:4319", "attacker.example:4319"} {
		req, _ := http.NewRequest(http.MethodGet, hs.URL+"/api/local/traces", nil)
		if host != "" {
			req.Host = host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		resp.Body.Close()
		fmt.Println(shownHost(host), resp.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodPost, hs.URL+"/api/v1/traces", strings.NewReader(`{"traces":[]}`))
	req.Header.Set("Origin", "http://evil.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println("POST from http://evil.example:", resp.StatusCode)
	// Output:
	// 127.0.0.1 200
	// devbox.lan:4319 200
	// attacker.example:4319 421
	// POST from http://evil.example: 403
}

func shownHost(h string) string {
	if h == "" {
		return "127.0.0.1"
	}
	return h
}
