#!/usr/bin/env python3
"""Cuts the committed fuzz seeds (fuzz/seeds/<target>/) out of tests/fixtures/.

Seeds are kept small (a few hundred bytes to a few KB) so that libFuzzer
mutates structure, not bulk. Run from the repository root; it rewrites the
seed files it generates and leaves any other file (crash reproducers) alone.
"""
import io
import json
import pathlib
import re
import shutil
import subprocess
import tempfile
import zipfile

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


DOC_MAX = 20000  # whole files for the document readers (fuzzed with -max_len=32768)


def put_file(target, name, data):
    """A whole document: never cut (a cut file only tests the first check)."""
    assert len(data) < DOC_MAX, f"{target}/{name}: {len(data)} bytes"
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def pdf_page(pdf, page):
    """One page of `pdf` without its embedded font programs (qpdf + fix-qdf):
    the text layer (ToUnicode, widths) and the rulings stay, the bulk goes."""
    with tempfile.TemporaryDirectory() as tmp:
        t = pathlib.Path(tmp)
        subprocess.run(["qpdf", "--empty", "--pages", str(pdf), str(page), "--", t / "p.pdf"], check=True)
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", t / "p.pdf", t / "q.pdf"], check=True)
        data = (t / "q.pdf").read_bytes()
        fonts = {int(n) for n in re.findall(rb"/FontFile[23]? (\d+) 0 R", data)}

        def empty(m):
            if int(m.group(1)) not in fonts:
                return m.group(0)
            head = m.group(2).split(b"stream\n", 1)[0]
            head = re.sub(rb"/Length1 \d+|/Filter /FlateDecode", b"", head)
            return b"\n" + m.group(1) + b" 0 obj\n" + head + b"stream\nendstream\nendobj\n"

        data = re.sub(rb"\n(\d+) 0 obj\n(.*?)\nendobj\n", empty, data, flags=re.S)
        (t / "s.pdf").write_bytes(data)
        fixed = subprocess.run(["fix-qdf", t / "s.pdf"], check=True, capture_output=True).stdout
        (t / "f.pdf").write_bytes(fixed)
        subprocess.run(["qpdf", "--object-streams=generate", "--recompress-flate", "--compression-level=9",
                        t / "f.pdf", t / "z.pdf"], check=True)
        if page == 1:  # and the same page with an owner password (readable) and a user password
            subprocess.run(["qpdf", "--encrypt", "", "owner", "256", "--", t / "z.pdf", t / "e.pdf"], check=True)
            subprocess.run(["qpdf", "--encrypt", "user", "owner", "256", "--", t / "z.pdf", t / "u.pdf"], check=True)
            return [(t / n).read_bytes() for n in ["z.pdf", "e.pdf", "u.pdf"]]
        return [(t / "z.pdf").read_bytes()]


def stored_zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, (2022, 1, 20, 9, 30, 0)), data)
    return buf.getvalue()


def first_rows(xml, table_open, row_close, table_close, rows, tail):
    """`xml` cut after the first `rows` rows of its first table, then closed."""
    start = xml.find(table_open)
    end = start
    for _ in range(rows):
        end = xml.index(row_close, end) + len(row_close)
    return xml[:end] + table_close + tail


def document_seeds():
    docs = FIX / "documents"
    # (Chromium's pages keep ~60 KB of drawing each: not used.)
    for pdf, pages in [(docs / "generated" / "000" / "writer.pdf", [1, 2, 3, 4])]:
        for page in pages:
            for i, data in enumerate(pdf_page(pdf, page)):
                suffix = ["", "_owner_password", "_user_password"][i]
                put_file("pdf_fuzz", f"000_{pdf.stem}_p{page}{suffix}.pdf", data)
    put_file("pdf_fuzz", "drawing-only.pdf", (docs / "drawing-only.pdf").read_bytes())

    for f in ["structures.docx", "structures.xlsx", "report-000-hanweb.docx", "report-000-hanweb.xlsx",
              "truncated.docx"]:
        put_file("ooxml_fuzz", f, (docs / f).read_bytes())
    # The XML-parts form of the target (see ooxml_fuzz.cpp): part A, NUL, part B.
    sd = zipfile.ZipFile(docs / "structures.docx")
    put_file("ooxml_fuzz", "structures_document.xml", sd.read("word/document.xml") + b"\0" + sd.read("word/styles.xml"))
    sx = zipfile.ZipFile(docs / "structures.xlsx")
    put_file("ooxml_fuzz", "structures_sheet.xml", sx.read("xl/worksheets/sheet1.xml") + b"\0" + sx.read("xl/sharedStrings.xml"))
    rd = zipfile.ZipFile(docs / "report-000-hanweb.docx").read("word/document.xml").decode("utf-8")
    rd = rd[: rd.index("<w:body>") + 8] + rd[rd.index("<w:tbl>"):]  # the table, not the site chrome above it
    table = first_rows(rd, "<w:tbl>", "</w:tr>", "</w:tbl>", 6, "</w:body></w:document>")
    put_file("ooxml_fuzz", "000_table_document.xml", table.encode("utf-8"))
    put_file("ooxml_fuzz", "000_table_stored.docx", stored_zip([
        ("[Content_Types].xml", sd.read("[Content_Types].xml")), ("word/document.xml", table.encode("utf-8"))]))

    put_file("word97_fuzz", "word97_signature_nested.doc", (docs / "word97_signature_nested.doc").read_bytes())

    for f in ["report-in-zip.zip", "zip-in-zip.zip", "zip-in-zip-in-zip.zip", "nothing-readable.zip",
              "lying-size.zip", "encrypted-member.zip", "structures.docx", "structures.xlsx", "drawing-only.pdf",
              "word97_signature_nested.doc"]:
        put_file("archive_fuzz", f, (docs / f).read_bytes())
    put_file("archive_fuzz", "stored_members.zip", stored_zip([
        ("说明.txt", "年度报告见附件。".encode("utf-8")), ("报告/2021年度报告.docx", (docs / "structures.docx").read_bytes()),
        ("表/统计表.xlsx", (docs / "structures.xlsx").read_bytes())]))


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
        if b"tr_main_value" in data or b"/module/xxgk/" in data:
            put("xxgk_fuzz", name, data)
        elif f.suffix in (".html", ".shtml", ".jsp") and b"datastore" not in data and b"createPageHTML" not in data:
            put("generic_list_fuzz", name, data)
    document_seeds()


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
    "xxgk_fuzz": ["crawler/walkers/xxgk.cpp", "crawler/walkers/scan_util.cpp", "crawler/walkers/list_items.cpp"],
    "generic_list_fuzz": ["crawler/walkers/generic_list.cpp", "crawler/walkers/list_items.cpp",
                          "crawler/walkers/resolve_link.cpp"],
    "pdf_fuzz": ["documents/pdf/*.cpp"],
    "ooxml_fuzz": ["documents/ooxml/*.cpp"],
    "word97_fuzz": ["documents/word97/*.cpp"],
    "archive_fuzz": ["documents/zip/*.cpp", "documents/form.cpp"],
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
    "xxgk_fuzz": ['<tr class="tr_main_value_odd">', '<tr class="tr_main_value_even">', "</tr>", "<td", "</td>",
                  '<a href="', "</a>", 'title="', "/module/xxgk/search.jsp", "/module/xxgk/script/dynamic.js",
                  "vc_xxgkarea", "area=", "jdid", "currpage", "createPageHTML(", "infotypeId", "2022-01-20",
                  "11230100MB1D77046P", "'", ","],
    "generic_list_fuzz": ["<ul>", "<li>", "</li>", "<tr>", "<td>", "<dd>", "<dt>", '<a href="', "</a>",
                          'title="', 'class="next"', "下一页", "下页", "next", "javascript:", "../", "./", "?page=",
                          "2022-01-20", "[2022-01-20]", "<span>", "</span>", "<base href=\"", "http://", "#"],
    "pdf_fuzz": ["%PDF-1.4", "%PDF-1.7", "%%EOF", "obj", "endobj", "stream", "endstream", "xref", "trailer",
                 "startxref", "/Type", "/Page", "/Pages", "/Kids", "/Count", "/MediaBox", "/Contents", "/Resources",
                 "/Font", "/ToUnicode", "/Encoding", "/Identity-H", "/Length", "/Filter", "/FlateDecode", "/Root",
                 "/Rotate", "/Encrypt", "/ObjStm", "BT", "ET", "Tf", "Tj", "TJ", "Td", "Tm", "re", "m", "l", "S",
                 "f", "q", "Q", "cm", "w", "beginbfchar", "endbfchar", "beginbfrange", "<0000>", "<FFFF>", "R"],
    "ooxml_fuzz": ["PK\x03\x04", "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:tbl>", "</w:tbl>",
                   "<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>", "<w:gridSpan w:val=\"2\"/>", "<w:vMerge/>",
                   "<w:vMerge w:val=\"restart\"/>", "<w:pStyle w:val=\"Heading1\"/>", "<w:b/>", "<w:sdt>",
                   "<w:txbxContent>", "<w:numPr>", "<w:tab/>", "<w:br/>", "<sheetData>", "<row r=\"1\">", "</row>",
                   '<c r="B3" t="s">', "<v>", "</v>", "<is><t>", "<si><t>", "</t></si>", "<mergeCell ref=\"A1:C1\"/>",
                   "<mergeCells>", 't="inlineStr"', "XFD1048576", "\x00", "主动公开", "依申请公开", "总计"],
    "word97_fuzz": ["\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "WordDocument", "1Table", "0Table", "Root Entry",
                    "\x07", "\x0d", "\x13", "\x14", "\x15", "\xec\xa5", "\xfe\xff\xff\xff", "\xff\xff\xff\xff",
                    "主动公开", "年度报告"],
    "archive_fuzz": ["PK\x03\x04", "PK\x01\x02", "PK\x05\x06", "PK\x06\x06", "%PDF-", "Rar!\x1a\x07",
                     "7z\xbc\xaf\x27\x1c", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "\x89PNG", "\xff\xd8\xff",
                     "GIF89a", "[Content_Types].xml", "word/document.xml", "xl/workbook.xml", "OFD.xml", ".docx",
                     ".pdf", ".zip", "WordDocument", "<html>"],
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
