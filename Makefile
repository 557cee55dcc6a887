# nianbao: the two commands a fresh Debian 12 machine needs.
#   make run    install missing packages, build, run one crawl with seeds/harbin.toml, show the status
#   make test   install missing packages, build (plain and ASan+UBSan), run every default test
# Further targets: make build, make bench, make fuzz, make slow-test, make clean.

# Everything comes from Debian 12's packages. `run` needs the build tools and
# libraries; `test` also needs the fuzzing runtime, systemd-analyze and a
# headless browser for the dashboard test.
PACKAGES := cmake ninja-build g++ pkg-config ccache \
  libcurl4-openssl-dev libssl-dev libgumbo-dev libboost-dev libsqlite3-dev sqlite3 libspdlog-dev doctest-dev \
  libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libuchardet-dev libsystemd-dev zlib1g-dev \
  libmupdf-dev libmujs-dev libopenjp2-7-dev libjbig2dec0-dev libjpeg62-turbo-dev libharfbuzz-dev libfreetype-dev \
  libzip-dev libpugixml-dev libseccomp-dev
TEST_PACKAGES := $(PACKAGES) clang libfuzzer-14-dev libclang-rt-14-dev systemd chromium fonts-wqy-microhei
# `make fixtures` regenerates tests/fixtures/documents/generated/ with the tools agencies use.
FIXTURE_PACKAGES := chromium fonts-wqy-microhei libreoffice-writer-nogui libreoffice-calc-nogui qpdf python3

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
CONFIG     ?= seeds/harbin.toml
DB         ?= $(BUILD)/nianbao.db
NIANBAO    := $(BUILD)/app/nianbao

.PHONY: all deps test-deps fixture-deps fixtures build build-asan run test slow-test bench fuzz clean

all: build

deps: PKGS = $(PACKAGES)
test-deps: PKGS = $(TEST_PACKAGES)
fixture-deps: PKGS = $(FIXTURE_PACKAGES)
deps test-deps fixture-deps:
	@missing=$$(for p in $(PKGS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing packages; run:"; echo "  sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DNIANBAO_SANITIZE=ON -DNIANBAO_BUILD_BENCH=OFF

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

build-asan: deps $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

run: build
	-$(NIANBAO) --config $(CONFIG) --db $(DB) crawl
	$(NIANBAO) --config $(CONFIG) --db $(DB) status

test: test-deps build build-asan
	cd $(BUILD) && ctest -LE slow --output-on-failure -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest -LE slow --output-on-failure -j $(JOBS)

slow-test: build
	cd $(BUILD) && ctest -L slow --output-on-failure

fixtures: fixture-deps
	tests/fixtures/documents/make_documents.sh

bench: build
	@for b in $(BUILD)/bench/bench_*; do [ -x "$$b" ] && { echo "== $$b"; "$$b"; }; done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)

# Build every libFuzzer target (clang + libFuzzer + ASan/UBSan) and run each for FUZZ_SECONDS over its
# committed seeds (fuzz/seeds/<target>/) with its dictionary; new inputs go to fuzz-corpus/<target>/,
# crashes to fuzz-artifacts/<target>/. One fuzzer at a time; see fuzz/README.md.
FUZZ_SECONDS ?= 60
FUZZ_BUILD   ?= build-fuzz
FUZZ_MAX_LEN ?= 8192
# The document readers' seeds are whole files (up to 20 KB).
FUZZ_DOC_MAX_LEN ?= 32768
FUZZ_DOC_TARGETS := pdf_fuzz ooxml_fuzz word97_fuzz archive_fuzz
# Entropic scheduling tripled the cost of an execution of parser_fuzz (its bookkeeping is per feature).
FUZZ_FLAGS   ?= -entropic=0
FUZZ_TARGETS ?= parser_fuzz html_fuzz text_grid_fuzz identity_fuzz robots_fuzz datastore_fuzz \
  common_search_fuzz trs_fuzz config_fuzz xxgk_fuzz generic_list_fuzz $(FUZZ_DOC_TARGETS)
fuzz: test-deps
	cmake -S . -B $(FUZZ_BUILD) -G Ninja -DNIANBAO_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
	  -DNIANBAO_BUILD_TESTS=OFF -DNIANBAO_BUILD_BENCH=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_all
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p fuzz-corpus/$$t fuzz-artifacts/$$t; echo "== $$t"; \
	  len=$(FUZZ_MAX_LEN); case " $(FUZZ_DOC_TARGETS) " in *" $$t "*) len=$(FUZZ_DOC_MAX_LEN);; esac; \
	  $(FUZZ_BUILD)/fuzz/$$t $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) -max_len=$$len -timeout=10 \
	    -rss_limit_mb=1024 -print_final_stats=1 -dict=fuzz/dict/$$t.dict \
	    -artifact_prefix=fuzz-artifacts/$$t/ fuzz-corpus/$$t fuzz/seeds/$$t; \
	done
