"""The index of papers: what a paper is, how its dates, front matter and metadata are read."""
