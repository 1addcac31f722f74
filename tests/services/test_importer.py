"""CSV import of customers and jobs: bad rows reported by line, re-imports update in place."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from tests.factories import make_shop
from tui_sms.cli import main
from tui_sms.services import importer
from tui_sms.store.engine import session_scope
from tui_sms.store.models import Consent, Contact, Customer, Job, JobStatus, JobType

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)

CUSTOMERS = """external_id,name,language,mobile,customer_type,customer_class,opted_in,notes
C-1,Jane Doe,en,514 236-1201,Residential,Gold,signed_paper,
C-2,Émilie Côté,français,(514) 236-1202,Commercial,,verbal,likes mornings
C-3,No Phone Inc.,fr,,Commercial,,electronic,
C-4,Bad Language,de,514 236-1204,,,,
C-5,Bad Number,en,555-CELL,,,,
,No Id,en,,,,,
C-6,"Multi
Line",en,514 236-1206,,,maybe,
C-1,Jane Again,en,,,,,
"""

JOBS = """external_id,customer_id,job_type,start,technician,class,vehicle,status,series_id
J-1,C-1,Oil change,2026-03-10 14:30,Luc,Fleet,2019 Honda Civic,,
J-2,C-2,Brakes,2026-03-11T09:00,Marc,,,active,S-1
J-3,C-2,Brakes,2026-03-18T09:00,Marc,,,active,S-1
J-4,C-9,Brakes,2026-03-18T09:00,Marc,,,,
J-5,C-1,Oil change,next tuesday,Luc,,,,
J-6,C-1,Oil change,2026-03-12 10:00,Luc,,,postponed,
J-7,C-1,,2026-03-12 10:00,Luc,,,,
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import_customers(engine, path: Path) -> importer.ImportReport:
    with session_scope(engine) as session:
        return importer.import_customers(session, path, recorded_by="marie", now=NOW)


def _import_jobs(engine, path: Path) -> importer.ImportReport:
    with session_scope(engine) as session:
        return importer.import_jobs(session, path, now=NOW)


@pytest.fixture
def shop(engine):
    with session_scope(engine) as session:
        make_shop(session)


def test_customers_good_rows_imported_bad_rows_reported_by_line(engine, shop, tmp_path):
    progress: list[tuple[int, int]] = []
    with session_scope(engine) as session:
        report = importer.import_customers(
            session,
            _write(tmp_path, "customers.csv", CUSTOMERS),
            recorded_by="marie",
            now=NOW,
            progress=lambda done, total: progress.append((done, total)),
        )
    assert (report.created, report.updated) == (3, 0)
    assert progress[-1] == (8, 8)
    rejected = {row.line: row.error for row in report.rejected}
    assert sorted(rejected) == [5, 6, 7, 8, 10]
    assert "language 'de' is not en or fr" in rejected[5]
    assert "Leave mobile empty" in rejected[6]
    assert "external_id is empty" in rejected[7]
    assert "opted_in 'maybe'" in rejected[8]  # the row that spans lines 8 and 9
    assert "already on line 2" in rejected[10]
    with session_scope(engine) as session:
        customers = {c.external_id: c for c in session.exec(select(Customer)).all()}
        assert customers["C-2"].language == "fr" and customers["C-2"].notes == "likes mornings"
        numbers = {c.number for c in session.exec(select(Contact)).all()}
        assert numbers == {"+15142361201", "+15142361202"}
        consents = session.exec(select(Consent)).all()
        assert sorted(c.method for c in consents) == ["electronic", "signed_paper", "verbal"]
        assert all(c.recorded_by == "marie" for c in consents)


def test_reimporting_updates_and_never_duplicates(engine, shop, tmp_path):
    path = _write(tmp_path, "customers.csv", CUSTOMERS)
    _import_customers(engine, path)
    changed = CUSTOMERS.replace("Jane Doe,en,514 236-1201", "Jane Doe-Roy,fr,514 236-1299")
    again = _import_customers(engine, _write(tmp_path, "customers2.csv", changed))
    assert (again.created, again.updated) == (0, 3)
    with session_scope(engine) as session:
        assert len(session.exec(select(Customer)).all()) == 3
        jane = session.exec(select(Customer).where(Customer.external_id == "C-1")).one()
        assert (jane.name, jane.language) == ("Jane Doe-Roy", "fr")
        contacts = session.exec(select(Contact).where(Contact.customer_id == jane.id)).all()
        assert [c.number for c in contacts] == ["+15142361299"]
        assert len(session.exec(select(Consent)).all()) == 3


def test_jobs_bad_rows_and_recurring_occurrences(engine, shop, tmp_path):
    _import_customers(engine, _write(tmp_path, "customers.csv", CUSTOMERS))
    report = _import_jobs(engine, _write(tmp_path, "jobs.csv", JOBS))
    assert report.created == 3
    rejected = {row.line: row.error for row in report.rejected}
    assert "no customer C-9" in rejected[5]
    assert "not a date and time" in rejected[6]
    assert "status 'postponed'" in rejected[7]
    assert "job_type is empty" in rejected[8]
    with session_scope(engine) as session:
        jobs = {j.external_id: j for j in session.exec(select(Job)).all()}
        # 14:30 in the shop's zone (Toronto, EDT on March 10).
        assert jobs["J-1"].start == datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
        assert jobs["J-1"].vehicle == "2019 Honda Civic" and jobs["J-1"].job_class == "Fleet"
        assert jobs["J-2"].series_id == jobs["J-3"].series_id == "S-1"
        assert sorted(t.name for t in session.exec(select(JobType)).all()) == [
            "Brakes",
            "Oil change",
        ]

    moved = JOBS.replace("2026-03-10 14:30,Luc", "2026-03-10 16:00,Luc").replace(
        "J-3,C-2,Brakes,2026-03-18T09:00,Marc,,,active",
        "J-3,C-2,brakes,2026-03-18T09:00,Marc,,,cancelled",
    )
    again = _import_jobs(engine, _write(tmp_path, "jobs2.csv", moved))
    assert (again.created, again.updated) == (0, 3)
    with session_scope(engine) as session:
        jobs = {j.external_id: j for j in session.exec(select(Job)).all()}
        assert len(jobs) == 3
        assert jobs["J-1"].start == datetime(2026, 3, 10, 20, 0, tzinfo=UTC)
        assert jobs["J-3"].status == JobStatus.CANCELLED
        assert len(session.exec(select(JobType)).all()) == 2


def test_a_file_without_the_required_columns_is_refused_whole(engine, shop, tmp_path):
    path = _write(tmp_path, "jobs.csv", "id,when\n1,2026-03-10\n")
    with pytest.raises(importer.ImportRefused, match="no external_id, customer_id"):
        _import_jobs(engine, path)


def test_semicolon_files_from_french_spreadsheets(engine, shop, tmp_path):
    text = "external_id;name;language;mobile\nC-1;Jean Tremblay;fr;514 236-1201\n"
    report = _import_customers(engine, _write(tmp_path, "clients.csv", text))
    assert report.created == 1 and not report.rejected


def test_cli_import_reports_and_writes_rejected_rows(sqlite_engine, tmp_path, capsys):
    with session_scope(sqlite_engine) as session:
        make_shop(session)
    database = ["--database", str(sqlite_engine.url), "--as", "luc"]
    customers = _write(tmp_path, "customers.csv", CUSTOMERS)
    assert main(["import", "customers", str(customers), *database]) == 1
    out, err = capsys.readouterr()
    assert "3 rows imported (3 new, 0 updated)." in out
    assert "These 5 rows were rejected" in err and "line 5: language 'de'" in err
    rejected = (tmp_path / "customers.rejected.csv").read_text(encoding="utf-8")
    assert rejected.splitlines()[0].startswith("line,error,external_id,name")
    assert "C-4" in rejected and "C-2" not in rejected
    # Names and numbers of customers: only the file's owner may read them.
    assert (tmp_path / "customers.rejected.csv").stat().st_mode & 0o777 == 0o600

    jobs = _write(tmp_path, "jobs.csv", JOBS.split("J-4")[0])
    assert main(["import", "jobs", str(jobs), *database]) == 0
    out, err = capsys.readouterr()
    assert "3 rows imported" in out and "3/3" in err

    assert main(["notify", "--job", "J-2", "--kind", "confirmation", *database]) == 0
    first = capsys.readouterr().out.strip()
    assert main(["notify", "--job", "J-2", "--kind", "confirmation", *database]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == first and "Already sent" in err
    assert main(["notify", "--job", "J-404", "--kind", "completed", *database]) == 1
    assert "There is no job J-404" in capsys.readouterr().err


def test_rows_with_the_same_customer_add_contacts_each_with_its_own_consent(engine, shop, tmp_path):
    text = """external_id,name,language,mobile,contact_name,opted_in
F-1,Transport Nadeau,fr,514 236-1401,Luc Nadeau,signed_paper
F-1,Transport Nadeau,fr,514 236-1402,Julie Nadeau,
F-1,Transport Nadeau,fr,514 236-1403,Marc Nadeau,verbal
F-1,Transport Nadeau,fr,,,
"""
    report = _import_customers(engine, _write(tmp_path, "fleet.csv", text))
    assert (report.created, report.updated) == (1, 2)
    assert [(row.line, "already on line 2" in row.error) for row in report.rejected] == [(5, True)]
    again = _import_customers(engine, _write(tmp_path, "fleet2.csv", text))
    assert len(again.rejected) == 1
    with session_scope(engine) as session:
        contacts = session.exec(select(Contact).order_by(Contact.id)).all()
        assert [(c.name, c.number, c.is_primary) for c in contacts] == [
            ("Luc Nadeau", "+15142361401", True),
            ("Julie Nadeau", "+15142361402", False),
            ("Marc Nadeau", "+15142361403", False),
        ]
        consents = {c.number: c.method for c in session.exec(select(Consent)).all()}
        assert consents == {"+15142361401": "signed_paper", "+15142361403": "verbal"}
