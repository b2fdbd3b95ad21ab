# The two commands a new machine needs: `make demo` and `make test`.
GO ?= go

.PHONY: demo collector test vet lint fmt-check unit modules-test bench-test bench bench-e2e fuzz

STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

## demo: start the local endpoint, trace a multi-agent conversation into it over HTTP, print what arrived,
## and serve the viewer until Ctrl-C (DEMO_EXIT=1: exit instead)
demo:
	$(GO) run ./cmd/noveum-demo

## collector: run the noveum-collector distribution (an OpenTelemetry Collector with the
## noveum exporter) with docs/collector-example.yaml; see docs/collector.md
collector:
	cd exporter/noveumexporter && $(GO) run ./cmd/noveum-collector --config ../../docs/collector-example.yaml

# Every nested module (bench/, integration/*, ...): found by its go.mod, so a new
# module's tests run in `make test` (and CI) without editing this file.
MODULES := $(patsubst ./%/go.mod,%,$(shell find . -mindepth 2 -name go.mod -not -path './.git/*' | sort))
# Modules whose race-enabled build would push `make test` past its time budget
# list themselves here (see docs/performance.md); they run without -race.
NORACE_MODULES ?= exporter/noveumexporter

## test: the whole suite: formatting, vet, staticcheck, race-enabled tests of the core module and of every nested module
test: fmt-check vet lint unit modules-test

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## lint: staticcheck, fetched at a pinned version through the module proxy
lint:
	$(GO) run $(STATICCHECK) ./...
	@set -e; for m in $(MODULES); do echo "staticcheck $$m"; (cd $$m && $(GO) run $(STATICCHECK) ./...); done

unit:
	$(GO) test -race -count=1 ./...

## modules-test: vet and test every nested module (race-enabled unless listed in NORACE_MODULES)
modules-test:
	@set -e; for m in $(MODULES); do \
		echo "== module $$m"; \
		race=-race; case " $(NORACE_MODULES) " in *" $$m "*) race=;; esac; \
		(cd $$m && $(GO) vet ./... && $(GO) test $$race -count=1 ./...); \
	done
	cd bench && $(GO) test -count=1 -run TestMemoryBound -v ./...

bench-test: modules-test

## bench: the side-by-side benchmarks (see docs/performance.md)
bench:
	cd bench && for i in 1 2 3 4 5; do $(GO) test -run='^$$' -bench=. -benchtime=3s -count=1 . || exit 1; done
	cd bench && $(GO) test -run=TestMemoryBound -v -count=3 .

## bench-e2e: the end-to-end benchmark, Init with the llm/agents helpers against WithBatcher(otlptracehttp),
## paced and flat out, printing a table (about 11 minutes; E2E_FLAGS='-e2e.duration=2s -e2e.reps=1' for a
## short run; see docs/performance.md, "End-to-end pipeline (issue 10)")
E2E_FLAGS ?=
bench-e2e:
	cd bench && $(GO) test -count=1 -run='^TestEndToEnd$$' -v -timeout=90m . -e2e $(E2E_FLAGS)

## fuzz: run each fuzz target briefly
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzAppendSpan -fuzztime=30s ./exporter/internal/wire
	$(GO) test -run='^$$' -fuzz='^FuzzAppendString$$' -fuzztime=30s ./internal/jsontext
	$(GO) test -run='^$$' -fuzz=FuzzAppendStringHead -fuzztime=30s ./internal/jsontext
