// bench_crawl: whole crawl cycles (fetch + walk + parse + store) against a
// loopback fixture site served by a separate nianbao_fixture_server process,
// so the figures are the crawler's own.
//
//  1. Throughput: 50 virtual hosts, 10,000 report articles (each a real report
//     page with its three tables), politeness delay 0. Prints pages/s, CPU
//     seconds per 1,000 pages and peak memory.
//  2. Politeness: a smaller site with a realistic delay. The lower bound of a
//     cycle is the busiest host's requests × the delay; prints how close the
//     cycle came to it.
//
// Usage: bench_crawl [--hosts N] [--articles N] [--delay-ms N] [--delay-hosts N] [--delay-articles N]
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "crawler/crawl_cycle.h"
#include "net/url.h"
#include "storage/store.h"

namespace fs = std::filesystem;
using namespace nianbao;

namespace {

struct Server {
  pid_t pid = -1;
  int port = 0;
};

// Starts the fixture server and reads the port it announces.
Server StartServer(int hosts, int articles) {
  int out[2];
  if (pipe(out) != 0) return {};
  std::string hosts_s = std::to_string(hosts), articles_s = std::to_string(articles);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    int devnull = ::open("/dev/null", O_WRONLY);
    dup2(devnull, 2);
    execl(NIANBAO_FIXTURE_SERVER, NIANBAO_FIXTURE_SERVER, "--synthetic-hosts", hosts_s.c_str(),
          "--synthetic-articles", articles_s.c_str(), "--report-every", "1", "--report-page",
          NIANBAO_SOURCE_DIR "/tests/fixtures/reports/000/hanweb.html", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  char buf[128] = {};
  ssize_t n = read(out[0], buf, sizeof buf - 1);
  close(out[0]);
  Server s;
  s.pid = pid;
  if (n > 0) std::sscanf(buf, "listening 127.0.0.1:%d", &s.port);
  return s;
}

void StopServer(const Server& s) {
  if (s.pid <= 0) return;
  kill(s.pid, SIGTERM);
  waitpid(s.pid, nullptr, 0);
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

long PeakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

struct RunResult {
  crawler::CycleSummary summary;
  double wall_s = 0, cpu_s = 0;
  std::map<std::string, int> requests_per_host;  // documents + robots.txt
};

RunResult Crawl(int hosts, int articles, int delay_ms, const fs::path& db) {
  RunResult out;
  Server server = StartServer(hosts, articles);
  if (server.port == 0) {
    std::fprintf(stderr, "bench_crawl: cannot start %s\n", NIANBAO_FIXTURE_SERVER);
    std::exit(1);
  }
  fs::remove(db);
  SystemClock& clock = SystemClock::Instance();
  auto store = storage::Store::Open(db.string(), storage::OpenMode::kWriter, clock);
  if (!store.ok()) {
    std::fprintf(stderr, "bench_crawl: %s\n", store.status().message().c_str());
    std::exit(1);
  }
  std::vector<crawler::SourceSpec> sources;
  net::FetcherOptions fo;
  fo.user_agent = "nianbao-bench";
  fo.per_host_delay_ms = delay_ms;
  fo.per_host_connections = delay_ms == 0 ? 4 : 1;
  fo.max_connections = 64;
  fo.retries = 1;
  for (int h = 1; h <= hosts; ++h) {
    std::string host = "site" + std::to_string(h) + ".synthetic.gov.cn";
    fo.resolve.push_back(host + ":" + std::to_string(server.port) + ":127.0.0.1");
    // One column per host lists that host's first 100 articles; the synthetic
    // site puts articles in columns of 100, so list every column.
    int per_host = articles / hosts + (h - 1 < articles % hosts ? 1 : 0);
    for (int c = 0; c * 100 < per_host; ++c) {
      crawler::SourceSpec s;
      s.name = host + "/" + std::to_string(c);
      s.url = "http://" + host + ":" + std::to_string(server.port) + "/col/col" + std::to_string(1000 + c) +
              "/index.html";
      auto id = (*store)->UpsertSource({0, s.name, s.url, 2015});
      s.source_id = id.ok() ? *id : 0;
      sources.push_back(std::move(s));
    }
  }
  fo.allowed_hosts = crawler::ScopeHosts(sources);
  boost::asio::io_context io;
  net::Fetcher fetcher(io, fo, clock);
  crawler::CrawlCycle cycle(io, **store, fetcher, sources, {}, clock);
  double cpu0 = CpuSeconds();
  auto t0 = std::chrono::steady_clock::now();
  cycle.Start([&](Result<crawler::CycleSummary> r) {
    if (!r.ok()) {
      std::fprintf(stderr, "bench_crawl: %s\n", r.status().message().c_str());
      std::exit(1);
    }
    out.summary = *r;
  });
  io.run();
  out.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out.cpu_s = CpuSeconds() - cpu0;
  for (auto state : {storage::DocState::kParsed, storage::DocState::kFetched, storage::DocState::kFailed}) {
    auto docs = (*store)->ListDocuments(state, 10000000);
    if (!docs.ok()) continue;
    for (const auto& d : *docs)
      if (auto h = net::HostOf(d.url); h.ok()) ++out.requests_per_host[*h];
  }
  for (auto& [host, n] : out.requests_per_host) ++n;  // robots.txt
  StopServer(server);
  return out;
}

int IntFlag(int argc, char** argv, const char* name, int def) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return std::atoi(argv[i + 1]);
  return def;
}

}  // namespace

int main(int argc, char** argv) {
  int hosts = IntFlag(argc, argv, "--hosts", 50);
  int articles = IntFlag(argc, argv, "--articles", 10000);
  int delay_ms = IntFlag(argc, argv, "--delay-ms", 200);
  int delay_hosts = IntFlag(argc, argv, "--delay-hosts", 10);
  int delay_articles = IntFlag(argc, argv, "--delay-articles", 400);
  fs::path dir = fs::temp_directory_path() / ("nianbao_bench_crawl_" + std::to_string(getpid()));
  fs::create_directories(dir);

  RunResult a = Crawl(hosts, articles, 0, dir / "throughput.db");
  const crawler::CycleSummary& s = a.summary;
  std::printf("throughput: %d hosts, %d report articles, delay 0\n", hosts, articles);
  std::printf("  documents fetched      %lld (reports saved %lld, failed %lld)\n", static_cast<long long>(s.fetched),
              static_cast<long long>(s.reports_saved), static_cast<long long>(s.failed));
  std::printf("  wall                   %.2f s\n", a.wall_s);
  std::printf("  pages/s (fetch+parse+store) %.0f\n", static_cast<double>(s.fetched) / a.wall_s);
  std::printf("  CPU s per 1,000 pages  %.3f\n", a.cpu_s / static_cast<double>(s.fetched) * 1000.0);
  std::printf("  peak RSS               %.1f MB\n", static_cast<double>(PeakRssKb()) / 1024.0);

  RunResult b = Crawl(delay_hosts, delay_articles, delay_ms, dir / "polite.db");
  int busiest = 0;
  for (const auto& [host, n] : b.requests_per_host) busiest = std::max(busiest, n);
  double bound = static_cast<double>(busiest - 1) * delay_ms / 1000.0;  // n starts, n-1 gaps
  std::printf("politeness: %d hosts, %d report articles, delay %d ms, 1 connection per host\n", delay_hosts,
              delay_articles, delay_ms);
  std::printf("  busiest host requests  %d\n", busiest);
  std::printf("  lower bound            %.2f s\n", bound);
  std::printf("  cycle                  %.2f s (%.1f%% above the bound)\n", b.wall_s,
              (b.wall_s / bound - 1.0) * 100.0);
  fs::remove_all(dir);
  return 0;
}
