// nianbao_fixture_server: serves fixture sites on loopback for manual runs
// and the crawl benchmark.
//
//   nianbao_fixture_server [--root DIR] [--port N]
//                          [--synthetic-hosts H --synthetic-articles A]
//
// Every subdirectory of DIR is a virtual host named after the directory.
// Synthetic hosts are named site1.synthetic.gov.cn … siteH.synthetic.gov.cn
// and share A articles between them (see fixture_site.h for their layout).
// Prints "listening 127.0.0.1:PORT" on stdout once serving (host names go to
// stderr) and runs until SIGTERM or SIGINT. Exit 2 on bad usage, 1 when the
// port cannot be bound.
#include <signal.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/fixture_site.h"
#include "tests/support/http_test_server.h"

namespace {

struct Args {
  std::string root;
  int port = 0;
  int synthetic_hosts = 0;
  int synthetic_articles = 0;
  int report_every = 10;
  std::string report_page;  // file served for every report article
};

int Usage(const char* why) {
  std::fprintf(stderr,
               "nianbao_fixture_server: %s\nusage: nianbao_fixture_server [--root DIR] [--port N] "
               "[--synthetic-hosts H --synthetic-articles A]\n",
               why);
  return 2;
}

bool ParseInt(const char* s, int max, int* out) {
  char* end = nullptr;
  long v = std::strtol(s, &end, 10);
  if (end == s || *end != '\0' || v < 0 || v > max) return false;
  *out = static_cast<int>(v);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::printf("usage: nianbao_fixture_server [--root DIR] [--port N] "
                  "[--synthetic-hosts H --synthetic-articles A [--report-every N] [--report-page FILE]]\n");
      return 0;
    }
    if (i + 1 >= argc) return Usage(("missing value for " + flag).c_str());
    const char* value = argv[++i];
    bool ok = true;
    if (flag == "--root") {
      args.root = value;
    } else if (flag == "--port") {
      ok = ParseInt(value, 65535, &args.port);
    } else if (flag == "--synthetic-hosts") {
      ok = ParseInt(value, 10000, &args.synthetic_hosts);
    } else if (flag == "--report-every") {
      ok = ParseInt(value, 1000000, &args.report_every) && args.report_every > 0;
    } else if (flag == "--report-page") {
      args.report_page = value;
    } else if (flag == "--synthetic-articles") {
      ok = ParseInt(value, 100000000, &args.synthetic_articles);
    } else {
      return Usage(("unknown flag " + flag).c_str());
    }
    if (!ok) return Usage(("bad value for " + flag + ": " + value).c_str());
  }
  if (args.root.empty() && args.synthetic_hosts == 0) return Usage("nothing to serve");

  // Block the stop signals before the server thread starts so that only
  // sigwait() below sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  nianbao::testing::HttpTestServer server({.port = args.port});
  if (!server.status().ok()) {
    std::fprintf(stderr, "nianbao_fixture_server: %s\n", server.status().ToString().c_str());
    return 1;
  }
  if (!args.root.empty()) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(args.root, ec)) {
      if (!entry.is_directory()) continue;
      std::string host = entry.path().filename().string();
      nianbao::Status st = server.AddSiteFromDirectory(host, entry.path().string());
      if (!st.ok()) {
        std::fprintf(stderr, "nianbao_fixture_server: %s\n", st.ToString().c_str());
        return 1;
      }
      std::fprintf(stderr, "host %s\n", host.c_str());
    }
    if (ec) return Usage(("cannot list --root " + args.root + ": " + ec.message()).c_str());
  }
  std::shared_ptr<const std::string> report_page;
  if (!args.report_page.empty()) {
    std::ifstream in(args.report_page, std::ios::binary);
    if (!in) return Usage(("cannot read --report-page " + args.report_page).c_str());
    std::ostringstream buf;
    buf << in.rdbuf();
    report_page = std::make_shared<const std::string>(buf.str());
  }
  for (int h = 0; h < args.synthetic_hosts; ++h) {
    nianbao::testing::SyntheticSiteOptions opt;
    opt.report_every = args.report_every;
    opt.report_page = report_page;
    opt.articles = args.synthetic_articles / args.synthetic_hosts +
                   (h < args.synthetic_articles % args.synthetic_hosts ? 1 : 0);
    opt.seed = static_cast<std::uint32_t>(h);
    std::string host = "site" + std::to_string(h + 1) + ".synthetic.gov.cn";
    nianbao::testing::AddSyntheticSite(server, host, opt);
    std::fprintf(stderr, "host %s (synthetic, %d articles)\n", host.c_str(), opt.articles);
  }
  std::printf("listening 127.0.0.1:%d\n", server.port());
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stop_signals, &sig);
  server.Stop();
  return 0;
}
