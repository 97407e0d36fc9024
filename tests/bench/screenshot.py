"""The README's screenshot of the view: a seed's document page in headless Chromium.

    python -m tests.bench.screenshot [--shots DIR]

Writes the view of the release to a temporary folder, opens the page of the seed
101de1eb255d4fba and saves the top of it as dataset/figures/view-document.png (a picture
for the card, not a build output: the build neither draws nor removes it). ``--shots DIR``
also saves the index, a whole document page and the dataset page there.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from browser import chromium, full_page_png, missing  # noqa: E402

from warta.layout import Layout  # noqa: E402
from warta.view.site import write_view  # noqa: E402

SEED = "101de1eb255d4fba"
README_SHOT = Path("dataset/figures/view-document.png")
WIDTH, HEIGHT = 1280, 900


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", type=Path, default=None, help="also save index, document and dataset pages here")
    args = parser.parse_args()
    problem = missing()
    if problem:
        raise SystemExit(problem)
    layout = Layout.find()
    with tempfile.TemporaryDirectory(prefix="warta-view-") as tmp, chromium(WIDTH, HEIGHT) as driver:
        site = write_view(layout, Path(tmp) / "site").out
        driver.get((site / "doc" / f"{SEED}.html").as_uri())
        target = layout.root / README_SHOT
        target.write_bytes(driver.get_screenshot_as_png())
        print(f"wrote {layout.rel(target)}")
        if args.shots:
            for name, page, height in (("index.png", "index.html", 700), ("document.png", f"doc/{SEED}.html", 2600),
                                       ("dataset.png", "dataset.html", 2600)):
                driver.get((site / page).as_uri())
                full_page_png(driver, args.shots / name, WIDTH, height)
                print(f"wrote {args.shots / name}")


if __name__ == "__main__":
    main()
