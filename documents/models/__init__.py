from documents.models.document import Document
from documents.models.search_entry import SearchEntry, SearchSource
from documents.models.signed_minutes import SignedMinutes
from documents.models.signing_credential import SigningCredential

__all__ = ["Document", "SearchEntry", "SearchSource", "SignedMinutes", "SigningCredential"]
