from __future__ import annotations

import pytest

from gatekeeper.scanners.dockerfile import instruction_at, is_dockerfile, normalise


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('LABEL maintainer "Jane Doe <j@example.com>"', 'LABEL maintainer="Jane Doe <j@example.com>"'),
        ("label version 1.0", 'label version="1.0"'),
        ("ENV GREETING hello world", 'ENV GREETING="hello world"'),
        ("  ENV PATH /usr/bin", '  ENV PATH="/usr/bin"'),
        ("LABEL a b=c", 'LABEL a="b=c"'),
        ('ENV A say "hi" \\x', 'ENV A="say \\"hi\\" \\\\x"'),
    ],
)
def test_a_legacy_pair_becomes_key_equals_value(line: str, expected: str) -> None:
    assert normalise(f"FROM x\n{line}\nRUN true\n") == f"FROM x\n{expected}\nRUN true\n"


@pytest.mark.parametrize(
    "text",
    [
        'FROM x\nLABEL a=b c="d e"\nENV X=1 Y=2\n',
        "FROM x\n# LABEL a b\nLABEL only\n",
        "FROM x\nRUN echo \\\n  LABEL x y\n",
        "",
    ],
)
def test_modern_forms_comments_and_other_instructions_are_left_alone(text: str) -> None:
    assert normalise(text) is None


def test_a_continued_instruction_keeps_every_later_line_where_it_was() -> None:
    text = "FROM x\nLABEL desc \\\n   multi \\\n  line\nRUN curl x | sh\n"
    normalised = normalise(text)
    assert normalised is not None
    assert normalised.split("\n") == ["FROM x", 'LABEL desc="multi line"', "", "", "RUN curl x | sh", ""]


def test_a_comment_ending_in_a_backslash_does_not_continue() -> None:
    assert normalise("# note \\\nLABEL a b\n") == '# note \\\nLABEL a="b"\n'


def test_names() -> None:
    assert all(
        is_dockerfile(p)
        for p in ("Dockerfile", "a/api.Dockerfile", "Dockerfile.prod", "Containerfile", "x.containerfile")
    )
    assert not any(is_dockerfile(p) for p in ("dockerfile.md", "Dockerfile.py/x", "docs/Docker.md"))


def test_instruction_at() -> None:
    text = "FROM x\nbogus a\n  \n"
    assert instruction_at(text, 2) == "BOGUS" and instruction_at(text, 3) == "" and instruction_at(text, 9) == ""
