// Scanning Hanweb jpage <datastore> blocks: the inline block of a column page
// (inside <script type="text/xml">) and the XML answer of dataproxy.jsp have
// the same shape. Scanned by string search, not an XML/HTML parser: gumbo
// would take "<![CDATA[" for a bogus comment ending at the first '>', and
// record HTML is often malformed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nianbao::crawler {

struct Datastore {
  std::size_t offset = 0;                 // of "<datastore>" in the scanned text
  std::optional<long long> total_record;  // <totalrecord>, when present
  std::optional<long long> total_page;    // <totalpage>, when present
  std::string nextgroup_href;             // the <nextgroup> link, entities decoded; may be empty
  std::vector<std::string> records;       // each <record>'s HTML fragment
};

// Every <datastore>…</datastore> block in `text`, in order.
std::vector<Datastore> ScanDatastores(std::string_view text);

// True when `body` is a dataproxy.jsp answer: a <datastore> document, not an
// HTML page that embeds one.
bool IsDatastoreDocument(std::string_view body);

// Decodes &amp; &lt; &gt; &quot; &#39; &apos; (what CDATA-less records and
// nextgroup hrefs carry).
std::string DecodeBasicEntities(std::string_view s);

}  // namespace nianbao::crawler
