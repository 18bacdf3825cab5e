# hbc — handbook compiler and lean MCP runtime.
#   make demo    set up, build the example bundle, start the ACME server and `hbc serve`, show an agent session
#   make test    set up, check formatting, build, run the Swift and command-line tests
#   make format-check  check that the files in .swift-format-paths are formatted (scripts/format-check.sh)
#   make bench   release build, run the benchmarks, write bench/results/
#   make model   fetch the all-MiniLM-L6-v2 embedding model (once, into ~/.cache/hbc/models)
#   make conformance  check acme-analytics-server against its OpenAPI spec with schemathesis

SWIFT ?= swift
HBC_DEBUG := .build/debug/hbc
HBC_RELEASE := .build/release/hbc
OUT := out

.PHONY: all setup model build release test format-check demo bench conformance clean

all: build

setup:
	@scripts/setup.sh

model:
	@scripts/fetch-model.sh

build: setup
	$(SWIFT) build

# Function sections: each function its own section, so the release link can lay out the code `hbc serve` runs
# together (bench/link_order.py, Package.swift's releaseLinkFlags). SwiftPM keeps objects compiled with other flags
# until their sources change, so a release tree built with other flags (`.build/release-flags` records them) is
# removed first: one full release build.
RELEASE_FLAGS := -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections

release: setup
	@if [ -d .build/release ] && [ "$$(cat .build/release-flags 2>/dev/null)" != "$(RELEASE_FLAGS)" ]; then \
	  echo "release tree built with other flags: removing it for a full release build"; \
	  rm -rf .build/release .build/*/release; \
	fi
	$(SWIFT) build -c release $(RELEASE_FLAGS)
	@echo "$(RELEASE_FLAGS)" > .build/release-flags

format-check:
	@scripts/format-check.sh

# The tests' temporary files (bundles, state databases, fixture handbooks) go to one folder, removed when the tests
# pass and kept, with its path printed, when they fail. The test PostgreSQL server runs as its own user, which must
# be able to enter the folder.
test: format-check build model
	@tmp=$$(mktemp -d "$${TMPDIR:-/tmp}/hbc-test.XXXXXX") && chmod 755 "$$tmp" && \
	  TMPDIR=$$tmp $(SWIFT) test && \
	  TMPDIR=$$tmp HBC=$(HBC_DEBUG) python3 -m pytest -q Tests/cli Tests/integration; \
	  status=$$?; \
	  if [ $$status -eq 0 ]; then rm -rf "$$tmp"; else echo "test files kept in $$tmp"; fi; \
	  exit $$status

demo: release model
	@mkdir -p $(OUT)
	$(HBC_RELEASE) build handbooks/acme-analytics -o $(OUT)/acme-analytics.hb
	$(HBC_RELEASE) inspect $(OUT)/acme-analytics.hb
	python3 scripts/demo.py --bundle $(OUT)/acme-analytics.hb --bin .build/release

bench: release model
	@bench/setup.sh
	HBC=$(HBC_RELEASE) python3 bench/build_bench.py
	HBC=$(HBC_RELEASE) python3 bench/retrieval_bench.py
	HBC=$(HBC_RELEASE) python3 bench/acme_search_bench.py
	HBC=$(HBC_RELEASE) python3 bench/planning_bench.py
	HBC=$(HBC_RELEASE) python3 bench/made_up_bench.py
	HBC=$(HBC_RELEASE) python3 bench/plan_cache_bench.py
	HBC=$(HBC_RELEASE) python3 bench/serve_bench.py
	HBC=$(HBC_RELEASE) python3 bench/peer_bench.py
	HBC=$(HBC_RELEASE) python3 bench/load_memory_bench.py
	HBC=$(HBC_RELEASE) python3 bench/release_bench.py
	HBC=$(HBC_RELEASE) python3 bench/shaping_bench.py
	HBC=$(HBC_RELEASE) python3 bench/feedback_bench.py
	HBC=$(HBC_RELEASE) python3 bench/transcripts_bench.py

conformance: build
	scripts/acme-conformance.sh

clean:
	rm -rf .build $(OUT)
