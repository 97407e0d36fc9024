"""warta: build, check and explore the Warta dataset of Indonesian news reports.

Errors of the toolkit's own type print as one line per problem and exit 1; anything
else is a bug and prints a traceback. --debug shows tracebacks for both.
"""

from __future__ import annotations

import argparse
import errno
import json
import sys
import time
from pathlib import Path

from warta import __version__
from warta.errors import ProblemList, WartaError
from warta.layout import Layout


def _cmd_build(args: argparse.Namespace) -> int:
    from warta.run.build import build

    layout = Layout.find()
    began = time.perf_counter()
    executor = None
    if args.executor == "ray":
        from warta.run.engine import ray_executor

        executor = ray_executor(args.workers)
    report = build(layout, progress=not args.quiet, workers=args.workers, executor=executor)
    seconds = time.perf_counter() - began
    if not args.quiet:
        for config, rows in report.counts.items():
            shards = f"{report.shards} shard{'s' * (report.shards > 1)}"
            print(f"wrote dataset/data/{config}/  ({rows:,} rows, {shards})")
    reused = f", {report.reused} of {report.shards} shards reused from the build cache" if report.reused else ""
    print(f"built {len(report.counts)} config(s) from {report.counts['documents']:,} document(s) "
          f"in {seconds:.1f} s{reused}; figures in README.md and DATASHEET.md regenerated")
    if report.unannotated:
        named = ", ".join(report.first_unannotated)
        more = report.unannotated - len(report.first_unannotated)
        listed = f"{named} and {more:,} more" if more > 0 else named
        where = f"; all ids in {layout.rel(report.unannotated_list)}" if more > 0 and report.unannotated_list else ""
        print(f"note: {report.unannotated:,} document(s) have no gold annotation file yet ({listed}{where}): "
              "their gold layers are empty and they are left out of the ner and kb configs; "
              "see schema/GUIDELINES.md", file=sys.stderr)
    empty = [config for config, rows in report.counts.items() if rows == 0]
    if empty:  # datasets 5.2 refuses a split with no examples (huggingface/datasets#8401)
        print(f"note: {len(empty)} config(s) have no rows yet ({', '.join(empty)}): datasets.load_dataset cannot "
              "load an empty split; they load once they have rows (pyarrow reads them meanwhile)", file=sys.stderr)
    return 0


def _workers(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, got {value!r}")
    return number


def _cmd_validate(args: argparse.Namespace) -> int:
    from warta.release.validate import release_problems

    layout = Layout.find()
    problems = release_problems(layout)
    if problems:
        raise ProblemList(problems)
    print(f"release under {layout.rel(layout.data_dir)} is valid")
    return 0


def _cmd_verify(args: argparse.Namespace) -> int:
    from warta.release.manifest import load_manifest, verify

    layout = Layout.find()
    problems = verify(layout)
    if problems:
        raise ProblemList(problems)
    manifest = load_manifest(layout)
    inputs = sum(len(v) for v in manifest["inputs"].values())
    size = sum(f.get("size", 0) for f in manifest["files"])
    name, version = manifest.get("dataset", "warta"), manifest.get("version", "(no version)")
    print(f"verified {name} {version}: {len(manifest['files'])} release files "
          f"({size:,} bytes), their metadata and {inputs} inputs match the manifest; the card and "
          "croissant.json agree with it")
    if args.rebuild:
        from warta.run.build import rebuild_differences

        compared, problems = rebuild_differences(layout, progress=sys.stderr.isatty(), workers=args.workers)
        if problems:
            raise ProblemList(problems)
        print(f"rebuilt the release from its inputs with an empty build cache: all {compared} files are "
              "byte for byte the same")
    return 0


def _cmd_curate(args: argparse.Namespace) -> int:
    from warta.curation.curate import curate
    from warta.curation.rawtext import read_raw
    from warta.layout import check_id

    path = Path(args.path)
    if not path.is_file():
        raise WartaError("not a file" if path.exists() else "no such file", file=str(path))
    stem = path.stem.split("_", 1)[-1].lower()
    if args.id is not None:
        check_id(args.id, where="--id")
    entry = {"id": args.id or (stem if _ok_id(stem) else "draft"),
             "outlet": args.outlet, "url": args.url, "language": "id", "raw_file": path.name}
    record = curate(read_raw(path), entry, file=str(path))
    from warta.machine.layers import with_machine_layers

    record = with_machine_layers(record)  # no gold for an unregistered file: show what the machine finds
    if args.json:
        from warta.terminal import json_for_terminal

        sys.stdout.write(json_for_terminal(json.dumps(record, ensure_ascii=False, indent=2)) + "\n")
        return 0
    _print_record(record)
    return 0


def _ok_id(value: str) -> bool:
    from warta.layout import ID_PATTERN

    return bool(ID_PATTERN.fullmatch(value))


def _print_record(record: dict) -> None:
    from warta.terminal import for_terminal

    for key in ("id", "outlet", "title", "authors", "editors", "published", "dateline_place",
                "dateline_outlet", "cited_sources", "image_credits"):
        print(for_terminal(f"{key:>15}: {record[key]}"))
    print()
    for seg in record["segments"]:
        offsets = f"{seg['raw_start']}-{seg['raw_end']}"
        text = seg["text"] if len(seg["text"]) <= 90 else seg["text"][:87] + "..."
        print(for_terminal(f"  {seg['zone']:<11} {offsets:>11}  {text}"))


def _cmd_add(args: argparse.Namespace) -> int:
    from warta.intake.add import add

    layout = Layout.find()
    entry = add(layout, Path(args.path), outlet=args.outlet, url=args.url, doc_id=args.id,
                retrieved=args.retrieved, license_note=args.license)
    print(f"registered {entry['id']} as dataset/raw/{entry['raw_file']}; "
          "run 'warta build' to add it to the release")
    return 0


SHOWN_PROBLEMS = 20  # refused records listed on the terminal; the full list goes to a file


def _cmd_import(args: argparse.Namespace) -> int:
    from warta.intake.importer import import_sources
    from warta.intake.sources import FieldMap

    layout = Layout.find()
    fields = FieldMap(text=args.text_field, id=args.id_field, outlet=args.outlet_field, url=args.url_field,
                      retrieved=args.retrieved_field, published=args.published_field)
    report = import_sources(layout, [Path(p) for p in args.sources], fields=fields, outlet=args.outlet,
                            license_note=args.license, skip_bad=args.skip_bad,
                            progress=not args.quiet and sys.stderr.isatty())
    failed = bool(report.refused) and not args.skip_bad
    label = "error" if failed else "warning"
    for problem in report.refused[:SHOWN_PROBLEMS]:
        print(f"{label}: {problem.one_line()}", file=sys.stderr)
    if len(report.refused) > SHOWN_PROBLEMS:
        listing = _write_problems(report.refused, args.problems_file)
        print(f"{label}: and {len(report.refused) - SHOWN_PROBLEMS:,} more problems; all "
              f"{len(report.refused):,} are listed in {listing}", file=sys.stderr)
    summary = (f"imported {len(report.imported):,}, duplicates {report.duplicates:,}, "
               f"refused {report.refused_records:,}")
    if failed:
        print(f"{summary} (all-or-nothing: nothing written; {report.held_back:,} good record(s) held back: "
              "fix the refused ones, or pass --skip-bad to import the rest)")
        return 1
    if report.refused_records:
        summary += " (--skip-bad: refused left out)"
        print(f"warning: {report.refused_records:,} record(s) refused and left out (--skip-bad)", file=sys.stderr)
    if report.packs:
        summary += "; raw pack" + "s" * (len(report.packs) > 1) + ": " + ", ".join(
            layout.rel(p) for p in report.packs)
    print(summary)
    if report.written:
        print(f"registered in {layout.rel(layout.registry)}; run 'warta build' to add them to the release")
    return 0


def _write_problems(problems: list[WartaError], target: str | None) -> str:
    import os
    import tempfile

    text = "".join(p.one_line() + "\n" for p in problems)
    if target:
        Path(target).write_text(text, encoding="utf-8")
        return target
    fd, name = tempfile.mkstemp(prefix="warta-import-problems-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return name


def _cmd_init(args: argparse.Namespace) -> int:
    from warta.intake.init import init

    target = Path(args.dir)
    init(target)
    print(f"started a Warta dataset repository in {target}: edit README.md (the card's YAML header) and "
          f"DATASHEET.md, then 'cd {target}' and 'warta import SOURCE --outlet NAME' or 'warta add PATH'")
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    from warta.annotation.gold import load_annotation
    from warta.curation.curate import check_registered_bytes, curate
    from warta.curation.rawtext import decode_raw
    from warta.describe.show import render
    from warta.intake.rawstore import read_raw_bytes
    from warta.intake.registry import scan_registry

    layout = Layout.find()
    entry = next((s.entry for s in scan_registry(layout) if s.id == args.doc_id), None)
    if entry is None:
        raise WartaError(f"no registered document {args.doc_id!r}",
                         hint=f"ids are in {layout.rel(layout.registry)}")
    raw = read_raw_bytes(layout, entry)
    file = layout.rel(layout.raw_dir / entry["raw_file"])
    digest = check_registered_bytes(raw, entry, file=file)
    ann = load_annotation(layout, entry["id"], decode_raw(raw, file=file), digest)
    from warta.terminal import for_terminal

    record = curate(raw, entry, annotations=ann, file=file)
    if args.machine:  # the machine layers instead of the gold (every document has them; events have none)
        from warta.machine.layers import MACHINE_LAYERS, with_machine_layers

        record = with_machine_layers(record)
        print(for_terminal("machine layers: " + ", ".join(m.source for m in MACHINE_LAYERS) + "; no machine events"))
    elif ann is None:
        print(for_terminal(f"{args.doc_id} has no gold annotation: 'warta show {args.doc_id} --machine' shows the "
                           "machine layers"), file=sys.stderr)
    print(for_terminal(render(record)))
    return 0


def _cmd_view(args: argparse.Namespace) -> int:
    from warta.view.site import write_view

    layout = Layout.find()
    began = time.perf_counter()
    report = write_view(layout, Path(args.out), args.ids or None, page_size=args.page_size)
    print(f"wrote the view of {report.documents:,} document(s) to {report.out} ({report.files:,} files, "
          f"{report.bytes / 1e6:.1f} MB, {report.index_pages:,} index pages) in {time.perf_counter() - began:.1f} s; "
          f"open {report.out / 'index.html'} in a browser")
    return 0


def _cmd_export_annotations(args: argparse.Namespace) -> int:
    from warta.exchange.commands import export_annotations

    layout = Layout.find()
    done = export_annotations(layout, args.format, args.ids, unannotated=args.unannotated, every=args.all,
                              out=Path(args.out))
    shown = ", ".join(str(p) for p in done.written[:2]) + (f" and {len(done.written) - 2} more file(s)"
                                                           if len(done.written) > 2 else "")
    print(f"exported {done.documents} document(s), {done.annotated} with gold, for {args.format}: {shown}")
    return 0


def _cmd_import_annotations(args: argparse.Namespace) -> int:
    from warta.exchange.commands import import_annotations

    layout = Layout.find()
    done = import_annotations(layout, args.format, Path(args.source), forced_pass=args.pass_name,
                              write=not args.check, allow_removals=args.allow_removals)
    verb = "would write" if args.check else "wrote"
    for path in done.changed:
        print(f"{verb} {layout.rel(path)}")
    print(f"{verb} {len(done.changed)} annotation file(s); {len(done.files) - len(done.changed)} unchanged"
          + ("" if args.check or not done.changed else "; run 'warta build' to release them"))
    if done.new_gold:
        print(f"note: {len(done.new_gold)} new gold file(s) ({', '.join(done.new_gold[:5])}) took zones and metadata "
              "from the curation: check them against schema/GUIDELINES.md, or the curation is scored against itself",
              file=sys.stderr)
    return 0


_ADJUDICATE_COLUMNS = ("doc_id", "layer", "item", "pass_a", "pass_b", "decision")


def _cmd_adjudicate(args: argparse.Namespace) -> int:
    from warta.exchange.adjudicate import disagreements
    from warta.exchange.commands import passes_to_adjudicate
    from warta.terminal import for_terminal

    layout = Layout.find()
    rows = [row for doc_id, a, b, gold in passes_to_adjudicate(layout, args.ids, Path(args.source) if args.source
                                                                 else None)
            for row in disagreements(doc_id, a, b, gold)]
    if rows and not args.jsonl:
        print("\t".join(_ADJUDICATE_COLUMNS))
    for row in rows:
        if args.jsonl:
            print(json.dumps(row, ensure_ascii=False, sort_keys=True))
        else:
            print(for_terminal("\t".join(row[k] or "-" for k in _ADJUDICATE_COLUMNS)))
    print(f"{len(rows)} disagreement(s)", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    from warta.annotation.study import PASSES
    from warta.exchange.commands import FORMATS

    p = argparse.ArgumentParser(prog="warta", description=__doc__.splitlines()[0])
    p.add_argument("--version", action="version", version=f"warta {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks for every error")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the release under dataset/data/ from the registry")
    b.add_argument("--quiet", action="store_true", help="no progress bars, only the closing summary")
    b.add_argument("--workers", type=_workers, default=1,
                   help="shards built at once, each in its own process (default: 1); the bytes do not depend on it")
    b.add_argument("--executor", choices=("local", "ray"), default="local",
                   help="what runs the shards: datatrove's local executor (default) or its Ray executor, on "
                        "the cluster at $RAY_ADDRESS or a new Ray instance on this machine (needs the ray extra)")
    p.epilog = ("The repository is the nearest folder at or above the current one holding "
                "dataset/sources.jsonl, or $WARTA_ROOT. Input limits: WARTA_MAX_RAW_BYTES, "
                "WARTA_MAX_LINE_CHARS, WARTA_MAX_SEGMENTS.")
    b.set_defaults(func=_cmd_build)

    v = sub.add_parser("validate", help="check the release on disk; list every problem")
    v.set_defaults(func=_cmd_validate)

    f = sub.add_parser("verify", help="re-hash the release and its inputs against dataset/data/MANIFEST.json")
    f.add_argument("--rebuild", action="store_true",
                   help="also build the release again from its inputs (no build cache) and compare every byte")
    f.add_argument("--workers", type=_workers, default=1, help="processes for --rebuild (default: 1)")
    f.set_defaults(func=_cmd_verify)

    c = sub.add_parser("curate", help="curate one raw article file without registering it (with machine layers)")
    c.add_argument("path", help="a raw article file (UTF-8, LF line ends)")
    c.add_argument("--json", action="store_true", help="print exactly the record as JSON")
    c.add_argument("--outlet", default="unknown", help="outlet name (default: unknown)")
    c.add_argument("--url", default=None, help="address of the report, if known")
    c.add_argument("--id", default=None, help="document id (default: the file name after its first underscore, "
                                              "01_banjir.txt -> banjir, if that is a valid id; else draft)")
    c.set_defaults(func=_cmd_curate)

    s = sub.add_parser("show", help="show one annotated document readably in the terminal")
    s.add_argument("doc_id", help="document id, as in dataset/sources.jsonl")
    s.add_argument("--machine", action="store_true",
                   help="show the machine annotation layers (entities, timex, quotes) instead of the gold")
    s.set_defaults(func=_cmd_show)

    w = sub.add_parser("view", help="write a static browser view of the release: documents, zones, every layer")
    w.add_argument("ids", nargs="*", metavar="IDS", help="documents to show (default: every document)")
    w.add_argument("--out", required=True, metavar="DIR",
                   help="folder to write (new, empty, or an earlier view, which is replaced once the new one is whole)")
    w.add_argument("--page-size", type=_workers, default=100, metavar="N",
                   help="documents per index page (default: 100)")
    w.set_defaults(func=_cmd_view)

    a = sub.add_parser("add", help="copy a raw article into dataset/raw/ and register it")
    a.add_argument("path", help="the raw article file, copied byte for byte")
    a.add_argument("--outlet", required=True, help="publishing outlet, as named on the page")
    a.add_argument("--url", default=None, help="address of the report, if known")
    a.add_argument("--id", default=None, help="document id (default: first 16 hex of sha256)")
    a.add_argument("--retrieved", default=None, help="retrieval day, YYYY-MM-DD")
    a.add_argument("--license", default=None, help="copyright/licence note")
    a.set_defaults(func=_cmd_add)

    i = sub.add_parser("import", help="register a whole corpus (folder, JSONL, Parquet, datasets) into raw packs")
    i.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="a folder of .txt files, a .jsonl or .parquet file, or a datasets save_to_disk folder")
    i.add_argument("--outlet", default=None,
                   help="outlet of records that name none (required for a folder of .txt files)")
    i.add_argument("--license", default=None, help="copyright/licence note (default: the publisher's, as in add)")
    i.add_argument("--skip-bad", action="store_true",
                   help="register the good records and report the refused ones (default: all or nothing)")
    i.add_argument("--quiet", action="store_true", help="no progress bar")
    i.add_argument("--problems-file", default=None, metavar="PATH",
                   help="where the full list of problems goes when there are many (default: a temporary file)")
    for name, default in (("text", "text"), ("id", "id"), ("outlet", "outlet"), ("url", "url"),
                          ("published", "published"), ("retrieved", "retrieved")):
        i.add_argument(f"--{name}-field", default=default, metavar="NAME",
                       help=f"field or column holding the {name} (default: {default})")
    i.set_defaults(func=_cmd_import)

    n = sub.add_parser("init", help="start a new dataset repository for your own corpus in an empty folder")
    n.add_argument("dir", help="the folder to create (it must not exist, or be empty)")
    n.set_defaults(func=_cmd_init)

    x = sub.add_parser("export-annotations", help="write documents as annotation tasks (Label Studio) or brat files")
    x.add_argument("ids", nargs="*", metavar="ID", help="document ids (or --unannotated, or --all)")
    x.add_argument("--format", choices=FORMATS, default="label-studio", help="label-studio (default) or brat")
    x.add_argument("--unannotated", action="store_true", help="every document without a gold file")
    x.add_argument("--all", action="store_true", help="every registered document")
    x.add_argument("--out", required=True, metavar="PATH",
                   help="label-studio: the tasks file (its labeling configuration goes beside it as "
                        "NAME.label-config.xml); brat: a folder")
    x.set_defaults(func=_cmd_export_annotations)

    m = sub.add_parser("import-annotations", help="turn finished annotations (Label Studio export, brat) into gold")
    m.add_argument("source", metavar="FILE", help="a Label Studio JSON export, or a folder of brat .txt/.ann files")
    m.add_argument("--format", choices=FORMATS, default="label-studio", help="label-studio (default) or brat")
    m.add_argument("--pass", dest="pass_name", choices=PASSES, default=None,
                   help="file each annotation as this pass of the agreement study instead of as gold")
    m.add_argument("--check", action="store_true", help="check everything and say what would be written; write nothing")
    m.add_argument("--allow-removals", action="store_true",
                   help="let the import remove items of existing annotation files (refused by default)")
    m.set_defaults(func=_cmd_import_annotations)

    j = sub.add_parser("adjudicate", help="list the disagreements of the two passes, for a third person to decide")
    j.add_argument("ids", nargs="*", metavar="ID", help="documents (default: every one with both passes)")
    j.add_argument("--from", dest="source", default=None, metavar="FILE",
                   help="take the passes from a Label Studio export (two annotations per task) instead")
    j.add_argument("--jsonl", action="store_true", help="one adjudication-log line per disagreement, to complete")
    j.set_defaults(func=_cmd_adjudicate)
    return p


LOCKS = {"build": True, "add": True, "import": True, "import-annotations": True, "validate": False, "verify": False,
         "show": False, "view": False, "export-annotations": False, "adjudicate": False}
"""Commands that hold the repository lock (``warta.lock``): exclusively (True) or shared (False)."""

_OS_HINTS = {
    errno.ENOSPC: "free some space and run the command again",
    errno.EDQUOT: "free some space and run the command again",
    errno.EROFS: "the repository is on a read-only file system: work on a writable copy",
    errno.EACCES: "check the permissions of the repository's files",
    errno.EPERM: "check the permissions of the repository's files",
}


def _run(args: argparse.Namespace) -> int:
    if args.command not in LOCKS:
        return args.func(args)
    from warta.lock import repository_lock

    with repository_lock(Layout.find(), exclusive=LOCKS[args.command], command=f"warta {args.command}"):
        return args.func(args)


def _os_problem(exc: OSError) -> WartaError:
    """A failure of the disk or the file system, as one line: it is the machine's, not the input's."""
    reason = exc.strerror or str(exc)
    return WartaError(reason[:1].lower() + reason[1:], file=exc.filename if isinstance(exc.filename, str) else None,
                      hint=_OS_HINTS.get(exc.errno, "see the operating system's message") +
                      "; nothing was half-written (the next warta command finishes or discards staged files)")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return _run(args)
    except BrokenPipeError:
        # output piped into a reader that stopped early (| head): not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        if args.debug:
            raise
        print(f"error: {_os_problem(exc).one_line()}", file=sys.stderr)
        return 1
    except WartaError as exc:
        if args.debug:
            raise
        problems = exc.problems if isinstance(exc, ProblemList) else [exc]
        for problem in problems:
            print(f"error: {problem.one_line()}", file=sys.stderr)
        if len(problems) > 1:
            print(f"{len(problems)} problems", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; nothing was half-written (the repository holds the last complete state)",
              file=sys.stderr)
        return 130

if __name__ == "__main__":
    sys.exit(main())
