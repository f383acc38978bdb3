"""The site: model → pages (plan, views, templates, formats, open data). Imports content/ only."""
