#!/usr/bin/env python3
"""Cuts the committed fuzz seeds (fuzz/seeds/<target>/) out of tests/fixtures/.

Seeds are kept small (a few hundred bytes to a few KB) so that libFuzzer
mutates structure, not bulk. Run from the repository root; it rewrites the
seed files it generates and leaves any other file (crash reproducers) alone.
"""
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures"
OUT = ROOT / "fuzz" / "seeds"
MAX = 6000


def put(target, name, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (d / name).write_bytes(data[:MAX])


def page(title, body, charset="utf-8"):
    return (f'<html><head><meta charset="{charset}"><title>{title}</title>'
            f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="2022-01-20 09:30">'
            f'</head><body><div id="zoom">{body}</div></body></html>')


def tables(path):
    text = path.read_text("utf-8", errors="replace")
    return [m.group(0) for m in re.finditer(r"<table.*?</table>", text, re.S)]


def html_seeds(target):
    for f in sorted((FIX / "html").glob("*.html")):
        put(target, f.stem + ".html", f.read_bytes())
    for case in ["000", "003"]:
        for layout in ["hanweb", "trs"]:
            for i, t in enumerate(tables(FIX / "reports" / case / f"{layout}.html")):
                if len(t) > MAX - 300:  # the big table: its first rows only, closed
                    t = t[: MAX - 400].rsplit("</tr>", 1)[0] + "</tr></table>"
                put(target, f"{case}_{layout}_table{i}.html",
                    page("南岗区王岗镇2021年政府信息公开工作年度报告", "<p>一、总体情况</p>" + t))
    gbk = (FIX / "reports" / "000" / "word_gbk.html").read_bytes()
    put(target, "word_gbk_head.html", gbk[:4000])
    for f in ["nested_layout", "attachment_only"]:
        text = (FIX / "reports" / "cases" / f"{f}.html").read_bytes()
        put(target, f"{f}_head.html", text[:5000])


def text_seeds(target):
    for f in sorted((FIX / "seeds").glob("*.txt")):
        lines = f.read_text("utf-8").splitlines(keepends=True)
        put(target, f.stem[:3] + "_head.txt", "".join(lines[:12]))
        tab = [i for i, l in enumerate(lines) if "\t" in l]
        if tab:
            put(target, f.stem[:3] + "_tables.txt", "".join(lines[max(0, tab[0] - 2): tab[0] + 24]))
    put(target, "pipe.txt", "# 2021年度报告\n\n| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n| 规范性文件 | 3 |\n\n**六、存在的主要问题**\n")


def main():
    html_seeds("parser_fuzz")
    text_seeds("parser_fuzz")
    html_seeds("html_fuzz")
    text_seeds("text_grid_fuzz")
    for f in sorted((FIX / "sites").rglob("*")):
        if not f.is_file():
            continue
        data = f.read_bytes()
        name = re.sub(r"[^A-Za-z0-9.]+", "_", f.relative_to(FIX / "sites").as_posix())
        name = name[:24] + "_" + name[-40:] if len(name) > 64 else name
        if f.suffix == ".json":  # keep it JSON: the first three results only
            doc = json.loads(data)
            rows = doc.get("data", {}).get("results")
            if isinstance(rows, list):
                doc["data"]["results"] = rows[:3]
            data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        if b"datastore" in data:
            put("datastore_fuzz", name, data)
        if b"/common/search" in data or f.suffix == ".json":
            put("common_search_fuzz", name, data)
        if b"createPageHTML" in data:
            put("trs_fuzz", name, data)


# Dictionaries: the string literals of the code under test (the labels, tags
# and keys it looks for) plus words of the format it reads. Words are given
# decoded; escape() writes them the way libFuzzer reads them (\xNN).
DICT_SOURCES = {
    "parser_fuzz": ["parser/*.cpp", "parser/html/*.cpp", "parser/tables/*.cpp", "parser/identity/*.cpp"],
    "html_fuzz": ["parser/html/*.cpp", "parser/tables/*.cpp", "parser/labels.cpp"],
    "text_grid_fuzz": ["parser/tables/*.cpp", "parser/labels.cpp", "parser/sections.cpp"],
    "identity_fuzz": ["parser/identity/*.cpp"],
    "robots_fuzz": ["net/robots.cpp"],
    "datastore_fuzz": ["crawler/walkers/datastore.cpp", "crawler/walkers/hanweb.cpp",
                       "crawler/walkers/scan_util.cpp", "crawler/walkers/list_items.cpp"],
    "common_search_fuzz": ["crawler/walkers/common_search.cpp", "crawler/walkers/list_items.cpp"],
    "trs_fuzz": ["crawler/walkers/trs.cpp", "crawler/walkers/list_items.cpp"],
    "config_fuzz": ["app/config/config.cpp"],
}
HTML_WORDS = ["<html>", "<head>", "<body>", "<title>", "</title>", "<meta ", 'name="ArticleTitle"',
              'name="PubDate"', 'name="ContentSource"', "content=", 'charset="gbk"', "charset=utf-8",
              'http-equiv="Content-Type"', "<div ", 'id="zoom"', 'class="', "<table", "</table>", "<tr>",
              "</tr>", "<td", "</td>", "<th>", "<tbody>", 'rowspan="', 'colspan="', "<p>", "</p>", "<span>",
              "<br>", '<a href="', "</a>", ".pdf", ".docx", ".xls", "<script>", "<style>", "<!--", "-->",
              "<![CDATA[", "&nbsp;", "&amp;", "&#", "<o:p>", "<h1>", "<strong>", "<b>", "<ul>", "<li>",
              "附件", "发布日期", "索引号", "发布机构", "主动公开", "依申请公开", "行政复议", "行政诉讼",
              "予以公开", "不予公开", "总计", "自然人", "信息内容", "本年制发件数", "规章", "规范性文件",
              "一、总体情况", "政府信息公开工作年度报告", "2021年", "二〇二一年", "维持", "纠正"]
TEXT_WORDS = ["\t", "|", "| ", " |", "|---|", "\n", "\n\n", "## ", "# ", "**", "一、", "（一）",
              "主动公开", "依申请公开", "行政复议", "行政诉讼", "信息内容", "本年制发件数", "总计",
              "政府信息公开工作年度报告", "2021年"]
WORDS = {
    "parser_fuzz": HTML_WORDS + TEXT_WORDS + ["%PDF-", "PK\x03\x04", "\ufeff"],
    "html_fuzz": HTML_WORDS,
    "text_grid_fuzz": TEXT_WORDS,
    "identity_fuzz": ["2021", "二〇二一", "年", "年度", "政府信息公开", "工作年度报告", "工作报告", "【", "】",
                      "图片版", "PDF版", "人民政府", "街道办事处", "区", "县", "镇", "如有疑问", "联系",
                      "办公室", " ", "\u3000", "\n"],
    "robots_fuzz": ["User-agent:", "User-agent: *", "User-agent: nianbao", "Disallow:", "Allow:",
                    "Crawl-delay:", "Sitemap:", "#", "*", "$", "/", "%2F", "%e4", "\n", "\r\n", "0.5"],
    "datastore_fuzz": ["<datastore>", "</datastore>", "<record>", "</record>", "<recordset>", "</recordset>",
                       "<totalrecord>", "</totalrecord>", "<totalpage>", "</totalpage>", "<nextgroup>",
                       "</nextgroup>", "<![CDATA[", "]]>", '<script type="text/xml">', "</script>",
                       "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&apos;", "perPage", "param_",
                       "dataproxy.jsp", "startrecord=", "endrecord=", "perpage=", "columnid", "unitid",
                       "webid", '<a href="', "</a>", "<span>", "2022-01-20"],
    "common_search_fuzz": ['"data"', '"total"', '"rows"', '"page"', '"results"', '"title"', '"url"',
                           '"publishedTimeStr"', "{", "}", "[", "]", ":", ",", "null", "true", "1e9",
                           "/common/search/", "5b80c5ff2bb349d6948d17015fa43ddf", "_isJson=true",
                           "channelId", "<em>", "\\u"],
    "trs_fuzz": ["createPageHTML(", "createPageHTML('paging',", "'index'", '"html"', "'shtml'", ",", ")",
                 ";", "function createPageHTML", "index_1.html", '<a href="', "</a>", "<li>", "<span>",
                 "2022-01-20", "下一页", "<script>", "</script>"],
    "config_fuzz": ["[storage]", "[crawler]", "[schedule]", "[alerts]", "[[source]]", "=", '"', "'" * 3,
                    "true", "false", "[", "]", "\n", "#", "6h", "30m", "1h30m", "2d", "90s",
                    "http://127.0.0.1/", "127.0.0.1", ":80:", "-1", "9223372036854775807"],
}


def escape(word):
    out = []
    for b in word.encode("utf-8"):
        c = chr(b)
        out.append(c if 0x20 <= b < 0x7F and c not in '"\\' else f"\\x{b:02x}")
    return "".join(out)


def literals(patterns):
    found = []
    for pattern in patterns:
        for f in sorted(ROOT.glob(pattern)):
            for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', f.read_text("utf-8")):
                lit = m.group(1)
                if 2 <= len(lit) <= 40 and "\\" not in lit and not lit.endswith(".h"):
                    found.append(lit)
    return found


def dicts():
    d = ROOT / "fuzz" / "dict"
    d.mkdir(exist_ok=True)
    for target, patterns in DICT_SOURCES.items():
        lines = [f"# {target}: generated by fuzz/make_seeds.py"]
        seen = set()
        for w in WORDS.get(target, []) + literals(patterns):
            enc = escape(w)
            if enc not in seen:
                seen.add(enc)
                lines.append(f'"{enc}"')
        (d / f"{target}.dict").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
    dicts()
