"""The content: files → verified model (load, check, quotes). Imports nothing else of the engine."""
