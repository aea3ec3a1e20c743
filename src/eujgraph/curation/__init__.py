"""Curation: reading the curated files (``graph/reference/*.yaml``, ``graph/memos/*.yaml``).

Owns the curated format (:mod:`.schema`, one table of sections and fields), each field kind's
reading and RDF (:mod:`.kinds`), the located YAML loader (:mod:`._yaml`) and the corpus loader
with file:line problems (:mod:`.load`).
May import the core only (errors, settings, namespaces, text, _input).
"""
