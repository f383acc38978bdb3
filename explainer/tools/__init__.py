"""The tools around a build: the live preview server, add-source. Import anything below them."""
