"""Curation: reading the curated files (``graph/reference/*.yaml``, ``graph/memos/*.yaml``).

Owns the curated format (:mod:`.schema`, one table of sections and fields), the located YAML
loader (:mod:`._yaml`) and the corpus loader with file:line problems (:mod:`.load`).
May import the core only (errors, settings, namespaces, text, _input).
"""
