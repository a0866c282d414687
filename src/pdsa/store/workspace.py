"""The one door to a team's project folder: find it, load cycles, edit and create them.

A command resolves a cycle reference once (`load_cycle`) and passes the `LoadedCycle` down;
an edit (`edit`) reuses the text already read unless another writer changed the file in
between, and changes it through a `CycleEdit` handle that puts new keys where the model's
field order says. The listing of `cycles/` is read once per `Workspace`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from pdsa.errors import (
    InvalidDataError,
    Location,
    NotFoundError,
    Problem,
    ProblemKind,
    RefusedError,
    UsageError,
)
from pdsa.model import Cycle, Project, slugify
from pdsa.store.cycles import (
    Change,
    CycleEdit,
    CycleSet,
    Edit,
    LoadedCycle,
    ProjectEdit,
    RunningCycles,
)
from pdsa.store.files import DATA_LIMIT, TextFile, read_text, stamp_of, write_text
from pdsa.store.locks import clean_stale_temps, is_temp, write_lock
from pdsa.store.paths import (
    CYCLE_SCHEMA,
    CYCLE_SUFFIX,
    CYCLES_DIR,
    MEASURES_DIR,
    PROJECT_FILE,
    SCHEMA_DIR,
    TEMPLATES_DIR,
    builtin_templates_dir,
    check_id_is_safe,
    find_root,
    id_position,
    relative_to_cwd,
)
from pdsa.yamlio.text import YamlSyntaxError, rt_load, to_plain
from pdsa.yamlio.validate import parse_model, validate_data

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


@dataclass
class Workspace:
    """A team's project folder: `pdsa.yaml`, `cycles/`, `measures/`, `templates/`."""

    root: Path
    _project: Project | None = field(default=None, repr=False)
    _shown_root: Path | None = field(default=None, repr=False)
    _listing: list[Path] | None = field(default=None, repr=False)

    @classmethod
    def find(cls, override: Path | None = None) -> Workspace:
        """The workspace around the working directory (or at `override`)."""
        return cls(find_root(override=override))

    @property
    def project_path(self) -> Path:
        return self.root / PROJECT_FILE

    @property
    def cycles_dir(self) -> Path:
        return self.root / CYCLES_DIR

    @property
    def measures_dir(self) -> Path:
        return self.root / MEASURES_DIR

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_DIR

    @property
    def schema_dir(self) -> Path:
        return self.root / SCHEMA_DIR

    def rel(self, path: Path) -> Path:
        """`path` relative to the working directory when it is below it, for messages."""
        if self._shown_root is None:
            self._shown_root = relative_to_cwd(self.root)
        try:
            # Paths the tool builds from the root need no file-system call (10,000s in check).
            return self._shown_root / path.relative_to(self.root)
        except ValueError:
            return relative_to_cwd(path)

    def read(self, path: Path, *, limit: int | None = None) -> TextFile:
        """A file of the project, read safely (no links out, regular files, size cap)."""
        kwargs = {"limit": limit} if limit else {}
        return read_text(path, self.rel(path), root=self.root, **kwargs)

    def project(self) -> Project:
        """The validated `pdsa.yaml` (loaded once)."""
        if self._project is None:
            shown = self.rel(self.project_path)
            self._project = parse_model(Project, self.read(self.project_path).text, shown)
        return self._project

    # measures --------------------------------------------------------------------------

    def measure_path(self, measure_id: str) -> Path:
        """Where a measure's data lives."""
        check_id_is_safe(measure_id)
        return self.measures_dir / f"{measure_id}.csv"

    def read_measure(self, measure_id: str) -> TextFile | None:
        """A measure's CSV text, or None when it has no data file yet."""
        path = self.measure_path(measure_id)
        if not path.exists() and not path.is_symlink():
            return None
        return self.read(path, limit=DATA_LIMIT)

    # cycles ----------------------------------------------------------------------------

    def cycle_files(self) -> list[Path]:
        """Every `cycles/*.yaml`, sorted by id (oldest first); the folder is listed once."""
        if self._listing is None:
            if not self.cycles_dir.is_dir():
                self._listing = []
            else:
                entries = list(self.cycles_dir.iterdir())
                # The one listing serves to tidy up after writers killed mid-write too.
                clean_stale_temps(entries)
                # By stem: `x` before its collision copy `x-2` (by name, "-" sorts before ".").
                self._listing = sorted(
                    (p for p in entries if p.suffix == CYCLE_SUFFIX and not is_temp(p.name)),
                    key=lambda p: p.stem,
                )
        return self._listing

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
        close = closest_ids(ref, ids)
        raise NotFoundError(
            f"no cycle '{ref}' in {self.rel(self.cycles_dir)}/",
            hint=f"did you mean {' or '.join(close)}?" if close else "`pdsa list` shows the ids",
        )

    def load_cycle(self, ref: str) -> LoadedCycle:
        """Load and validate one cycle by id (or a reference `resolve` understands)."""
        return self.load_cycle_file(self.cycle_path(self.resolve(ref)))

    def load_cycle_file(self, path: Path) -> LoadedCycle:
        """Load and validate the cycle in `path`."""
        shown = self.rel(path)
        source = self.read(path)
        cycle = parse_model(Cycle, source.text, shown)
        if cycle.id != path.stem:
            raise InvalidDataError(
                [
                    Problem(
                        Location(shown, *id_position(source.text)),
                        f"id '{cycle.id}' does not match the file name '{path.name}'",
                        f"set id to '{path.stem}' or rename the file",
                        kind=ProblemKind.ID_MISMATCH,
                    )
                ]
            )
        return LoadedCycle(path, source, cycle)

    def iter_cycles(self) -> Iterator[LoadedCycle | InvalidDataError]:
        """Every cycle, or the error that stops it loading; one bad file never hides others."""
        for path in self.cycle_files():
            try:
                yield self.load_cycle_file(path)
            except InvalidDataError as exc:
                yield exc
            except NotFoundError:
                continue  # deleted since the folder was listed

    def cycles(self, progress: Callable[[int, int], None] | None = None) -> CycleSet:
        """All valid cycles and the problems of the invalid ones; `progress(done, total)`
        is told as files are read."""
        good: list[Cycle] = []
        problems: list[Problem] = []
        files = 0
        total = len(self.cycle_files())
        for item in self.iter_cycles():
            files += 1
            if progress is not None:
                progress(files, total)
            if isinstance(item, InvalidDataError):
                problems.extend(item.problems)
            else:
                good.append(item.cycle)
        return CycleSet(good, problems, files)

    def cycles_running(self, first: dt.date, last: dt.date, today: dt.date) -> RunningCycles:
        """What a chart shows of the cycles whose Do window meets [first, last], opening no
        cycle file unchanged since a chart last read it (`store.window_index`)."""
        from pdsa.store.window_index import CACHE_DIR, cycles_running

        folder = self.schema_dir / CACHE_DIR
        return cycles_running(
            folder, self.cycle_files(), self.load_cycle_file, (first, last), today
        )

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
        shown = self.rel(path)
        cycle = parse_model(Cycle, text, shown)
        if path.exists() or path.is_symlink():
            raise RefusedError(f"{shown} already exists", hint="nothing was overwritten")
        if not dry_run:
            self.cycles_dir.mkdir(parents=True, exist_ok=True)
            write_text(path, text, create=True, shown=shown)
            if self._listing is not None:
                self._listing = sorted([*self._listing, path], key=lambda p: p.stem)
        return LoadedCycle(path, TextFile(path, text, stamp=stamp_of(path)), cycle)

    def remove_created(self, loaded: LoadedCycle) -> None:
        """Take back a cycle file this run created, when the rest of the change failed;
        left alone if anyone changed it since."""
        with write_lock(self.cycles_dir, self.rel(self.cycles_dir)):
            if stamp_of(loaded.path) == loaded.source.stamp:
                loaded.path.unlink(missing_ok=True)
                if self._listing is not None:
                    self._listing = [p for p in self._listing if p != loaded.path]

    def edit(
        self, loaded: LoadedCycle, change: Callable[[CycleEdit], T], *, dry_run: bool = False
    ) -> Edit[T]:
        """Apply `change` to a cycle's round-trip document, validate, and save if changed.

        Holds the folder's write lock throughout. When another writer changed the file
        since `loaded` was read, the file is read again and `change` sees that version, so
        no one's change is lost. The result is validated as every reader will read it.
        """
        path, shown = loaded.path, self.rel(loaded.path)
        with write_lock(self.cycles_dir, self.rel(self.cycles_dir)):
            if stamp_of(path) != loaded.source.stamp:
                loaded = self.load_cycle_file(path)
            source = loaded.source
            doc = _round_trip(source.text, shown)
            value = change(CycleEdit(doc.data, loaded.cycle))
            after, cycle, written = _save(doc, source, shown, Cycle, dry_run)
        new_source = replace(source, text=after, stamp=stamp_of(path) if written else source.stamp)
        return Edit(path, source.text, after, written, value, LoadedCycle(path, new_source, cycle))

    def edit_project(
        self, change: Callable[[ProjectEdit], T], *, dry_run: bool = False
    ) -> Change[T]:
        """Apply `change` to `pdsa.yaml` as `edit` does to a cycle (comments kept)."""
        path, shown = self.project_path, self.rel(self.project_path)
        with write_lock(self.root, self.rel(self.root)):
            source = self.read(path)
            current = parse_model(Project, source.text, shown)
            doc = _round_trip(source.text, shown)
            value = change(ProjectEdit(doc.data, current))
            after, project, written = _save(doc, source, shown, Project, dry_run)
        self._project = project
        return Change(path, source.text, after, written, value)

    # templates and schemas -----------------------------------------------------------

    def template(self, name: str) -> tuple[Path, str]:
        """A cycle template's path and text: the team's `templates/<name>.yaml`, else built-in."""
        check_id_is_safe(name)
        for folder in (self.templates_dir, builtin_templates_dir()):
            path = folder / f"{name}{CYCLE_SUFFIX}"
            if path.is_file():
                return path, read_text(path, self.rel(path)).text
        available = sorted({p.stem for p in self.template_paths()})
        raise NotFoundError(f"no template '{name}'", hint="available: " + ", ".join(available))

    def template_paths(self) -> list[Path]:
        """Every template available here, the team's first."""
        folders = [self.templates_dir, builtin_templates_dir()]
        return [p for f in folders if f.is_dir() for p in sorted(f.glob(f"*{CYCLE_SUFFIX}"))]

    def schema_ref(self) -> str:
        """The `$schema` path a cycle file uses, relative to `cycles/`."""
        return f"../{SCHEMA_DIR}/{CYCLE_SCHEMA}"

    def write_schemas(self, texts: dict[str, str]) -> list[str]:
        """Write `.pdsa/<name>` files that are missing or differ; returns the names written."""
        written = []
        self.schema_dir.mkdir(exist_ok=True)
        for name, text in texts.items():
            path = self.schema_dir / name
            if not path.exists():
                write_text(path, text, create=True, shown=self.rel(path))
            elif read_text(path, self.rel(path)).text != text:
                write_text(path, text, shown=self.rel(path))
            else:
                continue
            written.append(name)
        return written


def closest_ids(ref: str, ids: list[str], most: int = 3) -> list[str]:
    """The ids `ref` most likely misspells: compared with the whole id, with its words after
    the date, and with each run of as many words as `ref` has (people type a part)."""
    from difflib import SequenceMatcher

    size = ref.count("-") + 1
    scored = []
    for cycle_id in ids:
        words = cycle_id.split("-")
        runs = ["-".join(words[k : k + size]) for k in range(len(words))]
        candidates = [cycle_id, "-".join(words[3:]), *runs]
        score = max(SequenceMatcher(None, ref, c).ratio() for c in candidates)
        if score >= 0.75:
            scored.append((-score, cycle_id))
    best = min(scored, default=(0.0, ""))[0]
    # Only the near-best: one clear match is named alone.
    return [cycle_id for score, cycle_id in sorted(scored)[:most] if score <= best + 0.08]


def _round_trip(text: str, shown: Path) -> Any:
    """The round-trip document of a file's text, or its syntax error, located."""
    try:
        return rt_load(text)
    except YamlSyntaxError as exc:
        raise InvalidDataError(
            [Problem(Location(shown, exc.line, exc.column), exc.message, kind=ProblemKind.SYNTAX)]
        ) from None


def _save(
    doc: Any, source: TextFile, shown: Path, model: type[M], dry_run: bool
) -> tuple[str, M, bool]:
    """Dump an edited document, validate it as every reader will read it, and write it
    when it changed; returns the text, the validated model and whether it was written."""
    after: str = doc.dump()
    validate_data(model, to_plain(doc.data), after, shown)
    # What every later command will read: refuse to write anything it would not.
    result = parse_model(model, after, shown)
    written = after != source.text and not dry_run
    if written:
        write_text(source.path, after, like=source, shown=shown)
    return after, result, written
