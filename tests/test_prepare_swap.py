"""The swap that puts a build in place: interrupted at any step, data/ and geo/ hold exactly the old
build or the new one, byte for byte (issue 15 item 2)."""

from __future__ import annotations

import errno
import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from svd_dash.prepare import layout
from svd_dash.prepare.outputs import recover_interrupted_swap, staged_outputs
from tests.conftest import folder_checksums

NAMES = {"data": (*layout.DATA_OUTPUTS, layout.MANIFEST), "geo": layout.GEO_OUTPUTS}
STEPS = ("replace", "rename", "link")  # every way the swap can move or link a file


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """fsync guards against power cuts, which these tests do not simulate; skipping it keeps them quick."""
    monkeypatch.setattr(os, "fsync", lambda _handle: None)


def new_bytes(old: bytes) -> bytes:
    """A new build's file: different bytes from the old one (the swap never reads them)."""
    return b"new build\n" + old[::-1]


def build_into(stage_data: Path, stage_geo: Path, old_data: Path, old_geo: Path) -> None:
    for folder, names, old in ((stage_data, NAMES["data"], old_data), (stage_geo, NAMES["geo"], old_geo)):
        for name in names:
            source = old / name
            folder.joinpath(name).write_bytes(new_bytes(source.read_bytes() if source.is_file() else name.encode()))


def expected_new(data: Path, geo: Path, old: dict[str, bytes]) -> dict[str, bytes]:
    new = dict(old)
    for folder, kind in ((data, "data"), (geo, "geo")):
        for name in NAMES[kind]:
            path = str(folder / name)
            new[path] = new_bytes(old[path] if path in old else name.encode())
    return dict(sorted(new.items()))


def which_build(after: dict[str, bytes], old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """ "old" or "new" when the folders hold exactly that build, else what is wrong (without dumping bytes)."""
    if after == old:
        return "old"
    if after == new:
        return "new"

    def state(path: str) -> str:
        if path not in after:
            return "missing"
        return "old" if after[path] == old.get(path) else "new" if after[path] == new.get(path) else "other"

    return "mix: " + ", ".join(f"{Path(p).name}={state(p)}" for p in sorted(after.keys() | old.keys() | new.keys()))


class Steps:
    """Counts the swap's file moves; from step ``at`` on, calls ``fail`` instead (once, or on every later step)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, at: int = 0, fail: Callable[[], None] | None = None, *, once: bool = True):
        self.count, self.at, self.fail, self.once = 0, at, fail, once
        for name in STEPS:
            monkeypatch.setattr(os, name, self._wrap(getattr(os, name)))

    def _wrap(self, real: Callable[..., None]) -> Callable[..., None]:
        def step(*args: object, **kwargs: object) -> None:
            self.count += 1
            if self.fail and (self.count == self.at or (not self.once and self.count > self.at)):
                self.fail()
            return real(*args, **kwargs)

        return step


def links_unsupported(*_args: object, **_kwargs: object) -> None:
    """``os.link`` on FAT or some network shares: the swap must copy its backup instead."""
    raise PermissionError(errno.EPERM, os.strerror(errno.EPERM))


def interrupt() -> None:
    raise KeyboardInterrupt


def swap(data: Path, geo: Path, old_data: Path, old_geo: Path) -> None:
    with staged_outputs(data, geo, NAMES) as stage:
        build_into(stage.data, stage.geo, old_data, old_geo)


def count_steps(tmp_path: Path, live: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> int:
    with monkeypatch.context() as patch:
        steps = Steps(patch)
        data, geo = live
        swap(data, geo, data, geo)
    assert steps.count >= len(NAMES["data"]) + len(NAMES["geo"])
    return steps.count


@pytest.fixture
def scratch(tmp_path: Path, live_copy: tuple[Path, Path]) -> Callable[[int], tuple[Path, Path]]:
    """Fresh copies of the committed data/ and geo/, one pair per attempt."""

    def copy(attempt: int) -> tuple[Path, Path]:
        target = tmp_path / f"attempt-{attempt}"
        target.mkdir()
        data, geo = target / "data", target / "geo"
        for source, dest in zip(live_copy, (data, geo), strict=True):
            dest.mkdir()
            for path in source.iterdir():
                dest.joinpath(path.name).write_bytes(path.read_bytes())
        return data, geo

    return copy


@pytest.mark.parametrize("hard_links", [True, False], ids=["hard-link backup", "copied backup"])
def test_an_interrupt_at_every_step_leaves_the_old_or_the_new_build(
    hard_links: bool, scratch: Callable[[int], tuple[Path, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not hard_links:
        monkeypatch.setattr(os, "link", links_unsupported)
    total = count_steps(tmp_path, scratch(0), monkeypatch)
    outcomes = []
    for at in range(1, total + 1):
        data, geo = scratch(at)
        old = folder_checksums(data, geo)
        new = expected_new(data, geo, old)
        with monkeypatch.context() as patch:
            Steps(patch, at, interrupt)
            with pytest.raises(KeyboardInterrupt):
                swap(data, geo, data, geo)
        outcomes.append(which_build(folder_checksums(data, geo), old, new))
        assert outcomes[-1] in ("old", "new"), f"interrupted at step {at} of {total}: {outcomes[-1]}"
    assert outcomes == ["old"] * total  # an exception before the last step rolls back, restoring every old file


def test_an_interrupt_at_every_step_of_a_first_build_leaves_nothing_or_the_new_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "none"
    with monkeypatch.context() as patch:
        steps = Steps(patch)
        swap(tmp_path / "count" / "data", tmp_path / "count" / "geo", empty, empty)
    for at in range(1, steps.count + 1):
        data, geo = tmp_path / str(at) / "data", tmp_path / str(at) / "geo"
        with monkeypatch.context() as patch:
            Steps(patch, at, interrupt)
            with pytest.raises(KeyboardInterrupt):
                swap(data, geo, empty, empty)
        result = which_build(folder_checksums(data, geo), {}, expected_new(data, geo, {}))
        assert result == "old", f"step {at}: {result}"


def test_a_failing_roll_back_keeps_the_backup_and_the_next_run_restores(
    scratch: Callable[[int], tuple[Path, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file move from step N on fails too (a dying disk, a second signal): nothing may be deleted."""
    total = count_steps(tmp_path, scratch(0), monkeypatch)
    for at in range(1, total + 1):
        data, geo = scratch(at)
        old = folder_checksums(data, geo)
        new = expected_new(data, geo, old)
        with monkeypatch.context() as patch:
            Steps(patch, at, interrupt, once=False)
            with pytest.raises(KeyboardInterrupt):
                swap(data, geo, data, geo)
        recover_interrupted_swap(data, geo)
        result = which_build(folder_checksums(data, geo), old, new)
        assert result in ("old", "new"), f"failing from step {at} of {total}: {result}"


def test_a_process_killed_at_any_step_is_restored_by_the_next_run(
    scratch: Callable[[int], tuple[Path, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGKILL cannot be caught: the process stops dead (no finally blocks) and the next run recovers."""
    total = count_steps(tmp_path, scratch(0), monkeypatch)
    for at in range(1, total + 1):
        data, geo = scratch(at)
        old = folder_checksums(data, geo)
        new = expected_new(data, geo, old)
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the forked child
            try:
                Steps(monkeypatch, at, lambda: os._exit(9))
                swap(data, geo, data, geo)
            finally:
                os._exit(0)
        os.waitpid(child, 0)
        recover_interrupted_swap(data, geo)
        result = which_build(folder_checksums(data, geo), old, new)
        assert result in ("old", "new"), f"killed at step {at} of {total}: {result}"
        before_next = folder_checksums(data, geo)
        swap(data, geo, data, geo)  # and the next build goes through
        assert folder_checksums(data, geo) == expected_new(data, geo, before_next)


def test_a_real_ctrl_c_during_the_swap_waits_until_the_swap_is_done(
    scratch: Callable[[int], tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, geo = scratch(1)
    new = expected_new(data, geo, folder_checksums(data, geo))
    with monkeypatch.context() as patch:
        Steps(patch, 3, lambda: os.kill(os.getpid(), signal.SIGINT))
        with pytest.raises(KeyboardInterrupt):
            swap(data, geo, data, geo)
    assert which_build(folder_checksums(data, geo), {}, new) == "new"
