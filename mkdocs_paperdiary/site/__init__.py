"""The site as the diary sees it, shared by both adapters.

`plugin/` places it through MkDocs' hooks; `stage/` writes it as a source tree for engines
that run no plugin (Zensical). The config schema, the kinds of generated page, the one
collect path and the views of a paper page live here, below both adapters.
"""
