# The two commands a new machine needs: `make demo` and `make test`.
GO ?= go

.PHONY: demo test vet lint fmt-check unit bench-test bench fuzz

STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

## demo: start the local endpoint, trace a multi-agent conversation into it over HTTP, print what arrived,
## and serve the viewer until Ctrl-C (DEMO_EXIT=1: exit instead)
demo:
	$(GO) run ./cmd/noveum-demo

## test: the whole suite: formatting, vet, race-enabled tests, and the bench module's tests
test: fmt-check vet lint unit bench-test

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

## lint: staticcheck, fetched at a pinned version through the module proxy
lint:
	$(GO) run $(STATICCHECK) ./...
	cd bench && $(GO) run $(STATICCHECK) ./...

unit:
	$(GO) test -race -count=1 ./...

bench-test:
	cd bench && $(GO) vet ./... && $(GO) test -race -count=1 ./... && $(GO) test -count=1 -run TestMemoryBound -v ./...

## bench: the side-by-side benchmarks (see docs/performance.md)
bench:
	cd bench && for i in 1 2 3 4 5; do $(GO) test -run='^$$' -bench=. -benchtime=3s -count=1 . || exit 1; done
	cd bench && $(GO) test -run=TestMemoryBound -v -count=3 .

## fuzz: run each fuzz target briefly
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzAppendSpan -fuzztime=30s ./exporter/internal/wire
	$(GO) test -run='^$$' -fuzz=FuzzAppendString -fuzztime=30s ./exporter/internal/wire
