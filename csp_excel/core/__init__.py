"""The pure core: model, calculations, RAG, SPC and validation rules. No file I/O here."""
