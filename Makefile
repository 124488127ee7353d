# Twofold: the two commands a new developer needs are `make dev` and `make test`.
#
#   make dev     install what is missing, build the app and twofold-local, serve
#                both on http://127.0.0.1:8080 with the embedded store (.data/)
#   make test    install what is missing, then every check and test (what CI runs)
#   make bench   benchmarks (criterion), printed as ratios against a baseline
#   make lambda  the Lambda functions as zip files for AWS (cargo-lambda)
#   make lint    rustfmt and clippy only

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

PORT ?= 8080
DATA_DIR ?= .data
LOCAL := cargo build --locked -p twofold-functions --features local --bin twofold-local

.PHONY: dev test bench lambda lint tools app local

tools:
	scripts/install-tools.sh app browser

app:
	scripts/build-app.sh

local:
	$(LOCAL)

dev: app local
	@echo "Starting Twofold on http://127.0.0.1:$(PORT) (data in $(DATA_DIR)/; Ctrl-C stops)"
	target/debug/twofold-local --port $(PORT) --data-dir $(DATA_DIR) --dist dist

lint:
	cargo fmt --all -- --check
	cargo clippy --locked --workspace --all-targets --features twofold-functions/local,twofold-functions/lambda -- -D warnings

test: tools
	@start=$$(date +%s); \
	cargo fetch --locked; \
	cargo check --locked -p twofold-api --target wasm32-unknown-unknown; \
	$(MAKE) --no-print-directory lint; \
	scripts/build-app.sh; \
	$(LOCAL); \
	cargo test --locked --workspace --features twofold-functions/local; \
	echo "make test: all green in $$(( $$(date +%s) - start ))s"

bench:
	scripts/bench-ratios.sh

lambda:
	scripts/install-tools.sh lambda
	cargo lambda build --release --locked -p twofold-functions --features lambda --bins --output-format zip
	@ls -l target/lambda/*/bootstrap.zip
