#!/usr/bin/env python3
"""qarin's input readers against Python peers, measured in one run (docs/evaluation.md).

    python3 benches/inputs_compare.py [--qarin target/release/qarin] [--skip-speed]

1. Extraction speed on the sample page with its body repeated to 5 and 50 MB: `qarin segment`
   (extraction and segmentation), Python's stdlib html.parser (all text outside script/style,
   no main-content rule) and readability-lxml (Document.summary(), then its text). Wall time,
   median of 3, and peak memory (/usr/bin/time).
2. What each keeps of samples/ankara-2022-11-14/page.html: gold sentences of ar.sent found in
   the output, and lines of the site template that leaked into it.
3. Encoding detection on the NTREX Arabic documents (../shared/data/align/ntrex_ar_en/docs/ar),
   each encoded in Windows-1256 and ISO-8859-6, whole and as its first line only: right,
   wrong, refused (qarin asks for --encoding; the peers never refuse). Dev = documents 000-061,
   held-out = 062-122; nothing was tuned on either.

Needs: pip install readability-lxml charset-normalizer chardet (a venv is fine).
"""
import argparse
import html.parser
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "samples", "ankara-2022-11-14")
NTREX = os.path.join(ROOT, "..", "shared", "data", "align", "ntrex_ar_en", "docs", "ar")


class TextOnly(html.parser.HTMLParser):
    """Every text node outside script and style: what a page's text is without any rule."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.out = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.out.append(data.strip())


def stdlib_text(page):
    p = TextOnly()
    p.feed(page)
    p.close()
    return "\n".join(p.out)


def readability_text(page):
    from readability import Document
    import lxml.html

    summary = Document(page).summary()
    return lxml.html.fromstring(summary).text_content()


PEER_CODE = {
    "html.parser": "stdlib_text",
    "readability-lxml": "readability_text",
}


def timed(cmd):
    """Wall seconds and peak RSS (MB) of a command, via /usr/bin/time."""
    start = time.perf_counter()
    res = subprocess.run(
        ["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    wall = time.perf_counter() - start
    if res.returncode != 0:
        raise SystemExit(f"{cmd} failed: {res.stderr.decode()[-500:]}")
    rss_kb = int(res.stderr.decode().strip().splitlines()[-1])
    return wall, rss_kb / 1024


def big_page(size):
    page = open(os.path.join(SAMPLE, "page.html"), encoding="utf-8").read()
    start = page.index('<div class="article-body">') + len('<div class="article-body">')
    end = page.index("</div>", start)
    body = page[start:end]
    copies = size // len(body.encode()) + 1
    return page[:start] + body * copies + page[end:]


def speed(qarin):
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (5_000_000, 50_000_000):
            path = os.path.join(tmp, f"page-{size}.html")
            with open(path, "w", encoding="utf-8") as f:
                f.write(big_page(size))
            mb = os.path.getsize(path) / 1e6
            tools = {"qarin segment": [qarin, "segment", path]}
            for name, fn in PEER_CODE.items():
                code = (
                    f"import sys; sys.path.insert(0, {os.path.dirname(__file__)!r}); "
                    f"import inputs_compare as m; "
                    f"t = m.{fn}(open({path!r}, encoding='utf-8').read()); print(len(t))"
                )
                tools[name] = [sys.executable, "-c", code]
            for name, cmd in tools.items():
                runs = [timed(cmd) for _ in range(3)]
                wall = statistics.median(r[0] for r in runs)
                rss = max(r[1] for r in runs)
                rows.append((mb, name, wall, mb / wall, rss))
                print(f"{mb:6.1f} MB  {name:18} {wall:7.2f} s  {mb / wall:6.1f} MB/s  {rss:7.0f} MB peak",
                      flush=True)
    return rows


TEMPLATE = [
    "الرئيسية", "ثقافة وفنون", "ابحث", "الإثنين 14 تشرين الثاني 2022", "فيسبوك", "الوسوم",
    "التعليقات", "لا توجد تعليقات", "الأكثر قراءة", "ارتفاع أسعار النفط", "مقالات ذات صلة",
    "الكرملين: لا خطط", "من نحن", "جميع الحقوق محفوظة", "نستخدم ملفات", "not article text",
    "dataLayer", "إعلان",
]


def quality(qarin):
    page_path = os.path.join(SAMPLE, "page.html")
    page = open(page_path, encoding="utf-8").read()
    gold = [l for l in open(os.path.join(SAMPLE, "ar.sent"), encoding="utf-8").read().splitlines() if l]
    outputs = {
        "qarin segment": subprocess.run([qarin, "segment", page_path], capture_output=True,
                                        text=True, check=True).stdout,
        "qarin --keep-boilerplate": subprocess.run(
            [qarin, "segment", "--keep-boilerplate", page_path], capture_output=True, text=True,
            check=True).stdout,
        "html.parser": stdlib_text(page),
        "readability-lxml": readability_text(page),
    }
    norm = lambda s: re.sub(r"\s+", " ", s)
    for name, text in outputs.items():
        flat = norm(text)
        found = sum(1 for g in gold if norm(g) in flat)
        leaked = [t for t in TEMPLATE if t in text]
        print(f"{name:26} gold sentences {found}/{len(gold)}   template lines leaked {len(leaked)}/{len(TEMPLATE)}")


def detect_qarin(qarin, path):
    res = subprocess.run([qarin, "segment", path], capture_output=True, text=True)
    if res.returncode == 2:
        return "refused"
    m = re.search(r"read as (\S+)", res.stderr)
    return m.group(1).lower() if m else "utf-8"


def detect_peers(data):
    import chardet
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    cn = best.encoding if best else "none"
    cd = (chardet.detect(data)["encoding"] or "none").lower()
    return {"charset-normalizer": cn.lower().replace("_", "-"), "chardet": cd.replace("_", "-")}


ALIASES = {
    "windows-1256": {"windows-1256", "cp1256"},
    "iso-8859-6": {"iso-8859-6", "iso8859-6", "iso-8859-6-i"},
}


def encodings(qarin):
    docs = sorted(os.listdir(NTREX))
    results = {}
    skipped = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in docs:
            split = "dev" if int(name[:3]) < 62 else "held-out"
            text = open(os.path.join(NTREX, name), encoding="utf-8").read()
            for enc, py in (("windows-1256", "cp1256"), ("iso-8859-6", "iso8859_6")):
                for cut in ("whole", "first line"):
                    t = text if cut == "whole" else text.splitlines()[0] + "\n"
                    try:
                        data = t.encode(py)
                    except UnicodeEncodeError:
                        skipped += 1
                        continue
                    path = os.path.join(tmp, "x.txt")
                    with open(path, "wb") as f:
                        f.write(data)
                    got = {"qarin": detect_qarin(qarin, path)}
                    got.update(detect_peers(data))
                    for tool, g in got.items():
                        key = (tool, split, cut)
                        r = results.setdefault(key, [0, 0, 0])
                        if g == "refused":
                            r[2] += 1
                        elif g in ALIASES[enc]:
                            r[0] += 1
                        else:
                            r[1] += 1
    print(f"(skipped {skipped} encodings of documents with characters the encoding lacks)")
    for key in sorted(results):
        right, wrong, refused = results[key]
        print(f"{key[0]:20} {key[1]:9} {key[2]:11} right {right:4}  wrong {wrong:4}  refused {refused:4}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qarin", default=os.path.join(ROOT, "target", "release", "qarin"))
    ap.add_argument("--skip-speed", action="store_true")
    args = ap.parse_args()
    print("== what each keeps of page.html")
    quality(args.qarin)
    print("== encoding detection, NTREX Arabic")
    encodings(args.qarin)
    if not args.skip_speed:
        print("== extraction speed")
        speed(args.qarin)


if __name__ == "__main__":
    main()
