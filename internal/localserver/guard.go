package localserver

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
)

// guard keeps other web sites out. The server holds prompts and answers, so
// it answers only under its own names (the Host check, against DNS
// rebinding), and refuses writes that a browser sends on behalf of a page of
// another origin (against cross-site request forgery: a form or fetch of
// any page can POST text/plain without a preflight).
type guard struct {
	names   map[string]bool // allowed host names, lower case, without port
	origins *http.CrossOriginProtection

	mu        sync.RWMutex
	listenIPs map[netip.Addr]bool // the addresses Serve listens on
	anyIP     bool                // Serve listens on every interface
}

func newGuard(c config) (*guard, error) {
	g := &guard{names: map[string]bool{"localhost": true}, origins: http.NewCrossOriginProtection(),
		listenIPs: map[netip.Addr]bool{}}
	for _, h := range c.allowedHosts {
		name := hostName(h)
		if !validHostName(name) {
			return nil, fmt.Errorf("noveum-local: allowed host %q: want a host name or an IP address, with or without a port", h)
		}
		if ip, err := netip.ParseAddr(name); err == nil {
			g.listenIPs[ip.Unmap()] = true
			continue
		}
		g.names[name] = true
	}
	for _, o := range c.trustedOrigins {
		if err := g.origins.AddTrustedOrigin(o); err != nil {
			return nil, fmt.Errorf("noveum-local: trusted origin %q: want scheme://host[:port] such as http://localhost:3000: %w", o, err)
		}
	}
	return g, nil
}

// listenOn adds the address of a listener to the server's names. An
// unspecified address (0.0.0.0, ::) means every interface, so any IP
// address is accepted: DNS rebinding needs a name, which stays refused.
func (g *guard) listenOn(a net.Addr) {
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if ip := ap.Addr().Unmap(); ip.IsUnspecified() {
		g.anyIP = true
	} else {
		g.listenIPs[ip.WithZone("")] = true
	}
}

// hostAllowed reports whether the Host header names this server.
func (g *guard) hostAllowed(host string) bool {
	if host == "" {
		return false
	}
	if _, _, err := splitHostPort(host); err != nil {
		return false
	}
	name := hostName(host)
	if g.names[name] {
		return true
	}
	ip, err := netip.ParseAddr(name)
	if err != nil {
		return false
	}
	ip = ip.Unmap().WithZone("")
	if ip.IsLoopback() {
		return true
	}
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.anyIP || g.listenIPs[ip]
}

// check answers and returns false when r must not reach the handlers.
func (g *guard) check(w http.ResponseWriter, r *http.Request) bool {
	if !g.hostAllowed(r.Host) {
		writeError(w, http.StatusMisdirectedRequest, "noveum-local: Host "+strconv.Quote(r.Host)+
			" is not a name of this server, which answers only to localhost, 127.0.0.0/8, [::1], the address it listens on"+
			" and the names given with -allow-host (this refuses pages that reach it through DNS rebinding);"+
			" to use another name, start noveum-local with -allow-host NAME")
		return false
	}
	if err := g.origins.Check(r); err != nil {
		origin := r.Header.Get("Origin")
		if origin == "" {
			origin = "Sec-Fetch-Site: " + r.Header.Get("Sec-Fetch-Site")
		}
		writeError(w, http.StatusForbidden, "noveum-local: cross-origin write refused ("+origin+
			"): a web page of another origin may not send to this server; SDKs send no Origin header and are not affected;"+
			" to accept traces from a browser app, start noveum-local with -allow-origin scheme://host:port")
		return false
	}
	return true
}
