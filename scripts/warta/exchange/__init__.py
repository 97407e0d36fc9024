"""Gold annotation in and out of annotation tools: Label Studio tasks and brat standoff.

Export turns registered documents (raw text, zones, machine layers, gold) into a tool's
format; import turns what annotators made in the tool back into gold files, checked by the
gold loader's own rules before anything is written.
"""
