import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def espeak_wav(tmp_path_factory):
    """A few seconds of real, recording-like Mandarin speech rendered by espeak-ng."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    path = tmp_path_factory.mktemp("espeak") / "speech.wav"
    subprocess.run(
        ["espeak-ng", "-v", "cmn-latn-pinyin", "-w", str(path),
         "ka2 er2 pu3 pei2 wai4 sun1 wan2 hua2 ti1, jia3 yu3 cun1 yan2 bie2 zai4 yong1 bao4 wo3"],
        check=True,
    )
    return path
