"""The glossary: terms and their matching (terms), exchange files (files), the glossary in the store
and jieba's words (manage), and candidate terms from a document (suggest)."""
