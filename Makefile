# Onshi Navi (オン資ナビ): every entry point a developer, CI or a technician needs.
# `make run` and `make test` install what they need themselves (see scripts/setup-system.sh).
SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help setup run test lint fmt-check clippy test-core test-keychain test-ipc test-e2e test-ui ui ui-deps \
        windows bench bench-startup bench-window ci clean bindings

CARGO ?= cargo
WIN_TARGET := x86_64-pc-windows-gnu
# A fixed screen size keeps E2E screenshots comparable between runs.
XVFB := xvfb-run -a -s "-screen 0 1280x900x24"

help: ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

setup: ## Install every system package and tool (apt, tauri-driver, Windows target)
	scripts/setup-system.sh all

ui-deps:
	scripts/ui-deps.sh

ui: ui-deps ## Build the web UI into ui/dist (the app embeds it)
	cd ui && npm run build

run: ## Build and start the app (default database in the user's data folder)
	scripts/setup-system.sh build
	$(MAKE) ui
	$(CARGO) build --locked --release -p onshi-navi
	scripts/run-app.sh target/release/onshi-navi

test: ## Run every test tier: fmt, clippy, core, IPC, E2E (real window), UI
	scripts/setup-system.sh test
	$(MAKE) ui
	$(MAKE) lint test-core test-keychain test-ipc test-e2e test-ui
	@echo "make test: all tiers passed"

lint: fmt-check clippy

fmt-check:
	$(CARGO) fmt --all -- --check

clippy:
	$(CARGO) clippy --locked --workspace --all-targets -- -D warnings

test-core: ## Core + CLI tests (no WebKit needed)
	$(CARGO) test --locked

test-keychain: ## Secrets against a real Secret Service (gnome-keyring on a private session bus)
	scripts/with-keyring.sh $(CARGO) test --locked -p onshi-cli --test keychain -- --ignored --test-threads=1

test-ipc: ## Tauri mock-runtime tests: commands, argument casing, error shape, ACL
	$(CARGO) test --locked -p onshi-navi

bindings: ## Write ui/src/lib/bindings.ts from the Rust IPC types (the IPC tests fail when it is stale)
	UPDATE_BINDINGS=1 $(CARGO) test --locked -p onshi-navi --test ipc -- bindings::the_committed_bindings_are_fresh

test-e2e: ## The real app in a real webview, through tauri-driver under Xvfb
	rm -rf target/e2e-artifacts
	$(XVFB) scripts/with-keyring.sh $(CARGO) test --locked -p onshi-navi --test e2e -- --ignored --test-threads=1 --skip perf::
	@echo "E2E screenshots: target/e2e-artifacts/ (reception-shokei/ has every 受付モード screen)"

test-ui: ## Svelte type check and Vitest unit tests
	cd ui && npm run check && npm test

windows: ## Cross-build the app and the CLI for Windows, check the .exe files, pack the installer and the zip
	scripts/setup-system.sh windows
	$(MAKE) ui
	$(CARGO) build --locked --release --target $(WIN_TARGET) -p onshi-navi -p onshi-cli
	scripts/check-windows-exe.sh target/$(WIN_TARGET)/release
	scripts/package-windows.sh target/$(WIN_TARGET)/release target/windows-dist
	scripts/setup-system.sh wine
	scripts/wine-install-check.sh target/windows-dist/OnshiNavi-*-setup.exe
	@echo "Windows: target/windows-dist/ (installer and portable zip)"

bench: ## Criterion benchmarks: core (store, calendar, validation), printing, postal lookups vs jpostcode_rs
	$(CARGO) bench --locked -p onshi-core
	$(CARGO) bench --locked -p onshi-print
	$(CARGO) bench --locked -p onshi-postal-peer
	$(CARGO) build --locked --release -p onshi-postal-peer --bin first-lookup
	@for w in onshi peer; do printf '%s ' $$w; target/release/first-lookup $$w; done

bench-window: ## In the real window (release build): home with 1,000 clinics, step to step, the board of 10,000
	scripts/setup-system.sh test
	$(MAKE) ui
	$(CARGO) build --locked --release -p onshi-navi
	ONSHI_APP=$(CURDIR)/target/release/onshi-navi $(XVFB) dbus-run-session -- \
	  $(CARGO) test --locked -p onshi-navi --test e2e perf:: -- --ignored --test-threads=1 --nocapture

bench-startup: ## Cold start to first page and binary size, against an empty Tauri 2 app
	scripts/setup-system.sh test
	$(MAKE) ui
	scripts/bench-startup.sh

ci: test windows ## What .ci/run does

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
