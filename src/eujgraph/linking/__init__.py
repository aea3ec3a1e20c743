"""Linking: reconciling other datasets with ours (linksets), EuroVoc as SKOS, pushing to a triple store.

Owns :mod:`.reconcile`, :mod:`.eurovoc` and :mod:`.push`. May import the core and query.
"""
