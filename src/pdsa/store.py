"""The only code that touches the team's files: find the project, load, save, create.

Writes are atomic (temp file in the same folder, fsync, `os.replace`, file mode kept), a
file that does not parse is never written, a file whose text would not change is not
rewritten, and creating never overwrites.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pdsa.errors import (
    InvalidDataError,
    NotFoundError,
    Problem,
    ProjectNotFoundError,
    RefusedError,
    UsageError,
)
from pdsa.model import Cycle, Project, slugify
from pdsa.model.schema import keys_at
from pdsa.yamlio.text import YamlSyntaxError, rt_load, to_plain
from pdsa.yamlio.validate import parse_model, validate_data

PROJECT_FILE = "pdsa.yaml"
CYCLES_DIR = "cycles"
MEASURES_DIR = "measures"
TEMPLATES_DIR = "templates"
SCHEMA_DIR = ".pdsa"
CYCLE_SCHEMA = "cycle.schema.json"
PROJECT_SCHEMA = "project.schema.json"
CYCLE_SUFFIX = ".yaml"


def find_root(start: Path | None = None, override: Path | None = None) -> Path:
    """The folder holding `pdsa.yaml`: `override` if given, else the nearest one upwards."""
    if override is not None:
        root = override.expanduser().resolve()
        if not (root / PROJECT_FILE).is_file():
            raise ProjectNotFoundError(
                f"{root}: no {PROJECT_FILE} here", hint="run `pdsa init` or pass another --root"
            )
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    raise ProjectNotFoundError(
        f"no {PROJECT_FILE} in {here} or any folder above it",
        hint="run `pdsa init` to start a project, or pass --root PATH",
    )


# --- reading and writing text --------------------------------------------------------------


@dataclass(frozen=True)
class TextFile:
    """A file's text, with what is needed to write it back the same way."""

    path: Path
    text: str
    bom: bool = False
    crlf: bool = False


def read_text(path: Path, shown: Path | None = None) -> TextFile:
    """Read a UTF-8 file, noting a byte-order mark and CRLF line ends so saving keeps them.

    `shown` is the path to name in messages (relative to where the user is).
    """
    shown = shown or path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"{shown}: no such file") from None
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidDataError(
            [Problem(_location(shown, raw, exc.start), "not UTF-8 text", "save it as UTF-8")]
        ) from None
    crlf = "\r\n" in text
    return TextFile(path, text.replace("\r\n", "\n") if crlf else text, bom, crlf)


def _location(path: Path, raw: bytes, offset: int) -> Any:
    from pdsa.errors import Location

    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return Location(path, line, column)


@cache
def _umask() -> int:
    # os.umask can only be read by setting it; do it once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text(
    path: Path, text: str, *, create: bool = False, like: TextFile | None = None
) -> None:
    """Atomically replace (or, with `create`, newly create) `path` with `text`.

    The temp file lives beside the target so `os.replace` is a rename on one file system.
    With `create`, a hard link publishes the file, which fails rather than overwrite.
    """
    if like is not None and like.crlf:
        text = text.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if like is not None and like.bom else b"") + text.encode("utf-8")
    mode = 0o666 & ~_umask() if create else stat.S_IMODE(path.stat().st_mode)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(mode)
        if create:
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise RefusedError(
                    f"{path} already exists", hint="nothing was overwritten"
                ) from None
            tmp.unlink()
        else:
            tmp.replace(path)
        _fsync_dir(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def unified_diff(path: Path, before: str, after: str) -> str:
    """A unified diff of a change, for --dry-run (`path` as the user should see it)."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(lines)


# --- the project ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadedCycle:
    """A cycle with the path and text it came from."""

    path: Path
    text: str
    cycle: Cycle


@dataclass(frozen=True)
class Edit:
    """What an edit did (or, in a dry run, would do)."""

    path: Path
    before: str
    after: str
    cycle: Cycle
    written: bool

    @property
    def changed(self) -> bool:
        """True when the text differs."""
        return self.before != self.after

    def diff(self, shown: Path | None = None) -> str:
        """The change as a unified diff, headed with `shown` (default: the file name)."""
        return unified_diff(shown or Path(self.path.name), self.before, self.after)


DocEditor = Callable[[Any, Cycle], object]


class Workspace:
    """A team's project folder: `pdsa.yaml`, `cycles/`, `measures/`, `templates/`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.project_path = root / PROJECT_FILE
        self.cycles_dir = root / CYCLES_DIR
        self.measures_dir = root / MEASURES_DIR
        self.templates_dir = root / TEMPLATES_DIR
        self.schema_dir = root / SCHEMA_DIR
        self._project: Project | None = None
        self._shown_root: Path | None = None

    @classmethod
    def find(cls, override: Path | None = None) -> Workspace:
        """The workspace around the working directory (or at `override`)."""
        return cls(find_root(override=override))

    def rel(self, path: Path) -> Path:
        """`path` relative to the working directory when it is below it, for messages."""
        if self._shown_root is None:
            self._shown_root = _relative_to_cwd(self.root)
        try:
            # Paths the tool builds from the root need no file-system call (10,000s in check).
            return self._shown_root / path.relative_to(self.root)
        except ValueError:
            return _relative_to_cwd(path)

    def project(self) -> Project:
        """The validated `pdsa.yaml` (loaded once)."""
        if self._project is None:
            shown = self.rel(self.project_path)
            text = read_text(self.project_path, shown).text
            self._project = parse_model(Project, text, shown)
        return self._project

    # cycles ----------------------------------------------------------------------------

    def cycle_files(self) -> list[Path]:
        """Every `cycles/*.yaml`, sorted by name (ids start with the date, so oldest first)."""
        if not self.cycles_dir.is_dir():
            return []
        # By stem: `x` before its collision copy `x-2` (by name, "-" sorts before ".").
        return sorted(
            (p for p in self.cycles_dir.iterdir() if p.suffix == CYCLE_SUFFIX),
            key=lambda p: p.stem,
        )

    def cycle_path(self, cycle_id: str) -> Path:
        """Where the cycle with this id lives; refuses ids that could leave `cycles/`."""
        check_id_is_safe(cycle_id)
        return self.cycles_dir / f"{cycle_id}{CYCLE_SUFFIX}"

    def resolve(self, ref: str) -> str:
        """The id a user meant: exact, `cycles/<id>.yaml`, or a unique prefix or part."""
        ref = ref.strip()
        as_path = Path(ref)
        if as_path.suffix in (CYCLE_SUFFIX, ".yml") and as_path.parent.name == CYCLES_DIR:
            ref = as_path.stem
        check_id_is_safe(ref)
        ids = [p.stem for p in self.cycle_files()]
        if ref in ids:
            return ref
        for matches in ([i for i in ids if i.startswith(ref)], [i for i in ids if ref in i]):
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                shown = ", ".join(matches[:5]) + (" …" if len(matches) > 5 else "")
                raise UsageError(
                    f"'{ref}' matches {len(matches)} cycles: {shown}", hint="give more of the id"
                )
        raise NotFoundError(
            f"no cycle '{ref}' in {self.rel(self.cycles_dir)}/", hint="`pdsa list` shows the ids"
        )

    def load_cycle(self, ref: str) -> LoadedCycle:
        """Load and validate one cycle by id (or a reference `resolve` understands)."""
        path = self.cycle_path(self.resolve(ref))
        return self.load_cycle_file(path)

    def load_cycle_file(self, path: Path) -> LoadedCycle:
        """Load and validate the cycle in `path`."""
        shown = self.rel(path)
        text = read_text(path, shown).text
        cycle = parse_model(Cycle, text, shown)
        if cycle.id != path.stem:
            from pdsa.errors import Location

            raise InvalidDataError(
                [
                    Problem(
                        Location(shown, *_id_position(text)),
                        f"id '{cycle.id}' does not match the file name '{path.name}'",
                        f"set id to '{path.stem}' or rename the file",
                    )
                ]
            )
        return LoadedCycle(path, text, cycle)

    def iter_cycles(self) -> Iterator[LoadedCycle | InvalidDataError]:
        """Every cycle, or the error that stops it loading; one bad file never hides others."""
        for path in self.cycle_files():
            try:
                yield self.load_cycle_file(path)
            except InvalidDataError as exc:
                yield exc

    def cycles(self) -> tuple[list[Cycle], list[Problem]]:
        """All valid cycles and the problems of the invalid ones."""
        good: list[Cycle] = []
        problems: list[Problem] = []
        for item in self.iter_cycles():
            if isinstance(item, InvalidDataError):
                problems.extend(item.problems)
            else:
                good.append(item.cycle)
        return good, problems

    def new_cycle_id(self, created: dt.date, title: str) -> str:
        """`YYYY-MM-DD-slug`, with `-2`, `-3` … when that id is taken."""
        base = f"{created.isoformat()}-{slugify(title)}"
        taken = {p.stem for p in self.cycle_files()}
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def create_cycle(self, cycle_id: str, text: str, *, dry_run: bool = False) -> LoadedCycle:
        """Validate `text` as a new cycle and write it; never overwrites."""
        path = self.cycle_path(cycle_id)
        cycle = parse_model(Cycle, text, self.rel(path))
        if path.exists():
            raise RefusedError(f"{self.rel(path)} already exists", hint="nothing was overwritten")
        if not dry_run:
            self.cycles_dir.mkdir(parents=True, exist_ok=True)
            write_text(path, text, create=True)
        return LoadedCycle(path, text, cycle)

    def edit_cycle(self, ref: str, editor: DocEditor, *, dry_run: bool = False) -> Edit:
        """Apply `editor` to the round-trip document of a cycle, validate, and save if changed.

        `editor` receives the document and the validated cycle before the edit, and changes
        only the keys it must (see `yamltext.set_in`), so comments and layout survive.
        """
        loaded = self.load_cycle(ref)
        source = read_text(loaded.path)
        shown = self.rel(loaded.path)
        try:
            doc = rt_load(source.text)
        except YamlSyntaxError as exc:  # the fast loader accepted it, so this is unlikely
            from pdsa.errors import Location

            raise InvalidDataError(
                [Problem(Location(shown, exc.line, exc.column), exc.message)]
            ) from None
        editor(doc.data, loaded.cycle)
        after = doc.dump()
        cycle = validate_data(Cycle, to_plain(doc.data), after, shown)
        changed = after != source.text
        if changed and not dry_run:
            write_text(loaded.path, after, like=source)
        return Edit(loaded.path, source.text, after, cycle, written=changed and not dry_run)

    # templates -------------------------------------------------------------------------

    def template(self, name: str) -> tuple[Path, str]:
        """A cycle template's path and text: the team's `templates/<name>.yaml`, else built-in."""
        check_id_is_safe(name)
        for folder in (self.templates_dir, builtin_templates_dir()):
            path = folder / f"{name}{CYCLE_SUFFIX}"
            if path.is_file():
                return path, read_text(path).text
        available = sorted({p.stem for p in self.template_paths()})
        raise NotFoundError(f"no template '{name}'", hint="available: " + ", ".join(available))

    def template_paths(self) -> list[Path]:
        """Every template available here, the team's first."""
        folders = [self.templates_dir, builtin_templates_dir()]
        return [p for f in folders if f.is_dir() for p in sorted(f.glob(f"*{CYCLE_SUFFIX}"))]

    def schema_ref(self) -> str:
        """The `$schema` path a cycle file uses, relative to `cycles/`."""
        return f"../{SCHEMA_DIR}/{CYCLE_SCHEMA}"


def _relative_to_cwd(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def builtin_templates_dir() -> Path:
    """The templates shipped with pdsa (in the wheel), or the checkout's `templates/`."""
    packaged = Path(__file__).with_name("templates")
    if packaged.is_dir():
        return packaged
    # An editable install runs from src/; the top-level templates/ is the source of truth.
    return Path(__file__).resolve().parents[2] / "templates"


def check_id_is_safe(cycle_id: str) -> None:
    """Refuse an id that could name a file outside its folder."""
    if (
        not cycle_id
        or cycle_id.startswith((".", "-"))
        or any(ch in cycle_id for ch in "/\\:\0")
        or ".." in cycle_id
        or Path(cycle_id).is_absolute()
    ):
        raise UsageError(
            f"'{cycle_id}' is not a valid id",
            hint="ids are like 2026-11-03-sbar-card: no slashes or dots",
        )


def _id_position(text: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("id:"):
            return number, 5
    return 1, 1


def field_order(path: tuple[int | str, ...]) -> list[str]:
    """The cycle model's key order at `path`, so new keys go where a person would put them."""
    return keys_at(Cycle, path)
