"""Drives a running Label Studio server through label-studio-sdk, as a project manager and an annotator would.

Run with the Python of the Label Studio installation (its own environment: Label Studio pins
other versions of pyarrow and numpy than Warta does). Arguments: server address, API token,
labeling configuration (XML), tasks (JSON), the annotation to submit for the first task
(JSON: its result list), and where to write the project's JSON export.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from label_studio_sdk import LabelStudio


def main(url: str, token: str, config: str, tasks: str, result: str, out: str) -> None:
    client = LabelStudio(base_url=url, api_key=token)
    project = client.projects.create(title="Warta gold annotation", label_config=Path(config).read_text("utf-8"))
    client.projects.import_tasks(id=project.id, request=json.loads(Path(tasks).read_text("utf-8")))
    task = next(iter(client.tasks.list(project=project.id)))
    client.annotations.create(id=task.id, result=json.loads(Path(result).read_text("utf-8")), lead_time=42.0)
    export = b"".join(client.projects.exports.download_sync(id=project.id, export_type="JSON",
                                                            download_all_tasks=True))
    Path(out).write_bytes(export)


if __name__ == "__main__":
    main(*sys.argv[1:7])
