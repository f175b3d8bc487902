"""Readers: decoding, validation and HTML extraction, without the extraction pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ingestion.readers import (
    IngestError,
    content_type_for,
    decode,
    expand_inputs,
    read_bytes,
    read_file,
    read_text,
)
from app.settings import get_settings

ARTICLE = (
    "Moscou et Téhéran renforcent leur coopération\r\n\r\n"
    "Le ministre iranien des Affaires étrangères a été reçu mardi à Moscou par son homologue russe.\n"
    "Les deux hommes ont évoqué « la sécurité régionale » et les échanges commerciaux.  \n"
)


def test_utf8_text_is_kept_exactly_as_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.encode("utf-8"))
    raw = read_file(path)
    assert raw.text == ARTICLE
    assert raw.text == open(path, encoding="utf-8", newline="").read()
    assert (raw.origin, raw.origin_kind, raw.content_type) == ("article.txt", "file", "text/plain")


def test_utf8_bom_stays_like_the_scorer_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    assert read_file(path).text == open(path, encoding="utf-8", newline="").read()


def test_legacy_encoding_is_detected_and_stored_as_unicode() -> None:
    text = "Le président iranien a reçu à Téhéran le secrétaire du Conseil de sécurité russe. " * 3
    assert decode(text.encode("cp1252"), "ancien.txt") == text


def test_markdown_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Titre\n\nLe Kremlin a annoncé un entretien téléphonique.\n", encoding="utf-8")
    raw = read_file(path)
    assert raw.content_type == "text/markdown"
    assert raw.text.startswith("# Titre\n")


def test_html_is_reduced_to_its_main_text(html_page: str) -> None:
    raw = read_bytes(html_page.encode("utf-8"), "page.html", origin_kind="upload")
    assert raw.content_type == "text/html"
    assert raw.text.startswith("Poutine reçoit le président iranien au Kremlin\n")
    assert "corridors de transport" in raw.text
    assert "<p>" not in raw.text
    assert "Mentions légales" not in raw.text


def test_html_without_article_text_is_rejected() -> None:
    with pytest.raises(IngestError, match="vide.html: no article text"):
        read_bytes(b"<html><head><title>Accueil</title></head><body><script>var a = 1;</script></body></html>", "vide.html")


def test_content_type_follows_suffix_then_content() -> None:
    assert content_type_for("a.HTM") == "text/html"
    assert content_type_for("https://example.org/a.html?x=1") == "text/html"
    assert content_type_for("collé", "<!DOCTYPE html><html>") == "text/html"
    assert content_type_for("collé", "Le Kremlin a annoncé") == "text/plain"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("vide.txt", b"", "empty"),
        ("blanc.txt", b"  \n\t\r\n  ", "only whitespace"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "not a text file (PNG image)"),
        ("doc.txt", b"%PDF-1.7\n" + bytes(range(256)), "not a text file (PDF document)"),
        ("bruit.txt", bytes(range(0x80, 0x100)) * 4, "cannot be decoded"),
        ("controle.txt", b"abc\x01\x02\x03\x04\x05\x06\x07\x08" * 20, "not a text file"),
    ],
)
def test_bad_bytes_get_a_reason_naming_the_input(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_bytes(data, name)
    assert str(caught.value).startswith(f"{name}: ")
    assert reason in caught.value.reason
    assert "\n" not in str(caught.value)


def test_size_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIAISON_MAX_ARTICLE_BYTES", "100")
    get_settings.cache_clear()
    try:
        with pytest.raises(IngestError, match=r"long.txt: too large \(101 bytes; the limit is 100 bytes"):
            read_bytes(b"a" * 101, "long.txt")
        assert read_bytes(b"a" * 100, "juste.txt").text == "a" * 100
    finally:
        get_settings.cache_clear()


def test_pasted_text_is_taken_as_is() -> None:
    raw = read_text("  Le Kremlin a confirmé l'appel.\r\n", "pasted", "pasted")
    assert raw.text == "  Le Kremlin a confirmé l'appel.\r\n"
    with pytest.raises(IngestError, match="pasted: only whitespace"):
        read_text(" \n ", "pasted", "pasted")


def test_folders_expand_recursively_to_supported_files(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for rel in ("1.txt", "a/2.md", "a/b/3.html", "a/b/image.png", "a/.cache.txt"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in expand_inputs([str(tmp_path)])]
    assert found == ["1.txt", "a/2.md", "a/b/3.html"]
    assert list(expand_inputs(["https://example.org/x"])) == ["https://example.org/x"]


@pytest.mark.parametrize(("name", "declared", "expected"), [
    ("note.md", "application/octet-stream", "text/markdown"),  # browsers often say nothing useful
    ("note.txt", None, "text/plain"),
    ("article", "text/html; charset=utf-8", "text/html"),
    ("https://example.org/actualite/12345", "text/html", "text/html"),
    ("https://example.org/depeche.txt", "text/plain", "text/plain"),
])
def test_declared_media_type_and_suffix(name: str, declared: str | None, expected: str) -> None:
    assert content_type_for(name, "Le Kremlin a annoncé un appel.", declared) == expected


def test_upload_with_a_generic_media_type_is_still_read_by_its_suffix(html_page: str) -> None:
    raw = read_bytes(html_page.encode("utf-8"), "page.html", "upload", "application/octet-stream")
    assert raw.content_type == "text/html" and "<p>" not in raw.text


def test_a_declared_publication_day_heads_the_text(html_page: str) -> None:
    dated = html_page.replace(
        "<title>", '<meta property="article:published_time" content="2024-01-24T10:00:00+03:00"><title>')
    raw = read_bytes(dated.encode("utf-8"), "page.html")
    assert raw.text.startswith("Poutine reçoit le président iranien au Kremlin\nPublié le 24 janvier 2024\n\n")
    first = dated.replace("2024-01-24T10", "2024-03-01T10")
    assert "Publié le 1er mars 2024\n" in read_bytes(first.encode("utf-8"), "page.html").text


def test_an_undated_page_gets_no_date_line(html_page: str) -> None:
    assert "Publié" not in read_bytes(html_page.encode("utf-8"), "page.html").text
