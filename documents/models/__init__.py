from documents.models.access_log import AccessAction, AccessLog
from documents.models.agency_seal import AgencySeal
from documents.models.document import Document
from documents.models.document_recipient import DocumentRecipient
from documents.models.document_version import DocumentVersion
from documents.models.search_entry import SearchEntry, SearchSource
from documents.models.signed_minutes import SignedMinutes
from documents.models.signing_credential import SigningCredential

__all__ = ["AccessAction", "AccessLog", "AgencySeal", "Document", "DocumentRecipient", "DocumentVersion", "SearchEntry",
           "SearchSource", "SignedMinutes", "SigningCredential"]
