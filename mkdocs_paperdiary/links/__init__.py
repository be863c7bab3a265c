"""Cross-links between papers: short references, link and anchor checks, citations."""
