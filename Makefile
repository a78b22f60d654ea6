# wafer2token — a thin wrapper over CMake presets.
#   make run    install what is missing, build, run w2t on the embedded default
#   make test   the same, then every test (release, and the sanitizer build)
PRESET    ?= release
BUILD     := build/$(PRESET)
W2T       := $(BUILD)/w2t
JOBS      ?= $(shell nproc)
FUZZ_SECONDS ?= 30

# Every Debian package the build, tests and tools need.
DEBIAN_PACKAGES := cmake ninja-build g++ make python3 \
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev libmuparser-dev \
  libgtest-dev libgmock-dev libbenchmark-dev libpcg-cpp-dev libboost-dev \
  libopenmpi-dev openmpi-bin libsqlite3-dev libcpp-httplib-dev chromium \
  clang clang-format clang-tidy libclang-rt-14-dev

.PHONY: all deps web configure build run test test-release test-dev bench fuzz format lint clean

all: build

deps:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing: $$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then echo "run as root, or: sudo apt-get install $$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# The dashboard and the report's script (TypeScript, Vite, ECharts from npm),
# rebuilt when their sources are newer than the last build.
WEB_SOURCES := web/index.html web/package.json web/package-lock.json web/tsconfig.json web/vite.config.ts \
  web/vite.report.config.ts $(wildcard web/src/*)
web: deps
	@command -v npm >/dev/null || { echo "Installing: nodejs npm"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm; }
	@if [ ! -f web/dist/.built ] || [ -n "$$(find $(WEB_SOURCES) -newer web/dist/.built 2>/dev/null)" ]; then \
	  echo "Building web/ (npm ci, vite build)"; \
	  cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent >/dev/null && touch dist/.built; \
	fi

configure: web
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	@$(W2T) data && echo && $(W2T) run

test: test-release test-dev

test-release:
	@$(MAKE) --no-print-directory build PRESET=release
	@ctest --preset release -j $(JOBS)

test-dev:
	@$(MAKE) --no-print-directory build PRESET=dev
	@ctest --preset dev -j $(JOBS)

bench:
	@$(MAKE) --no-print-directory build PRESET=release
	@build/release/w2t_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
	@build/release/w2t_bench_model --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

# libFuzzer targets (clang); FUZZ_SECONDS bounds each run.
fuzz: deps
	@cmake --preset fuzz >/dev/null && cmake --build --preset fuzz -j $(JOBS)
	@for target in fuzz_quantity fuzz_scenario fuzz_request fuzz_model; do \
	  mkdir -p build/fuzz/corpus/$$target; \
	  build/fuzz/$$target build/fuzz/corpus/$$target fuzz/seeds/$$target -rss_limit_mb=4096 \
	    -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 >build/fuzz/$$target.log 2>&1; \
	  status=$$?; tail -3 build/fuzz/$$target.log; \
	  [ $$status -eq 0 ] || { echo "$$target failed (build/fuzz/$$target.log)"; exit 1; }; \
	done

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

lint: configure
	@clang-tidy -p $(BUILD) --quiet $$(git ls-files 'src/*.cpp') 2>/dev/null

clean:
	@rm -rf build
