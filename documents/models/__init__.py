from documents.models.document import Document

__all__ = ["Document"]
