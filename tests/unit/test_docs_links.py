"""Every link in README.md and docs/*.md resolves: a relative link names a file or folder that
exists, and a `#anchor` names a heading of its target (as GitHub makes anchors from headings).
Links to other sites are not followed (no network)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
# [text](target) and ![alt](target), the target without spaces, an optional "title" after it
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto:, ...


def prose(text: str) -> str:
    """`text` without code blocks and inline code, where brackets are not links."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text only
    text = re.sub(r"[^\w\- ]", "", text.lower().replace("`", ""))
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of `path`'s headings; a repeated heading gets -1, -2, ... as on GitHub."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text())):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(path: Path) -> list[str]:
    text = prose(path.read_text())
    return LINK.findall(text) + REFERENCE.findall(text)


def broken(path: Path) -> list[str]:
    """The links of `path` that do not resolve, each with why."""
    problems = []
    for target in links(path):
        if EXTERNAL.match(target):
            continue
        file_part, _, anchor = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        if not resolved.exists():
            problems.append(f"{target}: no such file or folder")
        elif anchor and resolved.suffix == ".md" and anchor not in anchors(resolved):
            problems.append(f"{target}: no heading with anchor #{anchor} in {resolved.name}")
    return problems


def test_the_docs_are_there():
    names = {path.name for path in DOCS}
    assert {"teaching.md", "deploying.md", "benchmarks.md", "architecture.md"} <= names


@pytest.mark.parametrize("path", DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_link_resolves(path: Path):
    assert links(path) or path.name != "README.md", "the README links to nothing"
    assert broken(path) == []


def test_the_readme_links_to_every_doc():
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in links(ROOT / "README.md")}
    assert set(DOCS[1:]) <= linked


def test_the_checker_finds_a_broken_link(tmp_path: Path):
    (tmp_path / "other.md").write_text("# A heading, with `code`\n\n## Same\n\n## Same\n")
    page = tmp_path / "page.md"
    page.write_text(
        "[fine](other.md#a-heading-with-code) [twice](other.md#same-1) [self](#top)\n"
        "[gone](missing.md) [bad anchor](other.md#nowhere) [web](https://example.org)\n"
        "`[not a link](nowhere.md)`\n\n```\n[nor this](nowhere.md)\n```\n\n# Top\n"
    )
    assert broken(page) == [
        "missing.md: no such file or folder",
        "other.md#nowhere: no heading with anchor #nowhere in other.md",
    ]


def test_slugs_follow_github():
    assert slug("Serving the app on the room's network") == "serving-the-app-on-the-rooms-network"
    assert slug("The engine: `ann_core`") == "the-engine-ann_core"
    assert slug("How many students a server holds") == "how-many-students-a-server-holds"
