# salvage — see README.md. `make check` before every commit.
GO      ?= go
BIN     := bin
OUT     ?= out
DEMO    := .demo
REPLAY  := testdata/replay
SEED    ?= https://minusma.unmissions.org/en
FUZZTIME ?= 60s
FUZZMINTIME ?= 10s
MODULE  := github.com/salvage-archive/salvage

.PHONY: all build test race fmt-check vet lint deps-check tidy-check fuzz bench bench-go bench-scale bench-store wget demo e2e check replay-deps clean

all: build

build:
	$(GO) build -o $(BIN)/salvage ./cmd/salvage
	$(GO) build -o $(BIN)/salvage-replica ./cmd/salvage-replica
	$(GO) build -o $(BIN)/salvage-bench ./cmd/salvage-bench

# The whole suite, always with the race detector; then the page of 100,000
# links at full size, which the race detector would take minutes over.
test:
	$(GO) test -race -count=1 -timeout 15m ./...
	$(GO) test -count=1 -run '^TestHundredThousandLinks$$' ./cmd/salvage/

race: test

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

lint: fmt-check vet

# The package arrows of docs/ARCHITECTURE.md.
deps-check:
	@.ci/deps-check.sh

tidy-check:
	@cp go.mod /tmp/salvage-go.mod.bak && cp go.sum /tmp/salvage-go.sum.bak; \
	$(GO) mod tidy; \
	if ! cmp -s go.mod /tmp/salvage-go.mod.bak || ! cmp -s go.sum /tmp/salvage-go.sum.bak; then \
	  echo "go mod tidy changes go.mod/go.sum"; cp /tmp/salvage-go.mod.bak go.mod; cp /tmp/salvage-go.sum.bak go.sum; exit 1; fi

check: fmt-check vet deps-check tidy-check test

# Every fuzz target for FUZZTIME each (new inputs minimised for at most FUZZMINTIME:
# the WARC targets run ~50 ms an input, and Go's default of 60 s a minimisation starves them).
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) $$pkg || exit 1; \
	  done; done

# salvage against GNU wget on the replica (its own process), both regimes; see README "Benchmarks".
BENCH_JSON  ?= bench.json
BENCH_FLAGS ?=
bench: build wget
	$(BIN)/salvage-bench --json $(BENCH_JSON) $(BENCH_FLAGS)

# pages/s and peak RSS of salvage at 3,000 and 30,000 articles.
bench-scale: build
	$(BIN)/salvage-bench --scale 3000,30000 --runs 1 --json bench-scale.json $(BENCH_FLAGS)

# The Go benchmarks (extraction, canonicalization, WARC writing, index, frontier, link checks, a crawl).
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# The frontier's storage workload on bbolt and on pebble at 1,000,000 URLs (its own module, so pebble
# stays out of salvage's go.mod); see docs/ARCHITECTURE.md.
STORE_URLS ?= 1000000
STORE_ROUNDS ?= 1
bench-store:
	cd crawler/frontier/storebench && $(GO) run . -n $(STORE_URLS) -rounds $(STORE_ROUNDS)

wget:
	@command -v wget >/dev/null || (apt-get update && apt-get install -y wget)

# The main job on the bundled replica: serve minusma.unmissions.org on loopback and crawl it into ./out.
demo: build
	@rm -rf $(OUT) $(DEMO) && mkdir -p $(DEMO)
	@$(BIN)/salvage-replica --flags-file $(DEMO)/flags --ca-file $(DEMO)/ca.pem --log $(DEMO)/replica.log >$(DEMO)/replica.out 2>&1 & echo $$! > $(DEMO)/pid; \
	for i in $$(seq 100); do [ -s $(DEMO)/flags ] && break; sleep 0.1; done; \
	[ -s $(DEMO)/flags ] || { echo "replica did not start"; cat $(DEMO)/replica.out; kill $$(cat $(DEMO)/pid); exit 1; }; \
	$(BIN)/salvage crawl --out $(OUT) --wacz --delay 0 --workers 8 --host-concurrency 4 $$(cat $(DEMO)/flags) $(SEED); rc=$$?; \
	kill $$(cat $(DEMO)/pid) 2>/dev/null; exit $$rc

# Node tools for the end-to-end checks (warcio.js, ReplayWeb.page, playwright-core; pinned by package-lock.json).
replay-deps:
	@[ -d $(REPLAY)/node_modules ] || (cd $(REPLAY) && npm ci --no-audit --no-fund)

# End to end: the demo crawl checked by warcio.js and replayed in ReplayWeb.page (needs chromium).
e2e: replay-deps demo
	OUT=$(OUT) SEED=$(SEED) .ci/e2e.sh

clean:
	rm -rf $(BIN) $(OUT) $(DEMO)
