# nianbao: the two commands a fresh Debian 12 machine needs.
#   make run    install missing packages, build, run one crawl with seeds/harbin.toml, show the status
#   make test   install missing packages, build (plain and ASan+UBSan), run every default test
# Further targets: make build, make bench, make fuzz, make slow-test, make clean.

PACKAGES := cmake ninja-build g++ pkg-config ccache clang \
  libcurl4-openssl-dev libgumbo-dev libboost-dev libsqlite3-dev sqlite3 libspdlog-dev doctest-dev \
  libtomlplusplus-dev nlohmann-json3-dev libcli11-dev libuchardet-dev libsystemd-dev zlib1g-dev \
  libfuzzer-14-dev libclang-rt-14-dev systemd

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
CONFIG     ?= seeds/harbin.toml
DB         ?= $(BUILD)/nianbao.db
NIANBAO    := $(BUILD)/app/nianbao

.PHONY: all deps build build-asan run test slow-test bench fuzz clean

all: build

deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
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

test: build build-asan
	cd $(BUILD) && ctest -LE slow --output-on-failure -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest -LE slow --output-on-failure -j $(JOBS)

slow-test: build
	cd $(BUILD) && ctest -L slow --output-on-failure

bench: build
	@for b in $(BUILD)/bench/bench_*; do [ -x "$$b" ] && { echo "== $$b"; "$$b"; }; done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
