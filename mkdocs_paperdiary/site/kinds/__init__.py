"""The kinds of generated page (diary, topics, stats, map, tags): one module each.

A kind holds its config options, default path and title, what it needs, and how it renders,
as a page of its own and (for most) as a view a page embeds with `<!-- paperdiary:name -->`.
`site/registry.py` lists them; adding a kind is one module here and one line there.
"""
