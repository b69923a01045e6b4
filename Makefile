# Switchboard: `make demo` and `make test` on a fresh Debian 12 machine with the Swift toolchain.
SWIFT ?= swift
FORMAT_PATHS = Package.swift Sources Tests Benchmarks/Package.swift Benchmarks/Benchmarks Benchmarks/Tools Fuzz/Package.swift Fuzz/Sources

.PHONY: setup build test lint fmt demo bench clean

setup:
	@scripts/setup.sh

build:
	$(SWIFT) build

# All suites; Swift Testing runs tests in parallel (each integration test has its own sandbox).
test: setup lint
	$(SWIFT) build --build-tests
	$(SWIFT) test

lint:
	$(SWIFT) format lint --strict --recursive --parallel $(FORMAT_PATHS)

fmt:
	$(SWIFT) format format --in-place --recursive --parallel $(FORMAT_PATHS)

demo: setup
	$(SWIFT) build --product switchboard
	$$($(SWIFT) build --show-bin-path)/switchboard demo

# Release builds only: the numbers mean nothing in debug.
bench:
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build Benchmarks/.build
