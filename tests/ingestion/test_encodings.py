"""Encodings: byte-order marks, UTF-16/32, UTF-8 with a few bad bytes, control characters
anywhere in the text."""

from __future__ import annotations

import pytest

from app.ingestion.readers import IngestError, decode, decode_with_warning, read_bytes, read_text

TEXT = ("Le président iranien Ebrahim Raïssi a reçu à Téhéran le secrétaire du Conseil de "
        "sécurité russe, qui a évoqué « une coopération stratégique » entre les deux États.\n")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                                   "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_read(codec: str) -> None:
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff",
           "utf-32-le": b"\xff\xfe\x00\x00", "utf-32-be": b"\x00\x00\xfe\xff"}.get(codec, b"")
    data = bom + TEXT.encode(codec)
    assert decode(data, "article.txt") == TEXT
    assert read_bytes(data, "article.txt").text == TEXT


def test_truncated_utf16_names_the_problem() -> None:
    data = b"\xff\xfe" + TEXT.encode("utf-16-le")[:-1]
    with pytest.raises(IngestError, match="cannot be decoded as UTF-16"):
        decode(data, "coupé.txt")


@pytest.mark.parametrize("position", [0, 40, len(TEXT.encode()) - 2])
def test_one_bad_byte_in_utf8_stays_utf8_with_a_warning(position: int) -> None:
    good = TEXT.encode("utf-8")
    data = good[:position] + b"\xff" + good[position:]
    text, warning = decode_with_warning(data, "dépêche.txt")
    assert text == TEXT[:len(good[:position].decode())] + "\ufffd" + good[position:].decode()
    assert "Raïssi" in text and "Ã" not in text
    assert f"not valid UTF-8 at byte {position}" in warning
    raw = read_bytes(data, "dépêche.txt")
    assert raw.warning == warning


def test_short_dispatch_with_one_bad_byte_is_not_misread() -> None:
    """Few accented letters and one stray byte: still UTF-8, never "RaÃŊssi"."""
    data = "Le président Raïssi a reçu l'émissaire russe.".encode()
    text, warning = decode_with_warning(data[:3] + b"\xff" + data[3:], "brève.txt")
    assert text == "Le \ufffdprésident Raïssi a reçu l'émissaire russe."
    assert "at byte 3" in warning


def test_several_bad_bytes_are_counted() -> None:
    data = TEXT.encode() + b"\xe9" + TEXT.encode() + b"\xe8"
    _, warning = decode_with_warning(data, "x.txt")
    assert f"at byte {len(TEXT.encode())} and 1 more" in warning


def test_legacy_single_byte_text_is_still_detected_without_warning() -> None:
    text, warning = decode_with_warning(TEXT.encode("cp1252"), "ancien.txt")
    assert text == TEXT and warning == ""


def test_control_characters_past_the_start_are_found() -> None:
    data = (TEXT * 300).encode() + b"\x01\x02\x03\x04" * 2000
    with pytest.raises(IngestError, match="not a text file"):
        read_bytes(data, "fin-binaire.txt")
    with pytest.raises(IngestError, match="control characters"):
        read_text(data.decode(), "collé")
