"""The build: stage the book, execute stale chapters in parallel, run Jupyter Book, publish atomically."""
