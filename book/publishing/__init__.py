"""The publishing pipeline: stage the book, execute stale chapters in parallel, run Jupyter Book, publish atomically; the preview and the publication of every edition."""
