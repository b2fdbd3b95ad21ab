package localserver

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/Noveum/noveum-trace-go/noveumtest"
)

// Option configures a Server; see New.
type Option interface{ apply(*config) }

// config is what the options set; newConfig fills in the defaults.
type config struct {
	allowedHosts   []string
	trustedOrigins []string
	maxTraces      int
	maxBytes       int64
	maxBody        int64 // request body limit, as sent and decoded; tests lower it
}

// The default limits of what a server holds; see WithMaxTraces.
const (
	DefaultMaxTraces       = 10_000
	DefaultMaxBytes  int64 = 256 << 20 // 256 MiB
)

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithAllowedHosts adds host names (or addresses) under which the server
// answers, besides localhost, 127.0.0.0/8, [::1] and the address Serve
// listens on. A port, if given, is ignored: the server answers a name
// whatever the port in front of it (an SSH tunnel or a container may map
// another one). Requests whose Host header names anything else are refused
// with 421, which is what keeps a web page from reading the stored traces
// through DNS rebinding. Options given more than once add up.
func WithAllowedHosts(hosts ...string) Option {
	return optionFunc(func(c *config) { c.allowedHosts = append(c.allowedHosts, hosts...) })
}

// WithTrustedOrigins adds browser origins ("scheme://host[:port]", such as
// "http://localhost:3000") allowed to send traces. By default a request that
// a browser sends from a page of another origin is refused with 403, so
// that no web page can write to the server; SDKs send no Origin header and
// are not affected. Options given more than once add up.
func WithTrustedOrigins(origins ...string) Option {
	return optionFunc(func(c *config) { c.trustedOrigins = append(c.trustedOrigins, origins...) })
}

// WithMaxTraces sets how many traces the server holds, in memory and in
// traces.jsonl, overriding DefaultMaxTraces. When a new trace would exceed
// it, or the size set by WithMaxBytes, the oldest traces (by arrival) are
// evicted. n must be positive.
func WithMaxTraces(n int) Option {
	return optionFunc(func(c *config) { c.maxTraces = n })
}

// WithMaxBytes sets how many bytes of traces the server holds, measured as
// their JSON lines in traces.jsonl, overriding DefaultMaxBytes; the memory
// they take is a small multiple of that. The newest trace is kept even when
// it alone is larger. n must be positive.
func WithMaxBytes(n int64) Option {
	return optionFunc(func(c *config) { c.maxBytes = n })
}

func newConfig(opts []Option) (config, error) {
	c := config{maxTraces: DefaultMaxTraces, maxBytes: DefaultMaxBytes, maxBody: noveumtest.DefaultMaxBodyBytes}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	if c.maxTraces < 1 {
		return c, fmt.Errorf("noveum-local: max traces %d: want a positive number", c.maxTraces)
	}
	if c.maxBytes < 1 {
		return c, fmt.Errorf("noveum-local: max bytes %d: want a positive number", c.maxBytes)
	}
	return c, nil
}

// hostName returns the lower-case host of a Host header value or of an
// allowed host: without its port and, for an IPv6 address, its brackets.
func hostName(host string) string {
	if h, _, err := splitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	return strings.ToLower(host)
}

// splitHostPort is net.SplitHostPort for values that may lack a port.
func splitHostPort(hostport string) (host, port string, err error) {
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 || strings.HasSuffix(hostport, "]") {
		return hostport, "", nil
	}
	if strings.HasPrefix(hostport, "[") {
		j := strings.IndexByte(hostport, ']')
		if j < 0 || j+1 != i {
			return "", "", fmt.Errorf("bad host %q", hostport)
		}
		return hostport[1:j], hostport[i+1:], nil
	}
	if strings.Count(hostport, ":") > 1 { // a bare IPv6 address
		return hostport, "", nil
	}
	return hostport[:i], hostport[i+1:], nil
}

// validHostName reports whether name is a DNS name or an IP address.
func validHostName(name string) bool {
	if _, err := netip.ParseAddr(name); err == nil {
		return true
	}
	if name == "" || len(name) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(name, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}
