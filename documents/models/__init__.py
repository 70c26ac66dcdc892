from documents.models.document import Document
from documents.models.search_entry import SearchEntry, SearchSource

__all__ = ["Document", "SearchEntry", "SearchSource"]
