from documents.models.access_log import AccessAction, AccessLog
from documents.models.document import Document
from documents.models.document_recipient import DocumentRecipient
from documents.models.document_version import DocumentVersion

__all__ = ["AccessAction", "AccessLog", "Document", "DocumentRecipient", "DocumentVersion"]
