# Twofold: the two commands a new developer needs are `make dev` and `make test`.
#
#   make dev     install what is missing, build the app and twofold-local, serve
#                both on http://localhost:8080 with the embedded store (.data/),
#                its notices mailed to MailDev (the inbox on http://127.0.0.1:1080)
#   make test    install what is missing, then every check and test (what CI runs):
#                the steps tools, lint (with build), app and tests, in that order;
#                each can be run alone (`make tests` reruns the tests on what is built)
#   make bench   every benchmark against its floor or baseline, measured in the
#                same run, into docs/PERFORMANCE.md (twofold-bench all)
#   make lambda  the Lambda functions as zip files for AWS (cargo-lambda)
#   make lint    tool versions, cfn-lint on the SAM template, rustfmt, the wasm32
#                check of the wire types, then `make build`, which is clippy's lint

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
# The PyPI tools' environment (scripts/install-tools.sh makes it).
PYTHON_ENV := $(or $(TWOFOLD_CACHE),$(HOME)/.cache/twofold)/python
export TWOFOLD_PYTHON := $(PYTHON_ENV)/bin/python
export PATH := $(HOME)/.cargo/bin:$(PYTHON_ENV)/bin:$(PATH)

PORT ?= 8080
DATA_DIR ?= .data
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
LOCAL_BIN := $(TARGET_DIR)/debug/twofold-local
# axe-core as `make tools` installs it (scripts/install-tools.sh browser).
AXE_JS := $(or $(TWOFOLD_CACHE),$(HOME)/.cache/twofold)/axe-core-$(shell . scripts/tool-versions && echo $$AXE_CORE_VERSION)/node_modules/axe-core/axe.min.js
# The server's features every workspace build and test is made with (one
# feature resolution, so artifacts are shared between the steps).
FEATURES := twofold-functions/local,twofold-functions/lambda
BROWSER_LOG := $(TARGET_DIR)/browser-tests.log
# Clippy lints the workspace's own crates as they are compiled: cargo runs
# them through clippy-driver (the workspace's compiler wrapper), with
# warnings denied (CLIPPY_ARGS is how `cargo clippy` hands its arguments to
# clippy-driver). So the one build is also the lint, and nothing is compiled
# twice: `cargo clippy` would check every dependency again in check mode,
# three minutes of a clean clone's `make test`. Plain cargo commands, without
# these, keep artifacts of their own beside these.
export RUSTC_WORKSPACE_WRAPPER := clippy-driver
export CLIPPY_ARGS := -D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
# Prints which step starts, with the time, so a log shows where time went.
STEP = @echo "== make $@ ($$(date +%T))"

.PHONY: dev test tools app local build lint tests bench lambda

dev: app local
	scripts/install-tools.sh mail
	scripts/dev.sh $(LOCAL_BIN) --port $(PORT) --data-dir $(DATA_DIR) --dist dist

# `build` compiles every binary and test once; `app` then finds
# twofold-admin built (LOCAL_BUILT=1 skips `local`, whose own feature
# resolution would compile the server's dependencies a second time).
test: tools lint
	$(MAKE) --no-print-directory app tests LOCAL_BUILT=1

# Everything the build and the tests use that is not a crate: the wasm32
# target, Trunk, wasm-bindgen-cli, wasm-opt, Chromium and ChromeDriver,
# axe-core, cfn-lint, schemathesis, and curl and jq for the examples.
tools:
	$(STEP)
	scripts/install-tools.sh app browser deploy fuzz examples

# The app's release build in dist/ (skipped when dist/ is fresh), with the
# CSP hashes of its loader scripts, which twofold-admin (from `local`) writes,
# and the sign-in page prerendered into its HTML by twofold-prerender, a
# native tool built here. Within `make test` it is built with `--tests`:
# the tests' feature resolution, which `build` compiled, so only the tool
# itself is compiled and linked (without, half a dozen crates whose
# features the tests' dev-dependencies change would be compiled again);
# for `make app` or `make dev` alone, without, so that no test is compiled.
PRERENDER_WITH_TESTS := $(if $(filter 1,$(LOCAL_BUILT)),--tests)
app: local
	$(STEP)
	scripts/install-tools.sh app
	cargo build --locked --workspace --features $(FEATURES) $(PRERENDER_WITH_TESTS) \
		--bin twofold-prerender
	scripts/build-app.sh

# twofold-local, and the Lambda binaries built for this machine (the tests
# run them under an emulated Runtime API).
local:
	$(STEP)
	@if [ "$(LOCAL_BUILT)" = 1 ]; then echo "[local] built by make build"; \
	else cargo build --locked -p twofold-functions --features local,lambda --bins; fi

# Every binary and test `make test` runs, in one build with the tests'
# feature resolution (dev-dependencies included): the binaries the tests
# start come out of it too (target/debug/twofold-local, twofold-admin, the
# Lambda functions), so nothing is compiled twice. A `cargo build -p
# twofold-functions` resolves features differently (serde_json,
# proc-macro2, tower...) and everything above them would be compiled again
# for the tests.
build:
	$(STEP)
	cargo test --locked --workspace --features $(FEATURES) --no-run
	cargo test --locked --workspace --features $(FEATURES) --no-run --test browser
	cargo test --locked -p twofold-api --features openapi --no-run

# The quick checks first, then `build`, which is clippy's lint (above).
lint:
	$(STEP)
	scripts/install-tools.sh wasm deploy
	scripts/check-tool-versions.sh
	scripts/lint-template.sh
	cargo fmt --all -- --check
	cargo check --locked -p twofold-api --target wasm32-unknown-unknown
	$(MAKE) --no-print-directory build

# The tests use what `build` and `app` built; they build nothing themselves.
# The browser tests (two browsers working at a time, tests/src/browser/turn.rs,
# with test threads to spare for the turns given aside) run beside the
# others, whose work fills the processor while a browser waits for its page;
# their output goes to $(BROWSER_LOG) and is printed whole once both are done.
# Last come the OpenAPI generator and the test that keeps docs/openapi.json
# equal to what the wire types generate (a feature the others never build).
tests:
	$(STEP)
	export TWOFOLD_LOCAL_BIN=$(abspath $(LOCAL_BIN)) TWOFOLD_DIST=$(abspath dist) \
		TWOFOLD_LAMBDA_DIR=$(abspath $(TARGET_DIR)/debug) TWOFOLD_AXE_JS=$(AXE_JS); \
	echo "[tests] the browser tests run beside, into $(BROWSER_LOG)"; \
	cargo test --locked --workspace --features $(FEATURES) --test browser -- --test-threads=4 \
		>$(BROWSER_LOG) 2>&1 & \
	browser=$$!; status=0; \
	cargo test --locked --workspace --features $(FEATURES) || status=$$?; \
	cargo test --locked -p twofold-api --features openapi || status=$$?; \
	wait $$browser || status=$$?; \
	echo "[tests] the browser tests ($(BROWSER_LOG)):"; cat $(BROWSER_LOG); \
	exit $$status

# Builds the release binaries, runs each benchmark (SignIn against its floor,
# load, cold start, the Lambda binaries' size, memory, the app's weight and
# first load: twofold-bench all, tests/src/bin/bench/) and writes the table in
# docs/PERFORMANCE.md. The app's weight and load time are measured on
# `make app`'s build.
bench: app
	$(STEP)
	scripts/install-tools.sh bench browser
	scripts/bench-run.sh

lambda:
	scripts/install-tools.sh lambda
	# Built by the plain compiler: the lint is `make lint`'s.
	env -u RUSTC_WORKSPACE_WRAPPER -u CLIPPY_ARGS \
		cargo lambda build --release --locked --arm64 -p twofold-functions --features lambda \
		--bin authentication --bin account --bin notifier --output-format zip
	@for f in authentication account notifier; do \
		zip=$(TARGET_DIR)/lambda/$$f/bootstrap.zip; \
		grep -qa bootstrap $$zip || { echo "no bootstrap in $$zip" >&2; exit 1; }; \
		ls -l $$zip; \
	done
