"""warta view: a static browser view of the release (documents, zones, every layer).

The site is written from the release's Parquet files shard by shard (``release``), one page
per document (``document``), index pages of a fixed size (``index``) and a dataset page
(``dataset_page``); ``site`` puts them together in a folder that opens from ``file://``.
"""
