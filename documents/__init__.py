"""Object storage, document metadata and PDF work (validation, text, watermark, minutes PDF)."""
