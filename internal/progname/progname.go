// Package progname names the running program, the one default of both the
// Noveum project and the resource's service.name when neither a project
// (NOVEUM_PROJECT) nor a service name (OTEL_SERVICE_NAME) is set.
package progname

import (
	"os"
	"path/filepath"
	"strings"
)

// Fallback is the name used when the program's name is unknown.
const Fallback = "default"

// Name returns the program's name: the base name of os.Args[0] without a
// ".exe" suffix (Windows) or a ".test" suffix (a "go test" binary), so that
// "go run ./cmd/checkout", a built ./checkout and checkout.exe all give
// "checkout". It returns Fallback when os.Args is empty or the name is.
func Name() string {
	if len(os.Args) == 0 {
		return Fallback
	}
	return FromPath(os.Args[0])
}

// FromPath is Name for a given path of the program.
func FromPath(path string) string {
	name := filepath.Base(path)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 { // a Windows path on another system
		name = name[i+1:]
	}
	name = strings.TrimSuffix(name, ".exe")
	name = strings.TrimSuffix(name, ".test")
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == string(filepath.Separator) {
		return Fallback
	}
	return name
}
