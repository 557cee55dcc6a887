// Directory and synthetic fixture sites.
//
// DirectorySite lists names up front and reads bytes per request so a large
// fixture tree costs no memory until it is fetched, and edits to a file show
// up without re-scanning. The synthetic site derives every page from the
// article number, so a 10 000-article benchmark host costs a few bytes.
#include "tests/support/fixture_site.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace nianbao::testing {
namespace {

namespace fs = std::filesystem;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string ContentTypeForFileName(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (EndsWith(lower, ".gbk.html") || EndsWith(lower, ".gbk.htm")) return "text/html; charset=gbk";
  if (EndsWith(lower, ".nocharset.html") || EndsWith(lower, ".nocharset.htm")) return "text/html";
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},  {".htm", "text/html; charset=utf-8"},
      {".shtml", "text/html; charset=utf-8"}, {".jsp", "text/html; charset=utf-8"},
      {".xml", "text/xml; charset=utf-8"},    {".json", "application/json; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},  {".pdf", "application/pdf"},
      {".js", "application/javascript"},      {".css", "text/css"},
      {".doc", "application/msword"},         {".xls", "application/vnd.ms-excel"},
      {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {".zip", "application/zip"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (EndsWith(lower, ext)) return type;
  }
  return "application/octet-stream";
}

Result<std::shared_ptr<const DirectorySite>> DirectorySite::Scan(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFound("fixture site: not a directory: " + dir);
  auto site = std::make_shared<DirectorySite>();
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    fs::path rel = fs::relative(it->path(), dir, ec);
    if (ec) break;
    std::string parent = rel.parent_path().generic_string();
    std::string prefix = parent.empty() ? "/" : "/" + parent + "/";
    std::string name = rel.filename().string();
    Entry entry{it->path().string(), ""};
    auto at = name.find('@');
    if (at != std::string::npos) {
      std::string base = name.substr(0, at);
      std::string rest = name.substr(at + 1);
      auto dot = rest.rfind('.');
      std::string query = dot == std::string::npos ? rest : rest.substr(0, dot);
      entry.content_type = ContentTypeForFileName(dot == std::string::npos ? base : rest.substr(dot));
      site->files_[prefix + base + "?" + PercentDecode(query)] = entry;
      continue;
    }
    entry.content_type = ContentTypeForFileName(name);
    site->files_[prefix + name] = entry;
    if (name == "index.html") {
      site->files_[prefix] = entry;
      if (!parent.empty()) site->files_["/" + parent] = entry;
    }
  }
  if (ec) return IoError("fixture site: cannot list " + dir + ": " + ec.message());
  return std::shared_ptr<const DirectorySite>(std::move(site));
}

std::optional<Response> DirectorySite::Serve(std::string_view path, std::string_view query) const {
  auto it = files_.end();
  if (!query.empty()) it = files_.find(std::string(path) + "?" + std::string(query));
  if (it == files_.end()) it = files_.find(path);
  if (it == files_.end()) return std::nullopt;
  auto body = ReadFile(it->second.file);
  if (!body) return Response::Text("cannot read " + it->second.file, 500);
  return Response::Typed(it->second.content_type, std::move(*body));
}

// ---------------------------------------------------------------- synthetic site
//
// Every page is a pure function of (host, options, article number), so the
// site needs no storage and two fetches of a page are byte-identical (useful
// for dedup and conditional-GET benchmarks).
namespace {

constexpr int kUnitBase = 500;     // jpage unitid = kUnitBase + column
constexpr int kColumnBase = 1000;  // column id = kColumnBase + column index
constexpr int kArticleBase = 100000;
constexpr int kInlineRecords = 45;  // first jpage group (3 pages x 15)
constexpr int kPerPage = 15;

const char* const kAgencies[] = {
    "哈尔滨市发展和改革委员会", "哈尔滨市教育局",     "哈尔滨市科学技术局", "哈尔滨市工业和信息化局",
    "哈尔滨市民政局",           "哈尔滨市司法局",     "哈尔滨市财政局",     "哈尔滨市人力资源和社会保障局",
    "哈尔滨市自然资源和规划局", "哈尔滨市生态环境局", "哈尔滨市住房和城乡建设局", "哈尔滨市交通运输局",
    "哈尔滨市水务局",           "哈尔滨市农业农村局", "哈尔滨市商务局",     "哈尔滨市文化广电和旅游局",
    "哈尔滨市卫生健康委员会",   "哈尔滨市应急管理局", "哈尔滨市审计局",     "哈尔滨市市场监督管理局",
};

struct Article {
  int number = 0;  // 0-based within the host
  int column = 0;  // column id
  int id = 0;
  int year = 0, month = 0, day = 0;
  std::string title;
  bool report = false;
};

class SyntheticSite {
 public:
  SyntheticSite(std::string host, SyntheticSiteOptions opt) : host_(std::move(host)), opt_(opt) {
    opt_.articles = std::max(opt_.articles, 0);
    opt_.per_column = std::max(opt_.per_column, 1);
    opt_.report_every = std::max(opt_.report_every, 1);
    for (char c : host_) hash_ = hash_ * 31 + static_cast<unsigned char>(c);
    hash_ += opt_.seed;
  }

  Response Serve(const Request& req) const;

 private:
  int columns() const { return (opt_.articles + opt_.per_column - 1) / opt_.per_column; }
  int ColumnSize(int c) const {
    return std::min(opt_.per_column, opt_.articles - c * opt_.per_column);
  }
  std::string Agency(int c) const {
    return kAgencies[(hash_ + static_cast<std::uint32_t>(c)) % std::size(kAgencies)];
  }
  Article ArticleAt(int n) const;
  std::string ArticleUrl(const Article& a) const;
  std::string Record(const Article& a) const;
  std::string Records(int c, int first, int last) const;  // 1-based inclusive within column
  Response Home() const;
  Response Column(int c) const;
  Response DataProxy(const Request& req) const;
  Response ArticlePage(const Article& a) const;

  std::string host_;
  SyntheticSiteOptions opt_;
  std::uint32_t hash_ = 0;
};

std::string Param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) return eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return "";
}

int ToInt(const std::string& s, int fallback) {
  if (s.empty() || s.size() > 9) return fallback;
  for (char c : s) {
    if (c < '0' || c > '9') return fallback;
  }
  return std::stoi(s);
}

std::string Date(const Article& a) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", a.year, a.month, a.day);
  return buf;
}

Article SyntheticSite::ArticleAt(int n) const {
  Article a;
  a.number = n;
  a.column = kColumnBase + n / opt_.per_column;
  a.id = kArticleBase + n;
  std::uint32_t h = hash_ + static_cast<std::uint32_t>(n) * 2654435761u;
  a.report = n % opt_.report_every == 0;
  a.year = 2015 + static_cast<int>(h % 9);
  a.month = a.report ? 1 + static_cast<int>((h >> 8) % 3) : 1 + static_cast<int>((h >> 8) % 12);
  a.day = 1 + static_cast<int>((h >> 16) % 28);
  std::string agency = Agency(n / opt_.per_column);
  if (a.report) {
    a.title = agency + std::to_string(a.year - 1) + "年政府信息公开工作年度报告";
  } else {
    a.title = "关于" + agency + "第" + std::to_string(n) + "号工作事项的通知";
  }
  return a;
}

std::string SyntheticSite::ArticleUrl(const Article& a) const {
  return "/art/" + std::to_string(a.year) + "/" + std::to_string(a.month) + "/" + std::to_string(a.day) +
         "/art_" + std::to_string(a.column) + "_" + std::to_string(a.id) + ".html";
}

std::string SyntheticSite::Record(const Article& a) const {
  return "<record><![CDATA[<li><a href=\"" + ArticleUrl(a) + "\" title=\"" + a.title +
         "\" target=\"_blank\">" + a.title + "</a><span>" + Date(a) + "</span></li>]]></record>\n";
}

std::string SyntheticSite::Records(int c, int first, int last) const {
  std::string out;
  if (opt_.endless_total == 0) last = std::min(last, ColumnSize(c));
  for (int i = std::max(first, 1); i <= last; ++i) out += Record(ArticleAt(c * opt_.per_column + i - 1));
  return out;
}

Response SyntheticSite::Home() const {
  std::string body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + host_ +
                     " 政府信息公开</title></head><body><ul class=\"columns\">\n";
  for (int c = 0; c < columns(); ++c) {
    body += "<li><a href=\"/col/col" + std::to_string(kColumnBase + c) + "/index.html\">" + Agency(c) +
            " 政府信息公开年报</a></li>\n";
  }
  return Response::Html(body + "</ul></body></html>\n");
}

Response SyntheticSite::Column(int c) const {
  const int column = kColumnBase + c, unit = kUnitBase + c;
  const long long total = opt_.endless_total > 0 ? opt_.endless_total : ColumnSize(c);
  const std::string col = std::to_string(column), uid = std::to_string(unit);
  std::string body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + Agency(c) +
                     "</title></head><body>\n<div id=\"" + uid + "\"><script type=\"text/xml\"><datastore>\n" +
                     "<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1"
                     "&path=/&columnid=" + col + "&unitid=" + uid + "&permissiontype=0\"></a>]]></nextgroup>\n"
                     "<recordset>\n" + Records(c, 1, kInlineRecords) + "</recordset>\n</datastore></script></div>\n" +
                     "<script>var param_" + uid + " = {col:1, appid:1, webid:'1', path:'/', columnid:" + col +
                     ", sourceContentType:1, unitid:'" + uid + "', permissiontype:0};\n$('#" + uid +
                     "').jpage({totalRecord:" + std::to_string(total) + ", perPage:" + std::to_string(kPerPage) +
                     ", dataStore:null});</script>\n</body></html>\n";
  return Response::Html(body);
}

Response SyntheticSite::DataProxy(const Request& req) const {
  auto param = [&](const char* name) {
    std::string v = Param(req.query, name);
    return v.empty() ? Param(req.body, name) : v;
  };
  int c = ToInt(param("columnid"), -1) - kColumnBase;
  if (c < 0 || c >= columns()) return Response::Typed("text/xml; charset=utf-8", "<datastore></datastore>");
  int first = ToInt(param("startrecord"), 1);
  int last = ToInt(param("endrecord"), first + kInlineRecords - 1);
  last = std::min(last, first + 500);  // bounded windows, like the real servers
  long long total = opt_.endless_total > 0 ? opt_.endless_total : ColumnSize(c);
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<datastore>\n<totalrecord>" +
                     std::to_string(total) + "</totalrecord>\n<totalpage>" +
                     std::to_string((total + kPerPage - 1) / kPerPage) + "</totalpage>\n<recordset>\n" +
                     Records(c, first, last) + "</recordset>\n</datastore>\n";
  return Response::Typed("text/xml; charset=utf-8", body);
}

Response SyntheticSite::ArticlePage(const Article& a) const {
  if (a.report && opt_.report_page) return Response::Html(*opt_.report_page);
  std::string body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + a.title +
                     "</title><meta name=\"ArticleTitle\" content=\"" + a.title +
                     "\"><meta name=\"PubDate\" content=\"" + Date(a) + " 09:00\"></head><body>\n"
                     "<h1>" + a.title + "</h1><div id=\"zoom\">\n";
  const char* para = a.report
      ? "<p>本报告依据《中华人民共和国政府信息公开条例》编制，全文包括总体情况、主动公开政府信息情况、"
        "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、"
        "其他需要报告的事项。</p>\n"
      : "<p>为进一步做好相关工作，现将有关事项通知如下，请各单位结合实际认真贯彻落实。</p>\n";
  for (int i = 0; i < 8; ++i) body += para;
  if (a.report) {
    body += "<p>附件：<a href=\"/module/download/downfile.jsp?classid=0&filename=" + std::to_string(a.id) +
            ".pdf\">" + a.title + ".pdf</a></p>\n";
  }
  return Response::Html(body + "</div></body></html>\n");
}

Response SyntheticSite::Serve(const Request& req) const {
  const std::string& p = req.path;
  if (p == "/robots.txt") return Response::Text("User-agent: *\nDisallow: /private/\n");
  if (p == "/" || p == "/index.html") return Home();
  int column = 0, year = 0, month = 0, day = 0, id = 0;
  char tail = 0;
  if (std::sscanf(p.c_str(), "/col/col%d/index.htm%c", &column, &tail) == 2 ||
      std::sscanf(p.c_str(), "/col/col%d/%c", &column, &tail) == 1) {
    int c = column - kColumnBase;
    if (c >= 0 && c < columns()) return Column(c);
  }
  if (p == "/module/web/jpage/dataproxy.jsp") return DataProxy(req);
  if (p == "/module/download/downfile.jsp") {
    return Response::Typed("application/pdf", "%PDF-1.4\n% synthetic " + Param(req.query, "filename") + "\n%%EOF\n");
  }
  if (std::sscanf(p.c_str(), "/art/%d/%d/%d/art_%d_%d.htm%c", &year, &month, &day, &column, &id, &tail) == 6) {
    int n = id - kArticleBase;
    if (n >= 0 && (n < opt_.articles || opt_.endless_total > 0)) {
      Article a = ArticleAt(n);
      if (p == ArticleUrl(a)) return ArticlePage(a);
    }
  }
  return Response::NotFound();
}

}  // namespace

void AddSyntheticSite(HttpTestServer& server, const std::string& host, SyntheticSiteOptions options) {
  auto site = std::make_shared<const SyntheticSite>(host, options);
  server.SetHostFallback(host, [site](const Request& req) { return site->Serve(req); });
}

}  // namespace nianbao::testing
