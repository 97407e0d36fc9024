"""The frame every page shares: one stylesheet, one script, no external resource of any kind."""

from __future__ import annotations

import html

CSP = ("default-src 'none'; style-src 'self' 'unsafe-inline'; script-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'")
# inline styles only for the widths of the index's zone bars; no inline script can run, so an
# article's text could not run even if it escaped its escaping


def esc(value: object) -> str:
    """Text from the data as HTML text or attribute value: articles are untrusted input."""
    return html.escape("" if value is None else str(value), quote=True)


def shell(title: str, body: str, *, root: str, nav: str = "") -> str:
    """A whole page; ``root``: the relative path from the page to the site's top folder."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<link rel=\"stylesheet\" href=\"{root}assets/view.css\">\n"
        f"<script src=\"{root}assets/view.js\" defer></script>\n</head>\n<body>\n"
        "<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
        f"<header class=\"top\"><nav aria-label=\"site\"><a href=\"{root}index.html\">Documents</a> "
        f"<a href=\"{root}browse.html\">Browse by outlet, month, state</a> "
        f"<a href=\"{root}dataset.html\">Dataset</a>{nav}</nav></header>\n"
        f"<main id=\"main\">\n{body}\n</main>\n</body>\n</html>\n"
    )


def table(header: list[str], rows: list[list[str]], *, caption: str = "", cls: str = "") -> str:
    """An HTML table of cells that are already HTML (callers escape data with ``esc``)."""
    head = "".join(f"<th scope=\"col\">{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>\n" for row in rows)
    cap = f"<caption>{caption}</caption>" if caption else ""
    klass = f" class=\"{cls}\"" if cls else ""
    return f"<table{klass}>{cap}<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody></table>"
