#include "parser/identity/agency_match.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "parser/identity/report_identity.h"

namespace nianbao::parser {
namespace {

const std::vector<std::string> kRoster = {"南岗区王岗镇", "南岗区文化街道办事处"};

TEST_CASE("agency names that differ only in form match the roster entry") {
  const std::pair<const char*, const char*> cases[] = {
      {"南岗区王岗镇", "南岗区王岗镇"},
      {"南岗区 王岗镇", "南岗区王岗镇"},
      {"王岗镇", "南岗区王岗镇"},
      {"哈尔滨市南岗区王岗镇人民政府", "南岗区王岗镇"},
      {"南岗区王岗镇政府", "南岗区王岗镇"},
      {"南岗区王岗镇2021年", "南岗区王岗镇"},
      {"文化街道办事处", "南岗区文化街道办事处"},
      {"文化街道", "南岗区文化街道办事处"},
      {"南岗区文化街道办", "南岗区文化街道办事处"},
      {"文化街道办事处2020年度", "南岗区文化街道办事处"},
  };
  for (auto& [agency, entry] : cases) {
    CAPTURE(agency);
    auto m = MatchAgency(agency, kRoster);
    REQUIRE(m.has_value());
    CHECK(*m == entry);
  }
}

TEST_CASE("other agencies and partial names do not match") {
  for (const char* agency : {"王岗", "西文化街道", "南岗区红旗镇", "南岗区", "", "道里区王岗镇"}) {
    CAPTURE(agency);
    CHECK_FALSE(MatchAgency(agency, kRoster).has_value());
  }
}

TEST_CASE("a government office is not the government") {
  CHECK_FALSE(MatchAgency("四方台区人民政府办公室", {"四方台区人民政府"}).has_value());
  CHECK(MatchAgency("四方台区人民政府办公室", {"四方台区人民政府办公室"}) == "四方台区人民政府办公室");
  CHECK(MatchAgency("四方台区政府办公室", {"双鸭山市四方台区人民政府办公室"}) == "双鸭山市四方台区人民政府办公室");
  CHECK(MatchAgency("四方台区", {"四方台区人民政府"}) == "四方台区人民政府");
}

TEST_CASE("a name two roster entries could stand for matches neither") {
  std::vector<std::string> roster = {"南岗区文化街道", "道里区文化街道"};
  CHECK_FALSE(MatchAgency("文化街道", roster).has_value());
  CHECK(MatchAgency("南岗区文化街道办事处", roster) == "南岗区文化街道");
}

TEST_CASE("canonical form") {
  CHECK(CanonicalAgency("南岗区王岗镇人民政府") == "南岗区王岗镇");
  CHECK(CanonicalAgency(" 南岗区 文化街道办事处 ") == "南岗区文化街道");
  CHECK(CanonicalAgency("四方台区人民政府办公室") == "四方台区政府办公室");
}

TEST_CASE("titles of the seed reports find their roster entry") {
  const std::pair<const char*, const char*> cases[] = {
      {"南岗区王岗镇 2021 年 政府信息公开工作年度报告", "南岗区王岗镇"},
      {"文化街道办事处 2020 年度政府信息公开工作年度报告", "南岗区文化街道办事处"},
  };
  for (auto& [title, entry] : cases) {
    CAPTURE(title);
    ReportIdentity id = IdentityFromTitle(title);
    REQUIRE(id.is_report());
    CHECK(MatchAgency(id.agency, kRoster) == entry);
  }
  CHECK_FALSE(MatchAgency(IdentityFromTitle("木兰县柳河镇 2022 年 政府信息公开工作年度报告").agency, kRoster).has_value());
}

}  // namespace
}  // namespace nianbao::parser
