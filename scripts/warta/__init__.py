"""Warta: curation toolkit for an annotated dataset of Indonesian-language news reports.

The dataset and the toolkit share one version number, kept here and only here: the
build writes it into the manifest, the dataset card and the Croissant file.
"""

__version__ = "1.3.2"
