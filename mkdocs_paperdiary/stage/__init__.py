"""The staging adapter: the diary as a source tree, for engines that run no plugin (Zensical)."""
