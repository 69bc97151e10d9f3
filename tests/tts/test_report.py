import re
from html.parser import HTMLParser

import numpy as np
import soundfile

from tts.report import ReportItem, write_report


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("audio", "img") and "src" in attrs:
            self.sources.append((tag, attrs["src"]))


def test_report_renders_with_linked_media(tmp_path):
    rng = np.random.default_rng(0)
    items = [
        ReportItem(
            id="000001", text="卡尔普陪外孙玩滑梯。<script>", phonemes="k a2 er2 #4 <eos>",
            audio=rng.uniform(-0.3, 0.3, 4000).astype(np.float32),
            reference_audio=rng.uniform(-0.3, 0.3, 4200).astype(np.float32),
            mel=rng.normal(size=(80, 30)), reference_mel=rng.normal(size=(80, 33)),
            alignment=np.eye(12, 5), metrics={"MCD (dB)": 5.25, "stop": True}, flags=["skip"],
        ),
        ReportItem(id="bare", text="只有文字"),
    ]
    page = write_report(tmp_path / "out" / "report.html", items, summary={"utterances": 2})
    text = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in text and "<script>" not in text  # text is escaped
    assert "5.250" in text and "flags: skip" in text and "只有文字" in text
    parser = Links()
    parser.feed(text)
    tags = sorted(tag for tag, _ in parser.sources)
    assert tags == ["audio", "audio", "img", "img"]
    for tag, src in parser.sources:
        target = page.parent / src
        assert target.is_file() and target.stat().st_size > 0, src
        if tag == "audio":
            info = soundfile.info(str(target))
            assert info.samplerate == 22050
    assert re.search(r"<audio controls", text)
