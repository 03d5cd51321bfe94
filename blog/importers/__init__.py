"""Importers that turn files into posts; see posts.import_files()."""
