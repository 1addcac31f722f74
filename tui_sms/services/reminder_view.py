"""What the reminder review screen and the template editor read: the filters' choices, the
job types, the review of the filtered jobs, a template with what its preview needs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from tui_sms.domain.templates import Language
from tui_sms.services import review as reviews
from tui_sms.services.review import PreviewContext, Review, TemplateDraft
from tui_sms.store.engine import session_scope
from tui_sms.store.queries import jobs as job_queries
from tui_sms.store.queries.jobs import JobFilter

__all__ = [
    "FilterChoices",
    "JobFilter",
    "TemplateView",
    "filter_choices",
    "job_types",
    "review",
    "template",
]


@dataclass(frozen=True)
class FilterChoices:
    values: dict[str, list[str]]  # technician, job_class, customer_type -> distinct values
    job_types: list[tuple[str, int]]  # (name, id)


@dataclass(frozen=True)
class TemplateView:
    draft: TemplateDraft
    context: PreviewContext


def job_types(engine: Engine) -> list[tuple[str, int]]:
    """(name, id) of every job type, by name."""
    with session_scope(engine) as session:
        return [(t.name, t.id or 0) for t in job_queries.job_types(session)]


def filter_choices(engine: Engine) -> FilterChoices:
    with session_scope(engine) as session:
        values = job_queries.filter_choices(session)
        types = [(t.name, t.id or 0) for t in job_queries.job_types(session)]
    return FilterChoices(values, types)


def review(engine: Engine, where: JobFilter) -> Review:
    with session_scope(engine) as session:
        return reviews.review(session, where)


def template(engine: Engine, job_type_id: int, language: Language, kind: str) -> TemplateView:
    """The saved (or suggested) text and a real job of that type to preview it with."""
    with session_scope(engine) as session:
        draft = reviews.load_template(session, job_type_id, language, kind)
        context = reviews.preview_context(session, job_type_id, language)
    return TemplateView(draft, context)
