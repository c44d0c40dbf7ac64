"""How the secrets scanner tells why it did not read a file's bytes as text."""

from __future__ import annotations

from pathlib import PurePosixPath

from gatekeeper.content import decode

__all__ = ["DEFAULT_MAX_FILE_BYTES", "binary_reason", "decode"]

DEFAULT_MAX_FILE_BYTES = 20_000_000

# What a binary file usually is, by its suffix: only to name it in the reason. Whether a file is
# binary is decided by its content (gatekeeper.content): a `.pdf` holding text is scanned.
_BINARY_KINDS: dict[str, str] = {}
for _kind, _suffixes in {
    "image": ".png .jpg .jpeg .gif .bmp .ico .icns .webp .tif .tiff .psd .heic .avif",
    "font": ".ttf .otf .woff .woff2 .eot",
    "audio or video": ".mp3 .mp4 .m4a .mov .avi .mkv .wav .ogg .flac .webm",
    "archive": ".zip .gz .tgz .bz2 .xz .zst .7z .rar .tar .jar .war .ear .whl .egg .apk .ipa .nupkg",
    "compiled code": ".pyc .pyo .class .so .dll .dylib .exe .o .a .lib .obj .wasm .bin",
    "office document": ".pdf .doc .docx .xls .xlsx .ppt .pptx .odt .ods",
}.items():
    for _suffix in _suffixes.split():
        _BINARY_KINDS[_suffix] = _kind


def binary_reason(path: str) -> str:
    """Why a file whose content is binary is not read, naming what it probably is."""
    kind = _BINARY_KINDS.get(PurePosixPath(path).suffix.lower())
    return f"binary content{f' ({kind})' if kind else ''}: the secrets scanner reads text only"
