from documents.models.agency_seal import AgencySeal
from documents.models.document import Document
from documents.models.document_recipient import DocumentRecipient
from documents.models.document_version import DocumentVersion
from documents.models.signing_credential import SigningCredential

__all__ = ["AgencySeal", "Document", "DocumentRecipient", "DocumentVersion", "SigningCredential"]
