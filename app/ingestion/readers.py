"""Reading inputs into article text: files, folders, URLs, uploads and pasted text.

The text returned is exactly what was decoded (no stripping, no newline translation), so the
offsets the pipeline stores index the same string an analyst's file holds. HTML is the one
exception by design: its main text is extracted (trafilatura) and that text is what is stored.
"""

from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse, urlsplit, urlunsplit

import charset_normalizer

from app.settings import get_settings

TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown"}
HTML_SUFFIXES = {".html": "text/html", ".htm": "text/html"}
SUPPORTED_SUFFIXES = {**TEXT_SUFFIXES, **HTML_SUFFIXES}

# Signatures of common binary formats, so a renamed image is named for what it is.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"RIFF", "RIFF media file"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_WESTERN_ENCODINGS = ("cp1252", "iso8859_15", "latin_1")
# Above this share of control characters a decoded "text" is really binary data.
_MAX_CONTROL_SHARE = 0.01


class IngestError(Exception):
    """An input that cannot become an article; ``str()`` is a one-line reason naming it."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


@dataclass(frozen=True)
class RawArticle:
    """Article text ready for extraction, with where it came from."""

    text: str
    origin: str  # file name, URL or "pasted"
    origin_kind: str  # file | url | upload | pasted | feed
    content_type: str  # text/plain | text/markdown | text/html
    # What the sender stated beside the text (feed entry URL, title, outlet, publication time):
    # kept as the article's metadata, never pasted into its text.
    declared: dict | None = None
    warning: str = ""  # what an analyst should know about how it was read (a decoding repair)


def check_size(size: int, name: str) -> None:
    """Reject inputs over the configured limit before reading or storing them."""
    limit = get_settings().max_article_bytes
    if size > limit:
        raise IngestError(name, f"too large ({_human(size)}; the limit is {_human(limit)}, "
                                "set LIAISON_MAX_ARTICLE_BYTES to change it)")


def _human(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} bytes"


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:8192]:
        return "binary data"
    return None


# Control characters (category Cc) other than tab, line feed, vertical tab, form feed, return.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Byte-order marks of the UTF-16 and UTF-32 forms (UTF-32 first: its LE mark starts like UTF-16's).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# UTF-8 with a few bad bytes is still UTF-8 when its valid non-ASCII characters outnumber the
# bad sequences this many times (a legacy single-byte text has almost no valid sequence).
_MOSTLY_UTF8_RATIO = 2
_bad_utf8 = threading.local()


def _record_bad_utf8(error: UnicodeDecodeError) -> tuple[str, int]:
    _bad_utf8.offsets.append(error.start)
    return "\ufffd", error.end


codecs.register_error("liaison-record-utf8", _record_bad_utf8)


def _control_share(text: str) -> float:
    """Share of control characters over the whole text."""
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def decode(data: bytes, name: str) -> str:
    """Bytes to text (see ``decode_with_warning``)."""
    return decode_with_warning(data, name)[0]


def decode_with_warning(data: bytes, name: str) -> tuple[str, str]:
    """Bytes to text, and a warning when bad bytes had to be replaced. Rejects binary data.

    UTF-16 and UTF-32 are read when they start with their byte-order mark. UTF-8 is decoded
    exactly like ``open(path, encoding="utf-8", newline="")`` would (a BOM, if any, stays in
    the text) so that stored offsets match the file; UTF-8 with a few invalid bytes stays UTF-8
    (each bad sequence becomes U+FFFD and the warning names the first byte offset) rather than
    being misread whole as another encoding. Anything else goes to encoding detection.
    """
    text, warning = _decode_bom(data, name) or _decode_plain(data, name)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise IngestError(name, "not a text file (binary data)")
    return text, warning


def _decode_bom(data: bytes, name: str) -> tuple[str, str] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), ""
            except UnicodeDecodeError as error:
                raise IngestError(name, f"cannot be decoded as {codec.upper()} (its byte-order "
                                        f"mark says so; bad bytes at offset {error.start})") from None
    return None


def _decode_plain(data: bytes, name: str) -> tuple[str, str]:
    kind = _binary_kind(data)
    if kind:
        raise IngestError(name, f"not a text file ({kind})")
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired
    return _decode_detected(data, name), ""


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with each invalid sequence replaced, and a warning naming where, when the bad
    sequences are few next to the valid non-ASCII characters; else None."""
    _bad_utf8.offsets = []
    try:
        text = data.decode("utf-8", errors="liaison-record-utf8")
        offsets = _bad_utf8.offsets
    finally:
        _bad_utf8.offsets = []
    valid = sum(1 for character in text if character > "\x7f") - len(offsets)
    if valid < _MOSTLY_UTF8_RATIO * len(offsets):
        return None
    more = f" and {len(offsets) - 1} more" if len(offsets) > 1 else ""
    return text, (f"not valid UTF-8 at byte {offsets[0]}{more}: read as UTF-8 with each invalid "
                  "byte sequence shown as \ufffd")


def _decode_detected(data: bytes, name: str) -> str:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise IngestError(name, "cannot be decoded as text (not UTF-8, no other encoding fits)")
    # Single-byte code pages often read equally well; the press we read is Western European,
    # so among equally plausible readings the Western code pages win ("à", not "ŕ").
    for match in matches:
        if match.encoding in _WESTERN_ENCODINGS and match.chaos <= best.chaos and match.coherence >= best.coherence:
            return str(match)
    return str(best)


def check_not_empty(text: str, name: str) -> None:
    if not text.strip():
        raise IngestError(name, "empty (no text)" if not text else "only whitespace (no text)")


_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
              "octobre", "novembre", "décembre")


def html_to_text(html: str, name: str) -> str:
    """The main text of an HTML page (trafilatura), headed by its title and, when the page's
    own metadata states it, its publication day as a "Publié le ..." line."""
    import trafilatura  # slow import, only needed for HTML

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not body or not body.strip():
        raise IngestError(name, "no article text found in the HTML page")
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title or "").strip() if metadata else ""
    if title and body.lstrip().startswith(title):
        # The body opens with the headline already: keep it first, ahead of the date line.
        body = body.lstrip()[len(title):].lstrip("\n")
    head = [line for line in (title, _declared_publication_day(html)) if line]
    return "\n".join(head) + "\n\n" + body if head else body


def _declared_publication_day(html: str) -> str | None:
    """The page's declared publication day (meta tags, structured data) in French, or None.

    Only what the page declares: no guessing from the URL or the body, so the text's own dates
    still decide when the page says nothing.
    """
    from htmldate import find_date

    try:
        day = find_date(html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate parses arbitrary markup; a failure only means "not declared"
        return None
    if not day:
        return None
    year, month, dom = (int(part) for part in day.split("-"))
    return f"Publié le {'1er' if dom == 1 else dom} {_MONTHS_FR[month - 1]} {year}"


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<body" in head


def content_type_for(name: str, text: str | None = None, declared: str | None = None) -> str:
    """The kind of input: HTML when declared so (HTTP header, browser), else by the name's
    suffix, else by a look at the text; plain text otherwise."""
    media = (declared or "").split(";")[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return "text/html"
    suffix = Path(urlparse(name).path if "://" in name else name).suffix.lower()
    if suffix in SUPPORTED_SUFFIXES:
        return SUPPORTED_SUFFIXES[suffix]
    if media == "text/markdown":
        return media
    if text is not None and _looks_like_html(text):
        return "text/html"
    return "text/plain"


def read_bytes(data: bytes, name: str, origin_kind: str = "upload", content_type: str | None = None) -> RawArticle:
    """An uploaded or fetched body to article text (HTML reduced to its main text).

    ``content_type`` is what the sender declared (a browser's or server's media type), if any.
    """
    check_size(len(data), name)
    text, warning = decode_with_warning(data, name)
    check_not_empty(text, name)
    kind = content_type_for(name, text, content_type)
    if kind == "text/html":
        text = html_to_text(text, name)
        check_size(len(text.encode("utf-8")), name)
    return RawArticle(text=text, origin=name, origin_kind=origin_kind, content_type=kind,
                      warning=warning)


def read_text(text: str, origin: str = "pasted", origin_kind: str = "pasted") -> RawArticle:
    """Pasted text, taken as is."""
    check_size(len(text.encode("utf-8")), origin)
    check_not_empty(text, origin)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise IngestError(origin, "not text (control characters)")
    return RawArticle(text=text, origin=origin, origin_kind=origin_kind, content_type="text/plain")


def read_file(path: Path) -> RawArticle:
    """A file on disk; the origin recorded is its file name."""
    name = path.name
    try:
        check_size(path.stat().st_size, name)
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(name, f"cannot be read ({error.strerror or error})") from None
    return read_bytes(data, name, origin_kind="file")


MAX_REDIRECTS = 5
AddressCheck = Callable[[IPAddress], bool]


def is_public_address(address: IPAddress) -> bool:
    """True for a globally routable unicast address (not private, loopback, link-local,
    multicast, reserved, or an IPv4 one hidden in an IPv6 form)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (
            address.teredo[1] if address.teredo else None)
        if embedded is not None:
            return is_public_address(embedded)
    return address.is_global and not address.is_multicast


def _resolve(host: str, port: int, url: str) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise IngestError(url, f"unreachable (cannot resolve {host}: {error})") from None
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))


def _pinned_target(url: str, allowed: AddressCheck) -> tuple[str, str, str]:
    """(URL with the host replaced by a vetted address, Host header, TLS server name).

    Connecting to the address that was checked, not to the name again, leaves no window for
    the name to resolve elsewhere in between (DNS rebinding)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise IngestError(url, "refused (only http:// and https:// URLs can be fetched)")
    host = parts.hostname
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = _resolve(host, port, url)
    refused = [address for address in addresses if not allowed(address)]
    if refused or not addresses:
        shown = refused[0] if refused else host
        raise IngestError(url, f"refused ({host} is {shown}, a private, loopback or link-local "
                               "address; set LIAISON_FETCH_ALLOW_PRIVATE=1 to allow it)")
    address = addresses[0]
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = f"{literal}:{parts.port}" if parts.port else literal
    host_header = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")), host_header, host


def fetch_url(url: str, allowed: AddressCheck | None = None) -> RawArticle:
    """A web page fetched over HTTP(S); HTML is reduced to its main text.

    Every hop (the URL and each redirect) is resolved and refused when an address is not
    public, unless ``LIAISON_FETCH_ALLOW_PRIVATE=1``; ``allowed`` replaces that check."""
    import httpx

    settings = get_settings()
    if allowed is None:
        allowed = (lambda _address: True) if settings.fetch_allow_private else is_public_address
    current = url
    try:
        with httpx.Client(follow_redirects=False, timeout=settings.fetch_timeout_seconds) as client:
            for _ in range(MAX_REDIRECTS + 1):
                target, host_header, server_name = _pinned_target(current, allowed)
                request = client.build_request(
                    "GET", target, headers={"User-Agent": "Liaison/0.1", "Host": host_header},
                    extensions={"sni_hostname": server_name})
                response = client.send(request, stream=True)
                try:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        current = urljoin(current, location)
                        continue
                    return _read_response(response, url)
                finally:
                    response.close()
    except httpx.HTTPError as error:
        raise IngestError(url, f"unreachable ({type(error).__name__}: {error})") from None
    raise IngestError(url, f"unreachable (more than {MAX_REDIRECTS} redirects)")


def _read_response(response, url: str) -> RawArticle:  # noqa: ANN001 - httpx.Response
    if response.status_code >= 400:
        raise IngestError(url, f"unreachable (HTTP {response.status_code})")
    declared = response.headers.get("content-type")
    return read_bytes(read_capped_body(response, url), url, origin_kind="url", content_type=declared)


def read_capped_body(response, url: str) -> bytes:  # noqa: ANN001 - httpx.Response
    """A streamed response's body, refused as soon as its stated or read size is over the limit."""
    length = response.headers.get("content-length")
    if length and length.isdigit():
        check_size(int(length), url)
    data = bytearray()
    for chunk in response.iter_bytes():
        data.extend(chunk)
        check_size(len(data), url)
    return bytes(data)


def is_url(value: str) -> bool:
    return urlparse(value).scheme in ("http", "https")


def expand_inputs(values: Iterable[str]) -> Iterator[str | Path]:
    """Each URL as is; each folder as its supported files (recursive, sorted); each file as is."""
    for value in values:
        if is_url(value):
            yield value
            continue
        path = Path(value)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith(".")
            )
        else:
            yield path


def read_input(item: str | Path) -> RawArticle:
    """Read one expanded input (URL or file path)."""
    if isinstance(item, str):
        return fetch_url(item)
    if not item.exists():
        raise IngestError(str(item), "no such file or folder")
    return read_file(item)
