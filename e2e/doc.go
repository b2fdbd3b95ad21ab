// Package e2e holds the module's end-to-end tests: the helpers (llm,
// agents), Init, the redactor and the exporter together, delivering over
// HTTP to a noveumtest receiver, checked against what a Noveum service and
// the Python SDK would see. It has no API; `go test ./...` runs it.
//
// Where the other tests live: each package's own tests beside it (the
// exporter's against a noveumtest receiver in exporter/receiver_test.go,
// Init's in the root package), each example's check of its printed output
// in its main_test.go, and the demo's in cmd/noveum-demo.
package e2e
