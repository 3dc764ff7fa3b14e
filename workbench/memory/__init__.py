"""The translation memory: similarity, TMX memories, fuzzy matches, concordance."""
