"""PDF certificates: any supported name prints; the code on it is what proves it."""

import importlib.util
import textwrap

import pytest

from simulator.cli import main
from simulator.records.certificate import CertificateData, PartResult, render_pdf
from tests.records.sittings import sit

ONE_PART = textwrap.dedent("""\
    id: one-part
    title: One-shift check
    scenarios:
      - {scenario: calm-morning, seed: 3}
    pass_marks: {overall: 70}
    attempts_allowed: 2
    """)


def _data(name):
    return CertificateData(name=name, sitting_id="a" * 32, assessment_id="go-live",
                           assessment_title="Go-live sign-off",
                           finished_at="2025-03-01T10:00:00+00:00",
                           parts=[PartResult("calm-morning", "Calm morning", 3, 90,
                                             {"accuracy": 90})],
                           code="FDS1-" + "A" * 160)


@pytest.fixture
def one_part(tmp_path, data_dir):
    path = tmp_path / "one-part.yaml"
    path.write_text(ONE_PART, encoding="utf-8")
    assert main(["assessment", "create", str(path)]) == 0
    return "one-part"


def test_certificate_for_a_vietnamese_name(one_part, tmp_path, capsys):
    """A passed sitting by a person gets a PDF; a name beyond Latin-1 prints (fonts embedded)."""
    sitting = sit(one_part, "Dương Thị Hà", ["expert"])
    out = tmp_path / "cert.pdf"
    assert main(["report", "certificate", sitting, "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"NotoSans" in data
    assert f"sitting {sitting}" in capsys.readouterr().out


def test_certificate_for_a_cjk_name():
    """Letters Noto Sans lacks come from a shipped fallback font."""
    pdf = render_pdf(_data("李小龍 Łukasz Żółć"))
    assert pdf.startswith(b"%PDF") and b"NotoSansJP" in pdf


@pytest.mark.skipif(importlib.util.find_spec("uharfbuzz") is not None,
                    reason="with text shaping installed, Arabic names print")
def test_certificate_refuses_a_name_it_cannot_print():
    """Without text shaping, an Arabic name is refused with a clear message."""
    from simulator.errors import ContentError

    with pytest.raises(ContentError, match="uharfbuzz"):
        render_pdf(_data("محمد"))


def test_certificate_fonts_are_shipped_not_borrowed():
    """The fonts come from the project's assets, not from a game library."""
    from simulator.records.fonts import MAIN, fonts_dir

    assert (fonts_dir() / MAIN[0]).is_file() and "pygame" not in str(fonts_dir())


def test_certificate_refused_for_a_failed_sitting(one_part, tmp_path, capsys):
    """A failed sitting gets no certificate: exit 1 with the reason, no file."""
    sitting = sit(one_part, "Ada", ["novice"])
    out = tmp_path / "cert.pdf"
    assert main(["report", "certificate", sitting, "--out", str(out)]) == 1
    assert "did not pass" in capsys.readouterr().err
    assert not out.exists()


def test_certificate_refused_for_edited_records(one_part, data_dir, tmp_path, capsys):
    """A sitting whose stored score was edited does not verify: exit 1, no file."""
    from tests.records.conftest import Backend

    sitting = sit(one_part, "Ada", ["novice"])
    Backend("sqlite", None, data_dir).execute("UPDATE attempts SET passed = true, "
                                              "overall = 95")
    out = tmp_path / "cert.pdf"
    assert main(["report", "certificate", sitting, "--out", str(out)]) == 1
    assert "does not verify" in capsys.readouterr().err
    assert not out.exists()


def test_certificate_for_an_unknown_sitting_is_exit_2(one_part, tmp_path, capsys):
    """An id that is not stored, or not an id at all, is bad input: exit 2."""
    out = tmp_path / "cert.pdf"
    assert main(["report", "certificate", "0" * 32, "--out", str(out)]) == 2
    assert "no stored sitting" in capsys.readouterr().err
    assert main(["report", "certificate", "nonsense", "--out", str(out)]) == 2
    assert "SITTING_ID" in capsys.readouterr().err
    assert not out.exists()


def test_a_code_from_an_untrusted_desk_is_not_valid(one_part, tmp_path, monkeypatch, capsys):
    """Offline, on a desk that does not trust the issuer, the code is refused; after trust,
    it verifies with no records at all."""
    import json

    from simulator.records.certificate import certificate_data
    from simulator.records.store import Store

    sitting = sit(one_part, "Ada", ["expert"])
    store = Store()
    try:
        code = certificate_data(store, sitting).code
    finally:
        store.close()
    trusted = json.loads((tmp_path / "data" / "trusted-desks.json").read_text())
    (public,) = [v["public_key"] for v in trusted["keys"].values()]
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "elsewhere"))
    assert main(["verify", code]) == 1
    assert "does not trust" in capsys.readouterr().err
    assert main(["desk", "trust", "--public-key", public, "--label", "clinic desk"]) == 0
    capsys.readouterr()
    assert main(["verify", code]) == 0
    out = capsys.readouterr().out
    assert "valid: Ada passed 'One-shift check'" in out and "clinic desk" in out
