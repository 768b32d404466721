#!/usr/bin/env python3
"""The exposure page (`clearance exposure --format html`) rendered in headless Chromium.

    check-exposure-page.py CLI SOURCE_DIR WORK_DIR

For the edge-relay example: one capture's page is screenshot and the PNG must be a rendered
page (decoded here with zlib and struct: its rows carry content, not one colour); its DOM,
as Chromium parsed it, must hold the capture's data at rest with their statuses, the flows
in transit with their labels, and the diagram with the routes through the node drawn. The
page of every edge node must have a section per capture, and a model whose names are hostile
HTML must come out as text, with no element of its own. Exit 0: as expected; 1: not;
77: skipped (CTest's SKIP_RETURN_CODE) when Chromium or Graphviz is not installed.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from html.parser import HTMLParser

ROUTE_COLOUR = "#a0199b"  # the colour exposure_html.cpp draws routes in, as Graphviz writes it


def skip(why):
    print("SKIPPED: " + why)
    sys.exit(77)


def browser():
    for candidate in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(candidate)
        if path:
            return path
    return None


def run_browser(program, page, *arguments):
    profile = tempfile.mkdtemp()
    try:
        return subprocess.run(
            [program, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--user-data-dir=" + profile, *arguments, "file://" + page],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=120, check=False).stdout.decode("utf-8")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def png_rows(data):
    """(width, height, bytes per pixel, filtered scanlines) of a non-interlaced 8-bit PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    offset, idat, header = 8, b"", None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError("unexpected PNG layout %r" % (header,))
    raw = zlib.decompress(idat)
    stride = 1 + width * channels
    if len(raw) != stride * height:
        raise ValueError("PNG data of %d bytes, expected %d" % (len(raw), stride * height))
    return width, height, channels, [raw[i * stride + 1:(i + 1) * stride] for i in range(height)]


def content_rows(rows, channels):
    """Scanlines that are not one colour. PNG filters turn a row of one colour into one that
    repeats with the pixel's period from its second pixel on (zeros for Sub, Up, Average and
    Paeth; the colour itself for None), so any other row has something drawn on it."""
    return sum(1 for row in rows if row[2 * channels:] != row[channels:-channels])


class Dom(HTMLParser):
    """What the checks read from Chromium's serialised DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []     # (tag, attributes)
        self.sections = []     # data-node of each capture section
        self.text = []
        self.route_strokes = 0

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        self.elements.append((tag, attributes))
        if tag == "section" and "capture" in (attributes.get("class") or "").split():
            self.sections.append(attributes.get("data-node"))
        if tag == "path" and (attributes.get("stroke") or "").lower() == ROUTE_COLOUR:
            self.route_strokes += 1

    def handle_data(self, data):
        self.text.append(data)


def parse(html):
    dom = Dom()
    dom.feed(html)
    dom.text = " ".join(" ".join(dom.text).split())
    return dom


def main():
    cli, source_dir, work_dir = sys.argv[1:4]
    program = browser()
    if program is None:
        skip("no headless Chromium (Debian: chromium)")
    if shutil.which("dot") is None:
        skip("no Graphviz dot (Debian: graphviz): the page would show the diagram's source")
    shutil.rmtree(work_dir, ignore_errors=True)
    os.makedirs(work_dir)
    model = os.path.join(source_dir, "examples", "edge-relay.json")
    failures = []

    def expect(condition, what):
        print(("ok: " if condition else "FAILED: ") + what)
        if not condition:
            failures.append(what)

    def page(name, *arguments):
        path = os.path.join(work_dir, name)
        subprocess.run([cli, "exposure", *arguments, "--format", "html", "--output", path], check=True)
        return path

    # One capture: screenshot and DOM.
    kit = page("patrol-kit.html", model, "--capture", "node:patrol-kit")
    png = os.path.join(work_dir, "patrol-kit.png")
    run_browser(program, kit, "--screenshot=" + png, "--window-size=1280,1400")
    size = os.path.getsize(png) if os.path.exists(png) else 0
    expect(size > 30000, "the screenshot is a PNG of more than 30 kB (%d bytes)" % size)
    if size:
        width, height, channels, rows = png_rows(open(png, "rb").read())
        expect((width, height) == (1280, 1400), "the screenshot is 1280x1400 (%dx%d)" % (width, height))
        drawn = content_rows(rows, channels)
        expect(drawn > height // 4, "a quarter of the screenshot's rows show something (%d of %d)" % (drawn, height))
        expect(len(set(rows)) > 100, "the screenshot has many different rows (%d)" % len(set(rows)))
    dom = parse(run_browser(program, kit, "--dump-dom"))
    expect(dom.sections == ["patrol-kit"], "the page has one capture section, of patrol-kit (%r)" % dom.sections)
    expect("patrol-orders SECRET//REL TO USA, GBR exposed patrol-c2" in dom.text,
           "patrol-orders is exposed at rest (fips does not protect SECRET)")
    expect("blue-force-tracks CUI//REL TO USA, GBR protected patrol-c2" in dom.text,
           "blue-force-tracks is protected at rest")
    expect("target-share sipr-east target-list SECRET//REL TO USA, GBR" in dom.text,
           "target-share passes with the guard release's label")
    expect("imagery-to-fob sensor-post sensor-imagery SECRET//REL TO GBR, USA" in dom.text,
           "imagery-to-fob passes with its own label")
    expect(sum(1 for tag, _ in dom.elements if tag == "svg") == 1, "the page draws one diagram")
    expect(dom.route_strokes >= 7, "the diagram draws the 7 route crossings (%d paths)" % dom.route_strokes)
    titles = [attributes.get("xlink:title") or attributes.get("title") for tag, attributes in dom.elements if tag == "a"]
    expect("route through patrol-kit over cds-release" in titles, "a route crosses the guard cds-release")

    # Every edge node: a section each, in node order.
    dom = parse(run_browser(program, page("all.html", model), "--dump-dom"))
    expect(dom.sections == ["patrol-kit", "sensor-post", "gbr-fob"],
           "the page of every edge node has a section per capture in node order (%r)" % dom.sections)
    expect(sum(1 for tag, _ in dom.elements if tag == "svg") == 3, "each capture has its diagram")

    # Hostile names are text.
    hostile = os.path.join(work_dir, "hostile.json")
    text = open(model, encoding="utf-8").read()
    text = text.replace('"name": "edge-relay"', '"name": "relay <script>alert(1)</script> & \\"q\\""')
    text = text.replace('"Patrol relay kit"', '"Kit </text><img src=x onerror=alert(2)> ]]> <!-- \\u202e"')
    open(hostile, "w", encoding="utf-8").write(text)
    dom = parse(run_browser(program, page("hostile.html", hostile), "--dump-dom"))
    expect(not any(tag in ("script", "img") for tag, _ in dom.elements), "no script or img element comes from names")
    expect('relay <script>alert(1)</script> & "q"' in dom.text, "the model's name shows as written")
    expect("Kit </text><img src=x onerror=alert(2)> ]]>" in dom.text, "the node's name shows as written")

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
