"""One engine for JSON documents (plan sections, nazorg documents, and the forms still to come).

An app declares a document as sections of typed fields (``declaration``); the engine builds its Django
form (``form_fields``), checks a JSON object against it in the services (``validation``) and reads stored
values back for people (``Field.display``). The API checks a request body with the same validator
(``common.documents.serializer_fields``, imported from there so models can import declarations without
loading DRF). No domain knowledge lives here: the declarations stay in their apps."""

from common.documents.declaration import (
    Document,
    Field,
    Kind,
    Options,
    RequiredWhen,
    Schema,
    Section,
    Text,
    choice,
    conditional_rules,
    date,
    is_empty,
    line,
    multi,
    required_when,
    text,
)
from common.documents.form_fields import bound_sections, form_class, form_field
from common.documents.validation import clean, completeness_errors

__all__ = [
    "Document",
    "Field",
    "Kind",
    "Options",
    "RequiredWhen",
    "Schema",
    "Section",
    "Text",
    "bound_sections",
    "choice",
    "clean",
    "completeness_errors",
    "conditional_rules",
    "date",
    "form_class",
    "form_field",
    "is_empty",
    "line",
    "multi",
    "required_when",
    "text",
]
