"""The paper maps: embeddings, projections, clusters and their names, the cache."""
