"""The builder: one build end to end, fast and safe (pipeline, caches, processes, output, search index).

Imports content/ and site/."""
