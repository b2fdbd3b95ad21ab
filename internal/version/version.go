// Package version holds the SDK version, written on every payload and in the
// User-Agent header.
package version

// Version is the version of the noveum-trace-go module.
const Version = "0.1.0"
