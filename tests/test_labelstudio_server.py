"""A real Label Studio server: project from the generated configuration, tasks in, an annotator's work back as gold.

The server is a separate program in its own environment (Label Studio 1.23 pins pyarrow<25,
Warta pins 26.0.1): ``.ci/run`` installs it into ``.ci/venv-labelstudio``; elsewhere set
``WARTA_LABEL_STUDIO`` to a ``label-studio`` executable. The test starts it on 127.0.0.1 with
a temporary data folder and stops it; it talks to it with label-studio-sdk from that
environment (``tests/labelstudio_driver.py``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from warta.annotation.gold import load_annotation
from warta.cli import main
from warta.exchange.commands import config_path, export_annotations

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "exchange"
EMOJI_ID = "8b4ce0f28d1f016c"
TOKEN = "warta-test-token-0123456789"
STARTUP_SECONDS = 300


def _executable() -> Path | None:
    named = os.environ.get("WARTA_LABEL_STUDIO")
    for candidate in (named, ROOT / ".ci/venv-labelstudio/bin/label-studio", shutil.which("label-studio")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    executable = _executable()
    if executable is None:
        pytest.skip("Label Studio is not installed: .ci/run installs it into .ci/venv-labelstudio "
                    "(pip install label-studio==1.23.2), or set WARTA_LABEL_STUDIO to its label-studio executable")
    data = tmp_path_factory.mktemp("label-studio-data")
    port = _free_port()
    env = {**os.environ, "LABEL_STUDIO_BASE_DATA_DIR": str(data), "LABEL_STUDIO_USERNAME": "annotator@warta.invalid",
           "LABEL_STUDIO_PASSWORD": "warta-annotator-pass", "LABEL_STUDIO_USER_TOKEN": TOKEN,
           "LATEST_VERSION_CHECK": "false", "LABEL_STUDIO_LATEST_VERSION_CHECK": "false", "HOME": str(data)}
    log = (data / "server.log").open("wb")
    began = time.monotonic()
    process = subprocess.Popen([str(executable), "start", "--no-browser", "--host", "127.0.0.1", "--internal-host",
                                "127.0.0.1", "--port", str(port), "--data-dir", str(data),
                                "--enable-legacy-api-token"], env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() - began > STARTUP_SECONDS:
                raise RuntimeError(f"Label Studio did not answer on {url}: "
                                   + (data / "server.log").read_text(errors="replace")[-2000:])
            time.sleep(1)
        print(f"Label Studio answered after {time.monotonic() - began:.0f} s")
        yield url, executable.parent / "python"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def _utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


def _annotators_result(prediction: list[dict], raw: str) -> list[dict]:
    """What an annotator submits after starting from the prediction: one label corrected, one entity
    deleted, one added (its offsets in UTF-16 units, as a browser counts them: it follows five emoji)."""
    def region_of(text: str) -> str:
        return next(r["id"] for r in prediction if r.get("from_name") == "entity" and r["value"]["text"] == text)

    corrected, deleted = region_of("Lapangan Merdeka"), region_of("KabarContoh.com")
    result = [r for r in json.loads(json.dumps(prediction)) if deleted not in (r.get("id"), r.get("to_id"))]
    for r in result:
        if r.get("id") == corrected and r["type"] == "labels":
            r["value"]["labels"] = ["LOC"]
    start = raw.index("Pasar Contoh")
    span = {"start": _utf16(raw, start), "end": _utf16(raw, start + len("Pasar Contoh")), "text": "Pasar Contoh"}
    result += [{"id": "Xk3v9QpL2a", "from_name": "entity", "to_name": "text", "type": "labels",
                "value": {**span, "labels": ["FAC"]}, "origin": "manual"},
               {"id": "Xk3v9QpL2a", "from_name": "entity_id", "to_name": "text", "type": "textarea",
                "value": {**span, "text": ["pasar_contoh"]}, "origin": "manual"}]
    return result


def test_an_annotation_made_in_label_studio_becomes_a_gold_file(server, in_repo, tmp_path):
    url, python = server
    assert main(["add", str(FIXTURES / "festival_kuliner.txt"), "--outlet", "KabarContoh", "--id", EMOJI_ID]) == 0
    raw = (FIXTURES / "festival_kuliner.txt").read_text(encoding="utf-8")
    tasks = tmp_path / "tasks.json"
    export_annotations(in_repo, "label-studio", [EMOJI_ID], unannotated=False, every=False, out=tasks)
    prediction = json.loads(tasks.read_text(encoding="utf-8"))[0]["predictions"][0]["result"]
    predicted = [r for r in prediction if r.get("from_name") == "entity"]
    result = tmp_path / "result.json"
    result.write_text(json.dumps(_annotators_result(prediction, raw), ensure_ascii=False), encoding="utf-8")
    export = tmp_path / "export.json"
    subprocess.run([str(python), str(Path(__file__).parent / "labelstudio_driver.py"), url, TOKEN,
                    str(config_path(tasks)), str(tasks), str(result), str(export)], check=True, timeout=300)

    assert main(["import-annotations", str(export)]) == 0
    gold = load_annotation(in_repo, EMOJI_ID, raw, json.loads(tasks.read_text(encoding="utf-8"))[0]["data"]
                           ["raw_sha256"])
    assert gold is not None
    found = {(m["quote"], m["raw_start"]): m for m in gold["entities"]}
    assert len(gold["entities"]) == len(predicted)  # one deleted, one added
    assert found[("Lapangan Merdeka", raw.index("Lapangan Merdeka"))]["label"] == "LOC"
    assert not any(m["quote"] == "KabarContoh.com" for m in gold["entities"])
    added = found[("Pasar Contoh", raw.index("Pasar Contoh"))]
    assert (added["label"], added["entity_id"], added["raw_end"] - added["raw_start"]) == ("FAC", "pasar_contoh", 12)
    by_position = sorted(gold["entities"], key=lambda m: m["raw_start"])
    assert [m["id"] for m in by_position] == [f"e{n}" for n in range(1, len(by_position) + 1)]
    assert gold["quotes"] and all(raw[q["content"]["raw_start"]:q["content"]["raw_end"]] == q["content"]["quote"]
                                  for q in gold["quotes"])
