"""Reports: where each document stands (overview), the report of one document (document, html), and
the sacrebleu figures behind it (metrics)."""
