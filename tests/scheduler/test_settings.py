"""One frozen Settings, read from the environment once; bad values refused by name; all documented."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from scheduler.settings import Settings, SettingsError, setting_variables

ROOT = Path(__file__).resolve().parents[2]
# Reading the environment anywhere but scheduler/settings.py: os.environ, os.getenv, os.putenv.
READS_ENVIRONMENT = re.compile(
    r"\bos\.(environ|getenv|putenv)\b|\bfrom os import\b[^\n]*\b(environ|getenv)\b"
)


def test_no_module_but_the_settings_reads_the_environment():
    readers = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in ("solver", "scheduler", "web")
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != ROOT / "scheduler" / "settings.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if READS_ENVIRONMENT.search(line)
    ]

    assert readers == []


def test_unset_variables_give_the_documented_defaults():
    settings = Settings.from_environment({})

    assert settings == Settings()
    assert settings.instance == Path("instance")
    assert settings.connect_url() == f"sqlite:///{Path('instance').resolve() / 'fieldwork.sqlite3'}"
    assert (settings.feed_days_after_visit, settings.max_solve_seconds, settings.max_concurrent_solves) == (
        30,
        600,
        2,
    )
    assert settings.cpsat == {}


def test_every_variable_is_read_into_its_field():
    settings = Settings.from_environment(
        {
            "FIELDWORK_INSTANCE": "/var/lib/fieldwork",
            "DATABASE_URL": "postgresql+psycopg://fieldwork@db/fieldwork",
            "SECRET_KEY": "kept-in-the-vault",
            "FIELDWORK_SMTP_URL": "smtp+starttls://mailer:pw@mail.example.org:587",
            "FIELDWORK_BASE_URL": "https://fieldwork.example.org",
            "FIELDWORK_BROKER_URL": "redis://127.0.0.1:6379/0",
            "FIELDWORK_PROXIES": "1",
            "FIELDWORK_SECURE_COOKIES": "yes",
            "FIELDWORK_FEED_DAYS_AFTER_VISIT": "14",
            "FIELDWORK_JOB_LOST_SECONDS": "45",
            "FIELDWORK_MAX_SOLVE_SECONDS": "300",
            "FIELDWORK_MAX_CONCURRENT_SOLVES": "3",
            "FIELDWORK_JOB_HEARTBEAT_SECONDS": "0.5",
            "FIELDWORK_MAIL_SEND_SECONDS": "10",
            "FIELDWORK_MAIL_MAX_ATTEMPTS": "5",
            "FIELDWORK_CPSAT": "num_workers=4",
        }
    )

    assert settings == Settings(
        instance=Path("/var/lib/fieldwork"),
        database_url="postgresql+psycopg://fieldwork@db/fieldwork",
        secret_key="kept-in-the-vault",
        smtp_url="smtp+starttls://mailer:pw@mail.example.org:587",
        base_url="https://fieldwork.example.org",
        broker_url="redis://127.0.0.1:6379/0",
        proxies=1,
        secure_cookies=True,
        feed_days_after_visit=14,
        job_lost_seconds=45.0,
        max_solve_seconds=300,
        max_concurrent_solves=3,
        job_heartbeat_seconds=0.5,
        mail_send_seconds=10.0,
        mail_max_attempts=5,
        cpsat={"num_workers": "4"},
    )
    assert settings.connect_url() == "postgresql+psycopg://fieldwork@db/fieldwork"


def test_the_settings_cannot_be_changed_after_start_up():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().smtp_url = "smtp://elsewhere:25"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("variable", "value", "wanted"),
    [
        ("FIELDWORK_MAX_SOLVE_SECONDS", "ten", "give a whole number of at least 1"),
        ("FIELDWORK_MAX_CONCURRENT_SOLVES", "0", "give a whole number of at least 1"),
        ("FIELDWORK_PROXIES", "-1", "give a whole number of at least 0"),
        ("FIELDWORK_JOB_LOST_SECONDS", "soon", "give a number of seconds above 0, e.g. 30"),
        ("FIELDWORK_SECURE_COOKIES", "always", "give 1 (on) or 0 (off)"),
    ],
)
def test_a_bad_value_is_refused_naming_the_variable(variable: str, value: str, wanted: str):
    with pytest.raises(SettingsError) as refused:
        Settings.from_environment({variable: value})

    assert str(refused.value) == f"{variable}={value!r}: {wanted}"


def test_a_base_url_without_its_scheme_is_refused():
    with pytest.raises(SettingsError) as refused:
        Settings.from_environment({"FIELDWORK_BASE_URL": "fieldwork.example.org"})

    assert str(refused.value) == (
        "FIELDWORK_BASE_URL='fieldwork.example.org': give a URL starting http:// or https://"
    )


def test_a_bad_cpsat_entry_is_refused_naming_the_variable_and_the_parameter():
    with pytest.raises(SettingsError) as refused:
        Settings.from_environment({"FIELDWORK_CPSAT": "num_workers=many"})

    assert (
        str(refused.value) == "FIELDWORK_CPSAT: CP-SAT parameter num_workers='many': expected a whole number"
    )


def documented_variables() -> list[str]:
    """The first column of docs/deploy.md's table of environment variables."""
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    table = text.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([A-Z_]+)` \|", table, flags=re.MULTILINE)


def test_every_setting_is_documented_in_the_deployment_guide_and_nothing_else_is():
    tests_only = {"FIELDWORK_SCREENSHOTS"}

    assert [name for name in documented_variables() if name not in tests_only] == list(setting_variables())
